"""Load a `Snapshot` from exported JSON: OCI CLI output, SDK ``to_dict`` output or REST wire JSON.

Records are classified by the resource type in their OCID, never by file name. The one exception is
the output of ``oci network nsg rules list --nsg-id X``: its rules do not name their NSG, so they
belong to the NSG whose OCID appears in the file's name.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from seclint.errors import InputError
from seclint.model.resources import (
    Cluster,
    DrgAttachment,
    Gateway,
    NetworkSecurityGroup,
    NodePool,
    Provenance,
    RecordError,
    RouteTable,
    SecurityList,
    SecurityRule,
    Service,
    Subnet,
    Vcn,
    VirtualNodePool,
    nsg_rule,
    ocid_type,
)
from seclint.model.snapshot import GATEWAY_KINDS, Snapshot
from seclint.sources.keys import kebab, normalize

GONE_STATES = frozenset({"TERMINATED", "TERMINATING", "DELETED", "DELETING", "DETACHED", "DETACHING", "FAILED"})
"""Lifecycle states of resources that no longer carry traffic; such records are ignored."""

NSG_OCID_IN_NAME = re.compile(r"ocid1\.networksecuritygroup\.[a-z0-9]+\.[a-z0-9-]*\.[a-z0-9]+")

_MODELS: dict[str, type[BaseModel]] = {
    "vcn": Vcn,
    "subnet": Subnet,
    "routetable": RouteTable,
    "service": Service,
    "drgattachment": DrgAttachment,
    "cluster": Cluster,
    "nodepool": NodePool,
    "virtualnodepool": VirtualNodePool,
}


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus every ``*.json`` below named directories, in a stable order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.json") if p.is_file()))
        elif path.is_file():
            out.append(path)
        else:
            raise InputError(str(path), message="no such file or directory")
    return list(dict.fromkeys(out))


def read_records(path: Path, meta: dict[str, Any] | None = None) -> list[Any]:
    """The records of one file, unwrapped from any ``{"data": …}`` envelope.

    A `seclint export` snapshot also carries its provenance, which goes into `meta` when given.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), message=f"cannot read file: {exc}") from None
    if not text.strip():
        # The OCI CLI prints nothing at all for an empty list.
        return []
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InputError(str(path), message=f"invalid JSON: {exc.msg} ({where})") from None
    if isinstance(document, dict) and "seclint-snapshot" in document and meta is not None:
        meta.update(document["seclint-snapshot"] or {})
    if isinstance(document, dict) and "data" in document:
        document = document["data"]
    if document is None:
        return []
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and "id" in document:
        return [document]
    raise InputError(
        str(path),
        message='not an OCI export: expected a list, {"data": ...} or a resource with an "id"',
    )


class _Collector:
    """First pass: raw records by OCID (later copies of a resource fill in what earlier ones lacked)."""

    def __init__(self) -> None:
        self.records: dict[str, tuple[dict[str, Any], Provenance]] = {}
        self.nsg_rules: dict[str, list[tuple[dict[str, Any], Provenance]]] = {}
        self.empty_rule_files: set[str] = set()
        self.snapshot = Snapshot()

    def add_file(self, path: Path) -> None:
        name = str(path)
        self.snapshot.files.append(name)
        meta: dict[str, Any] = {}
        records = read_records(path, meta)
        self.snapshot.failed_calls.extend(meta.get("failed-calls") or [])
        match = NSG_OCID_IN_NAME.search(path.stem)
        owner = match.group(0) if match else None
        if not records and owner:
            # An empty ``nsg_rules_<OCID>.json`` is the CLI's way of saying that NSG has no rules.
            self.empty_rule_files.add(owner)
        for index, raw in enumerate(records):
            if not isinstance(raw, dict):
                raise InputError(name, field=f"[{index}]", message="expected a JSON object for each resource")
            self.add_record(normalize(raw), Provenance(file=name, index=index), owner)

    def add_record(self, record: dict[str, Any], where: Provenance, nsg_owner: str | None) -> None:
        ocid = record.get("id")
        kind = ocid_type(ocid)
        if kind is None:
            if "direction" in record:
                self._add_nsg_rule(record, where, nsg_owner)
                return
            raise InputError(where.file, field=f"[{where.index}].id", message=f"no OCID in the record's id ({ocid!r})")
        state = record.get("lifecycle_state")
        if isinstance(state, str) and state.upper() in GONE_STATES:
            self.snapshot.ignored[f"lifecycle-state {state.upper()}"] += 1
            self.records.pop(ocid, None)
            return
        previous = self.records.get(ocid)
        if previous is not None:
            merged = dict(previous[0])
            merged.update({k: v for k, v in record.items() if v is not None})
            record = merged
        self.records[ocid] = (record, where)

    def _add_nsg_rule(self, record: dict[str, Any], where: Provenance, nsg_owner: str | None) -> None:
        if nsg_owner is None:
            raise InputError(
                where.file,
                field=f"[{where.index}]",
                message="NSG security rules, but the file name holds no NSG OCID "
                "(save `oci network nsg rules list --nsg-id X` as e.g. nsg_rules_<X>.json)",
            )
        self.nsg_rules.setdefault(nsg_owner, []).append((record, where))

    def build(self) -> Snapshot:
        snap = self.snapshot
        for ocid, (record, where) in self.records.items():
            kind = ocid_type(ocid) or ""
            if kind == "securitylist":
                snap.security_lists[ocid] = _security_list(record, where)
            elif kind == "networksecuritygroup":
                listed = self.nsg_rules.pop(ocid, None)
                if listed is None and ocid in self.empty_rule_files:
                    listed = []
                snap.nsgs[ocid] = _nsg(record, where, listed)
            elif kind in GATEWAY_KINDS:
                snap.gateways[ocid] = _validate(Gateway, {**record, "kind": kind}, where)
            elif kind in _MODELS:
                model = _validate(_MODELS[kind], record, where)
                getattr(snap, _COLLECTION[kind])[ocid] = model
            else:
                snap.ignored[f"type {kind}"] += 1
        for nsg_id, rules in self.nsg_rules.items():
            # Rules of an NSG the input lacks: any reference to that NSG is reported as dangling.
            snap.ignored[f"rules of NSG {nsg_id}, whose NSG record is not in the input"] += len(rules)
        return snap


