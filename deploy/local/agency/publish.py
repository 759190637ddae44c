#!/usr/bin/python3
"""Publish a file to InfoSharing exactly as an agency system would: plain AMQP, raw bytes, standard properties.

Usage: publish.py ROUTING_KEY FILE [--message-id ID] [--content-type TYPE] [--type TYPE] [--url AMQP_URL]
Connects as the routing key's agency (its broker user, password from the secrets file of deploy/rabbitmq/apply.py)
unless --url names another user, and sets user_id to that user, as InfoSharing requires.
Needs Debian's python3-pika (apt-get install python3-pika).
"""
import argparse
import os
import time
import uuid

import pika

import broker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("routing_key", help="<agency>.<kind>, e.g. midwifery.fhir")
    parser.add_argument("file")
    parser.add_argument("--message-id", default=None, help="unique per message; a repeat is ignored (default: a new UUID)")
    parser.add_argument("--content-type", default="application/fhir+json")
    parser.add_argument("--type", default=None, help="AMQP type, for agency JSON messages")
    parser.add_argument("--url", default=None, help="default: the routing key's agency's broker user")
    args = parser.parse_args()

    with open(args.file, "rb") as f:
        body = f.read()
    message_id = args.message_id or str(uuid.uuid4())
    url = args.url or broker.url_for(args.routing_key.split(".")[0])
    connection = pika.BlockingConnection(pika.URLParameters(url))
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
            user_id=broker.user_of(url),
            delivery_mode=2,
        ),
        mandatory=True,
    )
    connection.close()
    print(f"published {args.file} to infosharing.ingest with routing key {args.routing_key}, message_id {message_id}, as {broker.user_of(url)}")


if __name__ == "__main__":
    main()
