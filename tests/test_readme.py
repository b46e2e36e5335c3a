"""Every curl example of the README runs as written against `customer-gateway demo`.

The examples are run in README order on one fresh demo (as a reader would, one after the other),
with the demo's ports 8080/8081 swapped for free ones. A `$ ` transcript's output lines, or the
```json block that follows a plain example, are what the command must print; values that differ
from run to run (customer keys, login and update times) only have to be of the same kind.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from processes import free_port

README = Path(__file__).parents[1] / "README.md"
VOLATILE = {"customerKey", "loginTime", "updateTime"}
ASSIGNMENT = re.compile(r"^([A-Z_]+)=")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


@dataclass(frozen=True)
class Example:
    line: int
    command: str
    expected: str


def _complete(command: str) -> bool:
    if command.rstrip().endswith("\\"):
        return False
    return subprocess.run(["bash", "-n", "-c", command], capture_output=True).returncode == 0


def _transcript(body: str, line: int) -> Iterator[Example]:
    """`$ command` lines (continued until the shell would run them), each followed by its output."""
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            i += 1
            continue
        start, command = i, lines[i][2:]
        while not _complete(command):
            i += 1
            command += "\n" + lines[i]
        i += 1
        output = []
        while i < len(lines) and not lines[i].startswith("$ "):
            output.append(lines[i])
            i += 1
        yield Example(line + start, command, "\n".join(output))


def examples() -> list[Example]:
    text = README.read_text()
    blocks = [
        (m.group(1), m.group(2), text.count("\n", 0, m.start()) + 2) for m in FENCE.finditer(text)
    ]
    found: list[Example] = []
    for index, (language, body, line) in enumerate(blocks):
        if language != "sh" or "curl" not in body or "127.0.0.1:808" not in body:
            continue
        if body.startswith("$ "):
            found.extend(_transcript(body, line))
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is not None and following[0] == "json":
            found.append(Example(line, body, following[1]))
    return found


def _normal(value: object) -> object:
    if isinstance(value, dict):
        return {
            key: "<varies>" if key in VOLATILE and isinstance(item, str) else _normal(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_normal(item) for item in value]
    return value


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[int, int]]:
    gateway, emulator = free_port(), free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "customer_gateway.cli",
            "demo",
            "--host",
            "127.0.0.1",
            "--port",
            str(gateway),
            "--emulator-port",
            str(emulator),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={key: value for key, value in os.environ.items() if not key.startswith("CG_")},
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        for line in process.stdout:  # the banner ends with the GraphiQL URL
            if "GraphiQL" in line or time.monotonic() > deadline:
                break
        assert process.poll() is None, "the demo did not start"
        yield gateway, emulator
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


EXAMPLES = examples()


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.skipif(shutil.which("curl") is None, reason="make test installs curl")
def test_every_example_prints_what_the_readme_says(demo: tuple[int, int]) -> None:
    gateway, emulator = demo
    shell_variables = ""  # what `KEY=$(...)` examples set, for the examples after them
    for example in EXAMPLES:
        command = example.command.replace("127.0.0.1:8080", f"127.0.0.1:{gateway}")
        command = command.replace("127.0.0.1:8081", f"127.0.0.1:{emulator}")
        assigned = ASSIGNMENT.match(command)
        script = shell_variables + command
        if assigned:
            script += f'\necho "${assigned.group(1)}"'
        run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=30)
        if assigned:
            value = run.stdout.strip()
            assert value, f"README.md line {example.line} set {assigned.group(1)} to nothing"
            shell_variables += f"{assigned.group(1)}={shlex.quote(value)}\n"
            continue
        where = f"README.md line {example.line}"
        assert run.returncode == 0, f"{where}: {run.stderr}"
        try:
            expected = json.loads(example.expected)
        except json.JSONDecodeError:
            assert run.stdout.strip() == example.expected.strip(), where
            continue
        assert _normal(json.loads(run.stdout)) == _normal(expected), where
