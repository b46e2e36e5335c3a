"""The keep-alive pool of one origin (scheme, host, port): `http11.Connection`s reused in turn.

At most `max_connections` open (busy, idle or connecting); a caller beyond that waits its turn
for one that is released, at most the pool timeout (`httpx.PoolTimeout`). At most
`max_keepalive` idle ones are kept, each closed after `keepalive_expiry` idle. A connection
goes back to the pool only when its answer was read to the end and the server keeps it open.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import deque

import httpx

from customer_gateway.upstream.http11 import Connection


class Pool:
    def __init__(
        self,
        host: str,
        port: int,
        ssl_context: ssl.SSLContext | None,
        limits: httpx.Limits,
    ) -> None:
        self._host = host
        self._port = port
        self._ssl = ssl_context
        self._max_open = limits.max_connections
        self._max_idle = limits.max_keepalive_connections
        self._expiry = limits.keepalive_expiry
        self._open = 0  # connections counted against max_open, including those connecting
        self._idle: deque[Connection] = deque()  # the most recently used on the right
        self._every: set[Connection] = set()
        # Each waiter gets a released connection, or None: a free place to open its own.
        self._waiters: deque[asyncio.Future[Connection | None]] = deque()
        self._sweep: asyncio.TimerHandle | None = None

    async def acquire(self, connect: float | None, pool: float | None) -> Connection:
        """A connection to send one request on; `connect` and `pool` are timeouts."""
        while self._idle:
            conn = self._idle.pop()
            if conn.usable():
                return conn
            self._drop(conn)
        if self._max_open is None or self._open < self._max_open:
            self._open += 1
        else:
            handed = await self._wait(pool)
            if handed is not None:
                if handed.usable():
                    return handed
                # The server closed it while it was handed over: open another in its place.
                handed.close()
                self._every.discard(handed)
        try:
            return await self._connect(connect)
        except BaseException:
            self._pass_on(None)
            raise

    def release(self, conn: Connection, *, reusable: bool) -> None:
        """Give back a connection whose exchange ended; one that is not `reusable` (its answer
        not read to the end, an error, `Connection: close`) is closed."""
        if reusable and conn.usable():
            self._pass_on(conn)
        else:
            self._drop(conn)

    def close(self) -> None:
        # Busy connections fail their exchange and are released (and counted out) as usual.
        self._open -= len(self._idle)
        self._idle.clear()
        for conn in list(self._every):
            conn.close()
        self._every.clear()
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(httpx.PoolTimeout("the client was closed"))
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None

    async def _connect(self, timeout: float | None) -> Connection:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                _, conn = await loop.create_connection(
                    lambda: Connection(loop),
                    self._host,
                    self._port,
                    ssl=self._ssl,
                    server_hostname=self._host if self._ssl is not None else None,
                )
        except TimeoutError:
            raise httpx.ConnectTimeout(f"could not connect to {self._host} in time") from None
        except OSError as exc:  # refused, unreachable, DNS (gaierror), TLS (SSLError)
            raise httpx.ConnectError(f"could not connect to {self._host}: {exc}") from exc
        self._every.add(conn)
        return conn

    async def _wait(self, timeout: float | None) -> Connection | None:
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[Connection | None] = loop.create_future()
        self._waiters.append(waiter)
        timer = None if timeout is None else loop.call_later(timeout, _expire, waiter)
        try:
            return await waiter
        except BaseException:
            # Cancelled just after a connection (or a place) was handed over: pass it on.
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._pass_on(waiter.result())
            raise
        finally:
            if timer is not None:
                timer.cancel()
            if not waiter.done():
                waiter.cancel()

    def _drop(self, conn: Connection) -> None:
        conn.close()
        self._every.discard(conn)
        self._pass_on(None)

    def _pass_on(self, conn: Connection | None) -> None:
        """Hand a connection, or its place (None), to the first caller still waiting; else
        keep the connection idle (or close it) and free its place."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return
        if conn is not None and (self._max_idle is None or len(self._idle) < self._max_idle):
            loop = asyncio.get_running_loop()
            conn.idle_since = loop.time()
            self._idle.append(conn)
            if self._sweep is None and self._expiry is not None:
                self._sweep = loop.call_at(conn.idle_since + self._expiry, self._close_expired)
            return
        if conn is not None:
            conn.close()
            self._every.discard(conn)
        self._open -= 1

    def _close_expired(self) -> None:
        self._sweep = None
        assert self._expiry is not None
        loop = asyncio.get_running_loop()
        oldest = loop.time() - self._expiry
        while self._idle and (self._idle[0].idle_since <= oldest or not self._idle[0].usable()):
            conn = self._idle.popleft()
            conn.close()
            self._every.discard(conn)
            self._open -= 1
        if self._idle:
            self._sweep = loop.call_at(self._idle[0].idle_since + self._expiry, self._close_expired)


def _expire(waiter: asyncio.Future[Connection | None]) -> None:
    if not waiter.done():
        waiter.set_exception(httpx.PoolTimeout("no connection to the upstream came free in time"))
