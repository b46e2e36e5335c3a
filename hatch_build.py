"""Hatch build hook: a wheel carries GraphiQL's JS and CSS, so the IDE works where npm is not.

The vendor files are third-party bundles, git-ignored (hatch leaves ignored files out), so
the hook fetches what is missing with `python -m customer_gateway.http.assets` (npm; nothing
when every file is present with its pinned hash), checks each file against that hash, and
force-includes exactly the files `assets.VENDOR_FILES` lists. Editable installs (`pip install
-e`) read the source tree itself, so they neither fetch nor need npm.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SRC = Path("src")
ASSETS_MODULE = SRC / "customer_gateway" / "http" / "assets.py"
VENDOR_IN_WHEEL = "customer_gateway/http/static/vendor"


def _load_assets(root: Path) -> ModuleType:
    # assets.py uses the standard library only: load it by path, the package is not installed.
    spec = importlib.util.spec_from_file_location("_cg_assets", root / ASSETS_MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class VendorAssetsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        assets = _load_assets(root)
        vendor_dir = root / SRC / "customer_gateway" / "http" / "static" / "vendor"
        if assets.problems(vendor_dir):
            env = {**os.environ, "PYTHONPATH": str(root / SRC)}
            command = [sys.executable, "-m", "customer_gateway.http.assets", "--dest", vendor_dir]
            if subprocess.run(command, env=env, check=False).returncode != 0:
                raise RuntimeError("the wheel needs GraphiQL's assets and fetching them failed")
        if found := assets.problems(vendor_dir):
            raise RuntimeError("GraphiQL assets are not the pinned ones: " + "; ".join(found))
        for name in assets.VENDOR_FILES:
            build_data["force_include"][str(vendor_dir / name)] = f"{VENDOR_IN_WHEEL}/{name}"
