"""The HTML report: self-contained, escaped, and loaded by a real headless Chromium without errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from seclint.api import check
from seclint.report import Format, ReportOptions, render
from seclint.sources.files import load_files
from tests.helpers import FIXTURES, Export

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _html(path: Path) -> str:
    return render(check(load_files([path])), Format.HTML, ReportOptions())


def _hostile_export(tmp_path: Path) -> Path:
    export = Export("seed-virtual-nodes", tmp_path / "hostile")
    export.update("subnet", "oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional", {"display-name": HOSTILE})
    lists = export.read("security_list_list.json")
    for record in lists["data"]:
        for rule in record["ingress-security-rules"]:
            rule["description"] = HOSTILE
    export.write("security_list_list.json", lists)
    return export.dir


def test_report_is_self_contained_and_shows_findings_and_fixes() -> None:
    html = _html(FIXTURES / "seed-virtual-nodes")
    assert not re.search(r'(src|href)="https?://', html)  # no external requests
    assert html.count('<article class="finding"') == 3
    assert "<svg" in html and "TCP 30000-32767 from 10.0.20.0/24 to 10.0.10.0/24" in html
    assert "oci network security-list update --security-list-id" in html and "egress_security_rules {" in html


def test_cloud_text_is_escaped(tmp_path: Path) -> None:
    html = _html(_hostile_export(tmp_path))
    assert HOSTILE not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(&quot;x&quot;)" in html
    assert len(re.findall(r"<script>", html)) == 1  # only the report's own filter script


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("hostile", [False, True])
def test_chromium_loads_the_report_without_errors(tmp_path: Path, hostile: bool) -> None:
    source = _hostile_export(tmp_path) if hostile else FIXTURES / "seed-virtual-nodes"
    page = tmp_path / "report.html"
    page.write_text(_html(source))
    shot = Path(__file__).parent / "screenshots"
    shot.mkdir(exist_ok=True)
    png = shot / ("report-hostile.png" if hostile else "report-summary.png")
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0", "--window-size=1200,1400",
    ]  # fmt: skip
    shot_run = subprocess.run([CHROMIUM, *flags, f"--screenshot={png}", page.as_uri()], capture_output=True, text=True,
                              timeout=90)  # fmt: skip
    assert png.is_file() and png.stat().st_size > 10_000, shot_run.stderr[-2000:]
    console = [line for line in shot_run.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90)
    # Nothing injected ran: the hostile text is still text, and no alert replaced the page.
    assert 'class="finding"' in dom.stdout
    if hostile:
        assert '<img src="x"' not in dom.stdout and "onerror=" not in dom.stdout.replace("onerror=alert(1)&gt;", "")
