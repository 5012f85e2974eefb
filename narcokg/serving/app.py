"""The server: ``serve(config)`` takes a snapshot of the store, starts the engine processes
and runs the ASGI application (Starlette on uvicorn) until interrupted; the engines and the
snapshot are removed on the way out (and the engines die with this process whatever
happens, ``sandbox.die_with_parent``).

The snapshot (``Store.backup``: hard links, taken under the store's shared lock) lets
``build`` and ``add`` keep working while serving; a restart serves the new data. With
``in_place`` the engines open the store folder itself read-only and nothing is written
beside it (a read-only folder, a store that nothing rebuilds while it is served).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
from dataclasses import dataclass

from narcokg.errors import NarcokgError


@dataclass
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    store: str | None = None
    timeout: float = 30.0
    max_results: int = 10_000
    engines: int = 0  # 0: two, or more on a machine with more cores (at most eight)
    in_place: bool = False  # serve the store folder itself (read-only), no snapshot
    page_engines: int = 1  # engines of their own for resource pages (0: share the above)

    def engine_count(self) -> int:
        return self.engines if self.engines > 0 else min(8, max(2, os.cpu_count() or 2))


def create_app(config: ServeConfig, pool, pages=None):
    """The Starlette application in front of ``pool`` (a ``pool.EnginePool``); ``pages``:
    the pool that builds resource pages (default: ``pool``)."""
    from starlette.applications import Starlette
    from starlette.routing import Route

    from narcokg.serving import ui
    from narcokg.serving.handlers import Endpoint

    endpoint = Endpoint(pool, config.max_results, pages)
    return Starlette(routes=[
        Route("/", ui.page),
        Route("/ui/{name}", ui.asset),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/context.jsonld", endpoint.context_doc),
        Route("/ontology", endpoint.ontology),
        *(Route(f"/{kind}/{{path:path}}", endpoint.resource)
          for kind in ("id", "vocab", "graph", "ontology"))])


def serve(config: ServeConfig, ready=lambda url: None) -> None:
    """Run until interrupted (SIGINT, SIGTERM)."""
    from narcokg.serving.pool import in_place, needs_in_place, snapshot

    _check_port(config.host, config.port)
    config.in_place = config.in_place or needs_in_place(config.store)
    location = in_place(config.store) if config.in_place else snapshot(config.store)
    # uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown; turn them into an
    # exception here so the engines and the snapshot are always cleaned up
    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        asyncio.run(_run(config, location, ready))
    except _Stopped:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if not config.in_place:  # the snapshot only, never the store
            shutil.rmtree(location, ignore_errors=True)


async def _run(config: ServeConfig, location, ready) -> None:
    import uvicorn

    from narcokg.serving.pool import EnginePool

    # pages get engines of their own: a page is a few bounded lookups and should not
    # wait behind long user queries for a free engine
    pool = EnginePool(location, config.engine_count(), config.timeout)
    pages = EnginePool(location, config.page_engines, config.timeout) \
        if config.page_engines > 0 else pool
    await pool.start()
    if pages is not pool:
        try:
            await pages.start()
        except BaseException:
            await pool.stop()
            raise
    try:
        server = uvicorn.Server(uvicorn.Config(
            create_app(config, pool, pages), host=config.host, port=config.port,
            log_level="warning", lifespan="off"))
        ready(f"http://{config.host}:{config.port}")
        try:
            await server.serve()
        except SystemExit:
            raise NarcokgError(f"the server could not start on {config.host}:{config.port}") \
                from None
    finally:
        await pool.stop()
        if pages is not pool:
            await pages.stop()


def _check_port(host: str, port: int) -> None:
    try:
        with socket.socket() as probe:
            probe.bind((host, port))
    except OSError as exc:
        raise NarcokgError(f"cannot listen on {host}:{port}: {exc}") from None


class _Stopped(Exception):
    pass


def _stop(_signum, _frame):
    raise _Stopped
