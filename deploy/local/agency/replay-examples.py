#!/usr/bin/python3
"""Replay the demo feed: every example in contracts/examples/, as each agency would send it, in a story order.

Usage: replay-examples.py [--run-id ID] [--pause SECONDS]
Midwifery first (booking, then the rest), then health visiting, GP, housing and MARAC. FHIR files go with
application/fhir+json or application/fhir+xml; agency JSON with application/json and the AMQP type that the
folder's README gives. Each agency connects as its own broker user with user_id set (deploy/local/agency/broker.py).
Needs Debian's python3-pika.
"""
import argparse
import os
import re
import time

import pika

import broker

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FEEDS = [
    ("midwifery", "midwifery.fhir"),
    ("health-visiting", "health-visiting.fhir"),
    ("gp", "gp.fhir"),
    ("housing", "housing.household"),
    ("marac", "marac.case"),
]
FIRST = {"booking-with-partner.json": 0, "parent-care-leaver.json": 1, "antenatal-appointment-not-attended.json": 2}
TYPE_ROW = re.compile(r"^\|\s*`(?P<file>[^`]+)`\s*\|\s*`(?P<type>[a-z]+\.[a-z.-]+\.v\d+)`", re.MULTILINE)


def examples():
    for folder, routing_key in FEEDS:
        directory = os.path.join(ROOT, "contracts", "examples", folder)
        readme = os.path.join(directory, "README.md")
        types = {m["file"]: m["type"] for m in TYPE_ROW.finditer(open(readme).read())} if os.path.exists(readme) else {}
        files = sorted((f for f in os.listdir(directory) if f.endswith((".json", ".xml"))), key=lambda f: (FIRST.get(f, 9), f))
        for name in files:
            fhir = routing_key.endswith(".fhir")
            content_type = ("application/fhir+xml" if name.endswith(".xml") else "application/fhir+json") if fhir else "application/json"
            yield folder, name, routing_key, content_type, None if fhir else types[name]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-id", default=str(int(time.time())))
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between messages (0: all at once)")
    args = parser.parse_args()

    channels = {}
    count = 0
    for folder, name, routing_key, content_type, message_type in examples():
        agency = routing_key.split(".")[0]
        if agency not in channels:
            connection = pika.BlockingConnection(pika.URLParameters(broker.url_for(agency)))
            channel = connection.channel()
            channel.confirm_delivery()
            channels[agency] = (connection, channel)
        with open(os.path.join(ROOT, "contracts", "examples", folder, name), "rb") as f:
            body = f.read()
        channels[agency][1].basic_publish(
            exchange="infosharing.ingest",
            routing_key=routing_key,
            body=body,
            properties=pika.BasicProperties(
                message_id=f"demo-{folder}-{name}-{args.run_id}",
                content_type=content_type,
                type=message_type,
                timestamp=int(time.time()),
                user_id=agency,
                delivery_mode=2,
            ),
        )
        print(f"  {folder:16} {name:48} -> {routing_key}")
        count += 1
        # One after another, as the story happens: each agency's message is processed before the next arrives.
        time.sleep(args.pause)
    for connection, _ in channels.values():
        connection.close()
    print(f"published {count} messages")


if __name__ == "__main__":
    main()
