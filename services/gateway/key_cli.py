"""python -m services.gateway.key_cli: rotate and list the gateway's signing keys in KEY_DIR.

`rotate` writes a new `ed25519-<UTC timestamp>.pem`: every gateway publishes it within seconds
and signs with it after its next restart. `list` shows which key signs and when a retired one
may be deleted (docs/decisions/0014-signing-key-rotation.md).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.gateway.keys import STAMP_FORMAT, key_files, kid_of, new_key_file, read_key
from shared.settings import Settings

# Room for the rollout after a key is added: gateways restarted a day later still sign with
# the old key until then.
DELETE_MARGIN = timedelta(days=1)


def longest_token_ttl(settings: Settings) -> timedelta:
    """The longest lifetime of any token the gateway issues (kiosk tokens, as configured)."""
    return timedelta(
        seconds=max(
            settings.participant_token_ttl_s,
            settings.access_token_ttl_s,
            settings.kiosk_token_ttl_s,
        )
    )


def _stamp(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[len("ed25519-") : -len(".pem")], STAMP_FORMAT).replace(
            tzinfo=UTC
        )
    except ValueError:
        return None


def describe(key_dir: str | Path, ttl: timedelta) -> list[str]:
    """One line per key, oldest first: file, kid, and "signs" or when it may be deleted."""
    files = key_files(key_dir)
    lines = []
    for i, path in enumerate(files):
        kid = kid_of(read_key(path))
        if i == len(files) - 1:
            state = "signs (after the gateways' next restart, if it is new)"
        else:
            successor = _stamp(files[i + 1])
            since = successor.strftime("%Y-%m-%d") if successor else "its successor's rollout"
            until = (successor + ttl + DELETE_MARGIN).strftime("%Y-%m-%d") if successor else None
            state = f"retired (since {since}); delete " + (
                f"after {until}" if until else f"{ttl.days} days after that"
            )
        lines.append(f"{path.name:<32} {kid}  {state}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m services.gateway.key_cli")
    parser.add_argument("--key-dir", help="the directory of the keys (default: KEY_DIR)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("rotate", help="write a new signing key; gateways sign with it after restart")
    sub.add_parser("list", help="the keys, which one signs, when retired ones may go")
    args = parser.parse_args(argv)
    settings = Settings()
    key_dir = args.key_dir or settings.key_dir
    if args.command == "rotate":
        try:
            path = new_key_file(key_dir)
        except FileExistsError as exc:
            print(f"error: {exc.filename} exists; try again in a second", file=sys.stderr)
            return 2
        print(f"wrote {path} (kid {kid_of(read_key(path))})")
        print("published now; restart the gateways to sign with it (keep the old key files)")
        return 0
    for line in describe(key_dir, longest_token_ttl(settings)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
