"""How a `Definition` runs: as an HTTP service (`create_app`, `run_service`) or as a worker with
an internal health port (`serve_worker`, `run_worker`). A service's __main__.py is one call."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from aiohttp import web

from shared.auth import TokenVerifier
from shared.logs import configure_logging
from shared.runtime import RUNTIME, VERIFIER, Definition, Runtime
from shared.settings import Settings
from shared.web import make_app

log = logging.getLogger(__name__)


def create_app(
    definition: Definition, settings: Settings, verifier: TokenVerifier | None = None
) -> web.Application:
    """The service's aiohttp app; I/O starts only when the app starts."""
    app = make_app(definition.name, statuses=dict(definition.statuses))
    app[VERIFIER] = verifier or TokenVerifier(
        settings.jwt_issuer, settings.jwt_audience, jwks_url=settings.jwks_url
    )
    if definition.configure is not None:
        definition.configure(app, settings)
    for routes in definition.routes:
        app.router.add_routes(routes)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        runtime = Runtime(definition, settings, app)
        app[RUNTIME] = runtime
        try:
            await runtime.start()
            yield
        finally:
            await runtime.stop()

    app.cleanup_ctx.append(resources)
    return app


def run_service(definition: Definition) -> None:
    """`python -m services.<name>`: settings from the environment, logs as JSON lines."""
    settings = Settings()
    configure_logging(definition.name, settings.log_level)
    port = settings.port_of(definition.name)
    web.run_app(create_app(definition, settings), host=settings.host, port=port, print=None)


async def serve_worker(
    definition: Definition, settings: Settings, stop: asyncio.Event | None = None
) -> None:
    """Run a worker until `stop` is set; a task that dies ends it with that task's error (a
    supervisor starts it again: a worker that does nothing must not look alive). Its internal
    port answers from the first moment, so a supervisor sees it alive while it waits."""
    app = make_app(definition.name, statuses=dict(definition.statuses))
    if definition.configure is not None:
        definition.configure(app, settings)
    runtime = Runtime(definition, settings, app)
    app[RUNTIME] = runtime
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.host, settings.port_of(definition.name)).start()
        try:
            await runtime.start()
            log.info("%s started", definition.name)
            await _until_stopped(runtime.tasks, stop or asyncio.Event())
        finally:
            await runtime.stop()
    finally:
        await runner.cleanup()


async def _until_stopped(tasks: list[asyncio.Task], stop: asyncio.Event) -> None:
    stopping = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait([*tasks, stopping], return_when=asyncio.FIRST_COMPLETED)
        for task in done - {stopping}:
            if not task.cancelled() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
            raise RuntimeError(f"the task {task.get_name()} ended")
    finally:
        stopping.cancel()
        await asyncio.gather(stopping, return_exceptions=True)


def run_worker(definition: Definition) -> None:
    """`python -m <worker module>`: run until SIGTERM or Ctrl-C."""
    settings = Settings()
    configure_logging(definition.name, settings.log_level)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        worker = asyncio.create_task(serve_worker(definition, settings, stop))

        def on_signal() -> None:
            stop.set()
            # A worker still waiting for the database or the broker does not look at `stop`;
            # a running one gets a moment to finish its batch (an aborted batch is read again).
            loop.call_later(3, worker.cancel)

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, on_signal)
        with contextlib.suppress(asyncio.CancelledError):
            await worker

    asyncio.run(run())
