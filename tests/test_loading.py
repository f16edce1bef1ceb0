"""Loading exports as users have them, and refusing bad input with one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from seclint.api import check
from seclint.sources.files import load_files
from seclint.sources.keys import normalize, snake
from tests.helpers import ROOT, Export

SL_LIST = "oke-svclbseclist-quick-vn-demo-7c1e5a9b2"
DPORTS = "ingress-security-rules[0].tcp-options.destination-port-range"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "seclint", *args], capture_output=True, text=True, cwd=cwd)


def _camel(key: str) -> str:
    head, *rest = key.split("-")
    return head + "".join(part.capitalize() for part in rest)


def _wire(value: Any, tags: bool = False) -> Any:
    """REST wire JSON: camelCase keys, null keys left out, tag maps untouched."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if v is None:
                continue
            key = _camel(k)
            out[key] = v if key in ("definedTags", "freeformTags", "systemTags") else _wire(v)
        return out
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value


def _sdk(value: Any) -> Any:
    """``oci.util.to_dict`` output: snake_case keys, a bare list."""
    if isinstance(value, dict):
        return {k.replace("-", "_"): v if k.endswith("tags") else _sdk(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_sdk(v) for v in value]
    return value


def _summary(directory: Path) -> list[tuple]:
    result = check(load_files([directory]))
    return [(f.rule, f.resources, f.missing) for f in result.findings]


def test_key_styles_are_normalised_per_key(tmp_path: Path) -> None:
    baseline = _summary(ROOT / "fixtures" / "seed-virtual-nodes")
    export = Export("seed-virtual-nodes", tmp_path / "mixed")
    subnets = export.read("subnet_list.json")["data"]
    export.write("subnet_list.json", _wire(subnets))  # wire JSON, a bare list
    lists = export.read("security_list_list.json")["data"]
    export.write("security_list_list.json", _sdk(lists))  # SDK to_dict
    tables = export.read("route_table_list.json")
    tables["data"][0] = _wire(tables["data"][0])  # mixed inside one file
    export.write("route_table_list.json", tables)
    assert baseline and _summary(export.dir) == baseline


def test_tag_maps_keep_their_keys() -> None:
    record = normalize({"defined-tags": {"Oracle-Tags": {"Created-By": "x"}}, "freeformTags": {"team-name": "a"},
                        "routeTableId": "r", "node_metadata": {"user-data": "y"}})  # fmt: skip
    assert record == {
        "defined_tags": {"Oracle-Tags": {"Created-By": "x"}},
        "freeform_tags": {"team-name": "a"},
        "route_table_id": "r",
        "node_metadata": {"user-data": "y"},
    }
    assert snake("ipv6CidrBlocks") == "ipv6_cidr_blocks" == snake("ipv6-cidr-blocks")


def test_empty_files_and_get_envelopes(tmp_path: Path) -> None:
    snap = load_files([ROOT / "fixtures" / "seed-virtual-nodes"])
    assert (ROOT / "fixtures" / "seed-virtual-nodes" / "nsg_list.json").read_text() == ""
    assert not snap.nsgs and len(snap.clusters) == 1  # `ce cluster get` envelope + list, merged
    assert snap.ignored["lifecycle-state DELETED"] == 1


def test_terminated_resources_are_ignored(tmp_path: Path) -> None:
    export = Export("seed-virtual-nodes-fixed", tmp_path / "e")
    export.update("subnet", "oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional", {"lifecycle-state": "TERMINATED"})
    snap = load_files([export.dir])
    assert len(snap.subnets) == 2
    assert snap.ignored["lifecycle-state TERMINATED"] == 1
    # The cluster still names the terminated subnet: that is a dangling reference, never silence.
    missing = [(d.field, snap.name(d.referrer)) for d in snap.dangling_references()]
    assert missing == [("options.service-lb-subnet-ids", "vn-demo")]


def test_nsg_with_embedded_rules(tmp_path: Path) -> None:
    export = Export("virtual-nodes-separate-pods", tmp_path / "e")
    nsg_id = export.id("shop-pods-nsg")
    rules_file = export.dir / f"nsg_rules_{nsg_id}.json"
    rules = json.loads(rules_file.read_text())["data"]
    rules_file.unlink()
    nsgs = export.read("nsg_list.json")
    nsgs["data"][0]["security-rules"] = rules
    export.write("nsg_list.json", nsgs)
    snap = load_files([export.dir])
    assert [r.rule_id for r in snap.nsgs[nsg_id].security_rules or []] == [r["id"] for r in rules]
    assert not check(snap).findings


BAD_INPUTS = [
    pytest.param("json", "invalid JSON: Unterminated string starting at (line 391, column 17)", None, None,
                 id="invalid-json"),
    pytest.param({"source": "10.0.300.0/24"}, "invalid CIDR '10.0.300.0/24'", SL_LIST,
                 "ingress-security-rules[0].source", id="invalid-cidr"),
    pytest.param({"tcp-options": {"destination-port-range": {"min": 80, "max": 70000}, "source-port-range": None}},
                 "port 70000 is outside 1-65535", SL_LIST, DPORTS,
                 id="port-out-of-range"),
    pytest.param({"tcp-options": {"destination-port-range": {"min": 443, "max": 80}, "source-port-range": None}},
                 "min 443 is greater than max 80", SL_LIST, DPORTS,
                 id="min-over-max"),
    pytest.param({"protocol": "tcpx"}, "unknown protocol 'tcpx'", SL_LIST, "ingress-security-rules[0].protocol",
                 id="unknown-protocol"),
    pytest.param({"source-type": "ANYWHERE"}, "unknown source type 'ANYWHERE'", SL_LIST,
                 "ingress-security-rules[0].source-type", id="unknown-peer-type"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message", "list_name", "field"), BAD_INPUTS)
def test_bad_input_is_one_line_with_file_ocid_and_field(
    tmp_path: Path, change: Any, message: str, list_name: str | None, field: str | None
) -> None:
    export = Export("seed-virtual-nodes", tmp_path / "e")
    target = export.dir / "security_list_list.json"
    if change == "json":
        target.write_text(target.read_text()[:-40])
    else:
        document = export.read("security_list_list.json")
        for record in document["data"]:
            if record["display-name"] == list_name:
                record["ingress-security-rules"][0].update(change)
        export.write("security_list_list.json", document)
    proc = run_cli("check", str(export.dir))
    assert proc.returncode == 2, proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    line = lines[0]
    assert line.startswith(f"seclint: error: {target}: ")
    assert message in line
    if list_name:
        assert export.id(list_name) in line
        assert f": {field}: " in line


def test_nsg_rules_without_their_nsg_in_the_file_name(tmp_path: Path) -> None:
    export = Export("virtual-nodes-separate-pods", tmp_path / "e")
    rules_file = next(export.dir.glob("nsg_rules_*.json"))
    renamed = rules_file.with_name("nsg_rules.json")
    rules_file.rename(renamed)
    proc = run_cli("check", str(export.dir))
    assert proc.returncode == 2
    assert proc.stderr.startswith(
        f"seclint: error: {renamed}: [0]: NSG security rules, but the file name holds no NSG OCID"
    )


def test_security_list_rules_cannot_name_an_nsg(tmp_path: Path) -> None:
    export = Export("virtual-nodes-separate-pods", tmp_path / "e")
    export.add_rules(
        "shop-lb-sl", "egress", [{"proto": "tcp", "peer": "shop-pods-nsg", "peer-type": "NETWORK_SECURITY_GROUP"}]
    )
    proc = run_cli("check", str(export.dir))
    assert proc.returncode == 2
    assert "egress-security-rules[3].destination-type: security-list rules cannot name an NSG" in proc.stderr


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli("check", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"seclint: error: {tmp_path / 'nope'}: no such file or directory"


def test_offline_runs_never_import_oci() -> None:
    code = (
        "import sys; from seclint.cli import run; sys.argv=['seclint','check','fixtures/seed-virtual-nodes-fixed'];\n"
        "try:\n    run()\nexcept SystemExit as e:\n    print('oci' in sys.modules, e.code)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip().splitlines()[-1] == "False 0"
