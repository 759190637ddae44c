#!/usr/bin/python3
"""Read flag messages from a subscriber's queue, as that agency would, and say in plain words what arrived.

Usage: read-flags.py [--queue flags.health-visiting] [--expect N] [--idle SECONDS] [--timeout SECONDS] [--url AMQP_URL]
Waits for at least --expect messages, then stops once none has arrived for --idle seconds.
Messages are acknowledged once printed. Needs Debian's python3-pika.
"""
import argparse
import json
import os
import time

import pika

import broker

FLAG_CODES = "https://fhir.infosharing.uk/CodeSystem/flag-code"


def describe(body: bytes, props) -> str:
    bundle = json.loads(body)
    resources = {e["fullUrl"]: e["resource"] for e in bundle.get("entry", [])}
    flag = next(r for r in resources.values() if r["resourceType"] == "Flag")
    child = resources.get(flag["subject"]["reference"], {})
    male = next((r for r in resources.values() if r["resourceType"] == "RelatedPerson"), None)
    code = next(c for c in flag["code"]["coding"] if c["system"] == FLAG_CODES)
    action = next((e["valueString"] for e in flag.get("extension", []) if e["url"].endswith("/recommended-action")), "")

    if any(i.get("system") == "https://fhir.nhs.uk/Id/nhs-number" for i in child.get("identifier", [])):
        about = "infant NHS " + child["identifier"][0]["value"]
    else:
        unborn = {e["url"]: e for e in next(e for e in child.get("extension", []) if e["url"].endswith("/unborn-child"))["extension"]}
        mother = unborn.get("motherNhsNumber", {}).get("valueIdentifier", {}).get("value", "unknown")
        edd = unborn.get("expectedDeliveryDate", {}).get("valueDate", "unknown")
        about = f"the unborn child of the mother with NHS number {mother}, due {edd}"
    lines = [f"{props.type}: '{code['code']}' ({flag['status']}) about {about}"]
    if male:
        name = male.get("name", [{}])[0]
        who = " ".join(name.get("given", []) + [name.get("family", "")]).strip() or "a man"
        rel = male["relationship"][0]["coding"][0]["display"]
        lines.append(f"  linked: {who}, {rel.lower()}")
    lines.append(f"  what to do: {action}")
    lines.append(f"  message_id {props.message_id}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue", default="flags.health-visiting")
    parser.add_argument("--expect", type=int, default=1, help="wait for at least this many messages")
    parser.add_argument("--idle", type=float, default=3.0, help="then stop when nothing arrived for this long")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--url", default=None, help="default: the subscriber's own broker user (flags.<subscriber>)")
    args = parser.parse_args()

    connection = pika.BlockingConnection(pika.URLParameters(args.url or broker.url_for(args.queue.split(".", 1)[1])))
    channel = connection.channel()
    received = 0
    deadline = time.monotonic() + args.timeout
    last = time.monotonic()
    while time.monotonic() < deadline:
        method, props, body = channel.basic_get(args.queue)
        if method is None:
            if received >= args.expect and time.monotonic() - last >= args.idle:
                break
            time.sleep(0.2)
            continue
        print(describe(body, props))
        channel.basic_ack(method.delivery_tag)
        received += 1
        last = time.monotonic()
    connection.close()
    if received < args.expect:
        raise SystemExit(f"only {received} of {args.expect} flag message(s) arrived on {args.queue} within {args.timeout:.0f} s")


if __name__ == "__main__":
    main()
