"""Fixes as things to run or paste: OCI CLI commands with payload files, Terraform, a patched export.

All three come from the same verified `Fix` objects; none adds anything the JSON fix plan lacks.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seclint.findings import Fix
from seclint.model import Snapshot
from seclint.sources.files import expand_paths

SCRIPT_HEADER = """#!/usr/bin/env bash
# Fixes planned by seclint and verified against the exported model.
# Review before running. An update replaces the WHOLE rule list or route table: each payload holds
# the existing rules plus the new ones, as they were in the export. If the resource changed since the
# export, export again and re-run `seclint fix`.
set -euo pipefail
cd "$(dirname "$0")"
"""


@dataclass(frozen=True)
class CliFix:
    fix: Fix
    command: str
    files: dict[str, Any]
    """Payload file name → JSON content, referenced by the command as ``file://payloads/<name>``."""


def cli_fix(fix: Fix) -> CliFix:
    if fix.operation == "update-security-list":
        files = {f"{fix.id}-ingress.json": fix.payload["ingressSecurityRules"],
                 f"{fix.id}-egress.json": fix.payload["egressSecurityRules"]}  # fmt: skip
        command = (
            f"oci network security-list update --security-list-id {fix.target} "
            f"--ingress-security-rules file://payloads/{fix.id}-ingress.json "
            f"--egress-security-rules file://payloads/{fix.id}-egress.json --force"
        )
    elif fix.operation == "add-nsg-security-rules":
        files = {f"{fix.id}-rules.json": fix.payload["securityRules"]}
        command = (
            f"oci network nsg rules add --nsg-id {fix.target} --security-rules file://payloads/{fix.id}-rules.json"
        )
    else:
        files = {f"{fix.id}-routes.json": fix.payload["routeRules"]}
        command = (
            f"oci network route-table update --rt-id {fix.target} "
            f"--route-rules file://payloads/{fix.id}-routes.json --force"
        )
    return CliFix(fix, command, files)


def shell_script(fixes: Sequence[Fix], snapshot: Snapshot) -> str:
    lines = [SCRIPT_HEADER]
    for fix in fixes:
        cli = cli_fix(fix)
        lines.append(f"# {fix.id}: {fix.operation} {snapshot.name(fix.target)} (for {', '.join(fix.findings)})")
        lines.extend(f"#   {line}" for line in fix.summary)
        lines.append(cli.command)
        lines.append("")
    return "\n".join(lines) + "\n"


# --- Terraform -----------------------------------------------------------------------------------


def _tf_name(text: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_]", "_", text).strip("_").lower() or "resource"


def _hcl_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)


def _range_block(name: str, body: dict[str, int], indent: str) -> list[str]:
    return [f"{indent}{name} {{", f"{indent}  min = {body['min']}", f"{indent}  max = {body['max']}", f"{indent}}}"]


def _options(rule: dict[str, Any], indent: str, *, flat_destination: bool) -> list[str]:
    """tcp_options/udp_options/icmp_options blocks. Security lists write the destination range flat
    (``min``/``max``); NSG rules nest it in ``destination_port_range``."""
    out: list[str] = []
    for key, block in (("tcpOptions", "tcp_options"), ("udpOptions", "udp_options")):
        options = rule.get(key)
        if not options:
            continue
        out.append(f"{indent}{block} {{")
        dest = options.get("destinationPortRange")
        if dest:
            if flat_destination:
                out += [f"{indent}  min = {dest['min']}", f"{indent}  max = {dest['max']}"]
            else:
                out += _range_block("destination_port_range", dest, indent + "  ")
        if options.get("sourcePortRange"):
            out += _range_block("source_port_range", options["sourcePortRange"], indent + "  ")
        out.append(f"{indent}}}")
    icmp = rule.get("icmpOptions")
    if icmp:
        out.append(f"{indent}icmp_options {{")
        out.append(f"{indent}  type = {icmp['type']}")
        if icmp.get("code") is not None:
            out.append(f"{indent}  code = {icmp['code']}")
        out.append(f"{indent}}}")
    return out


