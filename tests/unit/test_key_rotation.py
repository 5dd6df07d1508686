"""Key rotation: the key ring in KEY_DIR (the newest signs, all are published, kids stay what
they were) and a verifier that learns a new kid by refreshing its JWKS, rate-limited."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.gateway import key_cli
from services.gateway.key_ring import KeyRing, public_jwk
from services.gateway.keys import key_files, kid_of, load_or_create_key, new_key_file
from shared.auth import TokenVerifier
from shared.problems import Problem
from shared.tokens import TokenIssuer

ISS, AUD = "oecherlab-gateway", "oecherlab"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def write_key(directory: Path, name: str, key: Ed25519PrivateKey | None = None) -> str:
    """Write `key` (a new one by default) as `name` the way openssl genpkey does; its kid."""
    key = key or Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(pem)
    return kid_of(key)


def issuer_of(key_dir: Path) -> TokenIssuer:
    """What a gateway starting on `key_dir` signs with."""
    key, kid = load_or_create_key(str(key_dir))
    return TokenIssuer(key, kid, ISS, AUD)


def test_kids_are_what_they_were_before_rotation():
    # Tokens issued before key rotation carry kids of this formula; a change logs everyone out.
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    assert kid_of(key) == "56475aa75463474c"
    assert public_jwk(key)["kid"] == "56475aa75463474c"
    assert public_jwk(key) == TokenIssuer(key, kid_of(key), ISS, AUD).jwk()


def test_the_newest_timestamp_signs_and_other_names_count_as_older(tmp_path):
    legacy = write_key(tmp_path, "ed25519-signing.pem")  # the Kubernetes Secret's first key
    write_key(tmp_path, "ed25519-20250101T000000Z.pem")
    newest = write_key(tmp_path, "ed25519-20261201T120000Z.pem")
    # A Secret mounts every file with one mtime; a restore from backup changes them all.
    for path in tmp_path.iterdir():
        os.utime(path, (0, 0))
    os.utime(tmp_path / "ed25519-signing.pem", (2_000_000_000, 2_000_000_000))
    assert load_or_create_key(str(tmp_path))[1] == newest
    assert key_files(tmp_path)[0].name == "ed25519-signing.pem"
    assert legacy in KeyRing(tmp_path, issuer_of(tmp_path).jwk()).kids


def test_without_timestamps_the_newest_file_by_mtime_signs_as_before(tmp_path):
    first = write_key(tmp_path, "ed25519-bbbb.pem")
    second = write_key(tmp_path, "ed25519-aaaa.pem")
    os.utime(tmp_path / "ed25519-bbbb.pem", (1_000, 1_000))
    os.utime(tmp_path / "ed25519-aaaa.pem", (2_000, 2_000))
    assert load_or_create_key(str(tmp_path))[1] == second != first


def test_an_empty_key_dir_gets_one_private_timestamped_key(tmp_path):
    key_dir = tmp_path / "keys"
    _, kid = load_or_create_key(str(key_dir))
    (path,) = key_dir.iterdir()
    assert path.name.startswith("ed25519-20") and path.name.endswith("Z.pem")
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_key(str(key_dir))[1] == kid  # a restart keeps it


def test_the_ring_publishes_every_key_newest_first_and_reads_new_ones(tmp_path):
    old = write_key(tmp_path, "ed25519-20250101T000000Z.pem")
    signing = write_key(tmp_path, "ed25519-20260101T000000Z.pem")
    clock = Clock()
    ring = KeyRing(tmp_path, issuer_of(tmp_path).jwk(), clock=clock)
    assert ring.kids == [signing, old]
    assert [k["kid"] for k in ring.jwks()["keys"]] == [signing, old]
    assert all(
        k["kty"] == "OKP" and k["alg"] == "EdDSA" and "d" not in k for k in ring.jwks()["keys"]
    )
    added = write_key(tmp_path, "ed25519-20270101T000000Z.pem")
    assert added not in ring.kids  # not before the re-read interval...
    clock.now += 5
    assert [k["kid"] for k in ring.jwks()["keys"]] == [added, signing, old]  # ...then it is
    # This process still signs with `signing`: it stays published even when its file goes.
    (tmp_path / "ed25519-20260101T000000Z.pem").unlink()
    clock.now += 5
    assert set(ring.kids) == {added, signing, old}


def test_a_broken_key_file_fails_the_start_but_not_a_running_ring(tmp_path):
    write_key(tmp_path, "ed25519-20250101T000000Z.pem")
    clock = Clock()
    ring = KeyRing(tmp_path, issuer_of(tmp_path).jwk(), clock=clock)
    before = ring.kids
    (tmp_path / "ed25519-20260101T000000Z.pem").write_text("half written")
    clock.now += 5
    assert ring.kids == before  # the published set does not shrink
    with pytest.raises(ValueError):
        KeyRing(tmp_path, issuer_of(tmp_path).jwk())


async def test_an_old_token_still_verifies_after_a_new_key_and_a_restart(tmp_path):
    before = issuer_of(tmp_path)
    old_token = before.issue("p:1", "participant", 30 * 24 * 3600)
    new_key_file(tmp_path, datetime(2999, 1, 1, tzinfo=UTC))  # the rotation
    after = issuer_of(tmp_path)  # the gateway restarted
    assert after.kid != before.kid
    ring = KeyRing(tmp_path, after.jwk())
    assert ring.kids == [after.kid, before.kid]
    verifier = TokenVerifier(ISS, AUD, jwks=ring.jwks())
    assert (await verifier.verify(old_token)).sub == "p:1"
    assert (await verifier.verify(after.issue("p:2", "participant", 60))).sub == "p:2"
    # Forged: a stranger's key under a published kid, and a kid nobody published.
    for forged in (
        TokenIssuer(Ed25519PrivateKey.generate(), before.kid, ISS, AUD),
        TokenIssuer(Ed25519PrivateKey.generate(), "0123456789abcdef", ISS, AUD),
    ):
        with pytest.raises(Problem) as err:
            await verifier.verify(forged.issue("p:1", "admin", 60))
        assert err.value.status == 401


def test_the_cli_rotates_and_tells_when_a_retired_key_may_go(tmp_path, capsys):
    write_key(tmp_path, "ed25519-20250101T000000Z.pem")
    assert key_cli.main(["--key-dir", str(tmp_path), "rotate"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert len(key_files(tmp_path)) == 2
    assert key_cli.main(["--key-dir", str(tmp_path), "list"]) == 0
    old, new = capsys.readouterr().out.splitlines()
    assert old.startswith("ed25519-20250101T000000Z.pem") and "retired" in old
    assert "signs" in new
