"""The job's one ``log()``: every line goes to stdout at once and to CloudWatch Logs
(group ``/modal/jobs/{job_id}``, stream ``job-{job_id}``), where Meshwatch tails it.

Lines are shipped by one background thread, so the job never waits for CloudWatch:
a batch goes out a second after its first line, or as soon as it reaches
PutLogEvents' limits (10,000 events, 1,048,576 bytes counting 26 bytes per event as
AWS does, 24 hours from first to last event). Timestamps never go backwards, and one
shipper sends batches in order, so the stream is in time order as AWS requires.

Throttling, 5xx answers and connection failures are retried with backoff and jitter,
keeping the batch (and the lines behind it) until CloudWatch takes it. A CloudWatch
failure never fails the job: the lines are on stdout anyway, a warning says once that
CloudWatch is not taking them, and ``close()`` gives up after ``flush_timeout``.
"""

import os
import random
import sys
import threading
import time
from collections import deque

MAX_BATCH_EVENTS = 10_000
MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD_BYTES = 26
MAX_BATCH_SPAN_MS = 24 * 3600 * 1000
# The largest event AWS takes is 256 KiB, overhead included.
MAX_MESSAGE_BYTES = 262_144 - EVENT_OVERHEAD_BYTES
RETRYABLE_CODES = {"ThrottlingException", "ServiceUnavailableException", "InternalFailure",
                   "InternalServerException", "RequestTimeout", "RequestTimeoutException"}
THROTTLING = "ThrottlingException"


def log_group(job_id):
    return f"/modal/jobs/{job_id}"


def log_stream(job_id):
    return f"job-{job_id}"


def make_client(region):
    """A CloudWatch Logs client; AWS_ENDPOINT_URL points it elsewhere (tests), which the
    boto3 in Debian 12 does not read by itself. Retries are this module's, not botocore's."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=5, read_timeout=30)
    endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
    return boto3.client("logs", region_name=region, endpoint_url=endpoint, config=config)


def _message(text):
    data = text.encode("utf-8", "replace")
    if len(data) > MAX_MESSAGE_BYTES:
        text = data[:MAX_MESSAGE_BYTES - 20].decode("utf-8", "ignore") + " \u2026 [truncated]"
    # PutLogEvents refuses an empty message; a blank line stays a blank line in the terminal.
    return text if text else " "


def _size(message):
    return len(message.encode("utf-8")) + EVENT_OVERHEAD_BYTES


def _failure(error):
    """(code, retryable) of an exception from the client."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code", "")
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0
        return code or f"HTTP {status}", code in RETRYABLE_CODES or status >= 500
    name = type(error).__name__
    # Connection refused, timeouts, a dropped connection: CloudWatch may come back.
    retryable = any(word in name for word in ("Connection", "Timeout", "ConnectionClosed"))
    return name, retryable


