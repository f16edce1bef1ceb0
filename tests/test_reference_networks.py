"""Oracle's own networks must not produce errors: the Quick Create networks (managed and virtual
nodes) and the four examples of Oracle's network documentation, built as fixtures."""

from __future__ import annotations

import pytest

from seclint.api import check
from seclint.findings import Severity
from seclint.sources.files import load_files
from tests.helpers import FIXTURES

REFERENCE = {
    # fixture: the warnings it is expected to raise (rule ids), if any
    "seed-virtual-nodes-fixed": [],
    # The cloud controller writes TCP rules only (OKE102); Quick Create opens SSH to the world (NET301).
    "quick-create-managed": ["NET301", "OKE102"],
    "virtual-nodes-separate-pods": [],
    "docs-flannel-public": [],
    "docs-flannel-private": [],
    "docs-native-public": [],
    "docs-native-private": [],
}


@pytest.mark.parametrize("fixture", sorted(REFERENCE))
def test_reference_network_has_no_errors(fixture: str) -> None:
    result = check(load_files([FIXTURES / fixture]))
    assert [f.rule for f in result.findings if f.severity is Severity.ERROR] == []
    assert [f.rule for f in result.findings] == REFERENCE[fixture]


def test_controller_managed_rules_are_not_too_narrow() -> None:
    """Quick Create's node list holds the controller's exact per-service NodePort (31593): fine by
    default, but a gap when the user says they write load-balancer rules themselves."""
    snapshot = load_files([FIXTURES / "quick-create-managed"])
    assert not check(snapshot, select=["OKE101"]).findings
    (finding,) = check(snapshot, select=["OKE101"], lb_rules="manual").findings
    assert finding.severity is Severity.ERROR
    assert finding.missing == (
        "TCP 30000-31592 from 10.0.20.0/24 to 10.0.10.0/24",
        "TCP 31594-32767 from 10.0.20.0/24 to 10.0.10.0/24",
    )
    assert "load-balancer rules: written by hand (--lb-rules manual)" in finding.evidence.notes


def test_controller_managed_rules_missing_entirely_are_a_warning(tmp_path) -> None:
    from tests.helpers import Export

    export = Export("quick-create-managed", tmp_path / "e")
    lb_list = "oke-svclbseclist-quick-qc-managed-5b0d9e2c4"
    export.set_rules(lb_list, "egress", [])
    (finding,) = check(load_files([export.dir]), select=["OKE101"]).findings
    assert finding.severity is Severity.WARNING
    assert any("the cloud controller adds per-service rules" in n for n in finding.evidence.notes)
    seed = check(load_files([FIXTURES / "seed-virtual-nodes"]), select=["OKE101"]).findings[0]
    assert seed.severity is Severity.ERROR
    virtual = "virtual nodes, whose load-balancer rules the cloud controller never manages"
    assert f"load-balancer rules: written by hand ({virtual})" in seed.evidence.notes
