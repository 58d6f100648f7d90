'use strict';
// Many socket.io-client clients in one Node process (websocket transport only),
// all watching one job, measured like bench/websocket/WsClient.java:
//
//   node client.js --url http://127.0.0.1:3000 --job-id local-2 --go-file /tmp/go-local-2
//                  [--warmup-job-id local-1 --warmup-go-file /tmp/go-local-1] [--clients 1000]
//                  [--server-pid PID] [--timeout 300] [--idle-seconds 3] [--out FILE]
//
// All clients connect first; with --warmup-job-id they watch an unmeasured warm-up
// job on the same connections, then the measured job. For each job every client
// subscribes with after_seq 0; once all are subscribed the job's go file is created
// (its emitter starts). Until each client got log_end it counts lines per client
// (seq 1..last_seq exactly once), frames per client and the latency from a line's ts
// to its receipt (when socket.io-client hands the decoded event over), in a
// log-linear histogram over all lines of all clients; it reads the server's CPU time
// from /proc/PID/stat while idle, at go and at the end, and samples its RSS.
const fs = require('fs');
const { io } = require('socket.io-client');
const { nowMicros } = require('./clock');

const args = {};
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
const url = args.url || 'http://127.0.0.1:3000';
const jobId = args['job-id'] || 'local-2';
const clients = Number(args.clients || 1000);
const serverPid = Number(args['server-pid'] || 0);
const clkTck = Number(args['clk-tck'] || 100);
const timeoutMs = Number(args.timeout || 300) * 1000;
const connectConcurrency = Number(args['connect-concurrency'] || 64);
const label = args.label || 'socketio';

// ---- histogram: the same log-linear microsecond buckets as WsClient.java
const BUCKETS = 128 + 40 * 64;
let histogram = new Float64Array(BUCKETS);
function bucket(us) {
  const v = Math.floor(us);
  if (v < 128) return Math.max(0, v);
  const msb = v < 2 ** 32 ? 31 - Math.clz32(v) : Math.floor(Math.log2(v));
  const mag = msb - 6;
  const idx = 128 + (mag - 1) * 64 + (Math.floor(v / 2 ** mag) - 64);
  return Math.min(idx, BUCKETS - 1);
}
function bucketValue(idx) {
  if (idx < 128) return idx;
  const mag = Math.floor((idx - 128) / 64) + 1;
  const sub = ((idx - 128) % 64) + 64;
  return sub * 2 ** mag + (2 ** mag) / 2;
}
function percentile(q) {
  let total = 0;
  for (const v of histogram) total += v;
  if (total === 0) return 0;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += histogram[i];
    if (seen >= rank) return bucketValue(i);
  }
  return bucketValue(BUCKETS - 1);
}

// ---- ts: "2026-11-28T13:38:12.526030Z" to epoch microseconds
let dayPrefix = '';
let dayMicros = 0;
function parseTs(s) {
  const prefix = s.slice(0, 11);
  if (prefix !== dayPrefix) {
    dayPrefix = prefix;
    dayMicros = Date.parse(prefix + '00:00:00Z') * 1000;
  }
  const h = +s.slice(11, 13);
  const m = +s.slice(14, 16);
  const sec = +s.slice(17, 19);
  let frac = 0;
  if (s[19] === '.') {
    const digits = s.slice(20, s.length - 1);
    frac = Number((digits + '000000').slice(0, 6));
  }
  return dayMicros + ((h * 60 + m) * 60 + sec) * 1e6 + frac;
}