def _sl_block(rule: dict[str, Any], direction: str) -> list[str]:
    side = "source" if direction == "INGRESS" else "destination"
    name = "ingress_security_rules" if direction == "INGRESS" else "egress_security_rules"
    lines = [f"  {name} {{"]
    if rule.get("description"):
        lines.append(f"    description = {_hcl_value(rule['description'])}")
    lines += [
        f"    protocol    = {_hcl_value(rule['protocol'])}",
        f"    {side} = {_hcl_value(rule[side])}",
        f"    {side}_type = {_hcl_value(rule[side + 'Type'])}",
        f"    stateless   = {_hcl_value(rule['isStateless'])}",
    ]
    lines += _options(rule, "    ", flat_destination=True)
    lines.append("  }")
    return lines


def terraform(fixes: Sequence[Fix], snapshot: Snapshot) -> str:
    """Snippets to merge into the user's Terraform: rule blocks to add, NSG rule resources, route rules."""
    out = ["# Terraform equivalents of seclint's verified fixes (OCI provider).", ""]
    for fix in fixes:
        name = snapshot.name(fix.target)
        if fix.operation == "update-security-list":
            sl = snapshot.security_lists[fix.target]
            new_in = fix.payload["ingressSecurityRules"][len(sl.ingress_security_rules) :]
            new_out = fix.payload["egressSecurityRules"][len(sl.egress_security_rules) :]
            out.append(f'# {fix.id}: add to resource "oci_core_security_list" for {name} ({fix.target})')
            for rule in new_in:
                out += _sl_block(rule, "INGRESS")
            for rule in new_out:
                out += _sl_block(rule, "EGRESS")
        elif fix.operation == "add-nsg-security-rules":
            out.append(f"# {fix.id}: new rules in NSG {name}")
            for index, rule in enumerate(fix.payload["securityRules"]):
                side = "source" if rule["direction"] == "INGRESS" else "destination"
                out.append(f'resource "oci_core_network_security_group_security_rule" "{_tf_name(fix.id)}_{index}" {{')
                if rule.get("description"):
                    out.append(f"  description = {_hcl_value(rule['description'])}")
                out += [
                    f"  network_security_group_id = {_hcl_value(fix.target)}",
                    f"  direction   = {_hcl_value(rule['direction'])}",
                    f"  protocol    = {_hcl_value(rule['protocol'])}",
                    f"  {side} = {_hcl_value(rule[side])}",
                    f"  {side}_type = {_hcl_value(rule[side + 'Type'])}",
                    f"  stateless   = {_hcl_value(rule['isStateless'])}",
                ]
                out += _options(rule, "  ", flat_destination=False)
                out.append("}")
        else:
            out.append(f'# {fix.id}: the complete route_rules of resource "oci_core_route_table" for {name}')
            for rule in fix.payload["routeRules"]:
                out.append("  route_rules {")
                if rule.get("description"):
                    out.append(f"    description       = {_hcl_value(rule['description'])}")
                out += [
                    f"    destination       = {_hcl_value(rule['destination'])}",
                    f"    destination_type  = {_hcl_value(rule['destinationType'])}",
                    f"    network_entity_id = {_hcl_value(rule['networkEntityId'])}",
                    "  }",
                ]
        out.append("")
    return "\n".join(out)


def write_fix_dir(out: Path, fixes: Sequence[Fix], snapshot: Snapshot, plan: dict[str, Any]) -> list[Path]:
    """``fix.sh``, ``payloads/*.json``, ``fixes.tf`` and ``plan.json`` in `out`."""
    (out / "payloads").mkdir(parents=True, exist_ok=True)
    written = []
    for fix in fixes:
        for name, content in cli_fix(fix).files.items():
            path = out / "payloads" / name
            path.write_text(json.dumps(content, indent=2) + "\n")
            written.append(path)
    script = out / "fix.sh"
    script.write_text(shell_script(fixes, snapshot))
    script.chmod(0o755)
    (out / "fixes.tf").write_text(terraform(fixes, snapshot))
    (out / "plan.json").write_text(json.dumps(plan, indent=2) + "\n")
    return [script, out / "fixes.tf", out / "plan.json", *written]


