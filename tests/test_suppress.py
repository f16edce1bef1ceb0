"""Baselines and waivers, from the command line and a seclint.toml."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import FIXTURES, ROOT

SEED = str(FIXTURES / "seed-virtual-nodes")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env_path = {"PYTHONPATH": str(ROOT)}
    import os

    return subprocess.run([sys.executable, "-m", "seclint", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **env_path})  # fmt: skip


def test_baseline_hides_exactly_the_recorded_findings(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    first = run("check", SEED, "--write-baseline", str(baseline), "--format", "json")
    assert first.returncode == 1
    recorded = json.loads(baseline.read_text())["findings"]
    assert sorted(e["rule"] for e in recorded) == ["OKE101", "OKE102", "OKE103"]
    again = run("check", SEED, "--baseline", str(baseline), "--format", "json")
    document = json.loads(again.stdout)
    assert again.returncode == 0 and document["findings"] == []
    assert document["summary"]["suppressed"]["baseline"] == 3
    # A new problem is not hidden by the old baseline.
    fixed = str(FIXTURES / "seed-virtual-nodes-fixed")
    assert json.loads(run("check", fixed, "--baseline", str(baseline), "--format", "json").stdout)["findings"] == []


def test_waivers_from_seclint_toml_expired_and_unused(tmp_path: Path) -> None:
    (tmp_path / "seclint.toml").write_text(
        """
fail-on = "warning"
[[waivers]]
rule = "OKE10"
resource = "oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional"
reason = "LB rules are rolled out next sprint"
expires = 2999-01-01
[[waivers]]
rule = "OKE102"
resource = "oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional"
reason = "UDP was accepted once"
expires = 2020-01-01
[[waivers]]
rule = "NET301"
resource = "nothing-like-it"
reason = "stale"
"""
    )
    proc = run("check", SEED, "--format", "json", cwd=tmp_path)
    document = json.loads(proc.stdout)
    suppressed = document["summary"]["suppressed"]
    assert suppressed["waived"] == 3
    assert suppressed["expired-waivers"] == [
        "OKE102 on oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional (UDP was accepted once) expired on 2020-01-01"
    ]
    assert suppressed["unused-waivers"] == ["NET301 on nothing-like-it (stale)"]
    assert document["findings"] == [] and proc.returncode == 0
    text = run("check", SEED, cwd=tmp_path).stdout
    assert "waiver matches no finding: NET301 on nothing-like-it (stale)" in text


def test_bad_configuration_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "seclint.toml").write_text('fail-on = "sometimes"\n')
    proc = run("check", SEED, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"seclint: error: {tmp_path / 'seclint.toml'}: fail-on: Input should be")
