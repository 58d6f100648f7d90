/**
 * ANSI escape sequences in log text: SGR colour and style sequences become
 * styled spans, every other escape sequence is dropped, none is shown raw.
 */
// CSI sequences (ESC [ params intermediates final) and lone two-character escapes.
const ESCAPES = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b[@-Z\\-_]?/g;

export function stripAnsi(text) {
  return text.indexOf('\x1b') < 0 ? text : text.replace(ESCAPES, '');
}

/** Splits text into [{text, style}] where style is {fg, bg, bold, dim, italic, underline}. */
export function parseAnsi(text) {
  if (text.indexOf('\x1b') < 0) {
    return [{text, style: null}];
  }
  const segments = [];
  let style = {};
  let last = 0;
  for (const match of text.matchAll(ESCAPES)) {
    if (match.index > last) {
      segments.push({text: text.slice(last, match.index), style: {...style}});
    }
    last = match.index + match[0].length;
    if (match[2] === 'm') {
      style = applySgr(style, match[1]);
    }
  }
  if (last < text.length) {
    segments.push({text: text.slice(last), style: {...style}});
  }
  return segments;
}

function applySgr(current, params) {
  const codes = params === '' ? [0] : params.split(/[;:]/).map(Number);
  const style = {...current};
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) {
      for (const key of Object.keys(style)) delete style[key];
    } else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 3) style.italic = true;
    else if (code === 4) style.underline = true;
    else if (code === 22) { delete style.bold; delete style.dim; }
    else if (code === 23) delete style.italic;
    else if (code === 24) delete style.underline;
    else if (code >= 30 && code <= 37) style.fg = code - 30;
    else if (code >= 90 && code <= 97) style.fg = code - 90 + 8;
    else if (code === 39) delete style.fg;
    else if (code >= 40 && code <= 47) style.bg = code - 40;
    else if (code >= 100 && code <= 107) style.bg = code - 100 + 8;
    else if (code === 49) delete style.bg;
    else if (code === 38 || code === 48) {
      const key = code === 38 ? 'fg' : 'bg';
      if (codes[i + 1] === 5) {
        style[key] = codes[i + 2];
        i += 2;
      } else if (codes[i + 1] === 2) {
        style[key] = `rgb(${codes[i + 2] | 0}, ${codes[i + 3] | 0}, ${codes[i + 4] | 0})`;
        i += 4;
      }
    }
  }
  return style;
}

/** The 256-colour palette beyond the 16 named classes, as CSS colours. */
function xterm256(n) {
  if (n < 232) {
    const c = n - 16;
    const level = v => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(c / 36))}, ${level(Math.floor(c / 6) % 6)}, ${level(c % 6)})`;
  }
  const grey = 8 + (n - 232) * 10;
  return `rgb(${grey}, ${grey}, ${grey})`;
}

/** Appends the text to the element, ANSI styles as spans with ansi-* classes. */
export function renderAnsi(parent, text) {
  for (const {text: part, style} of parseAnsi(text)) {
    if (!style || Object.keys(style).length === 0) {
      parent.append(part);
      continue;
    }
    const span = document.createElement('span');
    const classes = [];
    for (const [key, value] of Object.entries(style)) {
      if (key === 'fg' || key === 'bg') {
        if (typeof value === 'number' && value < 16) {
          classes.push(`ansi-${key}-${value}`);
        } else {
          span.style[key === 'fg' ? 'color' : 'backgroundColor'] = typeof value === 'number' ? xterm256(value) : value;
        }
      } else {
        classes.push(`ansi-${key}`);
      }
    }
    span.className = classes.join(' ');
    span.textContent = part;
    parent.append(span);
  }
}
