"""Broker connection settings for the agency scripts: each agency connects as its own broker user.

The passwords are those deploy/rabbitmq/apply.py generated (or was given) in the secrets file, by default
$INFOSHARING_STATE_DIR/secrets/rabbitmq.json (0600); set INFOSHARING_RABBITMQ_SECRETS to use another.
"""
import json
import os
import urllib.parse

STATE_DIR = os.environ.get("INFOSHARING_STATE_DIR", "/var/tmp/infosharing")
SECRETS = os.environ.get("INFOSHARING_RABBITMQ_SECRETS", os.path.join(STATE_DIR, "secrets", "rabbitmq.json"))
HOST = os.environ.get("INFOSHARING_AMQP_HOST", "127.0.0.1")
PORT = os.environ.get("INFOSHARING_AMQP_PORT", "5672")


def url_for(user):
    """amqp://<user>:<password>@host:port for a user of deploy/rabbitmq/definitions.json."""
    try:
        with open(SECRETS) as f:
            password = json.load(f)["users"][user]
    except (OSError, KeyError) as error:
        raise SystemExit(f"no broker password for {user} in {SECRETS} ({error}); run deploy/rabbitmq/apply.py first, or pass --url")
    return f"amqp://{urllib.parse.quote(user, safe='')}:{urllib.parse.quote(password, safe='')}@{HOST}:{PORT}"


def user_of(url):
    return urllib.parse.unquote(urllib.parse.urlsplit(url).username or "guest")
