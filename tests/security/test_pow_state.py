"""The proof of work's state: used challenges kept in bounded memory, a secret shared through
KEY_DIR, and the work set by PARTICIPANT_POW_COST."""

from __future__ import annotations

import pytest

from devstack.pow import solve
from services.gateway.keys import load_or_create_key
from services.gateway.pow import ProofOfWork, secret_of
from shared.settings import Settings


def test_used_challenges_are_remembered_until_they_expire_and_no_more_than_the_bound():
    now = [1_000.0]
    pow_ = ProofOfWork(b"k" * 32, 1, ttl_s=300, max_remembered=1_000, clock=lambda: now[0])
    used = pow_.used
    for i in range(5_000):
        assert used.add(f"challenge-{i}", now[0] + 300)
    assert len(used) == 1_000
    assert not used.add("challenge-4999", now[0] + 300)  # recent ones stay remembered
    now[0] += 301  # every one has expired: the gateway refuses them as expired now
    assert used.add("a new one", now[0] + 300)
    assert len(used) == 1


def test_gateways_sharing_key_dir_accept_each_others_challenges(tmp_path):
    def gateway(key_dir: str) -> ProofOfWork:
        return ProofOfWork(secret_of(load_or_create_key(key_dir)[0]), 10)

    one, other = gateway(str(tmp_path / "shared")), gateway(str(tmp_path / "shared"))
    stranger = gateway(str(tmp_path / "elsewhere"))
    other.redeem(solve(one.challenge()))
    with pytest.raises(Exception, match="proof of work is missing or wrong"):
        stranger.redeem(solve(one.challenge()))
    # Nothing else is written: KEY_DIR may be a read-only mount of the signing key (Kubernetes).
    assert [p.name.startswith("ed25519-") for p in (tmp_path / "shared").iterdir()] == [True]


def test_the_work_is_set_by_participant_pow_cost(monkeypatch):
    monkeypatch.delenv("PARTICIPANT_POW_COST", raising=False)
    assert Settings().participant_pow_cost == 2000
    monkeypatch.setenv("PARTICIPANT_POW_COST", "7")
    settings = Settings()
    assert settings.participant_pow_cost == 7
    pow_ = ProofOfWork(b"k" * 32, settings.participant_pow_cost)
    assert pow_.challenge()["parameters"]["cost"] == 7
