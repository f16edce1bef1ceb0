"""SARIF (validated against the SARIF 2.1.0 schema) and Markdown reports of the seed scenario."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from seclint.api import check
from seclint.report import Format, ReportOptions, render
from seclint.sources.files import load_files
from tests.helpers import FIXTURES, SHARED

SEED = FIXTURES / "seed-virtual-nodes"
SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def _sarif(path: Path) -> dict:
    return json.loads(render(check(load_files([path])), Format.SARIF, ReportOptions()))


@pytest.mark.skipif(
    not SCHEMA.is_file(), reason="../shared/schemas/sarif-schema-2.1.0.json is not beside this checkout"
)
def test_sarif_validates_against_the_schema() -> None:
    import jsonschema

    jsonschema.validate(_sarif(SEED), json.loads(SCHEMA.read_text()))


def test_sarif_results_rules_and_locations() -> None:
    document = _sarif(SEED)
    run = document["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert (
        rules["OKE101"]["helpUri"]
        == "https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengnetworkconfig.htm"
    )
    assert rules["OKE102"]["defaultConfiguration"]["level"] == "warning"
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("OKE101", "error"),
        ("OKE103", "error"),
        ("OKE102", "warning"),
    ]
    first = results[0]
    assert first["message"]["text"].endswith("Missing: TCP 30000-32767 from 10.0.20.0/24 to 10.0.10.0/24")
    location = first["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "fixtures/seed-virtual-nodes/subnet_list.json"
    )
    names = [loc["name"] for loc in location["logicalLocations"]]
    assert names[:2] == ["oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional", "oke-svclbseclist-quick-vn-demo-7c1e5a9b2"]


def test_fingerprints_survive_a_reexport_under_other_file_names(tmp_path: Path) -> None:
    copy = tmp_path / "again"
    copy.mkdir()
    for index, path in enumerate(sorted(SEED.glob("*.json"))):
        shutil.copy(path, copy / f"export-{index:02d}.json")
    before = [r["partialFingerprints"] for r in _sarif(SEED)["runs"][0]["results"]]
    after = [r["partialFingerprints"] for r in _sarif(copy)["runs"][0]["results"]]
    assert before == after and len({json.dumps(f) for f in before}) == 3


def test_markdown_summary_and_error_fixes() -> None:
    text = render(check(load_files([SEED])), Format.MARKDOWN, ReportOptions())
    assert text.startswith("## seclint: ❌ failed\n")
    assert "| error | 2 |" in text and "| warning | 1 |" in text
    assert "### OKE101 lb-backend-nodeports-tcp" in text and "### OKE102" not in text
    assert "- missing: `TCP 30000-32767 from 10.0.20.0/24 to 10.0.10.0/24`" in text
    assert "```sh\noci network security-list update --security-list-id" in text
