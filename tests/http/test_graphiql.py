"""GraphiQL is served whole by the gateway: the page and every file it loads, nothing remote."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from http_harness import in_process, require_vendor_dir
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from customer_gateway.app import create_app
from customer_gateway.http.graphiql import graphiql_response, graphiql_routes
from customer_gateway.settings import Settings

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


class _Links(HTMLParser):
    """Every URL a page makes the browser load: script src, link href, img src."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str | None]] = []  # (url, integrity)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            url = found.get(name)
            if url:
                self.urls.append((url, found.get("integrity")))


def _links(page: str) -> list[tuple[str, str | None]]:
    parser = _Links()
    parser.feed(page)
    return parser.urls


@pytest.fixture
async def gateway() -> AsyncIterator[httpx.AsyncClient]:
    require_vendor_dir()
    async with in_process(create_app(Settings())) as client:
        yield client


async def test_a_browser_gets_the_ide_page(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get("/graphql", headers=BROWSER)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<div id="graphiql">' in response.text
    assert "X-Customer-Key" in response.text  # the welcome text says where the key goes


async def test_every_file_the_page_loads_is_served_by_the_gateway(
    gateway: httpx.AsyncClient,
) -> None:
    page = (await gateway.get("/graphql", headers=BROWSER)).text
    links = _links(page)
    assert len(links) >= 8  # 2 vendor styles, 4 vendor scripts, our style, script and icon

    expected_types = {".js": "javascript", ".css": "text/css", ".svg": "image/svg+xml"}
    for url, integrity in links:
        response = await gateway.get(url)
        assert response.status_code == 200, url
        suffix = Path(url).suffix
        assert expected_types[suffix] in response.headers["content-type"], url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"], url
        if integrity is not None:  # what the browser will check, checked here first
            digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
            assert integrity == f"sha384-{digest}", url


async def test_vendor_files_are_cached_for_good_and_our_own_revalidated(
    gateway: httpx.AsyncClient,
) -> None:
    page = (await gateway.get("/graphql", headers=BROWSER)).text
    urls = [url for url, _ in _links(page)]
    vendor = next(url for url in urls if "/vendor/" in url)
    own = next(url for url in urls if url.endswith("boot.js"))

    assert "immutable" in (await gateway.get(vendor)).headers["cache-control"]
    first = await gateway.get(own)
    assert first.headers["cache-control"] == "no-cache"
    again = await gateway.get(own, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


async def test_the_page_loads_nothing_from_another_host(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get("/graphql", headers=BROWSER)
    page = response.text

    for url, _ in _links(page):
        assert url.startswith("/") and not url.startswith("//"), url
    assert "unpkg" not in page
    assert "cdn" not in page.lower()
    assert "http://" not in page and "https://" not in page
    # And the browser is told to refuse anything remote, should a bundle ever try.
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy


async def test_a_query_in_the_url_is_still_run_not_shown_in_the_ide(
    gateway: httpx.AsyncClient,
) -> None:
    response = await gateway.get("/graphql", params={"query": "{ __typename }"}, headers=BROWSER)

    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}


def _tiny_app(vendor_dir: Path, *, mount_at: str = "") -> Starlette:
    async def ide(request: Request) -> Response:
        return graphiql_response(request, vendor_dir=vendor_dir)

    routes = [Route("/graphql", ide), *graphiql_routes(vendor_dir=vendor_dir)]
    if mount_at:
        return Starlette(routes=[Mount(mount_at, routes=routes)])
    return Starlette(routes=routes)


async def test_without_the_assets_the_page_says_how_to_fetch_them(tmp_path: Path) -> None:
    app = _tiny_app(tmp_path / "vendor")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as client:
        response = await client.get("/graphql", headers=BROWSER)
        asset = await client.get("/graphiql/static/vendor/graphiql@3.8.3/graphiql.min.js")

    assert response.status_code == 503
    assert "python -m customer_gateway.http.assets" in response.text
    assert "make demo" in response.text
    assert "graphiql@3.8.3/graphiql.min.js" in response.text
    assert asset.status_code == 404


async def test_behind_a_path_prefix_the_urls_keep_the_prefix() -> None:
    app = _tiny_app(require_vendor_dir(), mount_at="/api")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as client:
        page = (await client.get("/api/graphql", headers=BROWSER)).text
        links = _links(page)
        statuses = {url: (await client.get(url)).status_code for url, _ in links}

    assert all(url.startswith("/api/graphiql/static/") for url, _ in links)
    assert set(statuses.values()) == {200}
