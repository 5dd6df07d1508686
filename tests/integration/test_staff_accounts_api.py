"""Staff accounts over HTTP (admins only) and the gateway's internal account lookup that the
hackathons service asks before it makes someone a juror."""

from __future__ import annotations

import aiohttp

from services.gateway.accounts import AccountStore
from shared.mongo import make_client
from tests.harness import harness_settings, run_services


async def test_admins_make_and_disable_accounts_and_nobody_else_can(servers, tmp_path):
    settings = harness_settings(servers, tmp_path)
    async with run_services(settings, ()) as h, aiohttp.ClientSession() as http:
        client = make_client(settings.mongodb_uri)
        admin_password = await AccountStore(client[settings.database("gateway")]).create(
            "chefin", "admin"
        )
        await client.close()

        async def call(method, path, headers=None, **kw):
            async with http.request(method, h.url + path, headers=headers, **kw) as r:
                body = await r.json(content_type=None) if r.status != 204 else None
                return r.status, body

        async def login(username, password):
            status, body = await call(
                "POST", "/api/auth/login", json={"username": username, "password": password}
            )
            return status, {
                "Authorization": f"Bearer {body['access_token']}"
            } if status == 200 else {}

        _, admin = await login("chefin", admin_password)
        _, moderator = await login("moderator", h.moderator_password)
        new = {"username": "jurorin", "role": "jury"}
        assert (await call("POST", "/api/auth/accounts", json=new))[0] == 401
        status, problem = await call("POST", "/api/auth/accounts", moderator, json=new)
        assert status == 403 and problem["code"] == "forbidden"
        status, made = await call("POST", "/api/auth/accounts", admin, json=new)
        assert status == 201 and made["role"] == "jury" and len(made["password"]) >= 10
        status, problem = await call("POST", "/api/auth/accounts", admin, json=new)
        assert status == 409 and problem["code"] == "account-exists"
        for bad in (
            {"username": "x", "role": "jury"},
            {"username": "jurorin2", "role": "root"},
            {"username": "../etc", "role": "jury"},
        ):
            assert (await call("POST", "/api/auth/accounts", admin, json=bad))[0] == 422
        status, _ = await login("jurorin", made["password"])
        assert status == 200
        status, listed = await call("GET", "/api/auth/accounts", admin)
        assert {"username": "jurorin", "role": "jury", "disabled": False} in listed["items"]
        assert "password_hash" not in repr(listed)
        internal = f"http://127.0.0.1:{settings.gateway_internal_port}/accounts"
        async with http.get(f"{internal}/jurorin") as r:
            assert (await r.json())["role"] == "jury"
        async with http.get(f"{internal}/niemand") as r:
            assert r.status == 404
        assert (await call("DELETE", "/api/auth/accounts/jurorin", admin))[0] == 204
        assert (await call("DELETE", "/api/auth/accounts/niemand", admin))[0] == 404
        status, _ = await login("jurorin", made["password"])
        assert status == 401
        async with http.get(f"{internal}/jurorin") as r:
            assert (await r.json())["disabled"] is True
        # The lookup is not reachable through the public origin.
        assert (await call("GET", "/accounts/jurorin"))[0] == 404
