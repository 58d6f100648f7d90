#!/usr/bin/env python3
"""A stand-in for the Modal launch endpoint: answers every POST with
{"call_id": "fc-<hex>"} at once, so Meshwatch's Modal jobs become RUNNING.

    modal_stub.py PORT

Listens on 127.0.0.1 only. GET /health answers {"launches": N}.
"""
import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

launches = 0
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, code, payload):
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        global launches
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with lock:
            launches += 1
        self._answer(200, {"call_id": "fc-" + uuid.uuid4().hex})

    def do_GET(self):
        self._answer(200, {"launches": launches})

    def log_message(self, *args):
        pass


def main():
    port = int(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
