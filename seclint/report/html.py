"""One self-contained HTML file for reviewers: inline CSS, JS and SVG, no external requests; every
text that comes from the cloud is escaped (jinja2 autoescaping)."""

from __future__ import annotations

from html import escape

from jinja2 import Environment, PackageLoader, select_autoescape

from seclint import __version__
from seclint.api import Result
from seclint.engine.checks import applies, endpoints_for
from seclint.findings import Severity
from seclint.fix_render import cli_fix, terraform
from seclint.report import ReportOptions, failed
from seclint.report.common import role_source
from seclint.roles import ClusterRoles, Role

COLUMNS = [Role.LOAD_BALANCER, Role.API_ENDPOINT, Role.WORKERS, Role.VIRTUAL_NODES, Role.PODS]


def topology(result: Result, cluster: ClusterRoles) -> str:
    """An SVG of the cluster's VCN: subnets by role, its gateways, required flows passing or failing."""
    snap = result.snapshot
    boxes: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    for column, role in enumerate(COLUMNS):
        for row, endpoint in enumerate(cluster.of(role)):
            if endpoint.subnet_id in boxes:
                continue
            x, y = 20 + column * 190, 40 + row * 60
            boxes[endpoint.subnet_id] = (x, y)
            subnet = snap.subnets.get(endpoint.subnet_id)
            label = escape(snap.name(endpoint.subnet_id)[:24])
            cidr = escape(subnet.cidr_block if subnet else "?")
            parts.append(
                f'<rect x="{x}" y="{y}" width="170" height="40" rx="4" fill="#eef3fb" stroke="#8aa4c8"/>'
                f'<text x="{x + 6}" y="{y + 16}">{escape(role.value)}: {label}</text>'
                f'<text x="{x + 6}" y="{y + 32}">{cidr}</text>'
            )
    gateways = sorted(
        {g.id: g for g in snap.gateways.values() if g.vcn_id == cluster.vcn_id}.values(), key=lambda g: g.kind
    )
    for index, gateway in enumerate(gateways):
        x = 20 + index * 190
        parts.append(
            f'<rect x="{x}" y="330" width="170" height="30" rx="15" fill="#f4f4f4" stroke="#999"/>'
            f'<text x="{x + 10}" y="349">{escape(gateway.kind)}: {escape(gateway.name[:20])}</text>'
        )
    failing = {f.rule for f in result.findings if f.cluster == cluster.name}
    for spec in result.rules:
        # Required flows that pass, in green, between the first subnets of their two roles.
        if spec.flow is None or spec.id in failing or spec.flow.destination == "oracle-services":
            continue
        if not applies(cluster, spec.flow.when):
            continue
        sources = [e.subnet_id for e in endpoints_for(cluster, spec.flow.source) if e.subnet_id in boxes]
        targets = [e.subnet_id for e in endpoints_for(cluster, spec.flow.destination) if e.subnet_id in boxes]
        if sources and targets and sources[0] != targets[0]:
            (x1, y1), (x2, y2) = boxes[sources[0]], boxes[targets[0]]
            parts.append(
                f'<line x1="{x1 + 85}" y1="{y1 + 40}" x2="{x2 + 85}" y2="{y2 + 40}" stroke="#2e8b57" '
                f'stroke-width="1" stroke-dasharray="4 3"><title>{escape(spec.id)} passes</title></line>'
            )
    flows = [f for f in result.findings if f.cluster == cluster.name and f.rule.startswith("OKE1")]
    for finding in flows:
        subnets = [r for r in finding.resources if r in boxes]
        if len(subnets) >= 2:
            (x1, y1), (x2, y2) = boxes[subnets[0]], boxes[subnets[1]]
            parts.append(
                f'<line x1="{x1 + 170}" y1="{y1 + 20}" x2="{x2}" y2="{y2 + 20}" stroke="#c0392b" stroke-width="2">'
                f"<title>{escape(finding.rule)}: {escape(finding.message)}</title></line>"
            )
    title = escape(f"VCN {snap.name(cluster.vcn_id)}; red: required flows that fail; dashed green: that pass")
    rows = max((len(cluster.of(role)) for role in COLUMNS), default=1)
    height = 40 + rows * 60 + 50
    svg = "".join(parts).replace('y="330"', f'y="{height - 45}"').replace('y="349"', f'y="{height - 26}"')
    return (
        f'<svg role="img" aria-label="{title}" width="980" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<text x="20" y="20">{title}</text>{svg}</svg>'
    )


def render(result: Result, options: ReportOptions) -> str:
    env = Environment(loader=PackageLoader("seclint.report", "templates"), autoescape=select_autoescape(["html", "j2"]))
    snap = result.snapshot
    fixes = {f.id: f for f in result.fixes}
    checked = {r.id: r for r in result.rules if r.kind in ("flow", "route")}
    clusters = []
    for cluster in result.clusters:
        failing = {f.rule for f in result.findings if f.cluster == cluster.name}
        clusters.append(
            {
                "name": cluster.name,
                "nodes": cluster.nodes_description(),
                "cni": cluster.cni,
                "source": role_source(cluster),
                "svg": topology(result, cluster),
                "roles": [
                    {
                        "role": e.role.value,
                        "subnet": snap.name(e.subnet_id),
                        "nsgs": ", ".join(snap.name(n) for n in e.nsg_ids),
                        "via": e.via,
                    }
                    for e in cluster.endpoints
                ],
                "checks": [{"rule": r, "summary": s.name, "ok": r not in failing} for r, s in checked.items()],
            }
        )
    findings = [
        {
            "severity": f.severity.value,
            "rule": f.rule,
            "name": f.name,
            "cluster": f.cluster,
            "message": f.message,
            "flow": f.flow,
            "required": f.evidence.required,
            "allowed": [f"{snap.name(a.resource)} {a.rule}: {'; '.join(a.packets)}" for a in f.evidence.allowed],
            "missing": f.missing,
            "stops": [
                f"{s.at} at {snap.name(s.subnet)}: {s.reason} — {'; '.join(s.packets)}" for s in f.evidence.stops
            ],
            "notes": f.evidence.notes,
            "fixes": [
                {
                    "id": fixes[i].id,
                    "operation": fixes[i].operation,
                    "target": snap.name(fixes[i].target),
                    "summary": fixes[i].summary,
                    "cli": cli_fix(fixes[i]).command,
                    "terraform": terraform([fixes[i]], snap),
                }
                for i in f.fixes
            ],
            "fix_note": f.fix_note,
        }
        for f in result.findings
    ]
    return env.get_template("report.html.j2").render(
        version=__version__,
        verdict="failed" if failed(result, options.fail_on) else "passed",
        files=len(snap.files),
        subnets=len(snap.subnets),
        counts=[(s.value, result.count(s)) for s in Severity],
        clusters=clusters,
        findings=findings,
        fixes=result.fixes,
        rules=sorted({f.rule for f in result.findings}),
    )
