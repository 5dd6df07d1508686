"""The gateway's Ed25519 signing key, kept on disk so tokens survive a restart."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _kid(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_or_create_key(key_dir: str) -> tuple[Ed25519PrivateKey, str]:
    """The newest key under `key_dir`, created (mode 600) when there is none; returns (key, kid)."""
    directory = Path(key_dir)
    directory.mkdir(parents=True, exist_ok=True)
    existing = sorted(directory.glob("ed25519-*.pem"), key=lambda p: p.stat().st_mtime)
    if existing:
        key = serialization.load_pem_private_key(existing[-1].read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{existing[-1]} is not an Ed25519 key")
        return key, _kid(key)
    key = Ed25519PrivateKey.generate()
    kid = _kid(key)
    path = directory / f"ed25519-{kid}.pem"
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return key, kid
