"""The peers of ../shared/perf (a Node Open2b stub and Apollo Server 5), started on loopback.

The folder is found at `--perf DIR`, `$BENCH_PERF_DIR`, or `../shared/perf` beside this
checkout (or beside the main checkout, from a git worktree). It is copied to a temporary
directory (it may be read-only); Apollo's node_modules come from one `npm ci` cached under
build/perf/ by the lockfile's hash. Nothing in the product uses this folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import servers

PERF_ENV = "BENCH_PERF_DIR"
STUB_KEY = "stub-key"
REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "build" / "perf"
NPM_TIMEOUT = 600


class Unavailable(Exception):
    """Why the peers cannot run here (said to the user; the run goes on without them)."""


def _main_checkout() -> Path | None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        common = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        return Path(common).parent
    return None


def locate(explicit: str | None) -> Path:
    """The perf folder to copy, or `Unavailable` saying where it was looked for."""
    chosen = explicit or os.environ.get(PERF_ENV)
    if chosen:
        candidates = [Path(chosen)]
    else:
        candidates = [REPO.parent / "shared" / "perf"]
        main = _main_checkout()
        if main is not None and main != REPO:
            candidates.append(main.parent / "shared" / "perf")
    found = next((c for c in candidates if (c / "apollo" / "server.mjs").is_file()), None)
    if found is None:
        where = ", ".join(str(c) for c in candidates)
        raise Unavailable(f"no peers folder at {where} (--perf DIR or {PERF_ENV}=DIR)")
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        raise Unavailable(f"{' and '.join(missing)} not found (Debian: apt-get install npm)")
    return found.resolve()


def _node_modules(apollo: Path) -> Path:
    """Apollo's node_modules, installed once per lockfile by `npm ci` under build/perf/."""
    manifest = [apollo / "package.json", apollo / "package-lock.json"]
    key = hashlib.sha256(b"".join(path.read_bytes() for path in manifest)).hexdigest()[:16]
    home = CACHE / key
    if not (home / ".installed").exists():
        home.mkdir(parents=True, exist_ok=True)
        for path in manifest:
            shutil.copyfile(path, home / path.name)
        print(f"npm ci for the Apollo peer in {home} (once)", flush=True)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=home,
            check=True,
            timeout=NPM_TIMEOUT,
            stdout=subprocess.DEVNULL,
        )
        (home / ".installed").touch()
    return home / "node_modules"


@contextlib.contextmanager
def copied(perf: Path) -> Iterator[Path]:
    """A writable copy of `perf` in a temporary directory, Apollo's modules linked in."""
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        copy = Path(tmp) / "perf"
        shutil.copytree(
            perf, copy, copy_function=shutil.copyfile, ignore=shutil.ignore_patterns("node_modules")
        )
        for directory, _, _ in os.walk(copy):
            os.chmod(directory, 0o755)  # copytree kept the source's read-only modes
        (copy / "apollo" / "node_modules").symlink_to(_node_modules(copy / "apollo"))
        yield copy


@dataclass(frozen=True)
class Peers:
    stub_url: str
    stub_pid: int
    apollo_url: str
    apollo_pid: int

    def stub_calls(self) -> int:
        stats = httpx.get(f"{self.stub_url}/__stub/stats", timeout=10).json()
        return sum(stats["calls"].values())

    def last_stub_request(self) -> dict[str, object]:
        """The body of the last upstream call the stub received."""
        requests = httpx.get(f"{self.stub_url}/__stub/stats", timeout=10).json()["requests"]
        body: dict[str, object] = requests[-1]["body"]
        return body


@contextlib.contextmanager
def started(copy: Path, logs: Path) -> Iterator[Peers]:
    """The stub and Apollo over it, each on a free loopback port, stopped by pid after."""
    host = servers.HOST
    stub_port, apollo_port = servers.free_port(), servers.free_port()
    stub_url, apollo_url = f"http://{host}:{stub_port}", f"http://{host}:{apollo_port}"
    env = {**os.environ, "HOST": host, "NODE_ENV": "production"}
    stub_env = {**env, "PORT": str(stub_port), "STUB_KEY": STUB_KEY}
    apollo_env = {**env, "PORT": str(apollo_port), "UPSTREAM_URL": stub_url}
    apollo_env["UPSTREAM_KEY"] = STUB_KEY
    # Apollo's CSRF prevention wants a preflight-forcing header on a GET.
    preflight = {"apollo-require-preflight": "true"}
    with (
        servers.process(
            ["node", "open2b-stub/server.mjs"],
            f"{stub_url}/__stub/stats",
            stub_env,
            cwd=copy,
            log=logs / "stub.log",
        ) as stub,
        servers.process(
            ["node", "apollo/server.mjs"],
            f"{apollo_url}/?query=%7B__typename%7D",
            apollo_env,
            cwd=copy,
            log=logs / "apollo.log",
            headers=preflight,
        ) as apollo,
    ):
        yield Peers(stub_url, stub.pid, apollo_url, apollo.pid)
