"""The gateway's key ring: every key in KEY_DIR is published in the JWKS; the newest signs.

The signing key is chosen once, at start (app.py: load_or_create_key). The published set is
re-read from KEY_DIR while the gateway runs, so a key added to the directory (or to the
Kubernetes Secret) is in the JWKS before any gateway signs with it: verifiers learn it ahead of
its first token, and replicas restarted one after another accept each other's tokens.
docs/decisions/0014-signing-key-rotation.md has the procedure.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.gateway.keys import key_files, kid_of, read_key
from services.gateway.state import ISSUER, VERIFIER
from shared import tokens

log = logging.getLogger(__name__)

# Reading a few PEM files is cheap, but a JWKS request must not cost a directory scan each.
REREAD_INTERVAL_S = 5.0


def public_jwk(key: Ed25519PrivateKey) -> dict:
    """The public half of `key` as a JWK with its kid (the same document TokenIssuer.jwk gives)."""
    return tokens.public_jwk(key, kid_of(key))


class KeyRing:
    """The public keys of every `ed25519-*.pem` in `key_dir`, plus the key the gateway signs
    with (published even after its file is gone, for as long as this process signs with it)."""

    def __init__(
        self,
        key_dir: str | Path,
        signing_jwk: dict,
        *,
        reread_interval_s: float = REREAD_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.key_dir = Path(key_dir)
        self.signing_jwk = signing_jwk
        self.reread_interval_s = reread_interval_s
        self._clock = clock
        self._keys: list[dict] = [signing_jwk]
        self._seen: tuple[tuple[str, int, int], ...] = ()
        self._read_at = clock()
        # At start a key that cannot be read is an error to see now, not a key missing later.
        self.reread(strict=True)

    @property
    def kids(self) -> list[str]:
        """The published kids, newest first."""
        return [k["kid"] for k in self._keys]

    def jwks(self) -> dict:
        """The JWKS document: every published key, newest first (re-read from KEY_DIR at most
        every `reread_interval_s`)."""
        if self._clock() - self._read_at >= self.reread_interval_s:
            self.reread()
        return {"keys": list(self._keys)}

    def reread(self, *, strict: bool = False) -> None:
        """Read KEY_DIR again when its files changed. A file that cannot be read (half written,
        or a Secret being swapped) keeps the set as it was, with a warning, unless `strict`."""
        self._read_at = self._clock()
        try:
            files = key_files(self.key_dir)
            seen = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
            if seen == self._seen:
                return
            keys = [public_jwk(read_key(path)) for path in reversed(files)]
        except (OSError, ValueError) as exc:
            if strict:
                raise
            log.warning("kept the published keys; could not read %s: %s", self.key_dir, exc)
            return
        kids = {k["kid"] for k in keys}
        if self.signing_jwk["kid"] not in kids:
            keys.insert(0, self.signing_jwk)
        if [k["kid"] for k in keys] != self.kids:
            log.info("publishing signing keys %s", ", ".join(k["kid"] for k in keys))
        self._keys, self._seen = keys, seen


KEY_RING = web.AppKey("key_ring", KeyRing)


def install(app: web.Application, key_dir: str | Path) -> KeyRing:
    """Publish every key of `key_dir` (GET /api/auth/jwks) and let the gateway's own verifier
    accept all of them; needs the app's ISSUER and VERIFIER."""
    ring = KeyRing(key_dir, app[ISSUER].jwk())
    app[KEY_RING] = ring
    keys = app[VERIFIER].keys
    keys.load(ring.jwks())
    # The gateway verifies its own tokens too (staff routes, /api/me, the hub): from the ring on
    # disk, so a token another replica signed with a newly added key is accepted here as well.
    keys.jwks_source = ring.jwks
    keys.refetch_interval_s = ring.reread_interval_s
    return ring
