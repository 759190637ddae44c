#!/usr/bin/python3
"""Apply InfoSharing's RabbitMQ policies and per-agency users to a virtual host through the management API.

Usage: apply.py [--management http://guest:guest@127.0.0.1:15672] [--vhost /] [--agency-password-prefix dev-]
Idempotent: policies and users are PUT (created or replaced).
"""
import argparse
import base64
import json
import os
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def put(base, auth, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="PUT")
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", "Basic " + auth)
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--management", default=os.environ.get("INFOSHARING_RABBITMQ_MANAGEMENT", "http://guest:guest@127.0.0.1:15672"))
    parser.add_argument("--vhost", default="/")
    parser.add_argument("--agency-password-prefix", default="dev-")
    args = parser.parse_args()

    url = urllib.parse.urlsplit(args.management)
    auth = base64.b64encode(f"{urllib.parse.unquote(url.username)}:{urllib.parse.unquote(url.password)}".encode()).decode()
    base = f"{url.scheme}://{url.hostname}:{url.port}"
    vhost = urllib.parse.quote(args.vhost, safe="")
    with open(os.path.join(HERE, "policies.json")) as f:
        config = json.load(f)

    for policy in config["policies"]:
        put(base, auth, f"/api/policies/{vhost}/{policy['name']}",
            {"pattern": policy["pattern"], "definition": policy["definition"], "apply-to": policy["apply-to"], "priority": 10})
    for agency in config["agencies"]["users"]:
        put(base, auth, f"/api/users/{agency}", {"password": args.agency_password_prefix + agency, "tags": ""})
        read = rf"^(flags\.{agency}|ingest\.rejected\.{agency})$".replace("-", r"\-")
        put(base, auth, f"/api/permissions/{vhost}/{agency}", {"configure": "^$", "write": r"^infosharing\.ingest$", "read": read})
    for subscriber in config.get("subscribers", {}).get("users", []):
        put(base, auth, f"/api/users/{subscriber}", {"password": args.agency_password_prefix + subscriber, "tags": ""})
        read = rf"^flags\.{subscriber}$".replace("-", r"\-")
        put(base, auth, f"/api/permissions/{vhost}/{subscriber}", {"configure": "^$", "write": "^$", "read": read})
    print(f"applied {len(config['policies'])} policies, {len(config['agencies']['users'])} agency users and "
          f"{len(config.get('subscribers', {}).get('users', []))} subscriber users to vhost {args.vhost}")


if __name__ == "__main__":
    main()