class CloudWatchLog:
    """``log(line)`` to stdout and CloudWatch; ``close()`` ships what is left."""

    def __init__(self, group, stream, client, *, out=None, warn=None, interval=1.0, flush_timeout=60.0,
                 first_backoff=0.2, max_backoff=10.0, max_pending_bytes=64 * 1024 * 1024,
                 clock_ms=lambda: int(time.time() * 1000)):
        self.group = group
        self.stream = stream
        self.client = client
        self.out = out or sys.stdout
        self.warn_sink = warn or (lambda text: print(text, file=sys.stderr, flush=True))
        self.interval = interval
        self.flush_timeout = flush_timeout
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.max_pending_bytes = max_pending_bytes
        self.clock_ms = clock_ms
        self.stats = {"shipped": 0, "batches": 0, "throttled": 0, "failures": 0, "dropped": 0}
        self._pending = deque()
        self._pending_bytes = 0
        self._first_arrival = None
        self._last_ts = 0
        self._group_ready = False
        self._stream_ready = False
        self._warned = False
        self._closing = False
        self._abandon_at = None
        self._closed = threading.Event()
        self._out_lock = threading.Lock()
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="cloudwatch-log", daemon=True)
        self._thread.start()

    def log(self, line):
        text = line.rstrip("\r\n")
        message = _message(text)
        size = _size(message)
        # One lock around both, so stdout and CloudWatch get lines from several threads in one order.
        with self._out_lock:
            self.out.write(text + "\n")
            self.out.flush()
            with self._cond:
                timestamp = max(self.clock_ms(), self._last_ts)
                self._last_ts = timestamp
                first = not self._pending
                if first:
                    self._first_arrival = time.monotonic()
                self._pending.append((timestamp, message, size))
                self._pending_bytes += size
                self._drop_over_cap()
                # The shipper waits for a first line (to start its one-second clock) or a full batch.
                if first or self._full():
                    self._cond.notify_all()

    def close(self):
        """Ships what is pending, waiting at most ``flush_timeout`` seconds; True if all went."""
        with self._cond:
            self._closing = True
            self._abandon_at = time.monotonic() + self.flush_timeout
            self._cond.notify_all()
        self._closed.set()
        self._thread.join(self.flush_timeout + 5)
        with self._cond:
            left = len(self._pending)
        if left or self.stats["dropped"]:
            self.stats["dropped"] += left
            self.warn_sink(f"CloudWatch Logs: {self.stats['dropped']} lines of this job are only on stdout")
            return False
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _full(self):
        return len(self._pending) >= MAX_BATCH_EVENTS or self._pending_bytes >= MAX_BATCH_BYTES

    def _drop_over_cap(self):
        # A long outage must not eat the job's memory: the oldest unshipped lines go first.
        while self._pending_bytes > self.max_pending_bytes and len(self._pending) > 1:
            _, _, size = self._pending.popleft()
            self._pending_bytes -= size
            self.stats["dropped"] += 1

    def _take_batch(self):
        batch = []
        total = 0
        while self._pending and len(batch) < MAX_BATCH_EVENTS:
            timestamp, message, size = self._pending[0]
            if batch and (total + size > MAX_BATCH_BYTES or timestamp - batch[0]["timestamp"] >= MAX_BATCH_SPAN_MS):
                break
            self._pending.popleft()
            self._pending_bytes -= size
            total += size
            batch.append({"timestamp": timestamp, "message": message})
        self._first_arrival = time.monotonic() if self._pending else None
        return batch

    def _run(self):
        while True:
            with self._cond:
                while not self._pending and not self._closing:
                    self._cond.wait()
                if not self._pending:
                    return
                while not self._closing and not self._full():
                    left = self._first_arrival + self.interval - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                if self._past_deadline():
                    return
                batch = self._take_batch()
            self._ship(batch)

    def _past_deadline(self):
        return self._abandon_at is not None and time.monotonic() >= self._abandon_at

    def _ship(self, batch):
        if self.client is None:
            # No client could be made (reported by the caller): stdout only.
            self.stats["dropped"] += len(batch)
            return
        backoff = self.first_backoff
        while True:
            try:
                self._ensure()
                self.client.put_log_events(logGroupName=self.group, logStreamName=self.stream, logEvents=batch)
                self.stats["shipped"] += len(batch)
                self.stats["batches"] += 1
                return
            except Exception as error:  # noqa: BLE001 - whatever CloudWatch does, the job goes on
                code, retryable = _failure(error)
                if code == "ResourceNotFoundException":
                    self._group_ready = self._stream_ready = False
                    retryable = True
                elif code == THROTTLING:
                    self.stats["throttled"] += 1
                else:
                    self.stats["failures"] += 1
                    self._warn_once(f"CloudWatch Logs is not taking this job's lines ({code}); "
                                    f"they still go to stdout" + ("; retrying" if retryable else ""))
                with self._cond:
                    give_up = not retryable or self._past_deadline()
                if give_up:
                    self.stats["dropped"] += len(batch)
                    return
                wait = backoff * (0.5 + random.random() / 2)
                backoff = min(backoff * 2, self.max_backoff)
                with self._cond:
                    if self._abandon_at is not None:
                        wait = min(wait, max(0.0, self._abandon_at - time.monotonic()))
                if self._closed.is_set():
                    time.sleep(wait)
                else:
                    # close() cuts this wait short: from then on it only has until its deadline.
                    self._closed.wait(wait)

    def _ensure(self):
        # Group and stream are remembered apart: a retry after the stream's creation was
        # throttled must not spend its call on the group again.
        if not self._group_ready:
            self._create(self.client.create_log_group, logGroupName=self.group)
            self._group_ready = True
        if not self._stream_ready:
            self._create(self.client.create_log_stream, logGroupName=self.group, logStreamName=self.stream)
            self._stream_ready = True

    @staticmethod
    def _create(create, **names):
        try:
            create(**names)
        except Exception as error:  # noqa: BLE001 - "already exists" is what we want
            if _failure(error)[0] != "ResourceAlreadyExistsException":
                raise

    def _warn_once(self, text):
        if not self._warned:
            self._warned = True
            self.warn_sink(text)
