"""From what findings need (repairs) to changes a user can apply (fixes), and back onto a snapshot.

A repair says which packets an endpoint must start allowing, or which route must change. Fixes
consolidate them per security list, NSG or route table, as the JSON payload the OCI API and CLI
take. `apply_fixes` puts fixes onto a copy of a snapshot; the runner uses it to re-check every
fix before it is shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from seclint.engine.evaluate import CLIENT_PORTS, rule_packets, rule_text
from seclint.findings import Finding, Fix, RouteRepair, RuleRepair
from seclint.model import RouteRule, SecurityRule, Snapshot
from seclint.packets import (
    ALL_SERVICES,
    ALL_V4,
    ALL_V6,
    DPORT,
    DST,
    ICMP_PROTOCOLS,
    ICODE,
    ITYPE,
    PORT_PROTOCOLS,
    PROTO,
    SERVICE_LABELS,
    SPORT,
    SRC,
    V6_BASE,
    Box,
    PacketSet,
    cidrs_of,
)
from seclint.sources.keys import normalize


def _peer_values(lo: int, hi: int) -> list[tuple[str, str]]:
    """(peer, peer type) pairs covering an address interval: CIDRs or Oracle service labels."""
    out: list[tuple[str, str]] = []
    for (a, b), kind in ((ALL_V4, 4), (ALL_V6, 6), (ALL_SERVICES, 0)):
        x, y = max(lo, a), min(hi, b)
        if x > y:
            continue
        if kind == 4:
            out.extend((c, "CIDR_BLOCK") for c in cidrs_of(x, y, 0, 4))
        elif kind == 6:
            out.extend((c, "CIDR_BLOCK") for c in cidrs_of(x, y, V6_BASE, 6))
        else:
            out.extend((label, "SERVICE_CIDR_BLOCK") for label in SERVICE_LABELS.covering(x, y))
    if ("0.0.0.0/0", "CIDR_BLOCK") in out:
        # 0.0.0.0/0 already covers every Oracle service.
        out = [p for p in out if p[1] != "SERVICE_CIDR_BLOCK"]
    return out


def _protocols(interval: tuple[int, int]) -> list[str]:
    if interval == (0, 255):
        return ["all"]
    return [str(n) for n in range(interval[0], interval[1] + 1)]


def rules_for(repair: RuleRepair, description: str) -> list[SecurityRule]:
    """The fewest rules admitting the repair's packets and nothing its requirement does not need.

    Raises `UnprovenFix` unless the rules, compiled back into packets, admit all of the repair.
    """
    rules = _rules_for(repair.packets, repair, description)
    if repair.whole is not None:
        whole = _rules_for(repair.whole, repair, description)
        if len(whole) < len(rules):
            rules = whole
    admitted = PacketSet.of(box for r in rules for box in rule_packets(r, lambda _nsg: []).boxes)
    if not repair.packets.issubset(admitted):
        raise UnprovenFix(f"the rules built for {repair.direction.lower()} do not admit every missing packet")
    return rules


class UnprovenFix(Exception):
    """Rules built for a repair that would not admit it: a bug, reported on the finding."""


def _port_range(interval: tuple[int, int]) -> dict[str, int] | None:
    """OCI port ranges start at 1: port 0 cannot be named and is never needed."""
    lo, hi = max(interval[0], 1), interval[1]
    if (lo, hi) == (1, 65535):
        return None
    return {"min": lo, "max": hi}


def _rules_for(packets: PacketSet, repair: RuleRepair, description: str) -> list[SecurityRule]:
    own, peer_dim = (DST, SRC) if repair.direction == "INGRESS" else (SRC, DST)
    projected: list[Box] = []
    for box in packets.boxes:
        as_list = list(box)
        as_list[own] = (0, 0)
        projected.append(tuple(as_list))  # type: ignore[arg-type]
    merged = PacketSet.of(projected).merged()
    out: list[SecurityRule] = []
    for box in merged.boxes:
        if PORT_PROTOCOLS.issuperset(range(box[PROTO][0], box[PROTO][1] + 1)) and 0 in (box[DPORT][1], box[SPORT][1]):
            continue  # only port 0, which OCI rules cannot name and no connection uses
        for protocol in _protocols(box[PROTO]):
            number = int(protocol) if protocol != "all" else None
            for peer, peer_type in _peer_values(*box[peer_dim]):
                record: dict[str, Any] = {
                    "protocol": protocol,
                    "is_stateless": repair.stateless,
                    "description": description,
                    "source" if repair.direction == "INGRESS" else "destination": peer,
                    "source_type" if repair.direction == "INGRESS" else "destination_type": peer_type,
                }
                if number in PORT_PROTOCOLS:
                    options: dict[str, Any] = {}
                    if (dport := _port_range(box[DPORT])) is not None:
                        options["destination_port_range"] = dport
                    sport = _port_range(box[SPORT]) if repair.stateless or box[SPORT] != CLIENT_PORTS else None
                    if sport is not None:
                        options["source_port_range"] = sport
                    record["tcp_options" if number == 6 else "udp_options"] = options or None
                elif number in ICMP_PROTOCOLS and box[ITYPE] != (0, 255):
                    icmp: dict[str, int] = {"type": box[ITYPE][0]}
                    if box[ICODE] != (0, 255):
                        icmp["code"] = box[ICODE][0]
                    record["icmp_options"] = icmp
                out.append(SecurityRule.from_record(record, repair.direction, 0))
    return out


@dataclass
class _Target:
    id: str
    kind: str
    """``security-list``, ``nsg`` or ``route-table``."""
    rules: dict[str, list[SecurityRule]] = field(default_factory=lambda: {"INGRESS": [], "EGRESS": []})
    seen: set[str] = field(default_factory=set)
    routes: list[RouteRepair] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)


def choose_rule_target(snapshot: Snapshot, repair: RuleRepair) -> tuple[str, str] | None:
    """Where new rules go: a list or NSG already applying to the endpoint, never an unattached one."""
    subnet = snapshot.subnets.get(repair.subnet)
    lists = [i for i in (subnet.security_list_ids if subnet else []) if i in snapshot.security_lists]
    nsgs = [i for i in repair.nsg_ids if i in snapshot.nsgs]
    for candidate in repair.prefer:
        if candidate in lists:
            return candidate, "security-list"
        if candidate in nsgs:
            return candidate, "nsg"
    lists_in_use = [i for i in lists if snapshot.security_lists[i].rules(repair.direction)]
    nsgs_in_use = [i for i in nsgs if snapshot.nsgs[i].rules(repair.direction)]
    if nsgs_in_use and not lists_in_use:
        return nsgs_in_use[0], "nsg"
    if lists:
        # The oldest attached list: it is also the one the cloud controller edits.
        far_future = datetime.max.replace(tzinfo=UTC)

        def age(list_id: str) -> tuple[datetime, int]:
            created = snapshot.security_lists[list_id].time_created or far_future
            if created.tzinfo is None:
                created = created.replace(tzinfo=UTC)
            return created, lists.index(list_id)

        return min(lists, key=age), "security-list"
    if nsgs:
        return nsgs[0], "nsg"
    return None


def _written_stateless(snapshot: Snapshot, target: str) -> bool:
    """A list or NSG whose every rule is stateless (and that has rules)."""
    holder = snapshot.security_lists.get(target)
    rules = (
        [*holder.ingress_security_rules, *holder.egress_security_rules]
        if holder is not None
        else list(snapshot.nsgs[target].security_rules or [])
        if target in snapshot.nsgs
        else []
    )
    return bool(rules) and all(r.is_stateless for r in rules)


def _description(finding: Finding) -> str:
    return f"{finding.rule} {finding.name} (added by seclint)"


def plan_fixes(snapshot: Snapshot, findings: Sequence[Finding]) -> tuple[list[Finding], list[Fix]]:
    """One fix per security list, NSG or route table, serving every finding that needs it."""
    targets: dict[str, _Target] = {}
    notes: dict[int, str] = {}
    for index, finding in enumerate(findings):
        for repair in finding.repairs:
            if isinstance(repair, RuleRepair):
                chosen = choose_rule_target(snapshot, repair)
                if chosen is None:
                    notes[index] = "the endpoint has no security list or NSG in the input to add rules to"
                    continue
                repairs = [repair]
                if not repair.stateless and _written_stateless(snapshot, chosen[0]):
                    # The list is written stateless throughout: keep its style, and add the reply rules
                    # (source port = the service port) that stateless rules need.
                    repairs = [
                        replace(repair, stateless=True),
                        replace(
                            repair,
                            direction="EGRESS" if repair.direction == "INGRESS" else "INGRESS",
                            packets=repair.packets.reverse(),
                            stateless=True,
                            whole=repair.whole.reverse() if repair.whole is not None else None,
                        ),
                    ]
                try:
                    built = [(r.direction, rules_for(r, _description(finding))) for r in repairs]
                except UnprovenFix as exc:
                    notes[index] = f"seclint could not build a fix it can prove ({exc}); please report this as a bug"
                    continue
                target = targets.setdefault(chosen[0], _Target(chosen[0], chosen[1]))
                for direction, new_rules in built:
                    for rule in new_rules:
                        key = json.dumps(rule.to_api(with_direction=True), sort_keys=True)
                        if key not in target.seen:
                            target.seen.add(key)
                            target.rules[direction].append(rule)
            else:
                target = targets.setdefault(repair.table, _Target(repair.table, "route-table"))
                if repair not in target.routes:
                    target.routes.append(repair)
            if index not in target.findings:
                target.findings.append(index)
    fixes: list[Fix] = []
    fix_ids: dict[int, list[str]] = {}
    for number, target in enumerate(sorted(targets.values(), key=lambda t: (min(t.findings), t.id)), start=1):
        fix_id = f"fix-{number}"
        fix = _render(snapshot, target, fix_id, [findings[i].rule for i in target.findings])
        fixes.append(fix)
        for index in target.findings:
            fix_ids.setdefault(index, []).append(fix_id)
    out = []
    for index, finding in enumerate(findings):
        ids = tuple(fix_ids.get(index, ()))
        note = notes.get(index, finding.fix_note)
        out.append(replace(finding, fixes=ids, fix_note=note if not ids or index in notes else finding.fix_note))
    return out, fixes


def _rule_line(rule: SecurityRule) -> str:
    return "add " + rule_text(rule, numbered=False)


def _render(snapshot: Snapshot, target: _Target, fix_id: str, rule_ids: Iterable[str]) -> Fix:
    rules_served = tuple(dict.fromkeys(rule_ids))
    if target.kind == "security-list":
        sl = snapshot.security_lists[target.id]
        ingress = [r.to_api() for r in sl.ingress_security_rules] + [r.to_api() for r in target.rules["INGRESS"]]
        egress = [r.to_api() for r in sl.egress_security_rules] + [r.to_api() for r in target.rules["EGRESS"]]
        summary = tuple(_rule_line(r) for r in [*target.rules["INGRESS"], *target.rules["EGRESS"]])
        payload = {"ingressSecurityRules": ingress, "egressSecurityRules": egress}
        return Fix(fix_id, target.id, "update-security-list", payload, summary, rules_served)
    if target.kind == "nsg":
        added = [*target.rules["INGRESS"], *target.rules["EGRESS"]]
        payload = {"securityRules": [r.to_api(with_direction=True) for r in added]}
        summary = tuple(_rule_line(r) for r in added)
        return Fix(fix_id, target.id, "add-nsg-security-rules", payload, summary, rules_served)
    table = snapshot.route_tables[target.id]
    rules = [r.to_api() for r in table.route_rules]
    summary: list[str] = []
    subnet = snapshot.subnets[target.routes[0].subnet]
    removed: set[int] = set()
    for repair in target.routes:
        if repair.gateway_kind == "remove":
            for position in repair.replaces:
                if position in removed:
                    continue  # several subnets sharing the table asked for the same change
                old = rules[position]
                summary.append(f"remove route {old['destination']} → {snapshot.name(old['networkEntityId'])}")
                removed.add(position)
            continue
        gateway = _gateway(snapshot, subnet.vcn_id, repair.gateway_kind, repair.destination_type)
        name = snapshot.name(gateway)
        if repair.replaces:
            for position in repair.replaces:
                if rules[position]["networkEntityId"] == gateway:
                    continue  # several subnets sharing the table asked for the same change
                old = snapshot.name(rules[position]["networkEntityId"])
                rules[position] = {**rules[position], "networkEntityId": gateway}
                summary.append(f"route {repair.destination}: {old} → {name}")
        elif not any(r["destination"] == repair.destination and r["networkEntityId"] == gateway for r in rules):
            rules.append(
                {
                    "description": "added by seclint",
                    "destination": repair.destination,
                    "destinationType": repair.destination_type,
                    "networkEntityId": gateway,
                }
            )
            summary.append(f"add route {repair.destination} → {name}")
    rules = [r for i, r in enumerate(rules) if i not in removed]
    return Fix(fix_id, target.id, "update-route-table", {"routeRules": rules}, tuple(summary), rules_served)


def _gateway(snapshot: Snapshot, vcn_id: str, kind: str, destination_type: str) -> str:
    gateways = [g for g in snapshot.gateways_of(vcn_id, kind) if g.block_traffic is not True]
    if kind == "servicegateway":
        gateways = [g for g in gateways if any("all " in n.lower() for n in g.service_names)] or gateways
    return gateways[0].id


def apply_fixes(snapshot: Snapshot, fixes: Iterable[Fix]) -> Snapshot:
    """A copy of `snapshot` with the fixes applied, reading each payload back as the API would."""
    patched = replace(
        snapshot,
        security_lists=dict(snapshot.security_lists),
        nsgs=dict(snapshot.nsgs),
        route_tables=dict(snapshot.route_tables),
    )
    for fix in fixes:
        if fix.operation == "update-security-list":
            sl = patched.security_lists[fix.target]
            update = {
                "ingress_security_rules": _read_rules(fix.payload["ingressSecurityRules"], "INGRESS"),
                "egress_security_rules": _read_rules(fix.payload["egressSecurityRules"], "EGRESS"),
            }
            patched.security_lists[fix.target] = sl.model_copy(update=update)
        elif fix.operation == "add-nsg-security-rules":
            nsg = patched.nsgs[fix.target]
            existing = list(nsg.security_rules or [])
            added = [
                SecurityRule.from_record(normalize(r), r["direction"], len(existing) + i)
                for i, r in enumerate(fix.payload["securityRules"])
            ]
            patched.nsgs[fix.target] = nsg.model_copy(update={"security_rules": existing + added})
        elif fix.operation == "update-route-table":
            table = patched.route_tables[fix.target]
            rules = [
                RouteRule.model_validate({**normalize(r), "position": i})
                for i, r in enumerate(fix.payload["routeRules"])
            ]
            patched.route_tables[fix.target] = table.model_copy(update={"route_rules": rules})
    return patched


def _read_rules(records: list[dict[str, Any]], direction: str) -> list[SecurityRule]:
    return [SecurityRule.from_record(normalize(r), direction, i) for i, r in enumerate(records)]
