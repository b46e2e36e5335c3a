"""The `customer-gateway` command: serve, demo, emulator, export-schema."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _emulator(args: argparse.Namespace) -> int:
    import uvicorn

    from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app

    config = EmulatorConfig(db_path=args.db, seed=args.seed, api_key=args.api_key)
    app = create_emulator_app(config)
    print(f"Open2b v10 emulator on http://{args.host}:{args.port}/api/v10/", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="customer-gateway", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    emulator = commands.add_parser("emulator", help="run the Open2b/Ecwid upstream emulator")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=8081)
    emulator.add_argument("--db", default=None, help="SQLite file (default: a temporary one)")
    emulator.add_argument("--seed", type=int, default=0, help="create N realistic customers")
    emulator.add_argument("--api-key", default="emulator-key", help="the admin key it accepts")
    emulator.set_defaults(run=_emulator)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