// ---- /proc
function cpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch (e) {
    return -1;
  }
}
function statusKb(pid, key) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s*(\\d+)`, 'm'));
    return m ? Number(m[1]) : -1;
  } catch (e) {
    return -1;
  }
}

// ---- clients
let errors = new Map();
function error(what) {
  errors.set(what, (errors.get(what) || 0) + 1);
}

// One watched job: who subscribed, who got log_end, first and last receipt of a line.
class Phase {
  constructor(id) {
    this.jobId = id;
    this.subscribed = 0;
    this.done = 0;
    this.firstReceipt = Infinity;
    this.lastReceipt = 0;
    this.latencySum = 0;
    this.maxLatency = 0;
    this.onSubscribed = null;
    this.onDone = null;
  }
  check() {
    if (this.subscribed === clients && this.onSubscribed) this.onSubscribed();
    if (this.done === clients && this.onDone) this.onDone();
  }
}

// What one client saw of one phase.
class Stats {
  constructor(phase) {
    this.phase = phase;
    this.frames = 0;
    this.lines = 0;
    this.duplicates = 0;
    this.outOfOrder = 0;
    this.lastSeqSeen = 0;
    this.maxSeq = 0;
    this.endLastSeq = -1;
    this.seen = new Uint8Array(1024);
    this.subscribed = false;
    this.done = false;
  }
  markSubscribed() {
    if (!this.subscribed) {
      this.subscribed = true;
      this.phase.subscribed++;
      this.phase.check();
    }
  }
  markDone() {
    this.markSubscribed();
    if (!this.done) {
      this.done = true;
      this.phase.done++;
      this.phase.check();
    }
  }
}

class Client {
  constructor() {
    this.stats = null;
    this.closed = null;
  }

  connect() {
    return new Promise((resolve) => {
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30000 });
      this.socket = socket;
      socket.on('connect', () => resolve());
      socket.on('connect_error', (e) => {
        error(`connect failed: ${e.message}`);
        this.gone('connect failed');
        resolve();
      });
      socket.on('subscribed', (data) => {
        if (this.stats && data.job_id === this.stats.phase.jobId) this.stats.markSubscribed();
      });
      socket.on('log_line', (data) => this.receive(data.job_id, [data], nowMicros()));
      socket.on('log_lines', (data) => this.receive(data.job_id, data.lines, nowMicros()));
      socket.on('log_end', (data) => {
        if (this.stats && data.job_id === this.stats.phase.jobId) {
          this.stats.endLastSeq = data.last_seq;
          this.stats.markDone();
        }
      });
      socket.on('error', (data) => error(`error event: ${JSON.stringify(data)}`));
      socket.on('disconnect', (reason) => this.gone(`disconnected: ${reason}`));
    });
  }

  watch(phase) {
    this.stats = new Stats(phase);
    if (this.closed !== null) {
      this.stats.markDone();
      return;
    }
    this.socket.emit('subscribe_logs', { job_id: phase.jobId, after_seq: 0 });
  }

  gone(why) {
    if (this.closed === null) this.closed = why;
    if (this.stats && !this.stats.done) {
      error(`${why} before log_end`);
      this.stats.markDone();
    }
  }

  receive(job, lines, at) {
    const s = this.stats;
    if (!s || job !== s.phase.jobId) return;
    const phase = s.phase;
    s.frames++;
    if (at < phase.firstReceipt) phase.firstReceipt = at;
    if (at > phase.lastReceipt) phase.lastReceipt = at;
    for (const line of lines) {
      const seq = line.seq;
      s.lines++;
      if (seq <= s.lastSeqSeen) s.outOfOrder++;
      s.lastSeqSeen = seq;
      if (seq >= s.seen.length) {
        let size = s.seen.length;
        while (size <= seq) size *= 2;
        const grown = new Uint8Array(size);
        grown.set(s.seen);
        s.seen = grown;
      }
      if (s.seen[seq]) s.duplicates++;
      else s.seen[seq] = 1;
      if (seq > s.maxSeq) s.maxSeq = seq;
      const latency = Math.max(0, at - parseTs(line.ts));
      histogram[bucket(latency)]++;
      phase.latencySum += latency;
      if (latency > phase.maxLatency) phase.maxLatency = latency;
    }
  }
}

function fmt(v) {
  return Number(v).toFixed(2);
}

function within(promise, ms) {
  return Promise.race([promise.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);
}

// Subscribes every client to the phase's job; resolves when all are subscribed (or the timeout).
function subscribeAll(all, phase) {
  const subscribed = new Promise((resolve) => {
    phase.onSubscribed = resolve;
  });
  const done = new Promise((resolve) => {
    phase.onDone = resolve;
  });
  for (const c of all) c.watch(phase);
  phase.check();
  return { subscribed: within(subscribed, timeoutMs), done };
}

async function main() {
  const cpuSelf = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const all = [];
  const connectStart = Date.now();
  let next = 0;
  async function connector() {
    while (next < clients) {
      next++;
      const c = new Client();
      all.push(c);
      await c.connect();
    }
  }
  await within(Promise.all(Array.from({ length: Math.min(connectConcurrency, clients) }, connector)), timeoutMs);
  const connectSeconds = (Date.now() - connectStart) / 1000;
  console.log(`[${label}] ${all.filter((c) => c.closed === null).length} of ${clients} clients connected in ${connectSeconds.toFixed(1)} s`);

  if (args['warmup-job-id']) {
    const warm = new Phase(args['warmup-job-id']);
    const t0 = Date.now();
    const w = subscribeAll(all, warm);
    if (!(await w.subscribed)) error(`not all clients subscribed to ${warm.jobId} within the timeout`);
    fs.writeFileSync(args['warmup-go-file'], 'go\n');
    const ok = await within(w.done, timeoutMs);
    console.log(`[${label}] warm-up job ${warm.jobId} watched by all in ${((Date.now() - t0) / 1000).toFixed(1)} s${ok ? '' : ' (TIMED OUT)'}`);
  }
  const errorsBefore = errors;
  errors = new Map();
  histogram = new Float64Array(BUCKETS);

  const phase = new Phase(jobId);
  const p = subscribeAll(all, phase);
  if (!(await p.subscribed)) error('not all clients subscribed within the timeout');
  const subscribed = all.filter((c) => c.closed === null && c.stats.subscribed).length;
  console.log(`[${label}] ${subscribed} of ${clients} clients subscribed to ${jobId}`);

  // The server's CPU while every client is subscribed but no line flows.
  const idleSeconds = Number(args['idle-seconds'] || 3);
  const idle0 = cpuTicks(serverPid);
  const idleStart = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const idle1 = cpuTicks(serverPid);
  const idleCores = idle0 < 0 || idle1 < 0 || idleSeconds === 0 ? -1
    : (idle1 - idle0) / clkTck / (Number(process.hrtime.bigint() - idleStart) / 1e9);

  const rssBefore = statusKb(serverPid, 'VmRSS');
  let rssMax = rssBefore;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, statusKb(serverPid, 'VmRSS'));
  }, 200);
  const serverCpu0 = cpuTicks(serverPid);
  const clientCpu0 = cpuSelf();
  const go = process.hrtime.bigint();
  fs.writeFileSync(args['go-file'], 'go\n');
  const allDone = await within(p.done, timeoutMs);
  const windowSeconds = Number(process.hrtime.bigint() - go) / 1e9;
  const serverCpu1 = cpuTicks(serverPid);
  const clientCpu1 = cpuSelf();
  clearInterval(sampler);
  const hwm = statusKb(serverPid, 'VmHWM');
  if (!allDone) error(`timeout: ${clients - phase.done} clients never got log_end`);

  let expected = 0;
  for (const c of all) expected = Math.max(expected, c.stats.endLastSeq >= 0 ? c.stats.endLastSeq : c.stats.maxSeq);
  let totalLines = 0, totalDup = 0, totalLost = 0, totalOoo = 0, sumFrames = 0;
  let minFrames = Infinity, maxFrames = 0, minLines = Infinity, maxLines = 0, clean = 0, bad = 0;
  for (const c of all) {
    const s = c.stats;
    let distinct = 0;
    for (let q = 1; q <= expected && q < s.seen.length; q++) distinct += s.seen[q];
    const lost = expected - distinct;
    totalLines += s.lines;
    totalDup += s.duplicates;
    totalLost += lost;
    totalOoo += s.outOfOrder;
    sumFrames += s.frames;
    minFrames = Math.min(minFrames, s.frames);
    maxFrames = Math.max(maxFrames, s.frames);
    minLines = Math.min(minLines, s.lines);
    maxLines = Math.max(maxLines, s.lines);
    if (s.endLastSeq > 0 && lost === 0 && s.duplicates === 0 && c.closed === null) clean++;
    else bad++;
  }
  const deliverySeconds = phase.firstReceipt === Infinity ? 0 : (phase.lastReceipt - phase.firstReceipt) / 1e6;
  const serverCpuSeconds = serverCpu0 < 0 || serverCpu1 < 0 ? -1 : (serverCpu1 - serverCpu0) / clkTck;
  const clientCpuSeconds = clientCpu1 - clientCpu0;
  const out = {
    label,
    clients,
    clients_subscribed: subscribed,
    clients_clean: clean,
    clients_with_problems: bad,
    connect_seconds: fmt(connectSeconds),
    job_id: jobId,
    job_last_seq: expected,
    lines_received_total: totalLines,
    lines_per_client_min: minLines === Infinity ? 0 : minLines,
    lines_per_client_max: maxLines,
    lines_lost_total: totalLost,
    lines_duplicated_total: totalDup,
    lines_out_of_order_total: totalOoo,
    frames_total: sumFrames,
    frames_per_client_min: minFrames === Infinity ? 0 : minFrames,
    frames_per_client_avg: fmt(clients ? sumFrames / clients : 0),
    frames_per_client_max: maxFrames,
    window_seconds: fmt(windowSeconds),
    delivery_seconds: fmt(deliverySeconds),
    lines_per_second_all_clients: fmt(deliverySeconds > 0 ? totalLines / deliverySeconds : 0),
    latency_ms_mean: fmt(totalLines ? phase.latencySum / totalLines / 1000 : 0),
    latency_ms_p50: fmt(percentile(0.5) / 1000),
    latency_ms_p90: fmt(percentile(0.9) / 1000),
    latency_ms_p99: fmt(percentile(0.99) / 1000),
    latency_ms_p999: fmt(percentile(0.999) / 1000),
    latency_ms_max: fmt(phase.maxLatency / 1000),
    server_cpu_seconds: fmt(serverCpuSeconds),
    server_cpu_cores_avg: fmt(serverCpuSeconds < 0 ? -1 : serverCpuSeconds / windowSeconds),
    server_cpu_cores_idle: fmt(idleCores),
    server_rss_mb_before: fmt(rssBefore / 1024),
    server_rss_mb_peak_sampled: fmt(rssMax / 1024),
    server_vmhwm_mb: fmt(hwm / 1024),
    client_cpu_seconds: fmt(clientCpuSeconds),
    client_cpu_cores_avg: fmt(clientCpuSeconds / windowSeconds),
    errors: errors.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(errors)),
    errors_before_measuring: errorsBefore.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(errorsBefore)),
  };
  const text = Object.entries(out).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
  process.stdout.write(text);
  if (args.out) fs.writeFileSync(args.out, text);
  for (const c of all) if (c.socket) c.socket.close();
  const ok = allDone && bad === 0 && totalLost === 0 && totalDup === 0;
  setTimeout(() => process.exit(ok ? 0 : 1), 300);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
