"""One mesh job, from Meshwatch's launch request to its completion callback.

Runs the mesher as a subprocess (gmsh when it is on the PATH, else the sample replay),
sends every line it prints through the one ``log()`` (stdout and CloudWatch), reads the
quality metrics from those lines, optionally uploads the mesh to S3, and then calls
back ``callback_url``, signed. The callback goes out after the log was flushed, so the
lines are in CloudWatch before Meshwatch hears that the job ended.

    python3 -m meshwatch_worker.job [LAUNCH_JSON_FILE]     (default: stdin)

Environment: MODAL_WEBHOOK_SECRET (required), AWS_ENDPOINT_URL, AWS credentials,
MESHWATCH_OUTPUT_BUCKET / MESHWATCH_OUTPUT_PREFIX (upload the mesh), MESHWATCH_CALLBACK_MAX_SECONDS
(default 3600), MESHWATCH_GMSH, MESHWATCH_SAMPLE_RECORDING, MESHWATCH_REPLAY_SPEED.
"""

import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import webhook
from .cloudwatch_log import CloudWatchLog, log_group, log_stream, make_client
from .gmsh_metrics import GmshMetrics

JOB_ID = re.compile(r"modal-[A-Za-z0-9-]{1,58}")
GMSH_3D_ALGORITHMS = {"del3d", "initial3d", "frontal3d", "mmg3d", "hxt"}
DEFAULT_RECORDING = Path(__file__).resolve().parents[2] / "src" / "main" / "resources" / "samples" / "gmsh-bracket.rec"
# The mesher must not see the worker's secrets, whatever geometry it is handed.
SECRET_VARIABLES = {"MODAL_WEBHOOK_SECRET", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "MODAL_TOKEN_SECRET"}
STDERR_TAIL = 10


class LaunchInvalid(ValueError):
    """The launch request lacks what a job needs."""


