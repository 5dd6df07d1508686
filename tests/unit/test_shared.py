"""The shared library's pure parts: rate limits, tokens, the event envelope."""

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.auth import TokenVerifier
from shared.events import CloudEvent
from shared.problems import Problem
from shared.ratelimit import RateLimiter
from shared.tokens import TokenIssuer


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_rate_limiter_allows_a_burst_then_says_when_to_retry():
    clock = Clock()
    limiter = RateLimiter(burst=3, refill_per_s=0.5, clock=clock)
    for _ in range(3):
        limiter.check("p:1")
    with pytest.raises(Problem) as err:
        limiter.check("p:1")
    assert err.value.status == 429 and err.value.headers["Retry-After"] == "2"
    limiter.check("p:2")  # others are not affected
    clock.now = 2.0
    limiter.check("p:1")


def _issuer(kid="k1", aud="oecherlab"):
    return TokenIssuer(Ed25519PrivateKey.generate(), kid, "oecherlab-gateway", aud)


async def test_verifier_accepts_its_issuers_tokens_and_reads_role_and_session():
    issuer = _issuer()
    verifier = TokenVerifier("oecherlab-gateway", "oecherlab", jwks={"keys": [issuer.jwk()]})
    who = await verifier.verify(issuer.issue("p:abc", "participant", 60, session_id="s1"))
    assert (who.sub, who.role, who.session_id) == ("p:abc", "participant", "s1")


@pytest.mark.parametrize(
    "make_token, reason",
    [
        (lambda i, o: i.issue("p:1", "participant", -10), "expired"),
        (lambda i, o: _issuer().issue("p:1", "participant", 60), "not valid"),  # same kid, forged
        (lambda i, o: o.issue("p:1", "participant", 60), "unknown key"),
        (
            lambda i, o: jwt.encode(
                {
                    "sub": "p:1",
                    "role": "admin",
                    "exp": time.time() + 60,
                    "iss": "oecherlab-gateway",
                    "aud": "oecherlab",
                },
                "a-shared-secret-of-enough-length-32b",
                algorithm="HS256",
                headers={"kid": "k1"},
            ),
            "algorithm",
        ),
        (lambda i, o: "not.a.token", "malformed"),
        (lambda i, o: i.issue("p:1", "superuser", 60), "role"),
    ],
)
async def test_verifier_refuses_forged_expired_and_foreign_tokens(make_token, reason):
    issuer, other = _issuer(), _issuer(kid="k2")
    verifier = TokenVerifier("oecherlab-gateway", "oecherlab", jwks={"keys": [issuer.jwk()]})
    with pytest.raises(Problem) as err:
        await verifier.verify(make_token(issuer, other))
    assert err.value.status == 401
    assert reason.split()[0] in err.value.detail.lower()


async def test_wrong_audience_with_a_known_key_is_refused():
    issuer = _issuer()
    foreign = TokenIssuer(issuer.key, "k1", "oecherlab-gateway", "other-app")
    verifier = TokenVerifier("oecherlab-gateway", "oecherlab", jwks={"keys": [issuer.jwk()]})
    with pytest.raises(Problem, match=r"(?i)audience"):
        await verifier.verify(foreign.issue("p:1", "participant", 60))


def test_cloudevent_round_trips_as_structured_json_with_required_attributes():
    event = CloudEvent(
        source="/oecherlab/ideas",
        type="de.oecherlab.ideas.idea.submitted",
        subject="i1",
        data={"title": "Bäume", "location": None},
    )
    raw = json.loads(event.to_bytes())
    assert {"specversion", "id", "source", "type", "time", "datacontenttype"} <= raw.keys()
    assert raw["specversion"] == "1.0" and raw["data"] == {"title": "Bäume", "location": None}
    assert CloudEvent.from_bytes(event.to_bytes()).id == event.id
    with pytest.raises(ValueError):
        CloudEvent.from_bytes(b"{not json")


def test_looking_at_the_allowance_does_not_use_it_up():
    clock = Clock()
    limiter = RateLimiter(burst=1, refill_per_s=0.1, clock=clock)
    for _ in range(3):
        limiter.refuse_if_exhausted("moderator")
    limiter.try_acquire("moderator")  # one failed login
    with pytest.raises(Problem) as err:
        limiter.refuse_if_exhausted("moderator")
    assert err.value.headers["Retry-After"] == "10"


async def test_domain_errors_become_problems_with_retry_after():
    from aiohttp import web
    from aiohttp.test_utils import make_mocked_request

    from shared.errors import DomainError
    from shared.problems import ERROR_STATUSES, problem_middleware

    async def handler(_request):
        raise DomainError("Try again.", "Bitte noch einmal.", "busy", retry_after=2)

    app = web.Application()
    app[ERROR_STATUSES] = {"busy": 503}  # the service's edge says what "busy" means in HTTP
    response = await problem_middleware(make_mocked_request("POST", "/x", app=app), handler)
    body = json.loads(response.text)
    assert response.status == 503 and response.headers["Retry-After"] == "2"
    assert response.content_type == "application/problem+json"
    assert body["detail_de"] == "Bitte noch einmal." and "retry_after" not in body
    assert isinstance(response, web.Response)


def test_logs_are_json_lines_with_the_requests_correlation_id(capsys):
    import logging

    from shared.context import correlation_id
    from shared.logs import configure_logging

    configure_logging("ideas", "INFO")
    token = correlation_id.set("abc123")
    try:
        logging.getLogger("oecherlab.access").info(
            "POST %s %d", "/api/ideas", 201, extra={"ms": 3.2}
        )
    finally:
        correlation_id.reset(token)
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["correlation_id"] == "abc123" and line["service"] == "ideas"
    assert line["event"] == "POST /api/ideas 201" and line["level"] == "info" and line["ms"] == 3.2


async def test_a_database_too_busy_to_commit_is_a_503_with_retry_after_not_a_500():
    import json

    from aiohttp import web
    from aiohttp.test_utils import make_mocked_request
    from pymongo.errors import NetworkTimeout, OperationFailure

    from shared.problems import problem_middleware

    async def busy(_request):
        raise NetworkTimeout("WriteConflict error: this operation conflicted with another one")

    async def conflicting(_request):
        raise OperationFailure("WriteConflict", 112, {"errorLabels": ["TransientTransactionError"]})

    async def broken(_request):
        raise OperationFailure("a real bug", 2)

    for handler, status in ((busy, 503), (conflicting, 503), (broken, 500)):
        response = await problem_middleware(make_mocked_request("POST", "/x"), handler)
        assert isinstance(response, web.Response) and response.status == status
        assert response.content_type == "application/problem+json"
        if status == 503:
            assert response.headers["Retry-After"] == "2"
            assert json.loads(response.text)["code"] == "unavailable"
