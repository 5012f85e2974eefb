"""The front's side of the engines: a few engine processes (``engine``) over a snapshot of
the store, each answering one query at a time over its own pipes.

A query waits for a free engine (at most the timeout: then 503), and gets ``timeout``
seconds: then its engine is killed (a running query cannot be cancelled otherwise) and
replaced, and the client gets 504. An engine that dies on a query (a crash) gives that
client a 400 and is replaced; the other engines keep serving.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from narcokg.errors import StoreError
from narcokg.serving.engine import LENGTH, MAX_ANSWER, frame
from narcokg.serving.guard import Refused

START_TIMEOUT = 60.0


def in_place(store: str | None) -> Path:
    """The store folder itself, for engines that open it read-only: no snapshot, so nothing
    is written beside the store (a read-only folder, a store another process reads). It is
    checked here, under the shared lock, so a missing or broken store fails at start."""
    from narcokg import store as stores

    path = stores.store_path(store)
    with stores.open_store(path):
        pass
    return path.resolve()


def needs_in_place(store: str | None) -> bool:
    """True when no snapshot can be written beside the store (its folder is read-only)."""
    from narcokg import store as stores

    return not os.access(stores.store_path(store).resolve().parent, os.W_OK)


def snapshot(store: str | None) -> Path:
    """A hard-linked copy of the store for the engines, taken under the shared lock, beside
    the store (``<store>.serve-<pid>``); stale copies of dead servers are removed first."""
    from narcokg import store as stores
    from narcokg.swap import alive

    path = stores.store_path(store)
    real = path.resolve()
    for stale in real.parent.glob(f"{path.name}.serve-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    target = real.parent / f"{path.name}.serve-{os.getpid()}"
    shutil.rmtree(target, ignore_errors=True)
    with stores.open_store(path) as db:
        try:
            db.backup(str(target))
        except (OSError, RuntimeError) as exc:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"cannot take a snapshot of {path} to serve: {exc}") from None
    return target


class EngineGone(ConnectionError):
    """The engine was dead before it was given the query."""


@dataclass
class Answer:
    status: int
    kind: str
    media: str
    truncated: bool
    body: bytes


class Engine:
    """One engine process and its pipes."""

    def __init__(self, location: Path):
        self.location = location
        self.process: asyncio.subprocess.Process | None = None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "narcokg.serving.engine", str(self.location),
            str(os.getpid()), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL)
        try:
            ready = json.loads(await asyncio.wait_for(self._read(1 << 20), START_TIMEOUT))
        except (TimeoutError, asyncio.IncompleteReadError, ValueError):
            ready = {"message": "it did not start"}
        if not ready.get("ready"):
            self.kill()
            raise StoreError(f"the query engine could not start: {ready.get('message')}")

    async def ask(self, request: dict) -> Answer:
        try:
            if self.process.returncode is not None:
                raise EngineGone
            self.process.stdin.write(frame(json.dumps(request).encode()))
            await self.process.stdin.drain()
        except ConnectionError:
            raise EngineGone from None
        header = json.loads(await self._read(1 << 20))
        body = await self._read(MAX_ANSWER)
        if header["status"] != 200:
            raise Refused(header["status"], header["message"])
        return Answer(200, header["kind"], header["media"], header["truncated"], body)

    async def _read(self, limit: int) -> bytes:
        size = int.from_bytes(await self.process.stdout.readexactly(LENGTH), "big")
        if size > limit:
            raise asyncio.IncompleteReadError(b"", size)  # not a frame we accept: as a crash
        return await self.process.stdout.readexactly(size)

    def kill(self) -> None:
        if self.alive:
            self.process.kill()
        self.process = None

    async def close(self) -> None:
        process = self.process
        self.kill()
        if process is not None:
            await process.wait()


class EnginePool:
    """``size`` engines over ``location``; ``run(request)`` answers on a free one."""

    def __init__(self, location: Path, size: int, timeout: float):
        self.timeout = timeout
        self.engines = [Engine(location) for _ in range(size)]
        self.idle: asyncio.Queue[Engine] = asyncio.Queue()

    async def start(self) -> None:
        try:
            await asyncio.gather(*(engine.start() for engine in self.engines))
        except BaseException:
            await self.stop()
            raise
        for engine in self.engines:
            self.idle.put_nowait(engine)

    async def stop(self) -> None:
        await asyncio.gather(*(engine.close() for engine in self.engines))

    async def run(self, request: dict) -> Answer:
        try:
            engine = await asyncio.wait_for(self.idle.get(), self.timeout)
        except TimeoutError:
            raise Refused(503, "every query engine is busy: retry later") from None
        try:
            return await self._ask(engine, request)
        finally:
            self.idle.put_nowait(engine)

    async def _ask(self, engine: Engine, request: dict) -> Answer:
        try:
            for attempt in (1, 2):
                if not engine.alive:
                    await engine.start()
                try:
                    return await asyncio.wait_for(engine.ask(request), self.timeout)
                except EngineGone:  # it died while idle (killed from outside): a fresh one
                    engine.kill()
                    if attempt == 2:
                        raise
        except Refused:  # the engine's own answer: it is fine
            raise
        except StoreError as exc:  # a replacement engine did not start
            raise Refused(503, f"{exc}; retry") from None
        except TimeoutError:
            engine.kill()
            raise Refused(504, f"query timed out after {self.timeout:g} s") from None
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, KeyError):
            engine.kill()
            raise Refused(400, "the query engine stopped on this query (too large or too "
                               "deeply nested?); the endpoint is still up") from None
        except BaseException:  # cancelled (the client left): the engine may be mid-answer
            engine.kill()
            raise
