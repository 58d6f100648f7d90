import {api} from './api.js';
import {h, statusBadge} from './dom.js';
import {JobView} from './jobview.js';
import {ProjectSocket} from './socket.js';
import {startForm} from './startform.js';

/**
 * A project's page: its jobs with live status badges, the start form, and the
 * selected job's terminal. One WebSocket for all of it; the project's state is
 * read over REST once the socket joined the room (and again after a reconnect,
 * since room events may have been missed meanwhile), never on a timer.
 */
export class ProjectPage {
  constructor(projectId, connection) {
    this.projectId = projectId;
    this.connection = connection;
    this.jobs = new Map();
    this.selected = null;
    this.jobView = null;
    this.title = h('h1', {id: 'project-title'}, `Project ${projectId}`);
    this.jobList = h('ul', {class: 'jobs', 'aria-label': 'Jobs'});
    this.main = h('div', {class: 'job-area'}, h('p', {class: 'hint'}, 'Loading\u2026'));
    this.error = h('p', {class: 'form-error', role: 'alert'});
    this.element = h('div', {class: 'project-page'},
      h('aside', {class: 'side', 'aria-labelledby': 'project-title'},
        h('p', {}, h('a', {href: '#/'}, '\u2190 All projects')),
        this.title, this.error,
        startForm(job => this.start(job)),
        h('h2', {}, 'Jobs'), this.jobList),
      this.main);
    this.socket = new ProjectSocket(projectId, {
      status: (state, detail) => this.connection(state, detail),
      registered: () => this.load(),
      frame: (event, data) => this.frame(event, data),
    });
  }

  /** Selects a job (or none) and a line to reveal. */
  show(jobId, line) {
    if (jobId !== this.selected) {
      this.jobView?.destroy();
      this.jobView = null;
      this.selected = jobId;
      this.pendingLine = line;
      this.openJob();
    } else if (line) {
      this.jobView?.reveal(line);
    }
    this.renderJobs();
  }

  async load() {
    try {
      const project = await api.project(this.projectId);
      this.title.textContent = project.name;
      document.title = `${project.name} \u00b7 Meshwatch`;
      for (const job of project.jobs) {
        this.jobs.set(job.job_id, {...this.jobs.get(job.job_id), ...job});
      }
      this.loaded = true;
      this.renderJobs();
      if (this.jobView) {
        this.jobView.update(this.jobs.get(this.selected) || this.jobView.job);
      } else {
        this.openJob();
      }
    } catch (e) {
      this.error.textContent = e.message;
      this.main.replaceChildren(h('p', {class: 'hint'}, 'This project could not be loaded.'));
    }
  }

  openJob() {
    if (!this.loaded) {
      return;
    }
    if (!this.selected) {
      this.main.replaceChildren(h('p', {class: 'hint'}, this.jobs.size
        ? 'Select a job to watch its log.' : 'No jobs yet: start one.'));
      return;
    }
    const job = this.jobs.get(this.selected) || {job_id: this.selected, status: 'QUEUED'};
    this.jobView = new JobView({projectId: this.projectId, job, socket: this.socket});
    this.jobView.terminal.element.addEventListener('lines', () => this.running(this.selected));
    this.main.replaceChildren(this.jobView.element);
    if (this.pendingLine) {
      this.jobView.reveal(this.pendingLine);
    }
  }

  async start(request) {
    const started = await api.startJob(this.projectId, request);
    if (!this.jobs.has(started.job_id)) {
      this.jobs.set(started.job_id, {...started, backend: request.backend, strategy: request.strategy});
    }
    location.hash = `#/projects/${this.projectId}/jobs/${started.job_id}`;
  }

  frame(event, data) {
    if (event === 'job_completed' || event === 'job_failed') {
      const completed = event === 'job_completed';
      this.setJob(data.job_id, {status: completed ? 'COMPLETED' : 'FAILED',
        ...(completed ? {result: data.result} : {error: data.error})});
    } else if (event === 'subscribed') {
      const job = this.jobs.get(data.job_id);
      if (job && job.status !== data.status && !isFinal(job.status)) {
        this.setJob(data.job_id, {status: data.status});
      }
    } else if (data.job_id && data.job_id === this.selected) {
      this.jobView?.frame(event, data);
    } else if (event === 'error' && this.jobView) {
      this.jobView.frame(event, data);
    }
  }

  running(jobId) {
    if (this.jobs.get(jobId)?.status === 'QUEUED') {
      this.setJob(jobId, {status: 'RUNNING'});
    }
  }

  setJob(jobId, change) {
    const job = {job_id: jobId, project_id: this.projectId, ...this.jobs.get(jobId), ...change};
    this.jobs.set(jobId, job);
    this.renderJobs();
    if (jobId === this.selected) {
      this.jobView?.update(job);
    }
  }

  renderJobs() {
    const items = [...this.jobs.values()].reverse().map(job => h('li', {'data-job': job.job_id},
      h('a', {href: `#/projects/${this.projectId}/jobs/${job.job_id}`,
        'aria-current': job.job_id === this.selected ? 'page' : null}, job.job_id),
      ' ', statusBadge(job.status),
      h('span', {class: 'meta'}, ` ${job.backend || ''} \u00b7 ${job.strategy || ''}`)));
    this.jobList.replaceChildren(...items);
  }

  destroy() {
    this.jobView?.destroy();
    this.socket.close();
  }
}

function isFinal(status) {
  return status === 'COMPLETED' || status === 'FAILED';
}
