"""The shared client's transport: httpx's API over our own HTTP/1.1 keep-alive pools.

aiohttp under httpx (httpx-aiohttp) spent about a fifth of the gateway's CPU per request on
one upstream call (request objects, header merging, a task, stream readers); this transport
writes the request in one piece and parses the answer with llhttp (`http11.py`), one pool per
origin (`pool.py`). The answer comes back read to its end. The failures `client.py` tells
apart:

- could not connect (refused, DNS, TLS)     -> ConnectError
- connect did not finish in time            -> ConnectTimeout
- no connection came free in time           -> PoolTimeout
- no answer in time                         -> ReadTimeout
- the connection dropped, a truncated body  -> ReadError
- an answer that is not HTTP                -> RemoteProtocolError
- a header value that would split a request -> LocalProtocolError (nothing sent)

A request is never sent twice by the transport: a kept-alive connection that the server closes
as the request goes out fails with ReadError, and `client.py` decides whether to retry.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Mapping

import httpx

from customer_gateway.upstream.pool import Pool

_DEFAULT_PORTS = {b"http": 80, b"https": 443}


class Http11Transport(httpx.AsyncBaseTransport):
    def __init__(self, limits: httpx.Limits, ssl_context: ssl.SSLContext | None = None) -> None:
        self._limits = limits
        self._ssl = ssl_context
        self._pools: dict[tuple[bytes, bytes, int], Pool] = {}

    def pool(self, url: httpx.URL) -> Pool:
        """The pool of the url's origin, made on first use."""
        scheme = url.raw_scheme
        port = url.port or _DEFAULT_PORTS.get(scheme)
        if port is None:
            raise httpx.UnsupportedProtocol(f"no HTTP/1.1 transport for {url.scheme!r} URLs")
        key = (scheme, url.raw_host, port)
        pool = self._pools.get(key)
        if pool is None:
            context = None
            if scheme == b"https":
                if self._ssl is None:
                    self._ssl = httpx.create_ssl_context()  # httpx's: certifi's CAs, verified
                context = self._ssl
            host = url.raw_host.decode("ascii")
            pool = self._pools[key] = Pool(host, port, context, self._limits)
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        headers: Iterable[tuple[bytes, bytes]] = request.headers.raw
        if "Transfer-Encoding" in request.headers:  # a streamed body: it is read now
            headers = [(k, v) for k, v in headers if k.lower() != b"transfer-encoding"]
            headers.append((b"Content-Length", str(len(body)).encode("ascii")))
        method = request.method.encode("ascii")
        data = encode_request(method, request.url.raw_path, headers, body)
        timeout = request.extensions.get("timeout", {})
        return await self.send(self.pool(request.url), data, timeout, head=method == b"HEAD")

    async def send(
        self,
        pool: Pool,
        data: bytes,
        timeout: Mapping[str, float | None],
        *,
        head: bool = False,
    ) -> httpx.Response:
        """Send one encoded request (`encode_request`) over a connection of `pool`."""
        conn = await pool.acquire(timeout.get("connect"), timeout.get("pool"))
        try:
            read, write = timeout.get("read"), timeout.get("write")
            answer = await conn.exchange(data, read_timeout=read, write_timeout=write, head=head)
        except BaseException:
            pool.release(conn, reusable=False)  # an answer not read to its end, or none
            raise
        pool.release(conn, reusable=answer.keep_alive)
        response = httpx.Response(
            answer.status,
            headers=answer.headers,
            stream=httpx.ByteStream(answer.body),
            extensions={"http_version": answer.http_version, "reason_phrase": answer.reason},
        )
        if answer.encoded:
            response.read()  # httpx decodes a gzip, deflate (...) body, as for its own transport
        else:
            # Nothing to decode: read() would only pass the body through httpx's decoder and
            # chunker generators, 5% of a one-lookup request's CPU. `_content` is where read()
            # keeps it (httpx 0.2x); every answer the gateway reads would fail if that changed.
            response._content = answer.body
        return response

    async def aclose(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()


def encode_request(
    method: bytes, target: bytes, headers: Iterable[tuple[bytes, bytes]], body: bytes
) -> bytes:
    """The request as written on the wire. Raises LocalProtocolError for a header with a CR,
    LF or NUL in it (a customer's key, a client's traceparent): it would split the request."""
    lines = [method + b" " + target + b" HTTP/1.1"]
    lines += [name + b": " + value for name, value in headers]
    lines += (b"", b"")
    head = b"\r\n".join(lines)
    breaks = len(lines) - 1
    if head.count(b"\n") != breaks or head.count(b"\r") != breaks or b"\0" in head:
        raise httpx.LocalProtocolError("a header value holds a line break or NUL")
    return head + body
