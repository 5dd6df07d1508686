"""The verifier's copy of the gateway's JWKS: every published key, refreshed when a token names an
unknown kid (rate-limited) and in the background once the copy is older than the JWKS's max-age.

The gateway publishes every key still valid (docs/decisions/0014-signing-key-rotation.md): the
one it signs with and the retired ones whose tokens have not expired yet. A verifier therefore
keeps the whole set, not "the" key, and learns a new key without a restart.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable

import aiohttp
import jwt

log = logging.getLogger(__name__)

# A token with an unknown kid fetches the JWKS at most this often: forged tokens with made-up
# kids must not turn every request into a request to the gateway.
REFETCH_INTERVAL_S = 30.0
# The gateway's JWKS says Cache-Control: max-age=300; after that the copy is refreshed in the
# background, so a key published ahead of its use is known before its first token and a key
# taken out of the JWKS stops being accepted.
MAX_AGE_S = 300.0


class KeySet:
    """The public keys by kid, from a JWKS document, a JWKS URL or a callable returning one."""

    def __init__(
        self,
        *,
        jwks_url: str | None = None,
        jwks_source: Callable[[], dict] | None = None,
        refetch_interval_s: float = REFETCH_INTERVAL_S,
        max_age_s: float = MAX_AGE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.jwks_url = jwks_url
        # Set by the gateway, which reads its own key ring instead of asking itself over HTTP.
        self.jwks_source = jwks_source
        self.refetch_interval_s = refetch_interval_s
        self.max_age_s = max_age_s
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._last_fetch = float("-inf")
        self._lock = asyncio.Lock()
        self._background: asyncio.Task | None = None

    def __contains__(self, kid: str) -> bool:
        return kid in self._keys

    @property
    def kids(self) -> set[str]:
        """The kids currently accepted."""
        return set(self._keys)

    def get(self, kid: str) -> jwt.PyJWK | None:
        """The key of `kid`, if it is in the set."""
        return self._keys.get(kid)

    def load(self, jwks: dict) -> None:
        """Replace the known keys with those of a JWKS document; a document without any usable
        key changes nothing (a gateway answering `{"keys": []}` must not log everyone out)."""
        keys = {}
        for k in jwks.get("keys", []):
            if k.get("kty") == "OKP" and k.get("kid"):
                keys[k["kid"]] = jwt.PyJWK(k, algorithm="EdDSA")
        if not keys:
            log.warning("ignored a JWKS without any usable key")
            return
        self._keys = keys

    async def key_for(self, kid: str) -> jwt.PyJWK | None:
        """The key of `kid`, refreshing the set first when it is unknown (at most once per
        `refetch_interval_s`); None when it stays unknown."""
        if kid not in self._keys:
            await self.refresh()
        elif self._clock() - self._last_fetch > self.max_age_s:
            self._refresh_in_background()
        return self._keys.get(kid)

    def _refresh_in_background(self) -> None:
        if not (self.jwks_url or self.jwks_source):
            return
        if self._background is None or self._background.done():
            # The known kid is answered now; the refresh only matters for later tokens.
            self._background = asyncio.get_running_loop().create_task(self.refresh())

    async def refresh(self) -> None:
        """Fetch the JWKS again, unless that happened less than `refetch_interval_s` ago (then
        nothing happens, unless no key is known at all); a failed fetch keeps the keys."""
        if not (self.jwks_url or self.jwks_source):
            return
        async with self._lock:
            # Waiters for the same new kid find it fetched by the first one and return here.
            if self._clock() - self._last_fetch < self.refetch_interval_s and self._keys:
                return
            self._last_fetch = self._clock()
            try:
                self.load(await self._fetch())
            except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
                log.warning("could not fetch JWKS from %s: %s", self.jwks_url or "KEY_DIR", exc)

    async def _fetch(self) -> dict:
        if self.jwks_source is not None:
            return self.jwks_source()
        assert self.jwks_url is not None
        timeout = aiohttp.ClientTimeout(total=3)
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.get(self.jwks_url) as resp,
        ):
            resp.raise_for_status()
            return json.loads(await resp.text())
