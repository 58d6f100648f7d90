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

export const number = new Intl.NumberFormat('en');

export function statusBadge(status) {
  const s = (status || 'NEW').toLowerCase();
  return h('span', {class: `badge status-${s}`, 'data-status': status || 'NEW'}, s);
}
