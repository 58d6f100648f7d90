import io
import unittest

import support
from botocore.exceptions import EndpointConnectionError
from meshwatch_worker import cloudwatch_log
from meshwatch_worker.cloudwatch_log import CloudWatchLog


def sink(client, **options):
    out = io.StringIO()
    warnings = []
    options.setdefault("interval", 60.0)  # only full batches or close() ship, unless a test says otherwise
    options.setdefault("first_backoff", 0.01)
    log = CloudWatchLog("/modal/jobs/modal-t", "job-modal-t", client, out=out, warn=warnings.append, **options)
    return log, out, warnings


def batch_bytes(batch):
    return sum(len(e["message"].encode("utf-8")) + 26 for e in batch)


class BatchingTest(unittest.TestCase):

    def test_a_batch_holds_at_most_10000_events(self):
        client = support.FakeLogsClient()
        log, _, _ = sink(client)
        for i in range(25_000):
            log.log(f"line {i}")
        self.assertTrue(log.close())
        self.assertEqual([10_000, 10_000, 5_000], [len(b) for b in client.batches])
        self.assertEqual([f"line {i}" for i in range(25_000)], client.messages())

    def test_a_batch_holds_at_most_one_megabyte_counting_26_bytes_an_event(self):
        client = support.FakeLogsClient()
        log, _, _ = sink(client)
        line = "x" * 9_974  # 10,000 bytes with the overhead
        for _ in range(300):
            log.log(line)
        self.assertTrue(log.close())
        sizes = [batch_bytes(b) for b in client.batches]
        self.assertTrue(all(size <= 1_048_576 for size in sizes), sizes)
        self.assertEqual(104, len(client.batches[0]), "as many as fit")
        self.assertEqual(300, len(client.messages()))

    def test_a_batch_goes_out_a_second_after_its_first_line_without_waiting_for_more(self):
        client = support.FakeLogsClient()
        log, _, _ = sink(client, interval=0.2)
        log.log("alone")
        support.wait_until(lambda: client.batches, what="a batch shipped before close")
        self.assertEqual(["alone"], client.messages())
        log.close()

    def test_timestamps_never_go_backwards_even_when_the_clock_does(self):
        times = iter([5_000, 4_000, 4_500, 6_000, 1_000])
        client = support.FakeLogsClient()
        log, _, _ = sink(client, clock_ms=lambda: next(times))
        for i in range(5):
            log.log(f"line {i}")
        log.close()
        stamps = [e["timestamp"] for b in client.batches for e in b]
        self.assertEqual([5_000, 5_000, 5_000, 6_000, 6_000], stamps)

    def test_a_batch_never_spans_24_hours(self):
        day = 24 * 3600 * 1000
        times = iter([0, 1, day - 1, day, day + 5])
        client = support.FakeLogsClient()
        log, _, _ = sink(client, clock_ms=lambda: next(times))
        for i in range(5):
            log.log(f"line {i}")
        log.close()
        self.assertEqual([3, 2], [len(b) for b in client.batches])

    def test_every_line_goes_to_stdout_and_an_over_long_one_is_cut_for_cloudwatch(self):
        client = support.FakeLogsClient()
        log, out, _ = sink(client)
        log.log("first\n")
        log.log("")
        log.log("y" * 300_000)
        log.close()
        self.assertEqual(["first", "", "y" * 300_000], out.getvalue().split("\n")[:-1])
        first, blank, long = client.messages()
        self.assertEqual("first", first)
        self.assertEqual(" ", blank, "PutLogEvents refuses an empty message")
        self.assertLessEqual(len(long.encode("utf-8")) + 26, 262_144)
        self.assertTrue(long.endswith("[truncated]"))

    def test_group_and_stream_are_created_once(self):
        client = support.FakeLogsClient()
        log, _, _ = sink(client, interval=0.05)
        log.log("a")
        support.wait_until(lambda: client.batches)
        log.log("b")
        log.close()
        self.assertEqual([("group", "/modal/jobs/modal-t"), ("stream", "/modal/jobs/modal-t", "job-modal-t")],
                         client.created)


class FailureTest(unittest.TestCase):

    def test_throttling_is_retried_until_the_batch_goes_in_and_warns_nothing(self):
        throttled = [support.client_error("ThrottlingException")] * 3
        client = support.FakeLogsClient(put_errors=throttled)
        log, _, warnings = sink(client)
        for i in range(10):
            log.log(f"line {i}")
        self.assertTrue(log.close())
        self.assertEqual([f"line {i}" for i in range(10)], client.messages())
        self.assertEqual(3, log.stats["throttled"])
        self.assertEqual([], warnings)

    def test_a_vanished_log_stream_is_created_again(self):
        client = support.FakeLogsClient(put_errors=[support.client_error("ResourceNotFoundException")])
        log, _, _ = sink(client)
        log.log("line")
        self.assertTrue(log.close())
        self.assertEqual(["line"], client.messages())
        self.assertEqual(4, len(client.created))

    def test_an_outage_that_ends_loses_nothing_and_warns_once(self):
        down = [EndpointConnectionError(endpoint_url="http://logs")] * 5 + [support.client_error("InternalFailure", 500)]
        client = support.FakeLogsClient(put_errors=down)
        log, _, warnings = sink(client, interval=0.01)
        for i in range(50):
            log.log(f"line {i}")
        self.assertTrue(log.close())
        self.assertEqual([f"line {i}" for i in range(50)], client.messages())
        self.assertEqual(1, len(warnings), warnings)
        self.assertIn("EndpointConnectionError", warnings[0])

    def test_an_outage_that_lasts_keeps_stdout_whole_and_close_gives_up_in_time(self):
        down = [EndpointConnectionError(endpoint_url="http://logs")] * 10_000
        client = support.FakeLogsClient(put_errors=down)
        log, out, warnings = sink(client, interval=0.01, flush_timeout=0.5)
        for i in range(100):
            log.log(f"line {i}")
        self.assertFalse(log.close())
        self.assertEqual([f"line {i}" for i in range(100)], out.getvalue().split("\n")[:-1])
        self.assertEqual([], client.messages())
        self.assertEqual(2, len(warnings), "one when it started failing, one count at the end: " + str(warnings))
        self.assertIn("100 lines", warnings[1])

    def test_a_refused_batch_is_dropped_and_the_next_ones_still_go(self):
        client = support.FakeLogsClient(put_errors=[support.client_error("InvalidParameterException")])
        log, _, warnings = sink(client, interval=0.01)
        log.log("refused")
        support.wait_until(lambda: log.stats["dropped"] == 1)
        log.log("taken")
        self.assertFalse(log.close())
        self.assertEqual(["taken"], client.messages())
        self.assertIn("InvalidParameterException", warnings[0])

    def test_without_a_client_lines_go_to_stdout_only(self):
        log, out, _ = sink(None)
        log.log("only here")
        self.assertFalse(log.close())
        self.assertEqual("only here\n", out.getvalue())


class NamesTest(unittest.TestCase):

    def test_group_and_stream_names_follow_the_contract(self):
        self.assertEqual("/modal/jobs/modal-42", cloudwatch_log.log_group("modal-42"))
        self.assertEqual("job-modal-42", cloudwatch_log.log_stream("modal-42"))


if __name__ == "__main__":
    unittest.main()
