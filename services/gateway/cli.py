"""python -m services.gateway.cli: create, disable, enable and list staff accounts."""

from __future__ import annotations

import argparse
import asyncio
import sys

from services.gateway.accounts import STAFF_ROLES, AccountError, AccountStore
from shared.mongo import make_client
from shared.settings import Settings


async def _run(args: argparse.Namespace) -> int:
    settings = Settings()
    client = make_client(settings.mongodb_uri)
    store = AccountStore(client[settings.database("gateway")])
    try:
        if args.command == "create":
            password = await store.create(args.username, args.role, args.password)
            print(f"created {args.role} {args.username!r}")
            if not args.password:
                print(f"password (shown once): {password}")
        elif args.command in ("disable", "enable"):
            await store.set_disabled(args.username, args.command == "disable")
            print(f"{args.command}d {args.username!r}")
        else:
            for account in await store.list():
                state = "disabled" if account.get("disabled") else "active"
                print(f"{account['_id']:<24} {account['role']:<10} {state}")
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        await client.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.gateway.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create", help="create an account; prints a generated password")
    create.add_argument("username")
    create.add_argument("--role", choices=STAFF_ROLES, default="moderator")
    create.add_argument("--password", help="set this password instead of generating one")
    for name in ("disable", "enable"):
        sub.add_parser(name).add_argument("username")
    sub.add_parser("list")
    return asyncio.run(_run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
