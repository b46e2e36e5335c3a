from __future__ import annotations

import pytest

from customer_gateway.cli import build_parser


def test_unknown_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["nonsense"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_emulator_ecwid_options() -> None:
    args = build_parser().parse_args(["emulator"])
    assert (args.ecwid_store_id, args.ecwid_token) == ("1003", [])
    args = build_parser().parse_args(
        ["emulator", "--ecwid-store-id", "42", "--ecwid-token", "a", "--ecwid-token", "b"]
    )
    assert (args.ecwid_store_id, args.ecwid_token) == ("42", ["a", "b"])
