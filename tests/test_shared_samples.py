"""Real and CLI-generated exports from the team's shared reference folder (beside the project).

A user's clone has no ../shared, so these tests skip there; they never copy the samples in.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from seclint.api import check
from seclint.engine.evaluate import rule_text
from seclint.sources.files import load_files
from tests.helpers import SHARED

SAMPLES = SHARED / "samples"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside this checkout")


def test_real_2021_cli_output_with_the_older_key_set() -> None:
    snapshot = load_files([SAMPLES / "public" / "oci-book-2021"])
    assert (len(snapshot.vcns), len(snapshot.subnets), len(snapshot.route_tables)) == (3, 5, 5)
    assert snapshot.ignored == {"type dhcpoptions": 1}
    result = check(snapshot)
    missing_lists = sorted(f.resources[1] for f in result.findings if f.rule == "INP001")
    subnet_lists = sorted(
        sl for s in snapshot.subnets.values() for sl in s.security_list_ids if sl not in snapshot.security_lists
    )
    assert missing_lists == subnet_lists and len(missing_lists) == 2
    # Its one NSG was exported without its rules, and no OKE cluster is in it.
    assert [f.rule for f in result.findings if f.rule.startswith("INP") and f.rule != "INP001"] == ["INP002", "INP003"]


def test_real_quick_create_api_endpoint_list(tmp_path: Path) -> None:
    sample = json.loads((SAMPLES / "public" / "oke-quick-create-api-endpoint-seclist.json").read_text())
    (tmp_path / "security_list_get.json").write_text(json.dumps(sample["output"]))
    snapshot = load_files([tmp_path])
    (sl,) = snapshot.security_lists.values()
    assert [rule_text(r) for r in sl.egress_security_rules] == [
        "egress #0 TCP 443 to all-sjc-services-in-oracle-services-network (stateful)",
        "egress #1 TCP all ports to 10.0.10.0/24 (stateful)",
        "egress #2 ICMP type 3 code 4 to 10.0.10.0/24 (stateful)",
    ]
    assert [rule_text(r) for r in sl.ingress_security_rules][:2] == [
        "ingress #0 TCP 6443 from 0.0.0.0/0 (stateful)",
        "ingress #1 TCP 6443 from 10.0.10.0/24 (stateful)",
    ]


def test_cli_3_95_samples(tmp_path: Path) -> None:
    export = tmp_path / "cli"
    shutil.copytree(SAMPLES / "oci-cli-3.95.1", export)
    rules = export / "nsg_rules_list.json"
    rules.rename(export / "nsg_rules_ocid1.networksecuritygroup.oc1.iad.aaaaaaaansgworkers.json")
    snapshot = load_files([export])
    assert snapshot.ignored == {"type compartment": 2, "type privateip": 1, "type vnicattachment": 1}
    workers = snapshot.nsgs["ocid1.networksecuritygroup.oc1.iad.aaaaaaaansgworkers"]
    assert [r.rule_id for r in workers.security_rules or []] == [
        r["id"] for r in json.loads((SAMPLES / "oci-cli-3.95.1" / "nsg_rules_list.json").read_text())["data"]
    ]
    result = check(snapshot)
    assert [f.resources for f in result.findings if f.rule == "INP002"] == [
        ("ocid1.networksecuritygroup.oc1.iad.aaaaaaaansgapi",)
    ]