_COLLECTION = {
    "vcn": "vcns",
    "subnet": "subnets",
    "routetable": "route_tables",
    "service": "services",
    "drgattachment": "drg_attachments",
    "cluster": "clusters",
    "nodepool": "node_pools",
    "virtualnodepool": "virtual_node_pools",
}


def _field_path(loc: Iterable[Any], prefix: str = "") -> str:
    text = prefix
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + kebab(str(part))
    return text


def _input_error(where: Provenance, ocid: str | None, field: str, message: str) -> InputError:
    return InputError(where.file, ocid=ocid, field=field, message=message)


def _validate(model: type[BaseModel], record: dict[str, Any], where: Provenance, prefix: str = "") -> Any:
    try:
        return model.model_validate({**record, "source": where})
    except ValidationError as exc:
        error = exc.errors()[0]
        message = str(error["msg"]).removeprefix("Value error, ")
        loc = [p for p in error["loc"] if p != "source"]
        if error["type"] == "missing":
            message = "required field is missing"
        raise _input_error(where, record.get("id"), _field_path(loc, prefix), message) from None
    except RecordError as exc:
        raise _input_error(where, record.get("id"), _field_path([exc.field], prefix), exc.message) from None


def _rule(
    record: Any, direction: str | None, position: int, where: Provenance, owner: str | None, path: str
) -> SecurityRule:
    if not isinstance(record, dict):
        raise _input_error(where, owner, path, "expected a JSON object for the rule")
    try:
        if direction is None:
            return nsg_rule(record, position)
        return SecurityRule.from_record(record, direction, position)
    except RecordError as exc:
        raise _input_error(where, owner, _field_path([exc.field], path), exc.message) from None
    except ValidationError as exc:
        error = exc.errors()[0]
        message = str(error["msg"]).removeprefix("Value error, ")
        loc = [p for p in error["loc"] if p not in ("peer", "direction", "position", "rule_id")]
        raise _input_error(where, owner, _field_path(loc, path), message) from None


def _security_list(record: dict[str, Any], where: Provenance) -> SecurityList:
    ocid = record.get("id")
    data = dict(record)
    for key, direction in (("ingress_security_rules", "INGRESS"), ("egress_security_rules", "EGRESS")):
        side = "source_type" if direction == "INGRESS" else "destination_type"
        for i, r in enumerate(record.get(key) or []):
            if isinstance(r, dict) and r.get(side) == "NETWORK_SECURITY_GROUP":
                field = f"{kebab(key)}[{i}].{kebab(side)}"
                raise _input_error(where, ocid, field, "security-list rules cannot name an NSG (NSG rules only)")
        data[key] = [
            _rule(r, direction, i, where, ocid, f"{kebab(key)}[{i}]") for i, r in enumerate(record.get(key) or [])
        ]
    # The rules are validated one by one above; validating the list again would only repeat that.
    shell = _validate(SecurityList, {**data, "ingress_security_rules": [], "egress_security_rules": []}, where)
    return shell.model_copy(
        update={
            "ingress_security_rules": data["ingress_security_rules"],
            "egress_security_rules": data["egress_security_rules"],
        }
    )


def _nsg(
    record: dict[str, Any], where: Provenance, listed: list[tuple[dict[str, Any], Provenance]] | None
) -> NetworkSecurityGroup:
    ocid = record.get("id")
    data = dict(record)
    embedded = record.get("security_rules")
    rules: list[SecurityRule] | None = None
    if embedded is not None:
        rules = [_rule(r, None, i, where, ocid, f"security-rules[{i}]") for i, r in enumerate(embedded)]
    if listed is not None:
        rules = list(rules or [])
        seen = {r.rule_id for r in rules if r.rule_id}
        for i, (rule_record, rule_where) in enumerate(listed):
            rule = _rule(rule_record, None, i, rule_where, ocid, f"[{rule_where.index}]")
            if rule.rule_id is None or rule.rule_id not in seen:
                rules.append(rule)
    data["security_rules"] = None
    return _validate(NetworkSecurityGroup, data, where).model_copy(update={"security_rules": rules})


def load_records(records: Iterable[dict[str, Any]], failed_calls: Iterable[dict[str, Any]], origin: str) -> Snapshot:
    """A snapshot of records fetched live (SDK ``to_dict`` output), with the calls that failed."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        collector = _Collector()
        collector.snapshot.files.append(origin)
        for index, record in enumerate(records):
            collector.add_record(normalize(record), Provenance(file=origin, index=index), None)
        collector.snapshot.failed_calls.extend(failed_calls)
        return collector.build()
    finally:
        if collecting:
            gc.enable()


def load_files(paths: Iterable[str | Path]) -> Snapshot:
    """A snapshot of every resource in `paths` (files or directories, recursively)."""
    # Loading allocates hundreds of thousands of long-lived objects and no garbage cycles; the
    # cyclic collector would rescan them again and again (more than half the load time at scale).
    collecting = gc.isenabled()
    gc.disable()
    try:
        collector = _Collector()
        for path in expand_paths(paths):
            collector.add_file(path)
        return collector.build()
    finally:
        if collecting:
            gc.enable()
