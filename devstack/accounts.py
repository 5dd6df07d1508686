"""The demo staff accounts of `make run`, made directly in the gateway's database before the
gateway starts (its /readyz waits for them)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from services.gateway.accounts import AccountStore, generate_password
from shared.mongo import make_client
from shared.settings import Settings

# (user name, role, the variable that may set its password). `demo-jury` judges the demo
# hackathon (devstack/seed_hackathons.py).
DEMO_STAFF = (
    ("moderator", "moderator", "DEMO_MODERATOR_PASSWORD"),
    ("admin", "admin", "DEMO_ADMIN_PASSWORD"),
    ("demo-jury", "jury", "DEMO_JURY_PASSWORD"),
)


async def ensure_accounts(settings: Settings, var: Path) -> dict[str, str]:
    """The demo accounts with passwords from the environment or generated.

    A generated password is kept in var/demo-credentials.json (mode 600) so that a restart can
    print it again; there is no default password anywhere.
    """
    path = var / "demo-credentials.json"
    stored = json.loads(path.read_text()) if path.exists() else {}
    client = make_client(settings.mongodb_uri)
    accounts = AccountStore(client[settings.database("gateway")])
    result: dict[str, str] = {}
    try:
        for name, role, env in DEMO_STAFF:
            wanted = os.environ.get(env) or stored.get(name)
            if await accounts.exists(name):
                if wanted is None:
                    wanted = generate_password()
                await accounts.set_password(name, wanted)
            else:
                wanted = await accounts.create(name, role, wanted)
            result[name] = wanted
    finally:
        await client.close()
    generated = {name: result[name] for name, _role, env in DEMO_STAFF if not os.environ.get(env)}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(generated, f)
    return result
