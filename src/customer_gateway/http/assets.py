"""GraphiQL's third-party JS and CSS, fetched at set-up so the IDE works with no internet access.

`python -m customer_gateway.http.assets` packs the pinned npm packages with the machine's own `npm`
(so its registry and proxy configuration apply), checks each tarball against the integrity
npm published for it, and extracts only the files the page loads into `static/vendor/`
(git-ignored: third-party bundles are never committed). It is idempotent: files already present
with the pinned hash are kept. `make demo` and `make test` run it; so does the Dockerfile.

This module uses the standard library only, so it runs before the package's dependencies exist.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"


@dataclass(frozen=True)
class VendorFile:
    """One file of a package: where it is in the tarball, where it goes, what it hashes to."""

    member: str
    name: str  # under VENDOR_DIR, and under the /graphiql/static/vendor/ URL
    sri: str


@dataclass(frozen=True)
class Package:
    spec: str
    integrity: str
    files: tuple[VendorFile, ...]


# The versions strawberry 0.341's own GraphiQL page loads from a CDN; the SRI hashes are the
# same ones that page pins, so these are byte-for-byte the files it would have used.
PACKAGES: tuple[Package, ...] = (
    Package(
        "react@18.2.0",
        "sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==",
        (
            VendorFile(
                "package/umd/react.production.min.js",
                "react@18.2.0/react.production.min.js",
                "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
            ),
            VendorFile(
                "package/LICENSE",
                "react@18.2.0/LICENSE",
                "sha384-dIN5gxuW3odCH42AKpxql36fRQlrVsjCi4EJgGC2Ty8Ihkcq9cdrChEZpKhSAfks",
            ),
        ),
    ),
    Package(
        "react-dom@18.2.0",
        "sha512-6IMTriUmvsjHUjNtEDudZfuDQUoWXVxKHhlEGSk81n4YFS+r/Kl99wXiwlVXtPBtJenozv2P+hxDsw9eA7Xo6g==",
        (
            VendorFile(
                "package/umd/react-dom.production.min.js",
                "react-dom@18.2.0/react-dom.production.min.js",
                "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
            ),
            VendorFile(
                "package/LICENSE",
                "react-dom@18.2.0/LICENSE",
                "sha384-dIN5gxuW3odCH42AKpxql36fRQlrVsjCi4EJgGC2Ty8Ihkcq9cdrChEZpKhSAfks",
            ),
        ),
    ),
    Package(
        "graphiql@3.8.3",
        "sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw==",
        (
            VendorFile(
                "package/graphiql.min.js",
                "graphiql@3.8.3/graphiql.min.js",
                "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
            ),
            VendorFile(
                "package/graphiql.min.css",
                "graphiql@3.8.3/graphiql.min.css",
                "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
            ),
            VendorFile(
                "package/LICENSE",
                "graphiql@3.8.3/LICENSE",
                "sha384-9JPX1agGTIUB7wtQt2kO3PUO7clmCJp+9e50VMjw1yd8briI77AZnMDBz5VcerBH",
            ),
        ),
    ),
    Package(
        "@graphiql/plugin-explorer@1.0.2",
        "sha512-9j+kg2UjtLZD5EBmGjeWHkoVVxtbShYg2DzbUVebibnZYZM/iMBEF4vaccXJIAm5KaomIPLx0aoNs4LbODyc3Q==",
        (
            VendorFile(
                "package/dist/index.umd.js",
                "plugin-explorer@1.0.2/index.umd.js",
                "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9",
            ),
            VendorFile(
                "package/dist/style.css",
                "plugin-explorer@1.0.2/style.css",
                "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi",
            ),
        ),
    ),
)

VENDOR_FILES: dict[str, VendorFile] = {f.name: f for p in PACKAGES for f in p.files}

NPM_MISSING = (
    "npm was not found on PATH. The GraphiQL IDE's JavaScript is fetched once from the npm "
    "registry with npm: install Node.js and npm (Debian/Ubuntu: `apt-get install npm`), "
    "or set NPM=/path/to/npm, then run `python -m customer_gateway.http.assets` again."
)


class AssetError(Exception):
    """Fetching or checking the vendored assets failed; the message says what to do."""


def sri(data: bytes, algorithm: str = "sha384") -> str:
    """The Subresource Integrity string (`sha384-<base64>`) of `data`, npm's format too."""
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def missing(vendor_dir: Path = VENDOR_DIR) -> list[VendorFile]:
    """The files not on disk; cheap enough to ask on every page view."""
    return [f for f in VENDOR_FILES.values() if not (vendor_dir / f.name).is_file()]


