import {renderAnsi} from './ansi.js';
import {h, number} from './dom.js';
import {LogModel} from './logmodel.js';

const OVERSCAN = 20;
/** Rows in the DOM at most, whatever the layout gives the viewport. */
const MAX_ROWS = 300;
/** Time one animation frame may spend taking in lines before it renders and yields. */
const FRAME_BUDGET_MS = 8;

/**
 * A job's log view: a virtual list (only the rows in sight are in the DOM, as
 * real text), fed in animation frames so a burst never freezes the page.
 * Follows the newest line until the user scrolls up; "Follow" resumes.
 */
export class Terminal {
  constructor({jobId, lineLink}) {
    this.jobId = jobId;
    this.lineLink = lineLink;
    this.model = new LogModel();
    this.pending = [];
    this.received = 0;
    this.following = true;
    this.autoTop = 0;
    this.rowHeight = 20;
    this.target = null;
    this.marked = null;
    this.matches = [];
    this.current = -1;
    this.needle = '';
    this.rendered = new Map();

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
  }

  /** The last seq this page holds or is about to show: where a reconnect resumes. */
  get lastSeq() {
    return this.received;
  }

  /** Queues lines from a frame; they are taken in on the next animation frames. */
  enqueue(lines) {
    for (const line of lines) {
      if (line.seq > this.received) {
        this.pending.push(line);
        this.received = line.seq;
      }
    }
    this.schedule();
  }

  schedule() {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => this.apply());
    }
  }

  apply() {
    this.frame = 0;
    const started = performance.now();
    let taken = 0;
    while (taken < this.pending.length && performance.now() - started < FRAME_BUDGET_MS) {
      const batch = this.pending.slice(taken, taken + 2000);
      taken += batch.length;
      const before = this.model.size;
      const dropped = this.model.append(batch);
      this.matchNew(before - dropped);
      if (dropped) {
        this.droppedFront(dropped);
      }
    }
    this.pending.splice(0, taken);
    this.render();
    if (this.pending.length) {
      this.schedule();
    } else if (this.endSeq !== undefined) {
      this.showEnd();
    }
    this.element.dataset.lastSeq = this.model.lastSeq;
    this.element.dispatchEvent(new CustomEvent('lines', {detail: {size: this.model.size}}));
  }

  droppedFront(count) {
    this.matches = this.matches.filter(seq => seq > this.model.lines[0].seq);
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
      const line = this.model.at(i);
      const row = this.rendered.get(line.seq) || this.row(line);
      row.classList.toggle('match', this.needle !== '' && LogModel.matches(line, this.needle));
      row.classList.toggle('current', this.current >= 0 && this.matches[this.current] === line.seq);
      row.classList.toggle('target', this.marked === line.seq);
      next.set(line.seq, row);
      children.push(row);
    }
    this.rows.replaceChildren(...children);
    this.rendered = next;
  }

  row(line) {
    const level = (line.level || 'INFO').toLowerCase();
    const text = h('span', {class: 'text'});
    renderAnsi(text, line.text);
    return h('div', {class: `line lvl-${level}`, 'data-seq': line.seq},
      h('a', {class: 'ln', href: this.lineLink(line.seq), tabindex: '-1', 'aria-label': `line ${line.seq}`},
        String(line.seq)),
      h('span', {class: 'ts', title: line.ts}, line.ts ? line.ts.slice(11, 23) : ''),
      line.stream && line.stream !== 'stdout' ? h('span', {class: 'stream'}, line.stream) : null,
      text);
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

  /** Finds the needle (case-insensitive) in chunks, so a long log never blocks the page. */
  async search(query) {
    const needle = query.trim().toLowerCase();
    const token = (this.searchToken = {});
    this.needle = needle;
    this.matches = [];
    this.current = -1;
    if (needle) {
      const lines = this.model.lines;
      const end = lines.length;
      for (let from = 0; from < end; from += 20000) {
        for (let i = from; i < Math.min(end, from + 20000); i++) {
          if (LogModel.matches(lines[i], needle)) {
            this.matches.push(lines[i].seq);
          }
        }
        await new Promise(resolve => setTimeout(resolve));
        if (token !== this.searchToken) {
          return;
        }
      }
      this.matches.sort((a, b) => a - b);
    }
    this.rendered = new Map();
    this.step(1);
  }

  matchNew(fromIndex) {
    if (!this.needle) {
      return;
    }
    for (let i = Math.max(0, fromIndex); i < this.model.size; i++) {
      if (LogModel.matches(this.model.at(i), this.needle)) {
        this.matches.push(this.model.at(i).seq);
      }
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
    this.resize.disconnect();
    this.searchToken = null;
  }
}

function rowSeq(node) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return Number(element.closest('.line')?.dataset.seq);
}
