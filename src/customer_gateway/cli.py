"""The `customer-gateway` command: serve, demo, emulator, export-schema, manifest."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any


def _emulator(args: argparse.Namespace) -> int:
    import uvicorn

    from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
    from customer_gateway.emulator.ecwid.api import SCOPES, default_tokens

    config = EmulatorConfig(
        db_path=args.db,
        seed=args.seed,
        api_key=args.api_key,
        ecwid_store_id=args.ecwid_store_id,
        ecwid_tokens={**default_tokens(), **{token: SCOPES for token in args.ecwid_token}},
    )
    app = create_emulator_app(config)
    base = f"http://{args.host}:{args.port}"
    print(f"Open2b v10 emulator on {base}/api/v10/", flush=True)
    print(f"Ecwid v3 emulator on {base}/api/v3/{args.ecwid_store_id}/customers", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from customer_gateway.telemetry import worker_metrics_dir

    # First, before anything imports prometheus_client (it reads the directory's variable
    # once): the workers' metrics directory, made or emptied for this run.
    with worker_metrics_dir(args.workers):
        return _serve_in(args)


def _serve_in(args: argparse.Namespace) -> int:
    import uvicorn
    from pydantic import ValidationError

    from customer_gateway.app import create_app
    from customer_gateway.http.server import HttpProtocol
    from customer_gateway.log_format import configure_logging
    from customer_gateway.settings import Settings

    try:
        settings = Settings()
        app = create_app(settings, freeze_heap=True)
    except ValidationError as exc:
        # Only each problem's message: pydantic's own text quotes the input, secrets included.
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            print(f"customer-gateway: configuration: {where}: {error['msg']}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a manifest or a key file it will not start with
        print(f"customer-gateway: configuration: {exc}", file=sys.stderr)
        return 2
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    workers = f", {args.workers} workers" if args.workers > 1 else ""
    print(
        f"customer-gateway on http://{host}:{port}/graphql"
        f" ({settings.backend}, {settings.env}{workers})",
        flush=True,
    )
    # Every logger, uvicorn's included (log_config=None), in CG_LOG_FORMAT with the request id.
    configure_logging(settings.log_format)
    # Uvicorn with our protocol (http/server.py: an answer's head and body in one write), and
    # without its access log, which writes whole URLs (a GET's query string can hold a
    # password): http/access_log.py logs each request instead.
    server: dict[str, Any] = {"host": host, "port": port, "log_level": "info", "log_config": None}
    server.update(access_log=False, http=HttpProtocol)
    if args.workers == 1:
        uvicorn.run(app, **server)
        return 0
    # More processes: each builds its own app from the environment (uvicorn needs an import
    # string for that); the one built above only checked the configuration.
    uvicorn.run("customer_gateway.app:app_from_env", factory=True, workers=args.workers, **server)
    return 0


def _demo(args: argparse.Namespace) -> int:
    import asyncio

    from customer_gateway.demo import run_demo

    asyncio.run(
        run_demo(
            host=args.host,
            port=args.port,
            emulator_port=args.emulator_port,
            db=args.db,
            seed=args.seed,
            backend=args.backend,
        )
    )
    return 0


def _export_schema(args: argparse.Namespace) -> int:
    from customer_gateway.graphql.schema import build_schema

    print(build_schema().as_str())
    return 0


def _manifest(args: argparse.Namespace) -> int:
    from pathlib import Path

    from customer_gateway.graphql.persisted.manifest import (
        ManifestError,
        build_manifest,
        manifest_json,
        operations_of,
        read_sources,
    )
    from customer_gateway.graphql.schema import build_schema

    try:
        manifest = build_manifest(read_sources(Path(name) for name in args.files))
        # What the gateway will check at start-up, checked now: a typo fails here, not there.
        operations_of(manifest, build_schema()._schema, "the operations")
    except (OSError, ManifestError) as exc:
        print(f"customer-gateway manifest: {exc}", file=sys.stderr)
        return 1
    text = manifest_json(manifest)
    if args.output is None:
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="customer-gateway", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    emulator = commands.add_parser("emulator", help="run the Open2b/Ecwid upstream emulator")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=8081)
    emulator.add_argument("--db", default=None, help="SQLite file (default: a temporary one)")
    emulator.add_argument("--seed", type=int, default=0, help="create N realistic customers")
    emulator.add_argument("--api-key", default="emulator-key", help="the admin key it accepts")
    emulator.add_argument("--ecwid-store-id", default="1003", help="the Ecwid store id it serves")
    emulator.add_argument(
        "--ecwid-token",
        action="append",
        default=[],
        metavar="TOKEN",
        help="another Ecwid token with every customers scope (repeatable)",
    )
    emulator.set_defaults(run=_emulator)

    serve = commands.add_parser("serve", help="run the gateway (configured by CG_* variables)")
    serve.add_argument("--host", default=None, help="default: CG_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: CG_PORT or 8080")
    serve.add_argument(
        "--workers", type=_positive, default=1, help="processes sharing the port (default 1)"
    )
    serve.set_defaults(run=_serve)

    demo = commands.add_parser("demo", help="run a seeded emulator and the gateway on it")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8080, help="the gateway's port")
    demo.add_argument("--emulator-port", type=int, default=8081, help="0 picks a free one")
    demo.add_argument("--db", default=None, help="SQLite file (default: a temporary one)")
    demo.add_argument("--seed", type=int, default=200, help="customers 1..N (1 is Holmes)")
    demo.add_argument(
        "--backend",
        choices=["open2b", "ecwid"],
        default="open2b",
        help="which of the emulator's upstreams the gateway speaks to",
    )
    demo.set_defaults(run=_demo)

    export = commands.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    export.set_defaults(run=_export_schema)

    manifest = commands.add_parser(
        "manifest",
        help="write an Apollo persisted query manifest of the operations in .graphql files",
    )
    manifest.add_argument("files", nargs="+", metavar="FILE.graphql")
    manifest.add_argument("-o", "--output", default=None, help="default: standard output")
    manifest.set_defaults(run=_manifest)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
