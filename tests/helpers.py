"""Test helpers: copy a fixture export and change it the way a user's network would differ.

Changes are made on the OCI CLI JSON files themselves, by display name, so every test runs the
real loader on real-shaped input.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"

FILES = {
    "security-list": "security_list_list.json",
    "subnet": "subnet_list.json",
    "route-table": "route_table_list.json",
    "nsg": "nsg_list.json",
    "virtual-node-pool": "ce_virtual_node_pool_list.json",
    "cluster": "ce_cluster_get.json",
    "vcn": "vcn_list.json",
}
PROTOCOLS = {"tcp": "6", "udp": "17", "icmp": "1", "all": "all", "icmpv6": "58"}


class Export:
    """A writable copy of a fixture directory."""

    def __init__(self, base: str, directory: Path) -> None:
        self.dir = directory
        shutil.copytree(FIXTURES / base, directory)
        if (directory / "ce_cluster_list.json").exists() and (directory / "ce_cluster_get.json").exists():
            # Keep one source of cluster truth so a patch to the cluster is not undone by the list copy.
            (directory / "ce_cluster_list.json").unlink()

    # --- raw access --------------------------------------------------------------------------

    def read(self, name: str) -> Any:
        text = (self.dir / name).read_text()
        return json.loads(text) if text.strip() else {"data": []}

    def write(self, name: str, document: Any) -> None:
        (self.dir / name).write_text(json.dumps(document, sort_keys=True, indent=2) + "\n")

    def records(self, kind: str) -> list[dict[str, Any]]:
        data = self.read(FILES[kind])["data"]
        return data if isinstance(data, list) else [data]

    def find(self, kind: str, name: str) -> dict[str, Any]:
        for record in self.records(kind):
            if name in (record.get("display-name"), record.get("name"), record.get("id")):
                return record
        raise KeyError(f"no {kind} named {name!r} in {self.dir}")

    def id(self, name: str) -> str:
        for kind in ("subnet", "security-list", "route-table", "nsg", "virtual-node-pool"):
            try:
                return self.find(kind, name)["id"]
            except KeyError:
                continue
        for file in ("internet_gateway_list.json", "nat_gateway_list.json", "service_gateway_list.json"):
            for record in self.read(file)["data"]:
                if record.get("display-name") == name:
                    return record["id"]
        raise KeyError(name)

    def update(self, kind: str, name: str, changes: dict[str, Any]) -> None:
        document = self.read(FILES[kind])
        items = document["data"] if isinstance(document["data"], list) else [document["data"]]
        for record in items:
            if name in (record.get("display-name"), record.get("name"), record.get("id")):
                record.update(changes)
                self.write(FILES[kind], document)
                return
        raise KeyError(name)

    def append(self, kind: str, record: dict[str, Any]) -> None:
        document = self.read(FILES[kind])
        document["data"].append(record)
        self.write(FILES[kind], document)

    # --- changes used by rule cases ------------------------------------------------------------

    def set_rules(self, list_name: str, direction: str, rules: list[dict[str, Any]]) -> None:
        key = f"{direction}-security-rules"
        self.update("security-list", list_name, {key: [self.rule(r, direction) for r in rules]})

    def add_rules(self, list_name: str, direction: str, rules: list[dict[str, Any]]) -> None:
        key = f"{direction}-security-rules"
        existing = self.find("security-list", list_name)[key]
        self.update("security-list", list_name, {key: existing + [self.rule(r, direction) for r in rules]})

    def add_security_list(self, name: str, like: str, ingress: list[dict], egress: list[dict]) -> str:
        template = dict(self.find("security-list", like))
        ocid = template["id"][:-12] + "seclintextra"
        template.update(
            {
                "id": ocid,
                "display-name": name,
                "ingress-security-rules": [self.rule(r, "ingress") for r in ingress],
                "egress-security-rules": [self.rule(r, "egress") for r in egress],
            }
        )
        self.append("security-list", template)
        return ocid

    def add_nsg(self, name: str, rules: list[dict[str, Any]]) -> str:
        vcn = self.read("vcn_list.json")["data"][0]
        ocid = "ocid1.networksecuritygroup.oc1.iad.aaaaaaaa" + name.replace("-", "")[:20].ljust(20, "x")
        nsg = {
            "compartment-id": vcn["compartment-id"], "defined-tags": {}, "display-name": name,
            "freeform-tags": {}, "id": ocid, "lifecycle-state": "AVAILABLE", "system-tags": {},
            "time-created": "2025-03-14T09:30:00.000000+00:00", "vcn-id": vcn["id"],
        }  # fmt: skip
        self.append("nsg", nsg)
        self.set_nsg_rules(ocid, rules)
        return ocid

    def set_nsg_rules(self, name: str, rules: list[dict[str, Any]]) -> None:
        ocid = self.id(name)
        records = []
        for index, r in enumerate(rules):
            direction = r["direction"]
            record = self.rule(r, direction)
            record.update({"direction": direction.upper(), "id": f"{index:06X}", "is-valid": True})
            for key in ("source", "source-type", "destination", "destination-type"):
                record.setdefault(key, None)
            records.append(record)
        path = self.dir / f"nsg_rules_{ocid}.json"
        if records:
            self.write(path.name, {"data": records})
        else:
            path.write_text("")

    def set_routes(self, table: str, routes: list[dict[str, str]]) -> None:
        rules = []
        for route in routes:
            target = route["target"] if route["target"].startswith("ocid1.") else self.id(route["target"])
            rules.append(
                {
                    "cidr-block": None,
                    "description": None,
                    "destination": route["destination"],
                    "destination-type": route.get("type", "CIDR_BLOCK"),
                    "network-entity-id": target,
                    "route-type": "STATIC",
                }
            )
        self.update("route-table", table, {"route-rules": rules})

    def rule(self, spec: dict[str, Any], direction: str) -> dict[str, Any]:
        """A CLI-shaped rule from a short spec: {proto, peer, ports, sport, stateless, icmp, peer-type}."""
        side = "source" if direction == "ingress" else "destination"
        peer = spec["peer"]
        peer_type = spec.get("peer-type", "CIDR_BLOCK")
        if not peer.startswith("ocid1.") and peer_type == "NETWORK_SECURITY_GROUP":
            peer = self.id(peer)
        proto = PROTOCOLS[spec["proto"]]
        record: dict[str, Any] = {
            "description": spec.get("description"),
            side: peer,
            f"{side}-type": peer_type,
            "icmp-options": None,
            "is-stateless": bool(spec.get("stateless", False)),
            "protocol": proto,
            "tcp-options": None,
            "udp-options": None,
        }
        if proto in ("6", "17") and ("ports" in spec or "sport" in spec):
            options = {
                "destination-port-range": _range(spec.get("ports")),
                "source-port-range": _range(spec.get("sport")),
            }
            record["tcp-options" if proto == "6" else "udp-options"] = options
        if "icmp" in spec:
            kind, _, code = str(spec["icmp"]).partition("/")
            record["icmp-options"] = {"type": int(kind), "code": int(code) if code else None}
        return record


def _range(text: str | None) -> dict[str, int] | None:
    if text is None:
        return None
    lo, _, hi = str(text).partition("-")
    return {"min": int(lo), "max": int(hi or lo)}


QUICK = "oke-{}-quick-vn-demo-7c1e5a9b2"
SEED_LB_LIST = "oke-svclbseclist-quick-vn-demo-7c1e5a9b2"
SEED_NODE_LIST = "oke-nodeseclist-quick-vn-demo-7c1e5a9b2"
SEED_LB_SUBNET = "oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional"
SEED_NODE_SUBNET = "oke-nodesubnet-quick-vn-demo-7c1e5a9b2-regional"
SEED_PRIVATE_RT = "oke-private-routetable-vn-demo-7c1e5a9b2"
