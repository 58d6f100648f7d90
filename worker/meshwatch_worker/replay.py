"""The sample job, run as the mesher when gmsh is not installed (as Meshwatch's local
runner does): replays a recorded gmsh log, ``ms<TAB>line`` with ``#`` comments, at its
recorded pace times MESHWATCH_REPLAY_SPEED (0 replays without waiting).

    python3 -m meshwatch_worker.replay RECORDING OUTPUT
"""

import os
import sys
import time

FIRST_LINE = ("Meshwatch sample job: gmsh is not installed here, so this replays a recorded gmsh log at its"
              " recorded pace. No mesh is made. Install gmsh in the worker's image to mesh for real.")


def recorded_lines(path):
    """(milliseconds since start, line) of a recording."""
    with open(path, encoding="utf-8") as recording:
        for raw in recording:
            if raw.startswith("#") or "\t" not in raw:
                continue
            due, line = raw.rstrip("\n").split("\t", 1)
            yield int(due), line


def main(argv):
    if len(argv) != 2:
        print("usage: python3 -m meshwatch_worker.replay RECORDING OUTPUT", file=sys.stderr)
        return 2
    speed = float(os.environ.get("MESHWATCH_REPLAY_SPEED", "1"))
    print(FIRST_LINE, flush=True)
    start = time.monotonic()
    for due, line in recorded_lines(argv[0]):
        if speed > 0:
            wait = due / 1000 / speed - (time.monotonic() - start)
            if wait > 0:
                time.sleep(wait)
        print(line, flush=True)
    with open(argv[1], "w", encoding="utf-8") as output:
        output.write("Meshwatch sample job: no mesh was made.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
