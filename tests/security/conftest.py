"""The security tests attack the same in-process stack as the integration tests."""

from tests.integration.conftest import api, broker  # noqa: F401 (fixtures)
