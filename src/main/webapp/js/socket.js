/**
 * The page's one WebSocket to /ws/projects/{id}, built from location so it
 * works under any context root and as wss behind a TLS gateway. Reconnects with
 * backoff and resubscribes each watched job with after_seq = the last seq it
 * holds, so nothing is lost or shown twice.
 */
const PROBE_JOB = 'meshwatch-registration-check';
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

export function socketUrl(projectId) {
  const url = new URL(`ws/projects/${encodeURIComponent(projectId)}`, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  return url.href;
}

export class ProjectSocket {
  /**
   * listener: {status(state, detail), registered(reconnected), frame(event, data)};
   * state is 'connecting', 'live' or 'reconnecting'.
   */
  constructor(projectId, listener) {
    this.projectId = projectId;
    this.listener = listener;
    this.watched = new Map();
    this.attempt = 0;
    this.opened = 0;
    this.stopped = false;
    this.connect();
  }

  /** Watches a job's log; afterSeq() is asked at every (re)subscription. */
  subscribe(jobId, afterSeq) {
    this.watched.set(jobId, afterSeq);
    this.sendSubscribe(jobId);
  }

  unsubscribe(jobId) {
    if (this.watched.delete(jobId)) {
      this.send('unsubscribe_logs', {job_id: jobId});
    }
  }

  close() {
    this.stopped = true;
    clearTimeout(this.retry);
    this.ws?.close(1000, 'Page left');
  }

  connect() {
    this.listener.status(this.opened === 0 ? 'connecting' : 'reconnecting', 'connecting');
    const ws = new WebSocket(socketUrl(this.projectId));
    this.ws = ws;
    this.probing = true;
    ws.onopen = () => {
      // The server answers a subscription to no job with an error: that answer proves
      // this session joined the room, so no room event can slip past a state load.
      this.send('subscribe_logs', {job_id: PROBE_JOB});
      for (const jobId of this.watched.keys()) {
        this.sendSubscribe(jobId);
      }
    };
    ws.onmessage = message => this.receive(message.data);
    ws.onclose = event => this.closed(ws, event);
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      console.warn('Meshwatch: a frame that is not JSON', e);
      return;
    }
    if (this.probing && frame.event === 'error' && frame.data?.code === 'unknown_job'
        && frame.data.message?.includes(PROBE_JOB)) {
      this.probing = false;
      this.attempt = 0;
      this.opened++;
      this.listener.status('live');
      this.listener.registered(this.opened > 1);
      return;
    }
    this.listener.frame(frame.event, frame.data || {});
  }

  closed(ws, event) {
    if (ws !== this.ws || this.stopped) {
      return;
    }
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    const wait = Math.round(delay * (0.8 + Math.random() * 0.4));
    this.attempt++;
    const why = `closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`;
    this.listener.status('reconnecting', `${why}; again in ${(wait / 1000).toFixed(1)} s`, event.code);
    this.retry = setTimeout(() => this.connect(), wait);
  }

  sendSubscribe(jobId) {
    const afterSeq = this.watched.get(jobId);
    this.send('subscribe_logs', {job_id: jobId, after_seq: afterSeq ? afterSeq() : 0});
  }

  send(event, data) {
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({event, data}));
    }
  }
}
