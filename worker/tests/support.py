"""What the worker's tests share: the import path, the shared signature vectors, a fake
CloudWatch Logs client, a local webhook receiver, and the CloudWatch stand-in's address."""

import http.server
import json
import os
import socket
import sys
import threading
import time
import unittest
from pathlib import Path

WORKER_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = WORKER_DIR.parent
RECORDING = REPO_DIR / "src" / "main" / "resources" / "samples" / "gmsh-bracket.rec"
VECTORS = REPO_DIR / "src" / "test" / "resources" / "webhook-vectors.json"
if str(WORKER_DIR) not in sys.path:
    sys.path.insert(0, str(WORKER_DIR))

WAIT = 20.0


def vectors():
    with open(VECTORS, encoding="utf-8") as source:
        return json.load(source)["vectors"]


def standin_endpoint(variable="AWS_ENDPOINT_URL"):
    """The CloudWatch stand-in the JUnit runner started, or a skip when run alone.

    WorkerPythonTest sets MESHWATCH_REQUIRE_STANDIN so a missing address fails there."""
    endpoint = os.environ.get(variable)
    if not endpoint:
        if os.environ.get("MESHWATCH_REQUIRE_STANDIN"):
            raise AssertionError(f"{variable} is not set although the stand-in is required")
        raise unittest.SkipTest(f"{variable} not set: run through WorkerPythonTest (mvn test) for the stand-in")
    return endpoint


def closed_port():
    """A local port nobody listens on: connections to it are refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout=WAIT, what="the condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout} s")
        time.sleep(0.01)


def client_error(code, status=400, operation="PutLogEvents"):
    from botocore.exceptions import ClientError

    return ClientError({"Error": {"Code": code, "Message": f"injected {code}"},
                        "ResponseMetadata": {"HTTPStatusCode": status}}, operation)


class FakeLogsClient:
    """Records what a CloudWatch Logs client is asked; ``put_errors`` are raised first, in order."""

    def __init__(self, put_errors=(), events=None):
        self.put_errors = list(put_errors)
        self.batches = []
        self.created = []
        self.lock = threading.Lock()
        self.events = events if events is not None else []

    def create_log_group(self, logGroupName):
        self.created.append(("group", logGroupName))

    def create_log_stream(self, logGroupName, logStreamName):
        self.created.append(("stream", logGroupName, logStreamName))

    def put_log_events(self, logGroupName, logStreamName, logEvents):
        with self.lock:
            if self.put_errors:
                raise self.put_errors.pop(0)
            self.batches.append(list(logEvents))
            self.events.append(("put", len(logEvents)))

    def messages(self):
        with self.lock:
            return [e["message"] for batch in self.batches for e in batch]


class Receiver:
    """A local webhook receiver: answers ``statuses`` in order (then 200), records every delivery."""

    def __init__(self, statuses=(), delays=(), events=None):
        self.statuses = list(statuses)
        self.delays = list(delays)
        self.deliveries = []
        self.events = events if events is not None else []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                # Header names as sent (urllib capitalizes them), looked up ignoring case.
                receiver.deliveries.append((self.headers, body))
                receiver.events.append(("callback", len(receiver.deliveries)))
                delay = receiver.delays.pop(0) if receiver.delays else 0
                if delay:
                    time.sleep(delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                answer = b'{"status":"applied"}' if status == 200 else b'{"error":"scripted"}'
                try:
                    self.send_response(status)
                    if status == 429:
                        self.send_header("Retry-After", "0")
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the client gave up waiting (a timeout test)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/webhooks/modal"

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def recording_lines():
    from meshwatch_worker.replay import recorded_lines

    return [line for _, line in recorded_lines(RECORDING)]
