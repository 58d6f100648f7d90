import io
import json
import os
import stat
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import support
from meshwatch_worker import job
from meshwatch_worker.replay import FIRST_LINE

SECRET = "job-test-secret"
JOB_ID = "modal-0b9d2c4e-1f3a-4c5b-9d8e-6a7b8c9d0e1f"


def launch(callback_url, **extra):
    body = {"job_id": JOB_ID, "project_id": 7, "strategy": "tetrahedral", "params": {"geometry": "bracket"},
            "geometry": {"name": "bracket", "geo": "Point(1) = {0, 0, 0};\n"}, "callback_url": callback_url,
            "log_group": f"/modal/jobs/{JOB_ID}", "log_stream": f"job-{JOB_ID}", "aws_region": "us-west-1"}
    body.update(extra)
    return body


def fake_gmsh(directory, script):
    path = Path(directory) / "gmsh"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


class JobTest(unittest.TestCase):

    def setUp(self):
        environment = {"MESHWATCH_REPLAY_SPEED": "0", "MESHWATCH_CALLBACK_MAX_SECONDS": "5"}
        patcher = mock.patch.dict(os.environ, environment)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.out = io.StringIO()
        self.warnings = []

    def run_job(self, body, client, **options):
        options.setdefault("gmsh", "")
        workdir = tempfile.TemporaryDirectory()
        self.addCleanup(workdir.cleanup)
        return job.run(body, SECRET, client=client, workdir=workdir.name, out=self.out, warn=self.warnings.append,
                       interval=0.05, flush_timeout=2.0, **options)

    def test_a_replayed_job_ships_every_line_in_order_then_calls_back_completed_with_metrics(self):
        order = []
        client = support.FakeLogsClient(events=order)
        with support.Receiver(events=order) as receiver:
            payload = self.run_job(launch(receiver.url), client)
            delivered = json.loads(receiver.deliveries[0][1])
        shipped = client.messages()
        self.assertEqual([FIRST_LINE] + support.recording_lines(), shipped[1:-1])
        self.assertTrue(shipped[0].startswith(f"Meshwatch worker: job {JOB_ID}"), shipped[0])
        self.assertEqual(shipped, self.out.getvalue().split("\n")[:-1], "stdout has the same lines")
        self.assertEqual("callback", order[-1][0], "the callback comes after the last line was shipped")
        self.assertEqual(payload, delivered)
        self.assertEqual("completed", delivered["status"])
        self.assertIsNone(delivered["error"])
        result = delivered["result"]
        self.assertEqual("tetrahedral", result["strategy"])
        self.assertEqual("the sample replay", result["mesher"])
        self.assertTrue(Path(result["output_path"]).is_file(), "the mesh outlives the job run")
        self.assertEqual(385615, result["quality_metrics"]["elements"])
        self.assertEqual(0.27354, result["quality_metrics"]["min_quality"])
        self.assertEqual([], self.warnings)

    def test_a_cloudwatch_outage_during_the_job_fails_nothing_and_stdout_has_every_line(self):
        endpoint = f"http://127.0.0.1:{support.closed_port()}"
        with mock.patch.dict(os.environ, {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test",
                                          "AWS_SECRET_ACCESS_KEY": "test"}):
            with support.Receiver() as receiver:
                payload = self.run_job(launch(receiver.url), None)
                delivered = json.loads(receiver.deliveries[0][1])
        self.assertEqual("completed", payload["status"])
        self.assertEqual("completed", delivered["status"])
        printed = self.out.getvalue().split("\n")[:-1]
        self.assertEqual([FIRST_LINE] + support.recording_lines(), printed[1:-1])
        self.assertEqual(2, len(self.warnings), self.warnings)
        self.assertIn("not taking", self.warnings[0])

    def test_a_failing_mesher_fails_the_job_with_its_exit_code_and_last_lines(self):
        with tempfile.TemporaryDirectory() as bin_dir:
            gmsh = fake_gmsh(bin_dir, 'echo "Info    : Reading input.geo"\necho "Error   : Unknown curve 7" >&2\nexit 3\n')
            with support.Receiver() as receiver:
                self.run_job(launch(receiver.url), support.FakeLogsClient(), gmsh=gmsh)
                delivered = json.loads(receiver.deliveries[0][1])
        self.assertEqual("failed", delivered["status"])
        self.assertIsNone(delivered["result"])
        self.assertIn("gmsh exited with code 3", delivered["error"])
        self.assertIn("Error   : Unknown curve 7", delivered["error"])

    def test_gmsh_gets_the_strategy_as_its_3d_algorithm_and_none_of_the_secrets(self):
        script = ('echo "args: $*"\n'
                  'echo "secrets: ${MODAL_WEBHOOK_SECRET:-none} ${AWS_SECRET_ACCESS_KEY:-none}"\n'
                  'echo "Info    : 10 nodes 20 elements"\n'
                  'touch "$4"\n')
        secrets = {"MODAL_WEBHOOK_SECRET": SECRET, "AWS_SECRET_ACCESS_KEY": "aws-secret"}
        with tempfile.TemporaryDirectory() as bin_dir, mock.patch.dict(os.environ, secrets):
            gmsh = fake_gmsh(bin_dir, script)
            client = support.FakeLogsClient()
            with support.Receiver() as receiver:
                payload = self.run_job(launch(receiver.url, strategy="hxt"), client, gmsh=gmsh)
        lines = client.messages()
        self.assertIn("secrets: none none", lines)
        self.assertTrue(any(line.startswith("args: ") and line.endswith("-3 -o " + payload["result"]["output_path"]
                                                                        + " -algo hxt") for line in lines), lines)
        self.assertEqual({"nodes": 10, "elements": 20, "warnings": 0, "errors": 0},
                         payload["result"]["quality_metrics"])
        self.assertEqual("gmsh", payload["result"]["mesher"])

    def test_with_a_bucket_the_mesh_is_uploaded_and_its_path_reported(self):
        uploads = []

        class FakeS3:
            def upload_file(self, path, bucket, key):
                uploads.append((Path(path).read_text(), bucket, key))

        with mock.patch.dict(os.environ, {"MESHWATCH_OUTPUT_BUCKET": "meshes", "MESHWATCH_OUTPUT_PREFIX": "out/"}):
            with support.Receiver() as receiver:
                payload = self.run_job(launch(receiver.url), support.FakeLogsClient(), s3=FakeS3())
        key = f"out/project-7/{JOB_ID}/mesh.msh"
        self.assertEqual(f"s3://meshes/{key}", payload["result"]["s3_output_path"])
        self.assertEqual([("Meshwatch sample job: no mesh was made.\n", "meshes", key)], uploads)

    def test_a_launch_without_what_a_job_needs_is_refused_before_anything_runs(self):
        for bad in ({"job_id": "../etc"}, {"callback_url": "file:///etc/passwd"}, {"geometry": {"name": "x"}}):
            with self.subTest(bad):
                with self.assertRaises(job.LaunchInvalid):
                    body = launch("http://127.0.0.1:1/api/webhooks/modal")
                    body.update(bad)
                    job.validate(body)


if __name__ == "__main__":
    unittest.main()
