/**
 * h('a', {href: '#/', class: 'x', onclick: f}, 'text', child): an element with
 * attributes, listeners and children. Text is always set as text, never as HTML.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value == null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else {
      el.setAttribute(name, value === true ? '' : value);
    }
  }
  el.append(...children.flat().filter(c => c != null && c !== false));
  return el;
}

/**
 * Numbers as Intl.NumberFormat('en') writes them (1,234,567.891: grouped, at most three
 * decimals) without Intl for the usual ones: the first NumberFormat loads locale data,
 * tens of milliseconds of one task on a busy machine.
 */
export const number = {
  format(value) {
    if (!(Math.abs(value) < 1e15)) {
      return new Intl.NumberFormat('en').format(value);
    }
    const [whole, fraction] = String(Math.round(Math.abs(value) * 1000) / 1000).split('.');
    const sign = value < 0 && (whole !== '0' || fraction) ? '-' : '';
    return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction ? `.${fraction}` : ''}`;
  },
};

export function statusBadge(status) {
  const s = (status || 'NEW').toLowerCase();
  return h('span', {class: `badge status-${s}`, 'data-status': status || 'NEW'}, s);
}
