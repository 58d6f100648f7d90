'use strict';
// Socket.IO comparison server for the Meshwatch WebSocket benchmark (bench/README.md).
//
//   node server.js --port 3000 --emit ../common/emit.py --go-dir /tmp/dir
//                  [--project-id 1] [--batch-window-ms 50] [--batch-lines 500]
//   curl -XPOST 'http://127.0.0.1:3000/jobs?job_id=local-1&spec=r2000-d60'   starts a job
//
// For each job it does what Meshwatch's live push does for a local job, minus the
// database: runs the same paced emitter as a child process (which waits for the file
// GO_DIR/go-JOB_ID before it prints), reads its stdout and stderr line
// by line, stamps each line with seq and ts (ISO-8601 UTC, microseconds) when it
// reads it, and sends the lines to the sessions subscribed to the job with the
// same batching as Meshwatch's JobFeed: the first lines after a quiet spell go out
// at once, then one batch per window (50 ms) or as soon as 500 lines wait; one line
// goes out as log_line {job_id, seq, ts, stream, level, text}, several as
// log_lines {job_id, lines: [...]}. When the emitter exits: a final system line,
// job_completed to the project's room, then log_end {job_id, last_seq}.
// Lines are NOT stored anywhere (no database, no catch-up for late subscribers).
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const readline = require('readline');
const { Server } = require('socket.io');
const { nowMicros, isoMicros } = require('./clock');

const args = {};
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
const port = Number(args.port || 3000);
const projectId = Number(args['project-id'] || 1);
const windowMs = Number(args['batch-window-ms'] || 50);
const batchLines = Number(args['batch-lines'] || 500);
const readBatch = 500; // Meshwatch's local-job pump stores up to 500 lines at a time
const projectRoom = `project:${projectId}`;
const jobs = new Map();
const children = new Set();
let sessions = 0;

function level(text) {
  if (/\b(error|fatal|exception)\b/i.test(text)) return 'ERROR';
  if (/\bwarn(ing)?\b/i.test(text)) return 'WARN';
  if (/\b(done|success(ful(ly)?)?|completed?)\b/i.test(text)) return 'SUCCESS';
  if (/\bdebug\b/i.test(text)) return 'DEBUG';
  return 'INFO';
}

class Job {
  constructor(id, spec) {
    this.id = id;
    this.spec = spec;
    this.room = `job:${id}`;
    this.status = 'RUNNING';
    this.seq = 0;
    this.windowOpen = false;
    this.pending = [];
    this.incoming = [];
    this.pumpScheduled = false;
  }

  // ---- batching, as Meshwatch's JobFeed
  dispatch(lines) {
    if (lines.length === 1) {
      io.to(this.room).emit('log_line', { job_id: this.id, ...lines[0] });
    } else {
      io.to(this.room).emit('log_lines', { job_id: this.id, lines });
    }
  }

  offer(lines) {
    if (lines.length === 0) return;
    if (!this.windowOpen) {
      this.dispatch(lines);
      this.windowOpen = true;
      setTimeout(() => this.windowClosed(), windowMs);
      return;
    }
    for (const line of lines) this.pending.push(line);
    if (this.pending.length >= batchLines) this.flushPending();
  }

  windowClosed() {
    if (this.pending.length === 0) {
      this.windowOpen = false;
    } else {
      this.flushPending();
      setTimeout(() => this.windowClosed(), windowMs);
    }
  }

  flushPending() {
    const lines = this.pending;
    this.pending = [];
    this.dispatch(lines);
  }

  flush() {
    if (this.pending.length > 0) this.flushPending();
  }

  // ---- lines as they are read, in read batches like Meshwatch's pump
  received(stream, text) {
    this.incoming.push({ seq: 0, ts: isoMicros(nowMicros()), stream, level: level(text), text });
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      setImmediate(() => this.pump());
    }
  }

  pump() {
    this.pumpScheduled = false;
    const all = this.incoming;
    this.incoming = [];
    for (let i = 0; i < all.length; i += readBatch) {
      const batch = all.slice(i, i + readBatch);
      for (const line of batch) line.seq = ++this.seq;
      this.offer(batch);
    }
  }

  start() {
    const child = spawn('python3', [args.emit, this.spec, '--go-file', path.join(args['go-dir'], `go-${this.id}`)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    readline.createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (l) => this.received('stdout', l));
    readline.createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (l) => this.received('stderr', l));
    child.on('close', (code) => {
      children.delete(child);
      this.pump();
      this.received('system', `Process exited with code ${code}`);
      this.pump();
      this.flush();
      this.status = code === 0 ? 'COMPLETED' : 'FAILED';
      if (code === 0) {
        io.to(projectRoom).emit('job_completed', { job_id: this.id, project_id: projectId, result: { success: true, exit_code: 0 } });
      } else {
        io.to(projectRoom).emit('job_failed', { job_id: this.id, project_id: projectId, error: `exit ${code}` });
      }
      io.to(this.room).emit('log_end', { job_id: this.id, last_seq: this.seq });
      console.log(`job ${this.id} ended with ${code}, last_seq ${this.seq}`);
    });
  }
}

const httpServer = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  let code = 200;
  let body;
  if (req.method === 'POST' && url.pathname === '/jobs') {
    const id = url.searchParams.get('job_id');
    const spec = url.searchParams.get('spec') || 'r2000-d60';
    if (!id || jobs.has(id) || !/^r\d+-d\d+(\.\d+)?$/.test(spec)) {
      code = 400;
      body = { error: 'bad_request', message: 'job_id missing or taken, or spec not r<rate>-d<seconds>' };
    } else {
      const job = new Job(id, spec);
      jobs.set(id, job);
      job.start();
      code = 202;
      body = { job_id: id, status: job.status };
    }
  } else {
    body = { status: 'UP', sessions, jobs: [...jobs.values()].map((j) => ({ job_id: j.id, status: j.status, last_seq: j.seq })) };
  }
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
});
const io = new Server(httpServer, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  pingInterval: 25000,
  pingTimeout: 20000,
});

io.on('connection', (socket) => {
  sessions++;
  socket.join(projectRoom);
  socket.on('subscribe_logs', (data) => {
    const job = data && jobs.get(data.job_id);
    if (!job) {
      socket.emit('error', { code: 'unknown_job', message: `No job ${data && data.job_id}` });
      return;
    }
    socket.join(job.room);
    socket.emit('subscribed', { job_id: job.id, status: job.status, last_seq: job.seq });
    if (job.status !== 'RUNNING') {
      socket.emit('log_end', { job_id: job.id, last_seq: job.seq });
    }
  });
  socket.on('unsubscribe_logs', (data) => {
    const job = data && jobs.get(data.job_id);
    if (job) socket.leave(job.room);
  });
  socket.on('disconnect', () => sessions--);
});

process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}

httpServer.listen(port, '127.0.0.1', () => {
  console.log(`socket.io server listening on 127.0.0.1:${port}, pid ${process.pid}`);
});
