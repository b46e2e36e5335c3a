"""The GraphiQL page and its static files, all served by the gateway: the IDE works offline.

The third-party bundles come from `customer_gateway.http.assets` (fetched at set-up into
`static/vendor/`); the page, its boot script and style are ours, in `static/`.
"""

from __future__ import annotations

import functools
import html
import json
import os
from pathlib import Path
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from customer_gateway.http.assets import VENDOR_DIR, VENDOR_FILES, missing
from customer_gateway.http.graphiql_examples import default_tabs

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_URL = "/graphiql/static"

TITLE = "customer-gateway GraphiQL"

DEFAULT_QUERY = """\
# Welcome to the customer-gateway GraphiQL.
#
# Ctrl-Enter runs the query; Ctrl-Space completes.
# Docs and Explorer (left bar) browse the schema.
#
# `me` and `updateMe` act as one customer: get a
# key from the `logIn` mutation, then set it in
# the Headers tab below:
#   {"X-Customer-Key": "<customerKey>"}

query FirstCustomers {
  customers(first: 5) {
    totalCount
    nodes {
      id
      email
      fullName
    }
  }
}
"""

_STYLESHEETS = ("graphiql@3.8.3/graphiql.min.css", "plugin-explorer@1.0.2/style.css")
# Order matters: each UMD bundle reads the globals the ones before it defined.
_SCRIPTS = (
    "react@18.2.0/react.production.min.js",
    "react-dom@18.2.0/react-dom.production.min.js",
    "graphiql@3.8.3/graphiql.min.js",
    "plugin-explorer@1.0.2/index.umd.js",
)

# The page may load nothing from anywhere but the gateway: a browser enforces what the tests
# check. GraphiQL and React set inline styles, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
    )
)

# Vendor paths carry the package version, so a file at one URL never changes.
_VENDOR_CACHE = "public, max-age=31536000, immutable"
# Our own files change with the gateway: let browsers keep them but revalidate (ETag) each time.
_OWN_CACHE = "no-cache"


@functools.cache
def _template(name: str) -> Template:
    """A page template of `static/`, read from disk once."""
    return Template((STATIC_DIR / name).read_text(encoding="utf-8"))


def _static_url(root_path: str) -> str:
    return html.escape(root_path.rstrip("/") + STATIC_URL)


def graphiql_html(*, root_path: str = "", title: str = TITLE) -> str:
    """The IDE page; its URLs are root-relative, under `root_path` when mounted behind a prefix."""
    static = _static_url(root_path)

    def vendor(name: str) -> tuple[str, str]:
        return f"{static}/vendor/{html.escape(name)}", VENDOR_FILES[name].sri

    stylesheets = "\n".join(
        f'    <link rel="stylesheet" href="{href}" integrity="{sri}" />'
        for href, sri in map(vendor, _STYLESHEETS)
    )
    scripts = "\n".join(
        f'    <script src="{src}" integrity="{sri}"></script>' for src, sri in map(vendor, _SCRIPTS)
    )
    # JSON inside <script>: escape "<" so no string in it can close the element.
    config = json.dumps({"defaultQuery": DEFAULT_QUERY, "defaultTabs": default_tabs()})
    config = config.replace("<", "\\u003c")
    return _template("graphiql.html").substitute(
        title=html.escape(title),
        static=static,
        stylesheets=stylesheets,
        scripts=scripts,
        config=config,
    )


def missing_assets_html(
    *, root_path: str = "", title: str = TITLE, vendor_dir: Path = VENDOR_DIR
) -> str:
    """The page shown instead of the IDE when the vendor files were never fetched."""
    items = "\n".join(
        f"        <li><code>{html.escape(f.name)}</code></li>" for f in missing(vendor_dir)
    )
    return _template("graphiql-missing.html").substitute(
        title=html.escape(title),
        static=_static_url(root_path),
        vendor_dir=html.escape(str(vendor_dir)),
        missing=items,
    )


def graphiql_response(request: Request, *, vendor_dir: Path = VENDOR_DIR) -> Response:
    """The IDE, or with 503 a page that says how to fetch its files."""
    root_path = str(request.scope.get("root_path", ""))
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-cache"}
    if missing(vendor_dir):
        page = missing_assets_html(root_path=root_path, vendor_dir=vendor_dir)
        return HTMLResponse(page, status_code=503, headers=headers)
    return HTMLResponse(graphiql_html(root_path=root_path), headers=headers)


class CachedStaticFiles(StaticFiles):
    """StaticFiles that adds a fixed Cache-Control and `nosniff` to every file it serves."""

    def __init__(self, *, directory: Path, cache_control: str) -> None:
        super().__init__(directory=directory, check_dir=False)
        self.cache_control = cache_control

    async def check_config(self) -> None:
        # No vendor dir yet means the assets were never fetched: answer 404 and let the IDE
        # page explain, instead of StaticFiles' RuntimeError (a 500).
        if self.directory is not None and not os.path.isdir(self.directory):
            return
        await super().check_config()

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = self.cache_control
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def graphiql_routes(*, vendor_dir: Path = VENDOR_DIR) -> list[BaseRoute]:
    """Mount these beside `/graphql`: the IDE's own files and the vendored bundles."""
    return [
        Mount(
            f"{STATIC_URL}/vendor",
            app=CachedStaticFiles(directory=vendor_dir, cache_control=_VENDOR_CACHE),
            name="graphiql-vendor",
        ),
        Mount(
            STATIC_URL,
            app=CachedStaticFiles(directory=STATIC_DIR / "graphiql", cache_control=_OWN_CACHE),
            name="graphiql-static",
        ),
    ]
