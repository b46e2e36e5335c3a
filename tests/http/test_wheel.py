"""The built wheel carries GraphiQL's files: installed from it alone, the IDE works offline.

One wheel is built (`python -m build --wheel --no-isolation`, what `make dist` runs) into a
temporary directory; the source tree is only read.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from http_harness import REPO, require_vendor_dir, serve_process

from customer_gateway.http.assets import VENDOR_FILES, sri

IN_WHEEL = "customer_gateway/http/static/vendor/"
BROWSER = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_vendor_dir()
    out = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("customer_gateway-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtualenv holding the wheel (`pip install --no-deps`); the dependencies are
    borrowed from the test's environment by a .pth line, which runs none of that
    environment's own .pth files, so the source tree's editable install stays out."""
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"]
    done = subprocess.run(
        [*install, "--no-index", "--quiet", str(wheel)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"])
    yield env


def test_the_wheel_holds_every_pinned_vendor_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        vendored = {
            name.removeprefix(IN_WHEEL): archive.read(name)
            for name in archive.namelist()
            if name.startswith(IN_WHEEL)
        }

    assert sorted(vendored) == sorted(VENDOR_FILES)
    for name, content in vendored.items():
        assert sri(content) == VENDOR_FILES[name].sri, name


def test_the_installed_wheel_serves_graphiql_without_the_source_tree(installed: Path) -> None:
    where = subprocess.run(
        [installed / "bin" / "python", "-c", "import customer_gateway as m; print(m.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(installed)), where

    gateway = (str(installed / "bin" / "customer-gateway"),)
    with serve_process(command=gateway, CG_OPEN2B_URL="http://127.0.0.1:9") as served:
        page = httpx.get(f"{served.url}/graphql", headers=BROWSER)
        script = httpx.get(
            f"{served.url}/graphiql/static/vendor/graphiql@3.8.3/graphiql.min.js",
            headers={"Accept-Encoding": "identity"},
        )

    assert page.status_code == 200, page.text
    assert "graphiql@3.8.3/graphiql.min.js" in page.text
    assert script.status_code == 200
    assert sri(script.content) == VENDOR_FILES["graphiql@3.8.3/graphiql.min.js"].sri