def _is_intact(vendor_dir: Path, file: VendorFile) -> bool:
    path = vendor_dir / file.name
    return path.is_file() and sri(path.read_bytes()) == file.sri


def problems(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Every file that is missing or whose content is not the pinned one."""
    found = []
    for file in VENDOR_FILES.values():
        path = vendor_dir / file.name
        if not path.is_file():
            found.append(f"missing: {path}")
        elif sri(path.read_bytes()) != file.sri:
            found.append(f"modified: {path}")
    return found


def _npm() -> str:
    npm = os.environ.get("NPM") or shutil.which("npm")
    if not npm:
        raise AssetError(NPM_MISSING)
    return npm


def _pack(npm: str, packages: Sequence[Package], into: Path) -> dict[str, Path]:
    """`npm pack` the packages into `into`; their tarballs by spec."""
    command = [npm, "pack", "--json", "--pack-destination", str(into), *(p.spec for p in packages)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AssetError(f"`npm pack` could not run: {exc}") from exc
    if done.returncode != 0:
        raise AssetError(f"`{' '.join(command)}` failed:\n{done.stderr.strip()}")
    tarballs: dict[str, Path] = {}
    for entry in json.loads(done.stdout):
        tarballs[entry["id"]] = into / entry["filename"]
    return tarballs


def _extract(package: Package, tarball: Path, vendor_dir: Path) -> None:
    data = tarball.read_bytes()
    if sri(data, "sha512") != package.integrity:
        raise AssetError(f"{package.spec}: tarball integrity differs from the pinned one")
    with tarfile.open(tarball, "r:gz") as archive:
        for file in package.files:
            member = archive.extractfile(file.member)
            if member is None:
                raise AssetError(f"{package.spec}: {file.member} is not a file in the tarball")
            content = member.read()
            if sri(content) != file.sri:
                raise AssetError(f"{package.spec}: {file.member} differs from the pinned hash")
            target = vendor_dir / file.name
            target.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a server reading the directory never sees half a file.
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(content)
            partial.replace(target)


def fetch(vendor_dir: Path = VENDOR_DIR, *, force: bool = False) -> list[str]:
    """Make `vendor_dir` hold every pinned file; return the specs that had to be packed."""
    needed = [p for p in PACKAGES if force or not all(_is_intact(vendor_dir, f) for f in p.files)]
    if not needed:
        return []
    npm = _npm()
    with tempfile.TemporaryDirectory(prefix="cg-assets-") as tmp:
        tarballs = _pack(npm, needed, Path(tmp))
        for package in needed:
            tarball = tarballs.get(package.spec)
            if tarball is None:
                raise AssetError(f"`npm pack` did not produce {package.spec}")
            _extract(package, tarball, vendor_dir)
    return [p.spec for p in needed]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m customer_gateway.http.assets",
        description="Fetch GraphiQL's JS and CSS from the npm registry so the IDE works offline.",
    )
    parser.add_argument("--dest", type=Path, default=VENDOR_DIR, help="default: %(default)s")
    parser.add_argument("--check", action="store_true", help="only verify; exit 1 if incomplete")
    parser.add_argument("--force", action="store_true", help="fetch even what is present")
    args = parser.parse_args(argv)
    if args.check:
        found = problems(args.dest)
        for problem in found:
            print(problem, file=sys.stderr)
        return 1 if found else 0
    try:
        fetched = fetch(args.dest, force=args.force)
    except AssetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if fetched:
        print(f"GraphiQL assets: fetched {', '.join(fetched)} into {args.dest}")
    else:
        print(f"GraphiQL assets: up to date in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
