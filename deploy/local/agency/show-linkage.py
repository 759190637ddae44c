#!/usr/bin/python3
"""Say in plain words what GET /api/infants/{nhsNumber}/linkage returned (JSON on standard input)."""
import json
import sys


def main() -> None:
    body = json.load(sys.stdin)
    for child in body["children"]:
        for man in child["linkedPeople"]:
            for e in man["evidence"]:
                print(
                    f"  {man['relationship']} (NHS {man['nhsNumber']}) linked to the {child['kind']} child "
                    f"due {child['expectedDeliveryDate']} by rule {man['rule']}, from {e['agency']} message "
                    f"{e['messageId']} (code {e['code']}), person link {e['personLinkRule']}"
                )


if __name__ == "__main__":
    main()
