"""python -m services.gateway"""

from aiohttp import web

from services.gateway.app import create_app
from shared.logs import configure_logging
from shared.settings import Settings


def main() -> None:
    settings = Settings()
    configure_logging("gateway", settings.log_level)
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)


if __name__ == "__main__":
    main()