def validate(launch):
    job_id = launch.get("job_id")
    if not isinstance(job_id, str) or not JOB_ID.fullmatch(job_id):
        raise LaunchInvalid("job_id must be a Modal job id such as modal-<uuid>")
    url = launch.get("callback_url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise LaunchInvalid("callback_url must be an http(s) URL")
    geometry = launch.get("geometry") or {}
    if not isinstance(geometry.get("geo"), str) or not geometry["geo"].strip():
        raise LaunchInvalid("geometry.geo must hold the .geo file's text")
    return job_id


def mesher_command(input_path, output_path, strategy, gmsh=None, recording=None):
    """(argv, description): gmsh when there is one, else the sample replay.

    MESHWATCH_GMSH names the gmsh to run, or ``none`` for the replay (tests that expect the
    recording's output); unset, gmsh is looked for on the PATH."""
    if gmsh is None:
        chosen = os.environ.get("MESHWATCH_GMSH")
        gmsh = "" if chosen == "none" else chosen or shutil.which("gmsh")
    if gmsh:
        argv = [gmsh, str(input_path), "-3", "-o", str(output_path)]
        if strategy in GMSH_3D_ALGORITHMS:
            argv += ["-algo", strategy]
        return argv, "gmsh"
    recording = recording or os.environ.get("MESHWATCH_SAMPLE_RECORDING") or str(DEFAULT_RECORDING)
    return [sys.executable, "-m", "meshwatch_worker.replay", recording, str(output_path)], "the sample replay"


def _mesher_environment():
    env = {name: value for name, value in os.environ.items() if name not in SECRET_VARIABLES}
    # The replay runs as ``-m meshwatch_worker.replay``: it must find this package.
    package_root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = package_root + os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else package_root
    return env


def run_mesher(argv, workdir, log):
    """Runs the mesher, every line through ``log``; returns (exit code, metrics, last lines)."""
    metrics = GmshMetrics()
    last = collections.deque(maxlen=STDERR_TAIL)
    process = subprocess.Popen(argv, cwd=workdir, env=_mesher_environment(), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                               errors="replace", bufsize=1)
    with process:
        for line in process.stdout:
            log.log(line)
            metrics.add(line)
            last.append(line.rstrip("\n"))
    return process.returncode, metrics.result(), list(last)


def upload(output_path, launch, bucket, prefix="", s3=None):
    """Uploads the mesh; returns its s3:// path."""
    if s3 is None:
        import boto3
        s3 = boto3.client("s3", region_name=launch.get("aws_region"))
    key = f"{prefix}project-{launch.get('project_id')}/{launch['job_id']}/mesh.msh"
    s3.upload_file(str(output_path), bucket, key)
    return f"s3://{bucket}/{key}"


def mesh(launch, log, workdir, *, gmsh=None, s3=None):
    """Runs the job's mesher in ``workdir``; returns the callback payload (completed or failed)."""
    job_id = launch["job_id"]
    strategy = launch.get("strategy") or "tetrahedral"
    geometry = launch.get("geometry") or {}
    input_path = Path(workdir) / "input.geo"
    output_path = Path(workdir) / "mesh.msh"
    input_path.write_text(geometry["geo"], encoding="utf-8")
    argv, mesher = mesher_command(input_path, output_path, strategy, gmsh=gmsh)
    log.log(f"Meshwatch worker: job {job_id}, strategy {strategy}, geometry "
            f"{geometry.get('name') or 'inline'}, meshing with {mesher}")
    try:
        code, metrics, last = run_mesher(argv, workdir, log)
    except OSError as e:
        return failed(job_id, f"The mesher could not start: {e}")
    if code != 0:
        return failed(job_id, f"{mesher} exited with code {code}: " + "\n".join(last))
    result = {"success": True, "s3_output_path": None, "output_path": str(output_path), "strategy": strategy,
              "quality_metrics": metrics, "mesher": mesher}
    bucket = os.environ.get("MESHWATCH_OUTPUT_BUCKET")
    if bucket:
        try:
            result["s3_output_path"] = upload(output_path, launch, bucket,
                                              os.environ.get("MESHWATCH_OUTPUT_PREFIX", ""), s3)
        except Exception as e:  # noqa: BLE001 - the job then failed, and says why
            return failed(job_id, f"The mesh was made but its upload to s3://{bucket} failed: {e}")
    log.log(f"Meshwatch worker: done, {metrics.get('elements', '?')} elements, "
            f"worst quality {metrics.get('min_quality', '?')}")
    return {"job_id": job_id, "status": "completed", "result": result, "error": None}


def failed(job_id, error):
    return {"job_id": job_id, "status": "failed", "result": None, "error": error}


def run(launch, secret, *, client=None, gmsh=None, s3=None, workdir=None, deliver=webhook.deliver, **log_options):
    """The whole job: mesh with the log shipped, flush the log, call back. Returns the payload.

    The work directory is kept (the mesh in it is the output when nothing uploads it)."""
    job_id = validate(launch)
    if client is None:
        try:
            client = make_client(launch.get("aws_region"))
        except Exception as e:  # noqa: BLE001 - without CloudWatch the job still runs, on stdout
            _say(f"CloudWatch Logs is not available ({type(e).__name__}); lines go to stdout only")
    log = CloudWatchLog(launch.get("log_group") or log_group(job_id), launch.get("log_stream") or log_stream(job_id),
                        client, **log_options)
    try:
        payload = mesh(launch, log, workdir or tempfile.mkdtemp(prefix=f"{job_id}-"), gmsh=gmsh, s3=s3)
    except Exception as e:  # noqa: BLE001 - Meshwatch must hear of any failure, not wait for its sweep
        payload = failed(job_id, f"The worker failed: {type(e).__name__}: {e}")
    if payload["status"] == "failed":
        log.log(f"Meshwatch worker: job failed: {payload['error']}")
    log.close()
    max_seconds = float(os.environ.get("MESHWATCH_CALLBACK_MAX_SECONDS", webhook.DEFAULT_MAX_ELAPSED))
    # stdout holds the job's log lines only; what the worker says about itself goes to stderr.
    deliver(launch["callback_url"], payload, secret, max_elapsed=max_seconds, say=_say)
    return payload


def _say(text):
    print(text, file=sys.stderr, flush=True)


def main(argv):
    try:
        if argv:
            with open(argv[0], encoding="utf-8") as source:
                launch = json.load(source)
        else:
            launch = json.load(sys.stdin)
        secret = webhook.first_secret(os.environ.get("MODAL_WEBHOOK_SECRET"))
        run(launch, secret)
    except (LaunchInvalid, ValueError) as e:
        _say(f"meshwatch worker: {e}")
        return 2
    except (webhook.WebhookRejected, webhook.WebhookGaveUp) as e:
        _say(f"meshwatch worker: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
