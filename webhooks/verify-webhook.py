#!/usr/bin/env python3
"""Verifies one UDPM webhook (Standard Webhooks) with the standard library only; the README shows verify().

Usage: WEBHOOK_SECRET=whsec_... WEBHOOK_ID=... WEBHOOK_TIMESTAMP=... WEBHOOK_SIGNATURE=... python3 verify-webhook.py < body
Exit 0 when the signature is valid and the timestamp within 5 minutes, 1 otherwise.
"""
import base64, hashlib, hmac, os, sys, time


def verify(secret, headers, body):  # headers: webhook-id, webhook-timestamp, webhook-signature; body: raw bytes
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = "v1," + base64.b64encode(hmac.new(key, f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body, hashlib.sha256).digest()).decode()
    return abs(time.time() - int(headers["webhook-timestamp"])) < 300 and any(hmac.compare_digest(expected, s) for s in headers["webhook-signature"].split())


if __name__ == "__main__":
    headers = {"webhook-id": os.environ["WEBHOOK_ID"], "webhook-timestamp": os.environ["WEBHOOK_TIMESTAMP"],
               "webhook-signature": os.environ["WEBHOOK_SIGNATURE"]}
    ok = verify(os.environ["WEBHOOK_SECRET"], headers, sys.stdin.buffer.read())
    print("valid" if ok else "INVALID")
    sys.exit(0 if ok else 1)
