"""The worker against the CloudWatch Logs stand-in (Java, started by WorkerPythonTest) over
real HTTP with boto3: what the tail in Meshwatch will read is what the worker wrote."""

import json
import os
import subprocess
import sys
import unittest
import uuid
from unittest import mock

import support
from meshwatch_worker import cloudwatch_log
from meshwatch_worker.cloudwatch_log import CloudWatchLog
from meshwatch_worker.replay import FIRST_LINE


def reader(endpoint):
    import boto3
    from botocore.config import Config

    # The reader may retry (the throttling stand-in throttles it too); the writer under test does not.
    return boto3.client("logs", region_name="us-west-1", endpoint_url=endpoint, aws_access_key_id="test",
                        aws_secret_access_key="test", config=Config(retries={"mode": "standard",
                                                                              "total_max_attempts": 10}))


def read_all(endpoint, group, stream):
    client = reader(endpoint)
    try:
        return _read_all(client, group, stream)
    finally:
        client.close()


def _read_all(client, group, stream):
    events = []
    token = None
    while True:
        request = {"logGroupName": group, "logStreamName": stream, "startFromHead": True}
        if token:
            request["nextToken"] = token
        page = client.get_log_events(**request)
        events += page["events"]
        if page["nextForwardToken"] == token:
            return events
        token = page["nextForwardToken"]


def new_job_id():
    return f"modal-{uuid.uuid4()}"


class StandInTest(unittest.TestCase):

    def ship(self, endpoint, lines):
        job_id = new_job_id()
        group, stream = cloudwatch_log.log_group(job_id), cloudwatch_log.log_stream(job_id)
        with mock.patch.dict(os.environ, {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test",
                                          "AWS_SECRET_ACCESS_KEY": "test"}):
            client = cloudwatch_log.make_client("us-west-1")
        warnings = []
        with open(os.devnull, "w") as devnull:
            log = CloudWatchLog(group, stream, client, out=devnull, warn=warnings.append, interval=0.1,
                                first_backoff=0.01, flush_timeout=30)
            for line in lines:
                log.log(line)
            self.assertTrue(log.close(), warnings)
        client.close()
        return read_all(endpoint, group, stream), log, warnings

    def test_every_line_lands_in_order_in_a_group_the_worker_created(self):
        endpoint = support.standin_endpoint()
        lines = [f"short line {i}" for i in range(12_000)] + ["z" * 10_000 + f" {i}" for i in range(200)]
        events, log, warnings = self.ship(endpoint, lines)
        self.assertEqual(lines, [e["message"] for e in events])
        stamps = [e["timestamp"] for e in events]
        self.assertEqual(sorted(stamps), stamps)
        # 12,200 events and 2 MB need three batches at least; the stand-in refuses any over the limits.
        self.assertGreaterEqual(log.stats["batches"], 3)
        self.assertEqual([], warnings)

    def test_throttling_is_retried_and_nothing_is_lost_or_doubled(self):
        endpoint = support.standin_endpoint("MESHWATCH_TEST_THROTTLING_ENDPOINT")
        lines = [f"line {i}" for i in range(3_000)]
        events, log, warnings = self.ship(endpoint, lines)
        self.assertEqual(lines, [e["message"] for e in events])
        self.assertGreater(log.stats["throttled"], 0)
        self.assertEqual([], warnings, "throttling is normal, not worth a warning")

    def test_the_job_command_ships_its_lines_and_calls_back_as_the_launch_says(self):
        endpoint = support.standin_endpoint()
        job_id = new_job_id()
        secret = "standin-secret"
        with support.Receiver() as receiver:
            launch = {"job_id": job_id, "project_id": 3, "strategy": "tetrahedral", "params": {},
                      "geometry": {"name": "bracket", "geo": "Point(1) = {0, 0, 0};\n"},
                      "callback_url": receiver.url, "log_group": cloudwatch_log.log_group(job_id),
                      "log_stream": cloudwatch_log.log_stream(job_id), "aws_region": "us-west-1"}
            env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                       MODAL_WEBHOOK_SECRET=secret, MESHWATCH_REPLAY_SPEED="0", MESHWATCH_GMSH="none")
            done = subprocess.run([sys.executable, "-m", "meshwatch_worker.job"], input=json.dumps(launch),
                                  capture_output=True, text=True, cwd=support.WORKER_DIR, env=env, timeout=120)
            self.assertEqual(0, done.returncode, done.stderr)
            delivered = json.loads(receiver.deliveries[0][1])
        printed = done.stdout.split("\n")[:-1]
        self.assertIn(FIRST_LINE, printed)
        events = read_all(endpoint, launch["log_group"], launch["log_stream"])
        self.assertEqual(printed, [e["message"] for e in events])
        self.assertEqual("completed", delivered["status"])
        self.assertEqual(66124, delivered["result"]["quality_metrics"]["nodes"])
        self.assertNotIn(secret, done.stdout + done.stderr)


if __name__ == "__main__":
    unittest.main()
