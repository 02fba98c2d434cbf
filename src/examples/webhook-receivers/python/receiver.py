#!/usr/bin/env python3
"""A WapiConnect webhook receiver with the Python standard library only.

    WAPI_WEBHOOK_SECRET=... PORT=4000 python3 receiver.py      (Python 3.9 or newer)

Verifies both signatures on the raw bytes received, rejects stale timestamps (replays),
de-duplicates on X-Wapi-Event-Id (delivery is at-least-once) and answers 200 at once.
"""
import collections
import hashlib
import hmac
import json
import os
import queue
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = os.environ.get("WAPI_WEBHOOK_SECRET", "").encode()
PORT = int(os.environ.get("PORT", "4000"))
TOLERANCE_SECONDS = 300
MAX_BODY_BYTES = 5 * 1024 * 1024
# The body ends with ,"signature":"<64 hex>"} when a secret is set: 80 ASCII bytes.
SIGNATURE_SUFFIX = re.compile(rb',"signature":"([0-9a-f]{64})"\}')
SUFFIX_BYTES = 80


def hmac_hex(data: bytes) -> str:
    return hmac.new(SECRET, data, hashlib.sha256).hexdigest()


def check_signature_header(raw: bytes, header, now: int):
    """X-Wapi-Signature: t=<unix seconds>,v1=<HMAC of "<t>.<raw body>">. Returns why it fails, or None."""
    if not header:
        return "no X-Wapi-Signature header"
    t, v1 = "", []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            t = value
        elif key == "v1":
            v1.append(value)
    if not re.fullmatch(r"[0-9]{1,12}", t) or not v1:
        return "malformed X-Wapi-Signature header"
    if abs(now - int(t)) > TOLERANCE_SECONDS:
        return "stale timestamp (replay?)"
    expected = hmac_hex(t.encode() + b"." + raw)
    if not any(hmac.compare_digest(expected, given) for given in v1):
        return "X-Wapi-Signature does not match"
    return None


def check_signature_field(raw: bytes):
    """The "signature" field: HMAC of the body without that field, i.e. the raw bytes with the
    suffix cut off and the "}" put back. Never json.dumps(payload): it cannot give the same bytes."""
    match = SIGNATURE_SUFFIX.fullmatch(raw[-SUFFIX_BYTES:])
    if not match:
        return "no signature field"
    unsigned = raw[:-SUFFIX_BYTES] + b"}"
    if not hmac.compare_digest(hmac_hex(unsigned), match.group(1).decode()):
        return "signature field does not match"
    return None


# Remembers recent event ids. A real receiver keeps them in its database (a unique key on the id).
_seen = collections.OrderedDict()
_seen_lock = threading.Lock()


def first_time(event_id) -> bool:
    if not event_id:
        return True
    with _seen_lock:
        if event_id in _seen:
            return False
        _seen[event_id] = True
        if len(_seen) > 10000:
            _seen.popitem(last=False)
        return True


def handle(payload):
    """Runs on the worker thread, after the 200 went out."""
    event, session_id, data = payload.get("event"), payload.get("sessionId"), payload.get("data") or {}
    if event == "message":
        sender = data["from"].removesuffix("@s.whatsapp.net")
        print(f"message {data['id']} from {sender} in {session_id}: {data['body']}", flush=True)
        # Auto-reply, store in a database, etc. Long work belongs on a queue: answer within 10 s.
    else:
        print(f"{event} in {session_id}: {json.dumps(data, ensure_ascii=False)}", flush=True)


# Events are handled one at a time, in arrival order, away from the request threads.
_events = queue.Queue()


def _work():
    while True:
        payload = _events.get()
        try:
            handle(payload)
        except Exception as e:  # one bad event must not stop the worker
            print(f"handling event failed: {e!r}", file=sys.stderr, flush=True)


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            return self.reply(413, {"error": "too large"})
        raw = self.rfile.read(length)
        if SECRET:
            failure = check_signature_header(raw, self.headers.get("X-Wapi-Signature"), int(time.time())) \
                or check_signature_field(raw)
            if failure:
                print(f"rejected event {self.headers.get('X-Wapi-Event-Id')}: {failure}", file=sys.stderr, flush=True)
                return self.reply(401, {"error": failure})
        try:
            payload = json.loads(raw.decode("utf-8"))
        except ValueError:
            return self.reply(400, {"error": "not JSON"})
        event_id = self.headers.get("X-Wapi-Event-Id")
        if not first_time(event_id):
            print(f"duplicate event {event_id} ignored", flush=True)
            return self.reply(200, {"ok": True, "duplicate": True})
        self.reply(200, {"ok": True})
        _events.put(payload)

    def do_GET(self):
        self.reply(405, {"error": "POST only"})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def log_message(self, *args):
        pass  # one line per event from handle() is enough


if __name__ == "__main__":
    # A message can hold a lone UTF-16 surrogate (a cut emoji): print it escaped rather than fail.
    sys.stdout.reconfigure(errors="backslashreplace")
    threading.Thread(target=_work, daemon=True).start()
    if not SECRET:
        print("WAPI_WEBHOOK_SECRET is not set: accepting unsigned deliveries", file=sys.stderr)
    print(f"listening on http://0.0.0.0:{PORT}/", flush=True)
    ThreadingHTTPServer(("", PORT), Receiver).serve_forever()
