"""The README's promises: its two commands, its real output, its rule table, CI running its tests."""

from __future__ import annotations

import re

from seclint.engine.registry import registry
from tests.helpers import ROOT
from tests.test_loading import run_cli

README = (ROOT / "README.md").read_text()


def _setup_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None
    return block.group(1).strip().splitlines()


def test_readme_opens_with_two_setup_commands() -> None:
    first, second = _setup_commands()
    assert first == "pip install . && seclint check fixtures/seed-virtual-nodes"
    assert second == "pip install '.[test]' && python -m pytest"
    assert (ROOT / "fixtures" / "seed-virtual-nodes").is_dir()


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    command = _setup_commands()[1].replace("pip install", "python -m pip install", 1)
    assert command in script.splitlines()


def test_readme_shows_the_real_output() -> None:
    shown = re.search(r"<!-- seed-output -->\n```text\n(.*?)```\n<!-- /seed-output -->", README, re.S)
    assert shown is not None
    proc = run_cli("check", "fixtures/seed-virtual-nodes", "--no-color")
    assert proc.returncode == 1
    assert proc.stdout == shown.group(1)


def test_readme_lists_every_rule() -> None:
    for spec in registry():
        assert f"| {spec.id} | {spec.severity.value} | `{spec.name}` | {spec.summary} |" in README
