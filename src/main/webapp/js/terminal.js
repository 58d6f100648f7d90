import {renderAnsi} from './ansi.js';
import {h, number} from './dom.js';
import {LogModel} from './logmodel.js';

const OVERSCAN = 20;
/** Rows in the DOM at most, whatever the layout gives the viewport. */
const MAX_ROWS = 300;
/** Time one task may spend taking in lines or searching before it yields to the page. */
const SLICE_MS = 8;
/** While lines stream in, they are shown at most this often: a burst costs a few renders a second. */
const LINES_MS = 100;
/** A row's elements, cloned for each new row: cheaper than making them one by one. */
const ROW = h('div', {class: 'line'},
  h('a', {class: 'ln', tabindex: '-1'}), h('span', {class: 'ts'}), h('span', {class: 'text'}));

/**
 * A job's log view: a virtual list (only the rows in sight are in the DOM, as
 * real text) over a compact log model. Lines are taken in as frames arrive, in
 * slices that yield to the page, and shown in animation frames, so a burst never
 * freezes the page. Follows the newest line until the user scrolls up; "Follow" resumes.
 */
export class Terminal {
  constructor({jobId, lineLink}) {
    this.jobId = jobId;
    this.lineLink = lineLink;
    this.model = new LogModel();
    this.queue = [];
    this.received = 0;
    this.following = true;
    this.autoTop = 0;
    this.rowHeight = 20;
    this.target = null;
    this.marked = null;
    this.matches = [];
    this.current = -1;
    this.needle = '';
    this.searched = 0;
    this.linesShown = -Infinity;
    this.rendered = new Map();
    this.shown = [];

    this.viewport = h('div', {class: 'viewport', tabindex: '0', role: 'log', 'aria-live': 'off',
      'aria-label': `Log of job ${jobId}`, onscroll: () => this.scrolled()});
    this.spacer = h('div', {class: 'spacer'});
    this.rows = h('div', {class: 'rows'});
    this.spacer.append(this.rows);
    this.viewport.append(this.spacer);
    this.end = h('p', {class: 'log-end', role: 'status', hidden: true});
    this.element = h('section', {class: 'terminal', 'aria-label': `Terminal of job ${jobId}`},
      this.viewport, this.end);
    this.resize = new ResizeObserver(() => this.schedule());
    this.resize.observe(this.viewport);
    // Continues a slice of work in a task of its own, soon after the page got its turn
    // (a message, unlike a timer, is not slowed down in a background tab).
    this.tasks = new MessageChannel();
    this.tasks.port1.onmessage = () => this.work();
  }

  /** The last seq this page holds or is about to show: where a reconnect resumes. */
  get lastSeq() {
    return this.received;
  }

  /** Takes in lines from a frame, now or in the next slices; they are shown in the next animation frame. */
  enqueue(lines) {
    let fresh = 0;
    while (fresh < lines.length && lines[fresh].seq <= this.received) {
      fresh++;
    }
    if (fresh < lines.length) {
      this.queue.push({lines, next: fresh});
      this.received = Math.max(this.received, lines[lines.length - 1].seq);
      if (!this.working) {
        this.work();
      }
    }
  }

  /** One slice: takes in queued lines, then searches new lines, until the slice's time is up. */
  work() {
    this.working = false;
    const deadline = performance.now() + SLICE_MS;
    while (this.queue.length && performance.now() < deadline) {
      const batch = this.queue[0];
      const to = Math.min(batch.lines.length, batch.next + 1000);
      const dropped = this.model.append(batch.lines, batch.next, to);
      batch.next = to;
      if (to === batch.lines.length) {
        this.queue.shift();
      }
      if (dropped) {
        this.droppedFront(dropped);
      }
    }
    if (this.needle && this.searched < this.model.size && performance.now() < deadline) {
      const found = this.matches.length;
      this.searched = this.model.find(this.needle, this.matches, this.searched, deadline);
      if (this.searchDone && this.matches.length > found) {
        this.element.dispatchEvent(new CustomEvent('matches', {detail: this.searchState()}));
      }
    }
    if (!this.searchDone && this.searched >= this.model.size) {
      this.searchDone = true;
      this.rendered = new Map();
      this.step(1);
    }
    if (this.queue.length || (this.needle && this.searched < this.model.size)) {
      this.working = true;
      this.tasks.port2.postMessage(0);
    }
    this.showLines();
  }

