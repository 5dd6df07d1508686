"""The gateway's Ed25519 signing keys, kept on disk in KEY_DIR so tokens survive a restart.

Every `ed25519-*.pem` in KEY_DIR is a key of the ring (key_ring.py publishes all of them); the
newest signs. "Newest" is decided by the file name, not the mtime: a Kubernetes Secret mounts all
its files with one and the same mtime, and a copy or restore from a backup changes mtimes. A name
`ed25519-<UTC timestamp>.pem` (`ed25519-20261201T120000Z.pem`, what `new_key_file` writes) sorts
by its timestamp; any other name (`ed25519-signing.pem`, `ed25519-<kid>.pem` of earlier versions)
counts as older than every timestamped one, and such names among themselves go by mtime, the rule
before key rotation, so a deployment with one key keeps signing with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_GLOB = "ed25519-*.pem"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_STAMPED = re.compile(r"^ed25519-(\d{8}T\d{6}Z)\.pem$")


def kid_of(key: Ed25519PrivateKey) -> str:
    """The key id: the first 16 hex digits of the SHA-256 of the raw public key. It must never
    change: every token carries it, and verifiers pick the key by it."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _age_order(path: Path) -> tuple[int, str, float]:
    stamped = _STAMPED.match(path.name)
    if stamped:
        return (1, stamped.group(1), 0.0)
    return (0, "", path.stat().st_mtime)


def key_files(key_dir: str | Path) -> list[Path]:
    """The key files under `key_dir`, oldest first: the last one signs."""
    return sorted(Path(key_dir).glob(KEY_GLOB), key=lambda p: (_age_order(p), p.name))


def read_key(path: Path) -> Ed25519PrivateKey:
    """The private key of a PEM file (PKCS#8, unencrypted); ValueError for anything else."""
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return key


def new_key_file(key_dir: str | Path, now: datetime | None = None) -> Path:
    """Write a new key (mode 600) as `ed25519-<UTC timestamp>.pem`, which makes it the newest;
    FileExistsError when a key of this second exists already."""
    directory = Path(key_dir)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)
    path = directory / f"ed25519-{stamp}.pem"
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Written aside and then linked: a gateway reading KEY_DIR never sees a half-written key, and
    # link() fails when the name exists, so two gateways starting at once on a fresh KEY_DIR
    # never overwrite each other's key.
    draft = directory / f".{path.name}.{os.getpid()}.tmp"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
        os.link(draft, path)
    finally:
        draft.unlink()
    return path


def load_or_create_key(key_dir: str) -> tuple[Ed25519PrivateKey, str]:
    """The newest key under `key_dir` (the one that signs), created when there is none; returns
    (key, kid)."""
    if not key_files(key_dir):
        # FileExistsError: another gateway on this KEY_DIR made it this second; both sign with it.
        with contextlib.suppress(FileExistsError):
            new_key_file(key_dir)
    key = read_key(key_files(key_dir)[-1])
    return key, kid_of(key)
