#!/usr/bin/python3
"""Publish a file to InfoSharing exactly as an agency system would: plain AMQP, raw bytes, standard properties.

Usage: publish.py ROUTING_KEY FILE [--message-id ID] [--content-type TYPE] [--type TYPE] [--url AMQP_URL]
Needs Debian's python3-pika (apt-get install python3-pika).
"""
import argparse
import os
import time
import uuid

import pika


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("routing_key", help="<agency>.<kind>, e.g. midwifery.fhir")
    parser.add_argument("file")
    parser.add_argument("--message-id", default=None, help="unique per message; a repeat is ignored (default: a new UUID)")
    parser.add_argument("--content-type", default="application/fhir+json")
    parser.add_argument("--type", default=None, help="AMQP type, for agency JSON messages")
    parser.add_argument("--url", default=os.environ.get("ConnectionStrings__RabbitMq", "amqp://guest:guest@127.0.0.1:5672"))
    args = parser.parse_args()

    with open(args.file, "rb") as f:
        body = f.read()
    message_id = args.message_id or str(uuid.uuid4())
    connection = pika.BlockingConnection(pika.URLParameters(args.url))
    channel = connection.channel()
    channel.confirm_delivery()
    channel.basic_publish(
        exchange="infosharing.ingest",
        routing_key=args.routing_key,
        body=body,
        properties=pika.BasicProperties(
            message_id=message_id,
            content_type=args.content_type,
            type=args.type,
            timestamp=int(time.time()),
            delivery_mode=2,
        ),
        mandatory=True,
    )
    connection.close()
    print(f"published {args.file} to infosharing.ingest with routing key {args.routing_key}, message_id {message_id}")


if __name__ == "__main__":
    main()