  /** Renders the new lines in the next animation frame, or once LINES_MS passed since they were last shown. */
  showLines() {
    if (this.frame || this.linesTimer) {
      return;
    }
    const wait = this.linesShown + LINES_MS - performance.now();
    if (wait > 0) {
      this.linesTimer = setTimeout(() => {
        this.linesTimer = 0;
        this.schedule();
      }, wait);
    } else {
      this.schedule();
    }
  }

  schedule() {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => this.apply());
    }
  }

  apply() {
    this.frame = 0;
    this.render();
    if (!this.queue.length && this.endSeq !== undefined) {
      this.showEnd();
    }
    if (this.element.dataset.lastSeq !== String(this.model.lastSeq)) {
      this.linesShown = performance.now();
      this.element.dataset.lastSeq = this.model.lastSeq;
      this.element.dispatchEvent(new CustomEvent('lines', {detail: {size: this.model.size}}));
    }
  }

  droppedFront(count) {
    const first = this.model.seqAt(0);
    this.matches = this.matches.filter(seq => seq >= first);
    this.searched = Math.max(0, this.searched - count);
    if (!this.following) {
      this.viewport.scrollTop -= count * this.rowHeight;
    }
  }

  render() {
    const rowHeight = this.rowHeight;
    const size = this.model.size;
    this.spacer.style.height = `${size * rowHeight}px`;
    if (this.following) {
      this.viewport.scrollTop = this.viewport.scrollHeight;
      this.autoTop = this.viewport.scrollTop;
    }
    if (this.target !== null) {
      this.revealPending();
    }
    const top = this.viewport.scrollTop;
    const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
    const last = Math.min(size, first + MAX_ROWS,
      Math.ceil((top + this.viewport.clientHeight) / rowHeight) + OVERSCAN);
    this.rows.style.transform = `translateY(${first * rowHeight}px)`;
    const next = new Map();
    const children = [];
    for (let i = first; i < last; i++) {
      const seq = this.model.seqAt(i);
      const row = this.rendered.get(seq) || this.row(i);
      row.classList.toggle('current', this.current >= 0 && this.matches[this.current] === seq);
      row.classList.toggle('target', this.marked === seq);
      next.set(seq, row);
      children.push(row);
    }
    this.place(children);
    this.rendered = next;
  }

  /** Puts these rows in the DOM in this order, moving only those that changed. */
  place(children) {
    const shown = this.shown;
    if (shown.length === children.length && shown.every((row, i) => row === children[i])) {
      return;
    }
    const keep = new Set(children);
    for (const row of shown) {
      if (!keep.has(row)) {
        row.remove();
      }
    }
    let cursor = this.rows.firstChild;
    for (const row of children) {
      if (row === cursor) {
        cursor = cursor.nextSibling;
      } else {
        this.rows.insertBefore(row, cursor);
      }
    }
    this.shown = children;
  }

  row(index) {
    const line = this.model.at(index);
    const row = ROW.cloneNode(true);
    const [ln, ts, text] = row.children;
    const match = this.needle !== '' && this.model.matchesAt(index, this.needle);
    row.className = `line lvl-${(line.level || 'INFO').toLowerCase()}${match ? ' match' : ''}`;
    row.dataset.seq = line.seq;
    ln.setAttribute('href', this.lineLink(line.seq));
    ln.setAttribute('aria-label', `line ${line.seq}`);
    ln.textContent = line.seq;
    if (line.ts) {
      ts.title = line.ts;
      ts.textContent = line.ts.slice(11, 23);
    }
    if (line.stream && line.stream !== 'stdout') {
      text.before(h('span', {class: 'stream'}, line.stream));
    }
    renderAnsi(text, line.text);
    return row;
  }

  scrolled() {
    const v = this.viewport;
    const atBottom = v.scrollTop + v.clientHeight >= v.scrollHeight - this.rowHeight / 2;
    if (atBottom) {
      this.setFollowing(true);
    } else if (v.scrollTop < this.autoTop - 1) {
      this.setFollowing(false);
    }
    this.schedule();
  }

  setFollowing(following) {
    if (this.following !== following) {
      this.following = following;
      this.element.dispatchEvent(new CustomEvent('follow', {detail: {following}}));
    }
    if (following) {
      this.autoTop = Number.MAX_SAFE_INTEGER;
      this.schedule();
    }
  }

  follow() {
    this.setFollowing(true);
    this.viewport.scrollTop = this.viewport.scrollHeight;
  }

  /** Scrolls to the line with this seq (now, or once it arrived) and marks it. */
  reveal(seq) {
    this.target = seq;
    this.marked = seq;
    this.setFollowing(false);
    this.schedule();
  }

  revealPending() {
    const index = this.model.indexOfSeq(this.target);
    if (index < 0) {
      return;
    }
    this.target = null;
    this.centre(index);
  }

  centre(index) {
    this.viewport.scrollTop = Math.max(0, index * this.rowHeight - this.viewport.clientHeight / 2);
  }

  /** The log ended: a closing marker with the line count, once the lines before it are in. */
  ended(lastSeq) {
    this.endSeq = lastSeq;
    this.schedule();
  }

  showEnd() {
    const lastSeq = this.endSeq;
    this.endSeq = undefined;
    const {jobLines, systemLines, dropped} = this.model;
    const parts = [`End of log: ${number.format(lastSeq)} lines`];
    if (systemLines && !dropped) {
      parts.push(` (${number.format(jobLines)} from the job, ${number.format(systemLines)} from Meshwatch)`);
    }
    this.end.textContent = parts.join('');
    this.end.hidden = false;
  }

  setRowHeight(height) {
    if (height > 0 && height !== this.rowHeight) {
      const index = Math.floor(this.viewport.scrollTop / this.rowHeight);
      this.rowHeight = height;
      this.rendered = new Map();
      this.render();
      if (!this.following) {
        this.viewport.scrollTop = index * height;
      }
    }
  }

  /**
   * Finds the needle (case-insensitive) in slices that yield to the page, so a long log
   * never blocks it; lines that arrive later are searched as they come.
   */
  search(query) {
    this.needle = query.trim().toLowerCase();
    this.matches = [];
    this.current = -1;
    this.searched = 0;
    this.searchDone = !this.needle;
    this.rendered = new Map();
    if (this.needle) {
      if (!this.working) {
        this.work();
      }
    } else {
      this.step(1);
    }
  }

  /** Moves to the next (1) or previous (-1) match. */
  step(direction) {
    if (this.matches.length) {
      this.current = (this.current + direction + this.matches.length) % this.matches.length;
      this.setFollowing(false);
      this.centre(this.model.indexOfSeq(this.matches[this.current]));
    }
    this.render();
    this.element.dispatchEvent(new CustomEvent('matches', {detail: this.searchState()}));
  }

  searchState() {
    return {count: this.matches.length, current: this.current + 1};
  }

  /** The selected lines' text when the selection is in the log, else the whole log. */
  copyText() {
    const selection = getSelection();
    if (selection && !selection.isCollapsed && this.viewport.contains(selection.anchorNode)
        && this.viewport.contains(selection.focusNode)) {
      const a = rowSeq(selection.anchorNode);
      const b = rowSeq(selection.focusNode);
      if (a === b) {
        return {text: selection.toString(), lines: 1};
      }
      const from = this.model.indexOfSeq(Math.min(a, b));
      const to = this.model.indexOfSeq(Math.max(a, b)) + 1;
      return {text: this.model.text(from, to), lines: to - from};
    }
    return {text: this.model.text(), lines: this.model.size};
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.linesTimer);
    this.resize.disconnect();
    this.tasks.port1.close();
  }
}

function rowSeq(node) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return Number(element.closest('.line')?.dataset.seq);
}
