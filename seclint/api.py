"""The library entry point: snapshot in, verified findings and fixes out. No printing, no exit codes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from seclint.engine.checks import EVALUATORS
from seclint.engine.evaluate import Context
from seclint.engine.registry import select_rules
from seclint.engine.spec import RuleSpec
from seclint.findings import Finding, Fix, Severity
from seclint.fixes import apply_fixes, plan_fixes
from seclint.model import Snapshot
from seclint.roles import ClusterRoles, RoleOverride, assign_roles


@dataclass(frozen=True)
class Result:
    findings: tuple[Finding, ...]
    fixes: tuple[Fix, ...]
    clusters: tuple[ClusterRoles, ...]
    rules: tuple[RuleSpec, ...]
    snapshot: Snapshot
    suppressed: dict = field(default_factory=dict)
    """What baselines and waivers hid, and waivers that expired or matched nothing."""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def evaluate(
    snapshot: Snapshot,
    rules: Sequence[RuleSpec],
    clusters: Sequence[ClusterRoles],
    lb_rules: str = "auto",
    scope: frozenset[str] | None = None,
) -> list[Finding]:
    ctx = Context(snapshot, list(clusters), lb_rules, scope)
    findings: list[Finding] = []
    for spec in rules:
        findings.extend(EVALUATORS[spec.kind](ctx, spec))
    return sorted(findings, key=lambda f: f.key)


def _identity(finding: Finding) -> tuple:
    """What makes a finding the same one after fixes: its rule, cluster, flow and subnets (the other
    resources, a route's target say, change with the fix)."""
    subnets = tuple(r for r in finding.resources if r.startswith("ocid1.subnet."))
    return (finding.rule, finding.cluster, finding.flow, subnets)


def verify_fixes(
    snapshot: Snapshot,
    rules: Sequence[RuleSpec],
    clusters: Sequence[ClusterRoles],
    findings: list[Finding],
    fixes: list[Fix],
    lb_rules: str = "auto",
) -> list[Finding]:
    """Re-check the network with every fix applied; a fix that does not clear its finding is withdrawn.

    Fixes change rules and routes, never OKE metadata, so the clusters' roles carry over.
    """
    if not fixes:
        return findings
    patched = apply_fixes(snapshot, fixes)
    # Flows and routes depend on both ends and on each other, so they are checked again on the whole
    # patched model. A hygiene fix concerns one list and is proved where it is made (fixes.rules_for).
    fixed_rules = {f.rule for f in findings if f.fixes}
    again = [r for r in rules if r.id in fixed_rules and r.kind in ("flow", "route")]
    changed = {f.target for f in fixes}
    touched = frozenset(
        s.id for s in snapshot.subnets.values() if changed & {*s.security_list_ids, s.route_table_id or ""}
    )
    remaining = {_identity(f) for f in evaluate(patched, again, clusters, lb_rules, touched)}
    checked = {r.id for r in again}
    out = []
    for finding in findings:
        if finding.fixes and finding.rule in checked and _identity(finding) in remaining:
            finding = replace(
                finding,
                fixes=(),
                fix_note="seclint could not verify a fix for this finding (please report this as a bug)",
            )
        out.append(finding)
    return out


def check(
    snapshot: Snapshot,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    overrides: Iterable[RoleOverride] = (),
    lb_rules: str = "auto",
) -> Result:
    """Run the selected rules, plan fixes and verify them against the model."""
    rules = select_rules(select, ignore)
    clusters = assign_roles(snapshot, overrides)
    findings = evaluate(snapshot, rules, clusters, lb_rules)
    findings, fixes = plan_fixes(snapshot, findings)
    findings = verify_fixes(snapshot, rules, clusters, findings, fixes, lb_rules)
    used = {fid for f in findings for fid in f.fixes}
    fixes = [f for f in fixes if f.id in used]
    return Result(tuple(findings), tuple(fixes), tuple(clusters), tuple(rules), snapshot)
