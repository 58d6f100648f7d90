import {stripAnsi} from './ansi.js';

/** Lines a page keeps at most; older ones are dropped (the download has them all). */
export const MAX_LINES = 300_000;
/** Lines per chunk. A full chunk holds its lines in a handful of objects, whatever their number. */
export const CHUNK = 2048;

/**
 * Strings that recur from line to line (levels, streams) as small numbers:
 * a line then costs its table entries two bytes each, not a pointer each.
 */
class Table {
  constructor() {
    this.codes = new Map();
    this.values = [];
  }

  code(value) {
    const key = value ?? '';
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(key, code);
      this.values.push(key);
    }
    return code;
  }
}

/**
 * Up to CHUNK lines in columns: seqs and table codes in typed arrays, texts and
 * times as plain strings while the chunk fills, then joined into one string each
 * with the lines' start offsets. A full chunk is a few objects for the garbage
 * collector to trace instead of thousands, which keeps its pauses short.
 */
class Chunk {
  constructor() {
    this.size = 0;
    this.seqs = new Float64Array(CHUNK);
    this.levels = new Uint16Array(CHUNK);
    this.streams = new Uint16Array(CHUNK);
    this.texts = [];
    this.stamps = [];
    this.text = null;
    this.textStarts = null;
    this.ts = null;
    this.tsStarts = null;
    this.lowered = null;
  }

  get full() {
    return this.size === CHUNK;
  }

  push(seq, level, stream, text, ts) {
    const i = this.size++;
    this.seqs[i] = seq;
    this.levels[i] = level;
    this.streams[i] = stream;
    this.texts.push(text);
    this.stamps.push(ts);
    if (this.full) {
      [this.text, this.textStarts] = joined(this.texts);
      [this.ts, this.tsStarts] = joined(this.stamps);
      this.texts = null;
      this.stamps = null;
    }
  }

  textAt(i) {
    return this.texts ? this.texts[i] : this.text.slice(this.textStarts[i], this.textStarts[i + 1] - 1);
  }

  tsAt(i) {
    return this.stamps ? this.stamps[i] : this.ts.slice(this.tsStarts[i], this.tsStarts[i + 1] - 1);
  }

  /** The lines' plain text in lower case, joined, with their start offsets in it; computed once. */
  lower() {
    if (!this.lowered) {
      const lower = this.text.toLowerCase();
      // toLowerCase only ever lengthens a string (U+0130): same length, same offsets.
      this.lowered = this.text.indexOf('\x1b') < 0 && lower.length === this.text.length
        ? [lower, this.textStarts]
        : joined(Array.from({length: this.size}, (_, i) => stripAnsi(this.textAt(i)).toLowerCase()));
    }
    return this.lowered;
  }

  /** Adds to out the seq of each line from `from` on whose plain text holds the needle (lower case). */
  find(needle, out, from = 0) {
    if (this.texts) {
      for (let i = from; i < this.size; i++) {
        if (stripAnsi(this.texts[i]).toLowerCase().includes(needle)) {
          out.push(this.seqs[i]);
        }
      }
      return;
    }
    const [lower, starts] = this.lower();
    let line = from;
    let at = lower.indexOf(needle, starts[from]);
    while (at >= 0) {
      while (starts[line + 1] <= at) {
        line++;
      }
      out.push(this.seqs[line]);
      at = lower.indexOf(needle, starts[line + 1]);
    }
  }
}

/** Strings joined by newlines, and where each starts: string i is [starts[i], starts[i + 1] - 1). */
function joined(strings) {
  const starts = new Uint32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i++) {
    starts[i + 1] = starts[i] + strings[i].length + 1;
  }
  return [strings.join('\n'), starts];
}

/**
 * A job's log as the page holds it: lines in seq order, each seq once, at most
 * `max` of them (older ones leave a chunk at a time). A line at or below the
 * last seq is a resend and is ignored.
 */
export class LogModel {
  constructor(max = MAX_LINES) {
    this.max = max;
    this.chunks = [];
    this.size = 0;
    this.lastSeq = 0;
    this.dropped = 0;
    this.jobLines = 0;
    this.systemLines = 0;
    this.levels = new Table();
    this.streams = new Table();
    this.systemCode = this.streams.code('system');
  }

  /** Adds lines[from, to) after the last seq; returns how many were dropped from the front to stay bounded. */
  append(lines, from = 0, to = lines.length) {
    for (let i = from; i < to; i++) {
      const line = lines[i];
      if (line.seq <= this.lastSeq) {
        continue;
      }
      let chunk = this.chunks[this.chunks.length - 1];
      if (!chunk || chunk.full) {
        chunk = new Chunk();
        this.chunks.push(chunk);
      }
      const stream = this.streams.code(line.stream);
      chunk.push(line.seq, this.levels.code(line.level), stream, line.text ?? '', line.ts ?? '');
      this.size++;
      this.lastSeq = line.seq;
      if (stream === this.systemCode) {
        this.systemLines++;
      } else {
        this.jobLines++;
      }
    }
    if (this.size <= this.max) {
      return 0;
    }
    // Drop a tenth more than needed, in whole chunks, so this happens rarely.
    const keep = this.max - Math.floor(this.max / 10);
    let cut = 0;
    let chunks = 0;
    while (chunks < this.chunks.length - 1 && this.size - cut > keep) {
      cut += this.chunks[chunks++].size;
    }
    this.chunks.splice(0, chunks);
    this.size -= cut;
    this.dropped += cut;
    return cut;
  }

  /** The line at this index as an object {seq, ts, stream, level, text}, made on demand. */
  at(index) {
    const chunk = this.chunks[(index / CHUNK) | 0];
    const i = index % CHUNK;
    return {
      seq: chunk.seqs[i],
      ts: chunk.tsAt(i),
      stream: this.streams.values[chunk.streams[i]],
      level: this.levels.values[chunk.levels[i]],
      text: chunk.textAt(i),
    };
  }

  seqAt(index) {
    return this.chunks[(index / CHUNK) | 0].seqs[index % CHUNK];
  }

  /** The line's text without escape sequences. */
  plainAt(index) {
    return stripAnsi(this.chunks[(index / CHUNK) | 0].textAt(index % CHUNK));
  }

  matchesAt(index, needle) {
    return this.plainAt(index).toLowerCase().includes(needle);
  }

  /** The index of the line with this seq, or -1. */
  indexOfSeq(seq) {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = this.seqAt(mid);
      if (at === seq) return mid;
      if (at < seq) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /**
   * Finds the needle (lower case) in the lines from index `from` on, adding their seqs to out;
   * with a deadline (a performance.now() time) it stops at a chunk's end once that passed
   * and returns the index to go on from, else it returns the size.
   */
  find(needle, out, from = 0, deadline = Infinity) {
    while (from < this.size) {
      const chunk = this.chunks[(from / CHUNK) | 0];
      chunk.find(needle, out, from % CHUNK);
      from += chunk.size - from % CHUNK;
      if (performance.now() > deadline) {
        break;
      }
    }
    return from;
  }

  /** The plain text of lines [from, to), one a line. */
  text(from = 0, to = this.size) {
    const parts = [];
    for (let i = from; i < to;) {
      const chunk = this.chunks[(i / CHUNK) | 0];
      const start = i % CHUNK;
      const end = Math.min(chunk.size, start + to - i);
      if (start === 0 && end === CHUNK) {
        parts.push(stripAnsi(chunk.text));
      } else {
        for (let j = start; j < end; j++) {
          parts.push(stripAnsi(chunk.textAt(j)));
        }
      }
      i += end - start;
    }
    return parts.join('\n');
  }
}
