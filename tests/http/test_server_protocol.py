"""`customer-gateway serve` on its HTTP protocol (http/server.py): an answer's head and body
leave together, and whatever uvicorn writes still reaches the client whole and in order."""

from __future__ import annotations

import json
import socket

import httpx
from http_harness import serve_process

from customer_gateway.http.assets import VENDOR_DIR
from customer_gateway.http.graphiql import STATIC_URL

BUNDLE = "graphiql@3.8.3/graphiql.min.js"


def test_answers_on_one_keep_alive_connection_come_whole_and_in_order() -> None:
    with serve_process(CG_OPEN2B_URL="http://127.0.0.1:9") as served, httpx.Client() as client:
        ports = set()  # our end of the connection each answer came on
        for n in range(20):
            query = f"{{ n{n}: __typename }}"
            answer = client.post(f"{served.url}/graphql", json={"query": query})
            assert answer.json()["data"] == {f"n{n}": "Query"}
            ports.add(answer.extensions["network_stream"].get_extra_info("client_addr")[1])
        assert len(ports) == 1  # the server kept the connection open after every answer
        # A streamed file of megabytes (written in chunks) arrives byte for byte.
        bundle = client.get(f"{served.url}{STATIC_URL}/vendor/{BUNDLE}")
        assert bundle.content == (VENDOR_DIR / BUNDLE).read_bytes()
        assert client.get(f"{served.url}/healthz").status_code == 200


def test_an_answer_before_the_connection_closes_is_sent_whole() -> None:
    with serve_process(CG_OPEN2B_URL="http://127.0.0.1:9") as served:
        host, port = served.url.removeprefix("http://").split(":")
        body = b'{"query": "{ __typename }"}'
        request = (
            b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
            b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(request)
            received = b""
            while chunk := sock.recv(65536):  # until the gateway closes the connection
                received += chunk
        head, _, answer = received.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 ")
        assert json.loads(answer)["data"] == {"__typename": "Query"}  # the whole body
