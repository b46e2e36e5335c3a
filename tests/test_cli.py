from __future__ import annotations

import pytest

from customer_gateway.cli import build_parser


def test_unknown_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["nonsense"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
