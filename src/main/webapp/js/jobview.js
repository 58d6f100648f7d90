import {api} from './api.js';
import {h, number, statusBadge} from './dom.js';
import {Terminal} from './terminal.js';

/**
 * The selected job: its state and result above, the terminal with its tools
 * (follow, timestamps, compact, full screen, search, copy, download) below.
 */
export class JobView {
  constructor({projectId, job, socket}) {
    this.projectId = projectId;
    this.jobId = job.job_id;
    this.socket = socket;
    this.terminal = new Terminal({jobId: this.jobId, lineLink: seq => `#/projects/${projectId}/jobs/${this.jobId}/L${seq}`});
    this.heading = h('h2', {id: 'job-heading'});
    this.outcome = h('div', {class: 'outcome', 'aria-live': 'polite'});
    this.notice = h('p', {class: 'notice', role: 'status', 'aria-live': 'polite'});
    this.element = h('section', {class: 'job', 'aria-labelledby': 'job-heading'},
      h('header', {class: 'job-head'}, this.heading), this.outcome, this.toolbar(), this.notice,
      this.terminal.element);
    this.update(job);
    this.terminal.element.addEventListener('follow', e => this.followButton.setAttribute('aria-pressed', e.detail.following));
    this.terminal.element.addEventListener('matches', e => this.showMatches(e.detail));
    document.addEventListener('fullscreenchange', this.onFullscreen = () => this.fullscreenChanged());
    socket.subscribe(this.jobId, () => this.terminal.lastSeq);
  }

  toolbar() {
    const t = this.terminal;
    this.followButton = h('button', {type: 'button', class: 'follow', 'aria-pressed': 'true',
      title: 'Keep the newest line in view', onclick: () => t.follow()}, 'Follow');
    const timestamps = h('input', {type: 'checkbox', id: 'opt-timestamps', checked: true,
      onchange: e => t.element.classList.toggle('no-ts', !e.target.checked)});
    const compact = h('input', {type: 'checkbox', id: 'opt-compact', onchange: e => this.setCompact(e.target.checked)});
    this.fullButton = h('button', {type: 'button', class: 'fullscreen', 'aria-pressed': 'false',
      onclick: () => this.toggleFullscreen()}, 'Full screen');
    this.searchBox = h('input', {type: 'search', id: 'log-search', placeholder: 'Search the log', autocomplete: 'off',
      oninput: () => this.searchSoon(), onkeydown: e => this.searchKey(e)});
    this.matchCount = h('output', {id: 'match-count', for: 'log-search', 'aria-live': 'polite'});
    return h('div', {class: 'toolbar', role: 'toolbar', 'aria-label': 'Terminal tools'},
      this.followButton,
      h('label', {}, timestamps, ' Timestamps'),
      h('label', {}, compact, ' Compact'),
      this.fullButton,
      h('span', {class: 'search'},
        h('label', {for: 'log-search', class: 'visually-hidden'}, 'Search the log'),
        this.searchBox,
        h('button', {type: 'button', class: 'prev', 'aria-label': 'Previous match', onclick: () => t.step(-1)}, '\u2191'),
        h('button', {type: 'button', class: 'next', 'aria-label': 'Next match', onclick: () => t.step(1)}, '\u2193'),
        this.matchCount),
      h('button', {type: 'button', class: 'copy', title: 'Copies the selected lines, or the whole log',
        onclick: () => this.copy()}, 'Copy'),
      h('a', {class: 'download', href: api.logDownloadUrl(this.jobId), download: `${this.jobId}.log`}, 'Download'));
  }

  /** Job state from the page load, the start answer or a room event. */
  update(job) {
    this.job = job;
    this.heading.replaceChildren(`Job ${job.job_id} `, statusBadge(job.status),
      h('span', {class: 'meta'}, ` ${job.backend || ''} \u00b7 ${job.strategy || ''}`));
    this.outcome.replaceChildren();
    if (job.status === 'COMPLETED') {
      const result = job.result || {};
      const metrics = result.quality_metrics || job.quality_metrics;
      this.outcome.append(h('dl', {class: 'result'},
        h('dt', {}, 'Output'), h('dd', {class: 'output-path'}, result.output_path || result.s3_output_path || job.output_path || '\u2014'),
        h('dt', {}, 'Strategy'), h('dd', {}, result.strategy || job.strategy || '\u2014'),
        h('dt', {}, 'Quality'), h('dd', {class: 'metrics'}, metrics && Object.keys(metrics).length
          ? Object.entries(metrics).map(([k, v]) => `${k} ${typeof v === 'number' ? number.format(v) : v}`).join(', ')
          : 'none reported')));
    } else if (job.status === 'FAILED') {
      this.outcome.append(h('p', {class: 'job-error', role: 'alert'}, `Failed: ${job.error || 'no reason given'}`));
    }
  }

  /** Frames about this job. */
  frame(event, data) {
    if (event === 'log_line') {
      this.terminal.enqueue([data]);
    } else if (event === 'log_lines') {
      this.terminal.enqueue(data.lines);
    } else if (event === 'log_end') {
      this.terminal.ended(data.last_seq);
    } else if (event === 'error') {
      this.notice.textContent = data.message;
    }
  }

  reveal(seq) {
    this.terminal.reveal(seq);
  }

  setCompact(on) {
    this.terminal.element.classList.toggle('compact', on);
    this.terminal.setRowHeight(parseFloat(getComputedStyle(this.terminal.element).getPropertyValue('--row')));
  }

  async toggleFullscreen() {
    const panel = this.element;
    if (document.fullscreenElement) {
      await document.exitFullscreen();
      return;
    }
    try {
      await panel.requestFullscreen();
    } catch (e) {
      // Without the Fullscreen API (or refused): fill the window instead.
      panel.classList.toggle('full');
      this.fullscreenChanged();
    }
  }

  fullscreenChanged() {
    const full = document.fullscreenElement === this.element || this.element.classList.contains('full');
    this.fullButton.setAttribute('aria-pressed', String(full));
  }

  searchSoon() {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.terminal.search(this.searchBox.value), 150);
  }

  searchKey(event) {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(this.searchTimer);
      if (this.terminal.needle !== this.searchBox.value.trim().toLowerCase()) {
        this.terminal.search(this.searchBox.value);
      } else {
        this.terminal.step(event.shiftKey ? -1 : 1);
      }
    } else if (event.key === 'Escape' && this.element.classList.contains('full')) {
      this.toggleFullscreen();
    }
  }

  showMatches({count, current}) {
    this.matchCount.textContent = this.terminal.needle
      ? count ? `${number.format(current)} of ${number.format(count)}` : 'no match'
      : '';
  }

  async copy() {
    const {text, lines} = this.terminal.copyText();
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      if (!copyWithSelection(text)) {
        this.notice.textContent = `Copy failed: ${e.message}`;
        return;
      }
    }
    this.notice.textContent = `Copied ${number.format(lines)} line${lines === 1 ? '' : 's'}`;
  }

  destroy() {
    this.socket.unsubscribe(this.jobId);
    this.terminal.destroy();
    document.removeEventListener('fullscreenchange', this.onFullscreen);
    if (document.fullscreenElement === this.element) {
      document.exitFullscreen();
    }
  }
}

/** The older copy path, for pages where the async clipboard is refused. */
function copyWithSelection(text) {
  const area = h('textarea', {class: 'visually-hidden', 'aria-hidden': 'true'});
  area.value = text;
  document.body.append(area);
  area.select();
  const done = document.execCommand('copy');
  area.remove();
  return done;
}
