"""The GraphiQL asset fetcher, driven through a stand-in `npm` so no test reaches a registry."""

from __future__ import annotations

import io
import shutil
import sys
import tarfile
from pathlib import Path

import pytest
from http_harness import require_vendor_dir

from customer_gateway.http import assets


def _fake_npm(tmp_path: Path, members: dict[str, bytes]) -> Path:
    """An executable that answers `npm pack --json --pack-destination DIR SPEC...` like npm."""
    payload = tmp_path / "payload.tgz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    payload.write_bytes(buffer.getvalue())
    script = tmp_path / "npm"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, shutil, sys\n"
        "args = sys.argv[1:]\n"
        "dest = args[args.index('--pack-destination') + 1]\n"
        "specs = args[args.index('--pack-destination') + 2 :]\n"
        "out = []\n"
        "for i, spec in enumerate(specs):\n"
        "    name = f'p{i}.tgz'\n"
        f"    shutil.copy({str(payload)!r}, f'{{dest}}/{{name}}')\n"
        "    out.append({'id': spec, 'filename': name})\n"
        "print(json.dumps(out))\n"
    )
    script.chmod(0o755)
    return script


def test_no_npm_gives_an_actionable_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NPM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))

    assert assets.main(["--dest", str(tmp_path / "vendor")]) == 2

    err = capsys.readouterr().err
    assert "npm was not found" in err
    assert "apt-get install npm" in err


def test_a_tarball_that_is_not_the_pinned_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    npm = _fake_npm(tmp_path, {"package/graphiql.min.js": b"alert('not graphiql')"})
    monkeypatch.setenv("NPM", str(npm))
    vendor = tmp_path / "vendor"

    with pytest.raises(assets.AssetError, match="tarball integrity differs"):
        assets.fetch(vendor)
    assert not vendor.exists() or not any(vendor.rglob("*.js"))


def test_present_files_are_kept_without_calling_npm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "vendor"
    shutil.copytree(require_vendor_dir(), copy)
    monkeypatch.setenv("NPM", str(tmp_path / "no-such-npm"))

    assert assets.fetch(copy) == []
    assert assets.problems(copy) == []


def test_check_reports_a_modified_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "vendor"
    shutil.copytree(require_vendor_dir(), copy)
    (copy / "react@18.2.0" / "react.production.min.js").write_text("/* tampered */")

    assert assets.main(["--check", "--dest", str(copy)]) == 1
    assert "modified:" in capsys.readouterr().err


def test_check_passes_on_the_fetched_assets() -> None:
    assert assets.main(["--check", "--dest", str(require_vendor_dir())]) == 0


def test_every_pinned_file_has_an_sri_hash() -> None:
    for file in assets.VENDOR_FILES.values():
        algorithm, _, digest = file.sri.partition("-")
        assert algorithm == "sha384"
        assert len(digest) == 64
