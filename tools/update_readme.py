#!/usr/bin/env python3
"""Refresh the generated parts of README.md: the seed scenario's output and the rule table.

Run from the repository root after changing rules or the text report; tests/test_readme.py fails
until the README matches.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from seclint.engine.registry import load_rules  # noqa: E402


def main() -> None:
    readme = (ROOT / "README.md").read_text()
    output = subprocess.run(
        [sys.executable, "-m", "seclint", "check", "fixtures/seed-virtual-nodes", "--no-color"],
        capture_output=True, text=True, cwd=ROOT,
    ).stdout  # fmt: skip
    readme = re.sub(
        r"(<!-- seed-output -->\n```text\n).*?(```\n<!-- /seed-output -->)",
        lambda m: m.group(1) + output + m.group(2),
        readme,
        flags=re.S,
    )
    rows = "\n".join(f"| {r.id} | {r.severity.value} | `{r.name}` | {r.summary} |" for r in load_rules(ROOT / "rules"))
    readme = re.sub(
        r"(\| id \| severity \| name \| checks \|\n\|---\|---\|---\|---\|\n)(?:\|.*\|\n)+",
        lambda m: m.group(1) + rows + "\n",
        readme,
    )
    (ROOT / "README.md").write_text(readme)


if __name__ == "__main__":
    main()
