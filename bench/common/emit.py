#!/usr/bin/env python3
"""Paced log emitter: the "mesh job" of the WebSocket and Socket.IO benchmarks.

    emit.py SPEC [--go-file PATH] [--go-timeout SECONDS]

SPEC is "r<lines per second>-d<seconds>", e.g. r2000-d60 (it fits Meshwatch's
strategy pattern, so MESHWATCH_LOCAL_COMMAND can pass it as {strategy}).

With --go-file the emitter prints nothing until that file exists (the client
creates it once every connection is subscribed), so all clients see the whole
log live. Lines are written on an absolute schedule in 10 ms ticks and flushed
each tick, so the rate does not drift. Exit 0 when done; 3 if the go file never
appeared. Needs only the Python 3 standard library.
"""
import argparse
import os
import re
import sys
import time

TICK = 0.010


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("spec")
    parser.add_argument("--go-file")
    parser.add_argument("--go-timeout", type=float, default=900.0)
    args = parser.parse_args()
    match = re.fullmatch(r"r(\d+)-d(\d+(?:\.\d+)?)", args.spec)
    if not match:
        print(f"bad spec {args.spec!r}: want r<rate>-d<seconds>", file=sys.stderr)
        return 2
    rate = int(match.group(1))
    duration = float(match.group(2))
    total = int(round(rate * duration))

    if args.go_file:
        deadline = time.monotonic() + args.go_timeout
        while not os.path.exists(args.go_file):
            if time.monotonic() > deadline:
                print(f"go file {args.go_file} never appeared", file=sys.stderr)
                return 3
            time.sleep(0.005)

    out = sys.stdout
    start = time.monotonic()
    written = 0
    tick = 0
    while written < total:
        tick += 1
        due = min(total, int(rate * TICK * tick))
        chunk = []
        while written < due:
            written += 1
            chunk.append(
                f"Info    : [bench] Meshing 3D volume, line {written} of {total}"
                f" ({100.0 * written / total:5.1f} %), elements {written * 37}, worst quality 0.{written % 997:03d}\n")
        if chunk:
            out.write("".join(chunk))
            out.flush()
        sleep = start + tick * TICK - time.monotonic()
        if sleep > 0:
            time.sleep(sleep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
