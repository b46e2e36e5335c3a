"""A scripted Open2b upstream on a loopback port, written byte by byte: it answers
`commerce.customers.find` framed as a test asks (length, chunks, gzip, up to EOF, cut short)
and counts the connections the gateway opens and closes. (A helper module, not a conftest.py.)
"""

from __future__ import annotations

import asyncio
import datetime
import gzip
import ipaddress
import json
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

# Writes one answer (its JSON payload given) on the connection; says whether to keep it open.
Script = Callable[[asyncio.StreamWriter, bytes], Awaitable[bool]]

QUERY = '{ customer(id: "%s") { id fullName } }'


def found(customer_id: str) -> dict[str, object]:
    """What the gateway answers to QUERY when the upstream found the customer."""
    return {"data": {"customer": {"id": customer_id, "fullName": f"Customer {customer_id}"}}}


def _head(status: str, *headers: str) -> bytes:
    return ("\r\n".join([status, "Content-Type: application/json", *headers, "", ""])).encode()


async def by_length(writer: asyncio.StreamWriter, payload: bytes) -> bool:
    writer.write(_head("HTTP/1.1 200 OK", f"Content-Length: {len(payload)}") + payload)
    return True


async def says_close(writer: asyncio.StreamWriter, payload: bytes) -> bool:
    headers = (f"Content-Length: {len(payload)}", "Connection: close")
    writer.write(_head("HTTP/1.1 200 OK", *headers) + payload)
    return True  # yet keeps the connection open: only the header tells not to reuse it


async def up_to_eof(writer: asyncio.StreamWriter, payload: bytes) -> bool:
    writer.write(_head("HTTP/1.0 200 OK") + payload)  # no length: the body ends at the close
    return False


async def chunked(writer: asyncio.StreamWriter, payload: bytes) -> bool:
    half = len(payload) // 2
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (payload[:half], payload[half:]))
    writer.write(_head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked") + chunks + b"0\r\n\r\n")
    return True


async def gzipped(writer: asyncio.StreamWriter, payload: bytes) -> bool:
    body = gzip.compress(payload)
    headers = (f"Content-Length: {len(body)}", "Content-Encoding: gzip")
    writer.write(_head("HTTP/1.1 200 OK", *headers) + body)
    return True


async def head_only(writer: asyncio.StreamWriter, payload: bytes) -> bool:
    writer.write(_head("HTTP/1.1 200 OK", f"Content-Length: {len(payload)}"))  # as for a HEAD
    return True


async def cut_short(writer: asyncio.StreamWriter, payload: bytes) -> bool:
    writer.write(_head("HTTP/1.1 200 OK", f"Content-Length: {len(payload)}") + payload[:10])
    return False


async def not_http(writer: asyncio.StreamWriter, payload: bytes) -> bool:
    writer.write(b"SMTP ready\r\n\r\n")
    return False


def after(event: asyncio.Event, script: Script) -> Script:
    """`script`, once `event` is set."""

    async def waiting(writer: asyncio.StreamWriter, payload: bytes) -> bool:
        await event.wait()
        return await script(writer, payload)

    return waiting


@dataclass
class ScriptedUpstream:
    """Answers request N (from 0) with `scripts[N]`, the last one for any after it."""

    scripts: list[Script]
    url: str = ""
    connections: int = 0  # accepted
    open: int = 0
    peak: int = 0  # the most open at once
    closed_by_client: int = 0  # connections the gateway closed (EOF between requests)
    requests: list[bytes] = field(default_factory=list)  # each request's head
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.connections += 1
        self.open += 1
        self.peak = max(self.peak, self.open)
        try:
            keep = True
            while keep:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    self.closed_by_client += 1
                    return
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                body = json.loads(await reader.readexactly(length)) if length else {}
                script = self.scripts[min(len(self.requests), len(self.scripts) - 1)]
                self.requests.append(head)
                ids = body.get("conditions", {}).get("ids", [])
                customers = [{"id": n, "fullName": f"Customer {n}"} for n in ids]
                payload = json.dumps({"status": "ok", "customers": customers}).encode()
                keep = await script(writer, payload)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass  # the gateway went away, or the test is over: a handler that ends, not fails
        finally:
            self.open -= 1
            writer.close()
            self._handlers.discard(task)


@asynccontextmanager
async def scripted(
    *scripts: Script, tls: ssl.SSLContext | None = None
) -> AsyncIterator[ScriptedUpstream]:
    """The upstream on a free loopback port; over TLS with a `tls` server context."""
    upstream = ScriptedUpstream(list(scripts))
    server = await asyncio.start_server(upstream._serve, "127.0.0.1", 0, ssl=tls)
    port = server.sockets[0].getsockname()[1]
    upstream.url = f"{'http' if tls is None else 'https'}://127.0.0.1:{port}"
    try:
        yield upstream
    finally:
        server.close()
        for handler in list(upstream._handlers):
            handler.cancel()
            await handler
        await server.wait_closed()


async def settled(condition: Callable[[], bool]) -> bool:
    """Whether `condition` comes true within 5 s (the other side's closes arrive later)."""
    for _ in range(500):
        if condition():
            return True
        await asyncio.sleep(0.01)
    return condition()


def self_signed(directory: Path) -> tuple[ssl.SSLContext, Path]:
    """A TLS server context for 127.0.0.1 and the file of its certificate, which signs itself."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "scripted upstream")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "upstream.pem", directory / "upstream.key"
    cert_file.write_bytes(certificate.public_bytes(Encoding.PEM))
    key_file.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file
