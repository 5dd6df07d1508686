"""python -m services.voting"""

from aiohttp import web

from services.voting.app import create_app
from shared.logs import configure_logging
from shared.settings import Settings


def main() -> None:
    settings = Settings()
    configure_logging("voting", settings.log_level)
    web.run_app(create_app(settings), host=settings.host, port=settings.voting_port, print=None)


if __name__ == "__main__":
    main()
