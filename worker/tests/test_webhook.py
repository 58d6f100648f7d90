import hashlib
import hmac
import json
import unittest

import support
from meshwatch_worker import webhook

SECRET = "it-secret-one"
PAYLOAD = {"job_id": "modal-1", "status": "completed", "result": {"success": True}, "error": None}


def deliver(url, **options):
    said = []
    options.setdefault("first_backoff", 0.01)
    attempts = webhook.deliver(url, PAYLOAD, SECRET, say=said.append, **options)
    return attempts, said


class SignatureTest(unittest.TestCase):

    def test_both_schemes_match_the_vectors_meshwatch_verifies(self):
        for vector in support.vectors():
            with self.subTest(vector["name"]):
                headers = webhook.sign(vector["body"].encode("utf-8"), vector["secret"], vector["webhook_id"],
                                       vector["timestamp"])
                self.assertEqual(vector["x_modal_signature"], headers["X-Modal-Signature"])
                self.assertEqual(vector["webhook_signature"], headers["webhook-signature"])
                self.assertEqual(vector["webhook_id"], headers["webhook-id"])
                self.assertEqual(str(vector["timestamp"]), headers["webhook-timestamp"])

    def test_the_first_secret_of_a_rotation_list_signs(self):
        self.assertEqual("new-secret", webhook.first_secret(" new-secret , old-secret"))
        with self.assertRaises(ValueError):
            webhook.first_secret(" , ")


class DeliveryTest(unittest.TestCase):

    def test_a_500_is_retried_with_the_same_id_and_body_and_each_attempt_signed(self):
        with support.Receiver(statuses=[500, 502]) as receiver:
            attempts, said = deliver(receiver.url)
        self.assertEqual(3, attempts)
        self.assertEqual(3, len(receiver.deliveries))
        ids = {headers["webhook-id"] for headers, _ in receiver.deliveries}
        bodies = {body for _, body in receiver.deliveries}
        self.assertEqual(1, len(ids), "one webhook-id across retries")
        self.assertEqual(1, len(bodies), "the same bytes every time")
        body = bodies.pop()
        self.assertEqual(PAYLOAD, json.loads(body))
        for headers, _ in receiver.deliveries:
            expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            self.assertEqual("sha256=" + expected, headers["X-Modal-Signature"])
            self.assertEqual(webhook.sign(body, SECRET, headers["webhook-id"], headers["webhook-timestamp"]),
                             {name: headers[name] for name in ("X-Modal-Signature", "webhook-id",
                                                               "webhook-timestamp", "webhook-signature")})
        self.assertFalse(any(SECRET in line for line in said), said)

    def test_a_4xx_stops_at_once(self):
        with support.Receiver(statuses=[401]) as receiver:
            with self.assertRaises(webhook.WebhookRejected) as raised:
                deliver(receiver.url)
        self.assertEqual(1, len(receiver.deliveries))
        self.assertIn("401", str(raised.exception))

    def test_a_409_for_an_ended_job_stops_too(self):
        with support.Receiver(statuses=[409]) as receiver:
            with self.assertRaises(webhook.WebhookRejected):
                deliver(receiver.url)
        self.assertEqual(1, len(receiver.deliveries))

    def test_429_is_retried(self):
        with support.Receiver(statuses=[429, 429]) as receiver:
            attempts, _ = deliver(receiver.url)
        self.assertEqual(3, attempts)

    def test_an_attempt_that_times_out_is_retried(self):
        with support.Receiver(delays=[1.5]) as receiver:
            attempts, said = deliver(receiver.url, attempt_timeout=0.3)
        self.assertEqual(2, attempts)
        self.assertEqual(2, len(receiver.deliveries))
        self.assertIn("timed out", said[0])

    def test_a_refused_connection_is_retried_until_the_time_allowed_ran_out(self):
        url = f"http://127.0.0.1:{support.closed_port()}/api/webhooks/modal"
        with self.assertRaises(webhook.WebhookGaveUp) as raised:
            deliver(url, max_elapsed=0.5)
        self.assertIn("attempts", str(raised.exception))
        self.assertNotIn("in 1 attempts", str(raised.exception))

    def test_backoff_grows_between_attempts(self):
        waits = []
        with support.Receiver(statuses=[500, 500, 500, 500]) as receiver:
            webhook.deliver(receiver.url, PAYLOAD, SECRET, first_backoff=0.01, say=lambda _: None,
                            sleep=waits.append)
        self.assertEqual(4, len(waits))
        # Jitter takes off at most half: each wait's ceiling doubles.
        self.assertTrue(all(0.005 * 2 ** i <= wait <= 0.01 * 2 ** i for i, wait in enumerate(waits)), waits)


if __name__ == "__main__":
    unittest.main()
