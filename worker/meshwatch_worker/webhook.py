"""The completion callback to Meshwatch: signed with both schemes Meshwatch accepts,
retried with backoff until it is answered or an hour has passed.

X-Modal-Signature is ``sha256=<hex>``, the HMAC-SHA256 of the raw body under the
secret's text. Standard Webhooks is ``webhook-id``, ``webhook-timestamp`` and
``webhook-signature: v1,<base64>`` over ``{id}.{timestamp}.{body}``, under the
base64-decoded key of a ``whsec_`` secret or the text of any other. The id stays the
same across retries (Meshwatch applies a delivery once per id); the timestamp is the
attempt's, since Meshwatch refuses one more than five minutes old.

Nothing here prints the secret or a signature.
"""

import base64
import hashlib
import hmac
import json
import random
import socket
import time
import urllib.error
import urllib.request
import uuid

DEFAULT_MAX_ELAPSED = 3600.0
DEFAULT_ATTEMPT_TIMEOUT = 30.0
MAX_BACKOFF = 300.0


class WebhookRejected(Exception):
    """Meshwatch answered a 4xx other than 429: sending again would not help."""


class WebhookGaveUp(Exception):
    """No attempt was accepted before the time allowed ran out."""


def first_secret(setting):
    """MODAL_WEBHOOK_SECRET may hold a comma-separated list during a rotation; sign with the first."""
    for entry in (setting or "").split(","):
        if entry.strip():
            return entry.strip()
    raise ValueError("MODAL_WEBHOOK_SECRET holds no secret")


def _standard_key(secret):
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[len("whsec_"):], validate=True)
    return secret.encode("utf-8")


def sign(body, secret, webhook_id, timestamp):
    """The signature headers of one attempt; ``body`` is the exact bytes sent."""
    modal = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    content = f"{webhook_id}.{timestamp}.".encode("utf-8") + body
    standard = base64.b64encode(hmac.new(_standard_key(secret), content, hashlib.sha256).digest()).decode("ascii")
    return {
        "X-Modal-Signature": "sha256=" + modal,
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": "v1," + standard,
    }


def encode(payload):
    """The body bytes, made once so every attempt sends (and signs) the same bytes."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _retry_after(error):
    value = error.headers.get("Retry-After") if error.headers else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def deliver(url, payload, secret, *, max_elapsed=DEFAULT_MAX_ELAPSED, attempt_timeout=DEFAULT_ATTEMPT_TIMEOUT,
            first_backoff=1.0, say=print, clock=time.monotonic, sleep=time.sleep, now=time.time):
    """POSTs the payload until Meshwatch accepts it (2xx); returns the number of attempts.

    Retried: 5xx, 429 (after its Retry-After when given), timeouts and connection errors,
    with exponential backoff and jitter, for up to ``max_elapsed`` seconds. Any other 4xx
    raises WebhookRejected at once.
    """
    body = encode(payload)
    webhook_id = "msg_" + uuid.uuid4().hex
    started = clock()
    backoff = first_backoff
    attempt = 0
    while True:
        attempt += 1
        headers = {"Content-Type": "application/json", "User-Agent": "meshwatch-worker"}
        headers.update(sign(body, secret, webhook_id, int(now())))
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        wait = None
        try:
            with urllib.request.urlopen(request, timeout=attempt_timeout) as answer:
                answer.read()
                say(f"Meshwatch accepted the completion callback (HTTP {answer.status}, attempt {attempt})")
                return attempt
        except urllib.error.HTTPError as e:
            if 400 <= e.code < 500 and e.code != 429:
                raise WebhookRejected(f"Meshwatch refused the completion callback with HTTP {e.code}: "
                                      f"{_excerpt(e)}") from None
            reason = f"HTTP {e.code}"
            wait = _retry_after(e) if e.code == 429 else None
        except (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError) as e:
            reason = str(getattr(e, "reason", e))
        if wait is None:
            wait = backoff * (0.5 + random.random() / 2)
            backoff = min(backoff * 2, MAX_BACKOFF)
        left = max_elapsed - (clock() - started)
        if left <= wait:
            raise WebhookGaveUp(f"The completion callback was not accepted in {attempt} attempts over "
                                f"{clock() - started:.0f} s (last: {reason})")
        say(f"The completion callback failed ({reason}); trying again in {wait:.1f} s")
        sleep(wait)


def _excerpt(error):
    try:
        return error.read(300).decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - a body that cannot be read only costs the detail
        return ""
