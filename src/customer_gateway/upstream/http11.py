"""HTTP/1.1 client connections on asyncio, their responses parsed by httptools (llhttp, in C).

Hand-written because the per-call work of aiohttp's and httpcore's clients (request objects,
header merging, tasks, stream readers) was the gateway's largest CPU cost per request: a call
here is one `write` and one parse. `pool.py` keeps these connections; `transport.py` puts
httpx's API on them. Every failure is raised as the httpx exception it stands for.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import cast

import httptools
import httpx

_FRAMING = (b"content-length", b"transfer-encoding")


@dataclass(slots=True)
class Answer:
    status: int
    reason: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes
    http_version: bytes
    keep_alive: bool
    encoded: bool  # a Content-Encoding other than identity: httpx decodes the body


class Connection(asyncio.Protocol):
    """One connection: one request at a time, its answer read to the end or the
    connection closed."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._transport: asyncio.Transport | None = None
        self._parser = httptools.HttpResponseParser(self)
        self.closed = False
        self.idle_since = 0.0
        self._answer: asyncio.Future[Answer] | None = None
        self._head_only = False
        self._reason = b""
        self._headers: list[tuple[bytes, bytes]] = []
        self._body: list[bytes] = []
        self._framed = False  # by a length or chunks; else the body ends at the server's EOF
        self._encoded = False
        self._headers_done = False
        self._last_read = 0.0
        self._read_timer: asyncio.TimerHandle | None = None
        self._writable: asyncio.Future[None] | None = None

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports do not subclass asyncio's; they have its methods.
        self._transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        if self._answer is None:
            # Nothing was asked: an idle connection the server writes to is not one to reuse.
            self.close()
            return
        self._last_read = self._loop.time()
        try:
            self._parser.feed_data(data)
        except (httptools.HttpParserError, httptools.HttpParserUpgrade) as exc:
            self._fail(httpx.RemoteProtocolError(f"unparsable answer: {exc}"))

    def eof_received(self) -> bool:
        self._ended(None)
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._ended(exc)
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)

    def pause_writing(self) -> None:
        self._writable = self._loop.create_future()

    def resume_writing(self) -> None:
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)
        self._writable = None

    # httptools callbacks

    def on_message_begin(self) -> None:
        if self._answer is None or self._answer.done():
            self.close()  # a second answer to one request

    def on_status(self, reason: bytes) -> None:
        self._reason += reason

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name, value))
        lower = name.lower()
        if lower in _FRAMING:
            self._framed = True
        elif lower == b"content-encoding" and value.strip().lower() != b"identity":
            self._encoded = True

    def on_headers_complete(self) -> None:
        self._headers_done = True
        if self._head_only:
            # llhttp cannot be told the answer has no body: finish here, never reuse.
            self._complete(keep_alive=False)

    def on_body(self, chunk: bytes) -> None:
        self._body.append(chunk)

    def on_message_complete(self) -> None:
        if self._parser.get_status_code() < 200:
            # An informational answer (100 Continue): the real one follows.
            self._reason, self._headers, self._body = b"", [], []
            self._framed = self._headers_done = self._encoded = False
            return
        self._complete(keep_alive=self._parser.should_keep_alive())

    # the request

    def usable(self) -> bool:
        transport = self._transport
        return not self.closed and transport is not None and not transport.is_closing()

    async def exchange(
        self, data: bytes, *, read_timeout: float | None, write_timeout: float | None, head: bool
    ) -> Answer:
        """Send one request, return its answer read to the end. Raises httpx's exceptions;
        then (and on cancellation) the connection is in an unknown state: close it."""
        if not self.usable():
            raise httpx.WriteError("the connection closed before the request was sent")
        assert self._transport is not None
        answer: asyncio.Future[Answer] = self._loop.create_future()
        self._answer = answer
        self._head_only = head
        self._reason, self._headers, self._body = b"", [], []
        self._framed = self._headers_done = self._encoded = False
        self._transport.write(data)
        if self._writable is not None:
            await self._drain(write_timeout)
        self._last_read = self._loop.time()
        if read_timeout is not None:
            self._read_timer = self._loop.call_at(
                self._last_read + read_timeout, self._check_read, read_timeout
            )
        try:
            return await answer
        finally:
            if self._read_timer is not None:
                self._read_timer.cancel()
                self._read_timer = None
            self._answer = None

    def close(self) -> None:
        self.closed = True
        if self._transport is not None:
            self._transport.close()

    async def _drain(self, timeout: float | None) -> None:
        assert self._writable is not None
        try:
            async with asyncio.timeout(timeout):
                await asyncio.shield(self._writable)
        except TimeoutError:
            raise httpx.WriteTimeout("the request could not be sent in time") from None
        if self.closed:
            raise httpx.WriteError("the connection closed while sending the request")

    def _check_read(self, timeout: float) -> None:
        # Like httpx's read timeout: at most `timeout` between two reads, not for the whole body.
        self._read_timer = None
        if self._loop.time() - self._last_read >= timeout:
            self._fail(httpx.ReadTimeout("no answer in time"))
        elif self._answer is not None and not self._answer.done():
            self._read_timer = self._loop.call_at(
                self._last_read + timeout, self._check_read, timeout
            )

    def _complete(self, *, keep_alive: bool) -> None:
        answer = self._answer
        if answer is None or answer.done():
            self.close()
            return
        version = b"HTTP/" + self._parser.get_http_version().encode("ascii")
        body = b"".join(self._body)
        status = self._parser.get_status_code()
        answer.set_result(
            Answer(status, self._reason, self._headers, body, version, keep_alive, self._encoded)
        )

    def _ended(self, exc: Exception | None) -> None:
        answer = self._answer
        if answer is None or answer.done():
            return
        if exc is None and self._headers_done and not self._framed:
            self._complete(keep_alive=False)  # the body was everything up to the EOF
        elif self._headers_done:
            self._fail(httpx.ReadError("the connection closed before the answer ended"))
        else:
            self._fail(httpx.ReadError("the connection closed without an answer"))

    def _fail(self, exc: httpx.TransportError) -> None:
        answer = self._answer
        if answer is not None and not answer.done():
            answer.set_exception(exc)
        self.close()
