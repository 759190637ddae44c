#!/usr/bin/python3
"""Apply InfoSharing's RabbitMQ definitions (deploy/rabbitmq/definitions.json) to a virtual host through the management API.

Usage: apply.py [--management URL] [--vhost /] [--secrets FILE] [--no-generate] [--remove-guest]

Policies, users, permissions and topic permissions are PUT (created or replaced), so running it again is safe.
Passwords are never derived from names: each user's password is read from the secrets file (JSON {"users":
{name: password}}), and one missing there is generated (random, 32 characters) and written back, the file kept
0600 in a 0700 folder. With --no-generate a missing password is an error (production: supply every password).
--remove-guest deletes RabbitMQ's default administrator `guest` (everywhere but the local demo); the management
URL must then name another administrator.
"""
import argparse
import base64
import json
import os
import re
import secrets
import string
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
STATE_DIR = os.environ.get("INFOSHARING_STATE_DIR", "/var/tmp/infosharing")
DEFAULT_SECRETS = os.path.join(STATE_DIR, "secrets", "rabbitmq.json")
ALPHABET = string.ascii_letters + string.digits


class Management:
    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        user, password = urllib.parse.unquote(parts.username or ""), urllib.parse.unquote(parts.password or "")
        self.auth = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.base = f"{parts.scheme}://{parts.hostname}:{parts.port}"

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Authorization", "Basic " + self.auth)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if method == "DELETE" and error.code == 404:
                return
            raise SystemExit(f"{method} {path}: HTTP {error.code} {error.read().decode(errors='replace')[:200]}")


def load_secrets(path):
    if not os.path.exists(path):
        return {"users": {}}
    with open(path) as f:
        return json.load(f)


def save_secrets(path, data):
    folder = os.path.dirname(path)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    descriptor = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)
    os.replace(path + ".tmp", path)
    os.chmod(path, 0o600)


def pattern(template, code):
    # The code is data: escape it before it goes into a regular expression.
    return template.replace("{code}", re.escape(code))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--management", default=os.environ.get("INFOSHARING_RABBITMQ_MANAGEMENT", "http://guest:guest@127.0.0.1:15672"))
    parser.add_argument("--vhost", default="/")
    parser.add_argument("--secrets", default=os.environ.get("INFOSHARING_RABBITMQ_SECRETS", DEFAULT_SECRETS))
    parser.add_argument("--no-generate", action="store_true", help="fail when a user's password is not in the secrets file")
    parser.add_argument("--remove-guest", action="store_true", help="delete the default guest administrator")
    args = parser.parse_args()

    management = Management(args.management)
    vhost = urllib.parse.quote(args.vhost, safe="")
    with open(os.path.join(HERE, "definitions.json")) as f:
        definitions = json.load(f)
    stored = load_secrets(args.secrets)
    passwords = stored.setdefault("users", {})
    generated = []
    for user in definitions["users"]:
        if not passwords.get(user["name"]):
            if args.no_generate:
                raise SystemExit(f"no password for broker user {user['name']} in {args.secrets} (--no-generate)")
            passwords[user["name"]] = "".join(secrets.choice(ALPHABET) for _ in range(32))
            generated.append(user["name"])
    if generated:
        save_secrets(args.secrets, stored)

    management.call("PUT", f"/api/vhosts/{vhost}", {})
    for policy in definitions["policies"]:
        management.call("PUT", f"/api/policies/{vhost}/{urllib.parse.quote(policy['name'], safe='')}",
                        {"pattern": policy["pattern"], "definition": policy["definition"], "apply-to": policy["apply-to"], "priority": 10})
    for user in definitions["users"]:
        name, role = user["name"], definitions["roles"][user["role"]]
        quoted = urllib.parse.quote(name, safe="")
        management.call("PUT", f"/api/users/{quoted}", {"password": passwords[name], "tags": ""})
        permissions = {key: pattern(value, name) for key, value in role["permissions"].items()}
        management.call("PUT", f"/api/permissions/{vhost}/{quoted}", permissions)
        for topic in role.get("topic_permissions", []):
            management.call("PUT", f"/api/topic-permissions/{vhost}/{quoted}",
                            {"exchange": topic["exchange"], "write": pattern(topic["write"], name), "read": pattern(topic["read"], name)})
    if args.remove_guest:
        management.call("DELETE", "/api/users/guest")
    print(f"applied {len(definitions['policies'])} policies and {len(definitions['users'])} users to vhost {args.vhost}"
          + (f"; generated passwords for {', '.join(generated)} in {args.secrets}" if generated else "")
          + ("; removed guest" if args.remove_guest else ""))


if __name__ == "__main__":
    main()
