import {stripAnsi} from './ansi.js';

/** Lines a page keeps at most; older ones are dropped (the download has them all). */
export const MAX_LINES = 300_000;

/**
 * A job's log as the page holds it: lines in seq order, each seq once, at most
 * `max` of them. A line at or below the last seq is a resend and is ignored.
 */
export class LogModel {
  constructor(max = MAX_LINES) {
    this.max = max;
    this.lines = [];
    this.lastSeq = 0;
    this.dropped = 0;
    this.jobLines = 0;
    this.systemLines = 0;
  }

  get size() {
    return this.lines.length;
  }

  at(index) {
    return this.lines[index];
  }

  /** Adds the lines after the last seq; returns how many were dropped from the front to stay bounded. */
  append(batch) {
    for (const line of batch) {
      if (line.seq <= this.lastSeq) {
        continue;
      }
      this.lines.push(line);
      this.lastSeq = line.seq;
      if (line.stream === 'system') {
        this.systemLines++;
      } else {
        this.jobLines++;
      }
    }
    if (this.lines.length <= this.max) {
      return 0;
    }
    // Drop a tenth more than needed, so this happens rarely.
    const cut = this.lines.length - this.max + Math.floor(this.max / 10);
    this.lines.splice(0, cut);
    this.dropped += cut;
    return cut;
  }

  /** The index of the line with this seq, or -1. */
  indexOfSeq(seq) {
    let low = 0;
    let high = this.lines.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = this.lines[mid].seq;
      if (at === seq) return mid;
      if (at < seq) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The line's text without escape sequences, computed once. */
  static plain(line) {
    if (line.plain === undefined) {
      line.plain = stripAnsi(line.text);
    }
    return line.plain;
  }

  static matches(line, needle) {
    return LogModel.plain(line).toLowerCase().includes(needle);
  }

  /** The plain text of lines [from, to), one a line. */
  text(from = 0, to = this.lines.length) {
    const parts = new Array(Math.max(0, to - from));
    for (let i = from; i < to; i++) {
      parts[i - from] = LogModel.plain(this.lines[i]);
    }
    return parts.join('\n');
  }
}
