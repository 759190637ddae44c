#!/usr/bin/env python3
"""Classic queues of an older InfoSharing deployment -> quorum queues (docs/decisions/0014).

A classic queue cannot become a quorum queue in place. For each InfoSharing queue (ingest.*, flags.*) that is still
classic: if it is empty (or --reset is given, as the local demo does), delete it, so that the worker declares it
again as a quorum queue with its arguments; if it holds messages, leave it and say so (stop the publishers, let the
worker or subscriber drain it, run again).
"""
import argparse
import base64
import json
import sys
import urllib.parse
import urllib.request


def call(base, auth, method, path):
    request = urllib.request.Request(base + path, method=method)
    request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        return json.loads(body) if body else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--management", default="http://127.0.0.1:15672")
    parser.add_argument("--user", default="guest:guest")
    parser.add_argument("--vhost", default="/")
    parser.add_argument("--reset", action="store_true", help="delete classic queues even if they hold messages (local demo only)")
    args = parser.parse_args()
    vhost = urllib.parse.quote(args.vhost, safe="")
    waiting = 0
    for queue in call(args.management, args.user, "GET", f"/api/queues/{vhost}"):
        name = queue["name"]
        if not (name.startswith("ingest.") or name.startswith("flags.")) or queue.get("type", "classic") != "classic":
            continue
        messages = queue.get("messages", 0)
        if messages and not args.reset:
            print(f"{name}: classic with {messages} messages; drain it, then run this again")
            waiting += 1
            continue
        call(args.management, args.user, "DELETE", f"/api/queues/{vhost}/{urllib.parse.quote(name, safe='')}")
        print(f"{name}: classic queue deleted ({messages} messages); the worker declares it as a quorum queue")
    return 1 if waiting else 0


if __name__ == "__main__":
    sys.exit(main())