# --- a patched copy of the export ------------------------------------------------------------------

_STYLES = {
    "kebab": lambda k: k.replace("_", "-"),
    "snake": lambda k: k,
    "camel": lambda k: re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), k),
}


def _style_of(record: dict[str, Any]) -> str:
    keys = " ".join(record)
    if "-" in keys:
        return "kebab"
    if re.search(r"[a-z][A-Z]", keys):
        return "camel"
    return "snake"


def _restyle(value: Any, style: str) -> Any:
    """camelCase API JSON → the export's key style (tag maps never appear in rule payloads)."""
    if isinstance(value, dict):
        return {
            _STYLES[style](re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", k).lower()): _restyle(v, style)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_restyle(v, style) for v in value]
    return value


def apply_to_export(inputs: Iterable[str | Path], fixes: Sequence[Fix], out: Path) -> Path:
    """Copy the input files into `out` and rewrite the fixed resources in place, in each file's style."""
    if out.exists() and any(out.iterdir()):
        from seclint.errors import UsageError

        raise UsageError(f"--apply-to {out}: the directory is not empty")
    by_target = {f.target: f for f in fixes}
    applied: set[str] = set()
    files = expand_paths(inputs)
    common = Path(*_common_parts([p.resolve().parent for p in files])) if files else Path(".")
    for path in files:
        relative = path.resolve().relative_to(common)
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            nsg = _nsg_of_rules_file(path, by_target)
            if nsg is not None:
                document: Any = {"data": []}
                _add_nsg_rules(document["data"], by_target[nsg], "kebab")
                applied.add(nsg)
                target.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
            else:
                shutil.copyfile(path, target)
            continue
        document = json.loads(text)
        records = document.get("data", document) if isinstance(document, dict) else document
        items = records if isinstance(records, list) else [records]
        nsg = _nsg_of_rules_file(path, by_target)
        if nsg is not None and items and "direction" in " ".join(items[0]):
            _add_nsg_rules(items, by_target[nsg], _style_of(items[0]))
            applied.add(nsg)
        for record in items:
            if isinstance(record, dict) and record.get("id") in by_target:
                _patch_record(record, by_target[record["id"]])
                applied.add(record["id"])
        target.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    missing = set(by_target) - applied
    if missing:
        from seclint.errors import UsageError

        raise UsageError(f"--apply-to: could not find these resources in the input files: {', '.join(sorted(missing))}")
    return out


def _common_parts(paths: list[Path]) -> tuple[str, ...]:
    parts = [p.parts for p in paths]
    common: list[str] = []
    for group in zip(*parts, strict=False):
        if len(set(group)) != 1:
            break
        common.append(group[0])
    return tuple(common) or ("/",)


def _nsg_of_rules_file(path: Path, by_target: dict[str, Fix]) -> str | None:
    from seclint.sources.files import NSG_OCID_IN_NAME

    match = NSG_OCID_IN_NAME.search(path.stem)
    if match and match.group(0) in by_target and by_target[match.group(0)].operation == "add-nsg-security-rules":
        return match.group(0)
    return None


def _add_nsg_rules(items: list[Any], fix: Fix, style: str) -> None:
    for index, rule in enumerate(fix.payload["securityRules"]):
        record = _restyle({**rule, "id": f"SECLINT-{fix.id}-{index}", "isValid": True}, style)
        items.append(record)


def _patch_record(record: dict[str, Any], fix: Fix) -> None:
    style = _style_of(record)
    if fix.operation == "update-security-list":
        record[_STYLES[style]("ingress_security_rules")] = _restyle(fix.payload["ingressSecurityRules"], style)
        record[_STYLES[style]("egress_security_rules")] = _restyle(fix.payload["egressSecurityRules"], style)
    elif fix.operation == "update-route-table":
        record[_STYLES[style]("route_rules")] = _restyle(fix.payload["routeRules"], style)
    elif fix.operation == "add-nsg-security-rules":
        key = next((k for k in record if k.replace("-", "_").lower() in ("security_rules", "securityrules")), None)
        if key is not None:
            _add_nsg_rules(record[key], fix, style)
