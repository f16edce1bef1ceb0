#!/usr/bin/env python3
"""Write deterministic OCI CLI 3.95.1 JSON exports into ``fixtures/``.

Each fixture set is a directory of files named after the CLI command that
produced them (``vcn_list.json`` is what ``oci network vcn list`` prints, and
so on).  The output reproduces the CLI byte for byte:

* kebab-case keys, every attribute present (``null`` when unset);
* ``{"data": [...]}`` for list commands, ``{"data": {...}, "etag": "..."}``
  for get commands;
* ``json.dumps(obj, sort_keys=True, indent=2)`` followed by a newline;
* an empty list is an empty (0-byte) file, because the CLI prints nothing.

OCIDs are derived from a hash of (fixture-set seed, resource kind, resource
name), so running the script twice gives byte-identical files and different
fixture sets get different OCIDs.  ``seed-virtual-nodes`` and
``seed-virtual-nodes-fixed`` share one seed on purpose: they are the same
network before and after a fix.

Run from the repository root::

    python tools/build_fixtures.py
"""

from __future__ import annotations

import base64
import copy
import hashlib
import ipaddress
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = REPO_ROOT / "fixtures"

REGION_KEY = "iad"
AD_NAMES = ("Uocm:US-ASHBURN-AD-1", "Uocm:US-ASHBURN-AD-2", "Uocm:US-ASHBURN-AD-3")

# Oracle-owned service OCIDs are the same in every tenancy of a region, so they
# are seeded with a fixed value rather than the fixture-set name.
SERVICES_SEED = "oracle-services-network-iad"
ALL_SERVICES_LABEL = "all-iad-services-in-oracle-services-network"
ALL_SERVICES_NAME = "All IAD Services In Oracle Services Network"
OBJECT_STORAGE_LABEL = "oci-iad-objectstorage"
OBJECT_STORAGE_NAME = "OCI IAD Object Storage"

ANYWHERE = "0.0.0.0/0"
NODEPORT_MIN = 30000
NODEPORT_MAX = 32767
KUBE_PROXY_HEALTH = 10256

Json = dict[str, Any]


# --------------------------------------------------------------------------
# Deterministic identifiers and timestamps
# --------------------------------------------------------------------------


def _token(*parts: str) -> str:
    """52 characters of [a-z2-7]: the base32 form of a SHA-256 digest."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    token = base64.b32encode(digest).decode().rstrip("=").lower()
    assert len(token) == 52
    return token


def make_ocid(seed: str, kind: str, name: str) -> str:
    """An OCID of the realistic form ``ocid1.<kind>.oc1.iad.aaaaaaaa<52>``."""
    token = _token(seed, kind, name)
    if kind in {"compartment", "user", "tenancy"}:
        return f"ocid1.{kind}.oc1..aaaaaaaa{token}"
    return f"ocid1.{kind}.oc1.{REGION_KEY}.aaaaaaaa{token}"


def _hex(length: int, *parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:length]


def at(text: str) -> datetime:
    """Parse ``YYYY-MM-DDTHH:MM:SS.mmm`` as a UTC instant."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=UTC)


def ts(when: datetime) -> str:
    """Timestamp as the CLI prints it: ``2025-03-14T09:21:07.412000+00:00``."""
    when = when.replace(microsecond=when.microsecond // 1000 * 1000)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def tag_ts(when: datetime) -> str:
    """Oracle-Tags CreatedOn value: millisecond precision with a ``Z``."""
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def ms(milliseconds: int) -> timedelta:
    return timedelta(milliseconds=milliseconds)


# --------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One security rule, independent of where (security list / NSG) it lives."""

    protocol: str  # "all", "1" (ICMP), "6" (TCP), "17" (UDP)
    peer: str  # CIDR, service label or NSG OCID
    description: str | None = None
    ports: tuple[int, int] | None = None  # destination port range (TCP/UDP)
    icmp: tuple[int, int | None] | None = None  # (type, code)
    stateless: bool = False

    @property
    def peer_type(self) -> str:
        if self.peer.startswith("ocid1.networksecuritygroup."):
            return "NETWORK_SECURITY_GROUP"
        if "/" in self.peer:
            return "CIDR_BLOCK"
        return "SERVICE_CIDR_BLOCK"


def tcp(peer: str, low: int | None = None, high: int | None = None, desc: str | None = None) -> Rule:
    """TCP rule; no port means all ports (``tcp-options`` null)."""
    ports = None if low is None else (low, high if high is not None else low)
    return Rule("6", peer, desc, ports=ports)


def udp(peer: str, low: int | None = None, high: int | None = None, desc: str | None = None) -> Rule:
    ports = None if low is None else (low, high if high is not None else low)
    return Rule("17", peer, desc, ports=ports)


def icmp(peer: str, icmp_type: int | None = None, code: int | None = None, desc: str | None = None) -> Rule:
    """ICMP rule; no type means all ICMP (``icmp-options`` null)."""
    options = None if icmp_type is None else (icmp_type, code)
    return Rule("1", peer, desc, icmp=options)


def path_discovery(peer: str, desc: str | None = "Path discovery") -> Rule:
    """ICMP type 3 code 4 (fragmentation needed), as OKE documents it."""
    return icmp(peer, 3, 4, desc)


def every(peer: str, desc: str | None = None) -> Rule:
    return Rule("all", peer, desc)


def _options(rule: Rule) -> Json:
    port_options = None
    if rule.ports is not None:
        port_options = {
            "destination-port-range": {"max": rule.ports[1], "min": rule.ports[0]},
            "source-port-range": None,
        }
    return {
        "icmp-options": None if rule.icmp is None else {"code": rule.icmp[1], "type": rule.icmp[0]},
        "tcp-options": port_options if rule.protocol == "6" else None,
        "udp-options": port_options if rule.protocol == "17" else None,
    }


def security_list_rule(rule: Rule, direction: str) -> Json:
    """A rule as it appears in ``ingress-security-rules`` / ``egress-security-rules``."""
    end = "source" if direction == "INGRESS" else "destination"
    return {
        "description": rule.description,
        end: rule.peer,
        f"{end}-type": rule.peer_type,
        "is-stateless": rule.stateless,
        "protocol": rule.protocol,
        **_options(rule),
    }


def nsg_rule(rule: Rule, direction: str, rule_id: str, created: datetime) -> Json:
    """A rule as ``oci network nsg rules list`` prints it."""
    ingress = direction == "INGRESS"
    return {
        "description": rule.description,
        "destination": None if ingress else rule.peer,
        "destination-type": None if ingress else rule.peer_type,
        "direction": direction,
        "id": rule_id,
        "is-stateless": rule.stateless,
        "is-valid": True,
        "protocol": rule.protocol,
        "source": rule.peer if ingress else None,
        "source-type": rule.peer_type if ingress else None,
        "time-created": ts(created),
        **_options(rule),
    }


# --------------------------------------------------------------------------
# Resource builder
# --------------------------------------------------------------------------


def service_catalog() -> list[Json]:
    """What ``oci network service list`` prints in us-ashburn-1."""
    return [
        {
            "cidr-block": ALL_SERVICES_LABEL,
            "description": ALL_SERVICES_NAME,
            "id": make_ocid(SERVICES_SEED, "service", ALL_SERVICES_LABEL),
            "name": ALL_SERVICES_NAME,
        },
        {
            "cidr-block": OBJECT_STORAGE_LABEL,
            "description": OBJECT_STORAGE_NAME,
            "id": make_ocid(SERVICES_SEED, "service", OBJECT_STORAGE_LABEL),
            "name": OBJECT_STORAGE_NAME,
        },
    ]


class Export:
    """Accumulates the resources of one compartment, then renders CLI output."""

    def __init__(self, seed: str, compartment: str, created_by: str) -> None:
        self.seed = seed
        self.compartment_id = make_ocid(seed, "compartment", compartment)
        self.created_by = created_by
        self.user_id = make_ocid(seed, "user", created_by)
        self.vcns: list[Json] = []
        self.subnets: list[Json] = []
        self.route_tables: list[Json] = []
        self.security_lists: list[Json] = []
        self.internet_gateways: list[Json] = []
        self.nat_gateways: list[Json] = []
        self.service_gateways: list[Json] = []
        self.nsgs: list[Json] = []
        self.nsg_rules: dict[str, list[Json]] = {}
        self.clusters: list[Json] = []
        self.virtual_node_pools: list[Json] = []
        self.services = service_catalog()
        self._vcn_meta: dict[str, Json] = {}

    # -- helpers -----------------------------------------------------------

    def ocid(self, kind: str, name: str) -> str:
        return make_ocid(self.seed, kind, name)

    def service_id(self, label: str) -> str:
        return next(s["id"] for s in self.services if s["cidr-block"] == label)

    def _tags(self, created: datetime) -> Json:
        # The tag default is stamped a few milliseconds before the resource's
        # own time-created, as in real exports.
        return {"Oracle-Tags": {"CreatedBy": self.created_by, "CreatedOn": tag_ts(created - ms(58))}}

    def _base(self, kind: str, name: str, created: datetime, vcn_id: str | None) -> Json:
        entry: Json = {
            "compartment-id": self.compartment_id,
            "defined-tags": self._tags(created),
            "display-name": name,
            "freeform-tags": {},
            "id": self.ocid(kind, name),
            "time-created": ts(created),
        }
        if vcn_id is not None:
            entry["vcn-id"] = vcn_id
        return entry

    @staticmethod
    def by_name(items: Iterable[Json], name: str) -> Json:
        return next(item for item in items if item.get("display-name", item.get("name")) == name)

    # -- networking --------------------------------------------------------

    def vcn(self, name: str, cidr: str, dns_label: str, created: datetime) -> Json:
        vcn_id = self.ocid("vcn", name)
        default_rt = f"Default Route Table for {name}"
        default_sl = f"Default Security List for {name}"
        default_dhcp = f"Default DHCP Options for {name}"
        entry = self._base("vcn", name, created, None)
        entry.update(
            {
                "byoipv6-cidr-blocks": None,
                "cidr-block": cidr,
                "cidr-blocks": [cidr],
                "default-dhcp-options-id": self.ocid("dhcpoptions", default_dhcp),
                "default-route-table-id": self.ocid("routetable", default_rt),
                "default-security-list-id": self.ocid("securitylist", default_sl),
                "dns-label": dns_label,
                "ipv6-cidr-blocks": None,
                "ipv6-private-cidr-blocks": None,
                "is-zpr-only": False,
                "lifecycle-state": "AVAILABLE",
                "security-attributes": {},
                "system-tags": {},
                "vcn-domain-name": f"{dns_label}.oraclevcn.com",
            }
        )
        self.vcns.append(entry)
        mac = _hex(6, self.seed, "virtual-router-mac", name).upper()
        self._vcn_meta[vcn_id] = {
            "domain": entry["vcn-domain-name"],
            "dhcp": entry["default-dhcp-options-id"],
            "mac": "00:00:17:" + ":".join(mac[i : i + 2] for i in range(0, 6, 2)),
        }
        # Every VCN comes with a default route table (no rules) and a default
        # security list (OCI's stock rules), created with it.
        self.route_table(default_rt, vcn_id, [], created + ms(61))
        self.security_list(
            default_sl,
            vcn_id,
            ingress=[tcp(ANYWHERE, 22), icmp(ANYWHERE, 3, 4), icmp(cidr, 3)],
            egress=[every(ANYWHERE)],
            created=created + ms(83),
        )
        return entry

    def internet_gateway(self, name: str, vcn_id: str, created: datetime) -> str:
        entry = self._base("internetgateway", name, created, vcn_id)
        entry.update({"is-enabled": True, "lifecycle-state": "AVAILABLE", "route-table-id": None, "system-tags": {}})
        self.internet_gateways.append(entry)
        return entry["id"]

    def nat_gateway(self, name: str, vcn_id: str, nat_ip: str, created: datetime) -> str:
        entry = self._base("natgateway", name, created, vcn_id)
        entry.update(
            {
                "block-traffic": False,
                "lifecycle-state": "AVAILABLE",
                "nat-ip": nat_ip,
                "public-ip-id": self.ocid("publicip", f"{name}/{nat_ip}"),
                "route-table-id": None,
            }
        )
        self.nat_gateways.append(entry)
        return entry["id"]

    def service_gateway(self, name: str, vcn_id: str, labels: list[str], created: datetime) -> str:
        entry = self._base("servicegateway", name, created, vcn_id)
        services = [s for s in self.services if s["cidr-block"] in labels]
        entry.update(
            {
                "block-traffic": False,
                "lifecycle-state": "AVAILABLE",
                "route-table-id": None,
                "services": [{"service-id": s["id"], "service-name": s["name"]} for s in services],
            }
        )
        self.service_gateways.append(entry)
        return entry["id"]

    def route_table(self, name: str, vcn_id: str, rules: list[tuple[str, str, str | None]], created: datetime) -> str:
        """``rules`` are (destination, network entity OCID, description)."""
        entry = self._base("routetable", name, created, vcn_id)
        entry.update(
            {
                "lifecycle-state": "AVAILABLE",
                "route-rules": [
                    {
                        "cidr-block": None,
                        "description": description,
                        "destination": destination,
                        "destination-type": "CIDR_BLOCK" if "/" in destination else "SERVICE_CIDR_BLOCK",
                        "network-entity-id": entity,
                        "route-type": "STATIC",
                    }
                    for destination, entity, description in rules
                ],
                "system-tags": {},
            }
        )
        self.route_tables.append(entry)
        return entry["id"]

    def security_list(self, name: str, vcn_id: str, ingress: list[Rule], egress: list[Rule], created: datetime) -> str:
        entry = self._base("securitylist", name, created, vcn_id)
        entry.update(
            {
                "egress-security-rules": [security_list_rule(r, "EGRESS") for r in egress],
                "ingress-security-rules": [security_list_rule(r, "INGRESS") for r in ingress],
                "lifecycle-state": "AVAILABLE",
                "system-tags": {},
            }
        )
        self.security_lists.append(entry)
        return entry["id"]

    def add_security_rules(self, name: str, ingress: list[Rule], egress: list[Rule]) -> None:
        """Append rules to an existing security list (an ``update`` after the fact)."""
        entry = self.by_name(self.security_lists, name)
        entry["ingress-security-rules"].extend(security_list_rule(r, "INGRESS") for r in ingress)
        entry["egress-security-rules"].extend(security_list_rule(r, "EGRESS") for r in egress)

    def subnet(
        self,
        name: str,
        vcn_id: str,
        cidr: str,
        dns_label: str,
        route_table_id: str,
        security_list_ids: list[str],
        public: bool,
        created: datetime,
    ) -> str:
        meta = self._vcn_meta[vcn_id]
        router_ip = str(ipaddress.ip_network(cidr).network_address + 1)
        entry = self._base("subnet", name, created, vcn_id)
        entry.update(
            {
                "availability-domain": None,
                "cidr-block": cidr,
                "dhcp-options-id": meta["dhcp"],
                "dns-label": dns_label,
                "ipv4-cidr-blocks": [cidr],
                "ipv6-cidr-block": None,
                "ipv6-cidr-blocks": None,
                "ipv6-virtual-router-ip": None,
                "lifecycle-state": "AVAILABLE",
                "prohibit-internet-ingress": not public,
                "prohibit-public-ip-on-vnic": not public,
                "route-table-id": route_table_id,
                "security-list-ids": list(security_list_ids),
                "subnet-domain-name": f"{dns_label}.{meta['domain']}",
                "system-tags": {},
                "virtual-router-ip": router_ip,
                "virtual-router-mac": meta["mac"],
            }
        )
        self.subnets.append(entry)
        return entry["id"]

    def nsg(self, name: str, vcn_id: str, rules: list[tuple[str, Rule]], created: datetime) -> str:
        """``rules`` are (direction, rule); rules are added a few seconds after the NSG."""
        entry = self._base("networksecuritygroup", name, created, vcn_id)
        entry.update({"lifecycle-state": "AVAILABLE", "system-tags": {}})
        self.nsgs.append(entry)
        rules_created = created + ms(4317)
        self.nsg_rules[entry["id"]] = [
            nsg_rule(rule, direction, _hex(6, self.seed, entry["id"], str(index)).upper(), rules_created)
            for index, (direction, rule) in enumerate(rules)
        ]
        return entry["id"]

    # -- container engine --------------------------------------------------

    def cluster(
        self,
        name: str,
        *,
        vcn_id: str,
        api_subnet_id: str,
        api_subnet_domain: str | None,
        lb_subnet_ids: list[str],
        version: str,
        created: datetime,
        public_endpoint: str | None,
        private_endpoint: str | None,
        deleted: datetime | None = None,
    ) -> Json:
        """Full ``oci ce cluster get`` data; ``cluster_summary`` derives the list form."""
        cluster_id = self.ocid("cluster", name)
        work_request = self.ocid("clustersworkrequest", f"create/{name}")
        vcn_hostname = None
        if api_subnet_domain is not None and deleted is None:
            vcn_hostname = f"c{cluster_id[-11:]}.{api_subnet_domain}:6443"
        entry: Json = {
            "available-kubernetes-upgrades": [],
            "cluster-pod-network-options": [{"cni-type": "OCI_VCN_IP_NATIVE"}],
            "compartment-id": self.compartment_id,
            "defined-tags": self._tags(created),
            "endpoint-config": {
                "is-public-ip-enabled": public_endpoint is not None,
                "nsg-ids": [],
                "security-attributes": None,
                "subnet-id": api_subnet_id,
            },
            "endpoints": {
                "ipv6-endpoint": None,
                "kubernetes": None,
                "private-endpoint": None if deleted else private_endpoint,
                "public-endpoint": None if deleted else public_endpoint,
                "vcn-hostname-endpoint": vcn_hostname,
            },
            "freeform-tags": {},
            "id": cluster_id,
            "image-policy-config": {"is-policy-enabled": False, "key-details": []},
            "kms-key-id": None,
            "kubernetes-version": version,
            "lifecycle-details": None,
            "lifecycle-state": "DELETED" if deleted else "ACTIVE",
            "metadata": {
                "created-by-user-id": self.user_id,
                "created-by-work-request-id": work_request,
                "deleted-by-user-id": self.user_id if deleted else None,
                "deleted-by-work-request-id": (self.ocid("clustersworkrequest", f"delete/{name}") if deleted else None),
                "time-created": ts(created),
                "time-credential-expiration": ts(created.replace(year=created.year + 5)),
                "time-deleted": ts(deleted) if deleted else None,
                "time-updated": None,
                "updated-by-user-id": None,
                "updated-by-work-request-id": None,
            },
            "name": name,
            "open-id-connect-discovery-endpoint": None,
            "open-id-connect-discovery-key": None,
            "options": {
                "add-ons": {"is-kubernetes-dashboard-enabled": False, "is-tiller-enabled": False},
                "admission-controller-options": {"is-pod-security-policy-enabled": False},
                "ip-families": ["IPv4"],
                "kubernetes-network-config": {"pods-cidr": "10.244.0.0/16", "services-cidr": "10.96.0.0/16"},
                "open-id-connect-discovery": None,
                "open-id-connect-token-authentication-config": None,
                "persistent-volume-config": {"defined-tags": {}, "freeform-tags": {}},
                "service-lb-config": {"backend-nsg-ids": None, "defined-tags": {}, "freeform-tags": {}},
                "service-lb-subnet-ids": list(lb_subnet_ids),
            },
            "system-tags": {},
            "type": "ENHANCED_CLUSTER",
            "vcn-id": vcn_id,
        }
        self.clusters.append(entry)
        return entry

    def virtual_node_pool(
        self,
        name: str,
        *,
        cluster_id: str,
        placement_subnet_id: str,
        pod_subnet_id: str,
        pod_nsg_ids: list[str],
        size: int,
        version: str,
        created: datetime,
    ) -> str:
        entry: Json = {
            "cluster-id": cluster_id,
            "compartment-id": self.compartment_id,
            "defined-tags": self._tags(created),
            "display-name": name,
            "freeform-tags": {},
            "id": self.ocid("virtualnodepool", name),
            "initial-virtual-node-labels": [],
            "kubernetes-version": version,
            "lifecycle-details": None,
            "lifecycle-state": "ACTIVE",
            "nsg-ids": [],
            "placement-configurations": [
                {"availability-domain": ad, "fault-domain": ["FAULT-DOMAIN-1"], "subnet-id": placement_subnet_id}
                for ad in AD_NAMES
            ],
            "pod-configuration": {
                "nsg-ids": list(pod_nsg_ids),
                "shape": "Pod.Standard.E4.Flex",
                "subnet-id": pod_subnet_id,
            },
            "size": size,
            "system-tags": {},
            "taints": [],
            "time-created": ts(created),
            "time-updated": ts(created),
            "virtual-node-pool-cycling-details": None,
            "virtual-node-tags": {"defined-tags": {}, "freeform-tags": {}},
        }
        self.virtual_node_pools.append(entry)
        return entry["id"]

    # -- rendering ---------------------------------------------------------

    def render(self, get_cluster: str, cluster_list: bool) -> dict[str, str]:
        """File name -> exact CLI stdout."""

        def chronological(items: list[Json]) -> list[Json]:
            return sorted(items, key=lambda item: item["time-created"])

        active = self.by_name(self.clusters, get_cluster)
        files = {
            "vcn_list.json": list_output(chronological(self.vcns)),
            "subnet_list.json": list_output(chronological(self.subnets)),
            "route_table_list.json": list_output(chronological(self.route_tables)),
            "security_list_list.json": list_output(chronological(self.security_lists)),
            "internet_gateway_list.json": list_output(chronological(self.internet_gateways)),
            "nat_gateway_list.json": list_output(chronological(self.nat_gateways)),
            "service_gateway_list.json": list_output(chronological(self.service_gateways)),
            "service_list.json": list_output(self.services),
            "nsg_list.json": list_output(chronological(self.nsgs)),
            "ce_cluster_get.json": get_output(active, _hex(8, self.seed, "etag", json.dumps(active))),
            "ce_virtual_node_pool_list.json": list_output(chronological(self.virtual_node_pools)),
            "ce_node_pool_list.json": list_output([]),
        }
        if cluster_list:
            # Newest first, DELETED clusters included (the CLI's default listing).
            newest_first = sorted(self.clusters, key=lambda c: c["metadata"]["time-created"], reverse=True)
            files["ce_cluster_list.json"] = list_output([cluster_summary(c) for c in newest_first])
        for nsg_id, rules in self.nsg_rules.items():
            files[f"nsg_rules_{nsg_id}.json"] = list_output(rules)
        return files


def cluster_summary(cluster: Json) -> Json:
    """``oci ce cluster list`` items lack three attributes of ``cluster get``."""
    summary = copy.deepcopy(cluster)
    for key in ("kms-key-id", "open-id-connect-discovery-endpoint", "open-id-connect-discovery-key"):
        del summary[key]
    return summary


def dump(obj: Json) -> str:
    return json.dumps(obj, sort_keys=True, indent=2) + "\n"


def list_output(items: list[Json]) -> str:
    """The CLI prints nothing at all for an empty list."""
    return dump({"data": items}) if items else ""


def get_output(item: Json, etag: str) -> str:
    return dump({"data": item, "etag": etag})


# --------------------------------------------------------------------------
# Fixture sets
# --------------------------------------------------------------------------

QC_CLUSTER = "vn-demo"
QC_HASH = "7c1e5a9b2"
QC_SEED = "seed-virtual-nodes"  # shared by the "-fixed" set so OCIDs match

NODEPORTS_DESC = "Load balancer to virtual node pods: NodePorts"
HEALTH_DESC = "Load balancer to kube-proxy health check"


def quick_create_export(fixed: bool) -> Export:
    """Console Quick Create cluster with virtual nodes (before/after the LB fix)."""
    suffix = f"quick-{QC_CLUSTER}-{QC_HASH}"
    ex = Export(QC_SEED, "oke-sandbox", "default/alex.morgan@example.com")
    t0 = at("2025-03-14T09:21:07.412")

    vcn_cidr, api_cidr, node_cidr, lb_cidr = "10.0.0.0/16", "10.0.0.0/28", "10.0.10.0/24", "10.0.20.0/24"
    svc = ALL_SERVICES_LABEL
    vcn = ex.vcn(f"oke-vcn-{suffix}", vcn_cidr, f"okevcn{QC_HASH}", t0)
    vcn_id = vcn["id"]

    igw = ex.internet_gateway(f"oke-igw-{suffix}", vcn_id, t0 + ms(2391))
    nat = ex.nat_gateway(f"oke-ngw-{suffix}", vcn_id, "129.80.41.7", t0 + ms(3874))
    sgw = ex.service_gateway(f"oke-sgw-{suffix}", vcn_id, [svc], t0 + ms(5229))

    api_sl = ex.security_list(
        f"oke-k8sApiEndpoint-{suffix}",
        vcn_id,
        ingress=[
            tcp(ANYWHERE, 6443, desc="External access to Kubernetes API endpoint"),
            tcp(node_cidr, 6443, desc="Kubernetes worker to Kubernetes API endpoint communication"),
            tcp(node_cidr, 12250, desc="Kubernetes worker to control plane communication"),
            path_discovery(node_cidr),
        ],
        egress=[
            tcp(svc, 443, desc="Allow Kubernetes Control Plane to communicate with OKE"),
            tcp(node_cidr, desc="All traffic to worker nodes"),
            path_discovery(node_cidr),
        ],
        created=t0 + ms(6713),
    )
    pod_to_pod = "Allow pods on one worker node to communicate with pods on other worker nodes"
    node_sl = ex.security_list(
        f"oke-nodeseclist-{suffix}",
        vcn_id,
        ingress=[
            every(node_cidr, pod_to_pod),
            path_discovery(api_cidr),
            tcp(api_cidr, desc="TCP access from Kubernetes Control Plane"),
        ],
        egress=[
            every(node_cidr, pod_to_pod),
            tcp(api_cidr, 6443, desc="Access to Kubernetes API Endpoint"),
            tcp(api_cidr, 12250, desc="Kubernetes worker to control plane communication"),
            path_discovery(api_cidr),
            tcp(
                svc,
                443,
                desc="Allow nodes to communicate with OKE to ensure correct start-up and continued functioning",
            ),
            icmp(ANYWHERE, 3, 4, "ICMP Access from Kubernetes Control Plane"),
            every(ANYWHERE, "Worker Nodes access to Internet"),
        ],
        created=t0 + ms(9488),
    )
    lb_sl = ex.security_list(
        f"oke-svclbseclist-{suffix}",
        vcn_id,
        ingress=[
            tcp(ANYWHERE, 80, desc="Load balancer listener 80"),
            tcp(ANYWHERE, 443, desc="Load balancer listener 443"),
        ],
        egress=[],  # the Quick Create gap this fixture demonstrates
        created=t0 + ms(12105),
    )
    if fixed:
        ex.add_security_rules(
            f"oke-svclbseclist-{suffix}",
            ingress=[],
            egress=[
                tcp(node_cidr, NODEPORT_MIN, NODEPORT_MAX, NODEPORTS_DESC),
                udp(node_cidr, NODEPORT_MIN, NODEPORT_MAX, NODEPORTS_DESC + " (UDP)"),
                tcp(node_cidr, KUBE_PROXY_HEALTH, desc=HEALTH_DESC),
            ],
        )
        ex.add_security_rules(
            f"oke-nodeseclist-{suffix}",
            ingress=[
                tcp(lb_cidr, NODEPORT_MIN, NODEPORT_MAX, NODEPORTS_DESC),
                udp(lb_cidr, NODEPORT_MIN, NODEPORT_MAX, NODEPORTS_DESC + " (UDP)"),
                tcp(lb_cidr, KUBE_PROXY_HEALTH, desc=HEALTH_DESC),
            ],
            egress=[],
        )

    public_rt = ex.route_table(
        f"oke-public-routetable-{QC_CLUSTER}-{QC_HASH}",
        vcn_id,
        [(ANYWHERE, igw, "traffic to/from internet")],
        t0 + ms(13640),
    )
    private_rt = ex.route_table(
        f"oke-private-routetable-{QC_CLUSTER}-{QC_HASH}",
        vcn_id,
        [(ANYWHERE, nat, "traffic to the internet"), (svc, sgw, "traffic to OCI services")],
        t0 + ms(15022),
    )

    def label(kind: str) -> str:
        return "sub" + _hex(9, QC_SEED, "dns-label", kind)

    api_subnet = ex.subnet(
        f"oke-k8sApiEndpoint-subnet-{suffix}-regional",
        vcn_id,
        api_cidr,
        label("k8sApiEndpoint"),
        public_rt,
        [api_sl],
        public=True,
        created=t0 + ms(17231),
    )
    node_subnet = ex.subnet(
        f"oke-nodesubnet-{suffix}-regional",
        vcn_id,
        node_cidr,
        label("nodesubnet"),
        private_rt,
        [node_sl],
        public=False,
        created=t0 + ms(18907),
    )
    lb_subnet = ex.subnet(
        f"oke-svclbsubnet-{suffix}-regional",
        vcn_id,
        lb_cidr,
        label("svclbsubnet"),
        public_rt,
        [lb_sl],
        public=True,
        created=t0 + ms(20554),
    )

    cluster = ex.cluster(
        QC_CLUSTER,
        vcn_id=vcn_id,
        api_subnet_id=api_subnet,
        api_subnet_domain=ex.by_name(ex.subnets, f"oke-k8sApiEndpoint-subnet-{suffix}-regional")["subnet-domain-name"],
        lb_subnet_ids=[lb_subnet],
        version="v1.31.1",
        created=t0 + ms(23796),
        public_endpoint="129.80.203.58:6443",
        private_endpoint="10.0.0.6:6443",
    )
    ex.virtual_node_pool(
        f"{QC_CLUSTER}-pool1",
        cluster_id=cluster["id"],
        placement_subnet_id=node_subnet,
        pod_subnet_id=node_subnet,
        pod_nsg_ids=[],
        size=3,
        version="v1.31.1",
        created=t0 + ms(503_118),
    )

    # A leftover from an earlier Quick Create attempt: DELETED cluster whose
    # network (another Quick Create VCN) has since been deleted, so its
    # vcn-id and subnet OCIDs do not resolve in this export.
    old_name, old_hash = f"{QC_CLUSTER}-old", "4d82b0f1e"
    old_suffix = f"quick-{old_name}-{old_hash}"
    ex.cluster(
        old_name,
        vcn_id=ex.ocid("vcn", f"oke-vcn-{old_suffix}"),
        api_subnet_id=ex.ocid("subnet", f"oke-k8sApiEndpoint-subnet-{old_suffix}-regional"),
        api_subnet_domain=None,
        lb_subnet_ids=[ex.ocid("subnet", f"oke-svclbsubnet-{old_suffix}-regional")],
        version="v1.31.1",
        created=at("2025-03-07T16:48:52.903"),
        public_endpoint="129.80.177.212:6443",
        private_endpoint="10.0.0.4:6443",
        deleted=at("2025-03-13T17:02:15.667"),
    )
    return ex


def separate_pods_export() -> Export:
    """Hand-built virtual-node network: pods in their own subnet, LB rules in an NSG."""
    ex = Export("virtual-nodes-separate-pods", "shop-prod", "default/platform-ci@example.com")
    t0 = at("2025-02-03T14:05:12.318")

    vcn_cidr, api_cidr, vnode_cidr = "10.0.0.0/16", "10.0.0.0/28", "10.0.10.0/24"
    pod_cidr, lb_cidr = "10.0.32.0/19", "10.0.20.0/24"
    svc = ALL_SERVICES_LABEL
    vcn = ex.vcn("shop-vcn", vcn_cidr, "shopvcn", t0)
    vcn_id = vcn["id"]

    igw = ex.internet_gateway("shop-igw", vcn_id, t0 + ms(1847))
    nat = ex.nat_gateway("shop-nat", vcn_id, "150.136.112.45", t0 + ms(2106))
    sgw = ex.service_gateway("shop-sgw", vcn_id, [svc], t0 + ms(2473))

    public_rt = ex.route_table(
        "shop-public-rt", vcn_id, [(ANYWHERE, igw, "Default route to the internet")], t0 + ms(4390)
    )
    private_rt = ex.route_table(
        "shop-private-rt",
        vcn_id,
        [
            (ANYWHERE, nat, "Outbound internet via NAT gateway"),
            (svc, sgw, "Oracle Services Network via service gateway"),
        ],
        t0 + ms(4712),
    )

    api_sl = ex.security_list(
        "shop-api-sl",
        vcn_id,
        ingress=[
            tcp(ANYWHERE, 6443, desc="Public access to the Kubernetes API endpoint"),
            tcp(vnode_cidr, 6443, desc="Virtual nodes to Kubernetes API endpoint"),
            tcp(vnode_cidr, 12250, desc="Virtual nodes to control plane"),
            path_discovery(vnode_cidr),
            tcp(pod_cidr, 6443, desc="Pods to Kubernetes API endpoint"),
            tcp(pod_cidr, 12250, desc="Pods to control plane"),
            path_discovery(pod_cidr),
        ],
        egress=[
            tcp(svc, 443, desc="Control plane to OKE"),
            tcp(vnode_cidr, 10250, desc="Control plane to virtual node kubelet"),
            path_discovery(vnode_cidr),
            every(pod_cidr, "Control plane to pods"),
        ],
        created=t0 + ms(5038),
    )
    vnode_sl = ex.security_list(
        "shop-vnodes-sl",
        vcn_id,
        ingress=[
            tcp(pod_cidr, 10250, desc="Pods to virtual node kubelet"),
            tcp(api_cidr, 10250, desc="Control plane to virtual node kubelet"),
            icmp(api_cidr, desc="ICMP from control plane"),
        ],
        egress=[
            tcp(api_cidr, 6443, desc="Virtual nodes to Kubernetes API endpoint"),
            tcp(api_cidr, 12250, desc="Virtual nodes to control plane"),
            path_discovery(api_cidr),
            every(svc, "Virtual nodes to Oracle Services Network"),
            every(ANYWHERE, "Virtual nodes to the internet"),
        ],
        created=t0 + ms(5261),
    )
    pod_sl = ex.security_list(
        "shop-pods-sl",
        vcn_id,
        ingress=[
            every(pod_cidr, "Pod to pod"),
            every(api_cidr, "Control plane to pods"),
            path_discovery(ANYWHERE),
        ],
        egress=[
            every(ANYWHERE, "Pods to the internet"),
            tcp(svc, 443, desc="Pods to Oracle Services Network"),
        ],
        created=t0 + ms(5497),
    )
    lb_sl = ex.security_list(
        "shop-lb-sl",
        vcn_id,
        ingress=[tcp(ANYWHERE, 443, desc="HTTPS listener")],
        egress=[
            tcp(pod_cidr, NODEPORT_MIN, NODEPORT_MAX, "LB to pod NodePorts"),
            udp(pod_cidr, NODEPORT_MIN, NODEPORT_MAX, "LB to pod NodePorts (UDP)"),
            tcp(pod_cidr, KUBE_PROXY_HEALTH, desc="LB to pod kube-proxy health"),
        ],
        created=t0 + ms(5730),
    )

    pods_nsg = ex.nsg(
        "shop-pods-nsg",
        vcn_id,
        [
            ("INGRESS", tcp(lb_cidr, NODEPORT_MIN, NODEPORT_MAX, "LB to pod NodePorts")),
            ("INGRESS", udp(lb_cidr, NODEPORT_MIN, NODEPORT_MAX, "LB to pod NodePorts (UDP)")),
            ("INGRESS", tcp(lb_cidr, KUBE_PROXY_HEALTH, desc="LB to pod kube-proxy health")),
        ],
        t0 + ms(6019),
    )

    api_subnet = ex.subnet("shop-api", vcn_id, api_cidr, "api", public_rt, [api_sl], public=True, created=t0 + ms(8844))
    vnode_subnet = ex.subnet(
        "shop-vnodes", vcn_id, vnode_cidr, "vnodes", private_rt, [vnode_sl], public=False, created=t0 + ms(9102)
    )
    pod_subnet = ex.subnet(
        "shop-pods", vcn_id, pod_cidr, "pods", private_rt, [pod_sl], public=False, created=t0 + ms(9375)
    )
    lb_subnet = ex.subnet("shop-lb", vcn_id, lb_cidr, "lb", public_rt, [lb_sl], public=True, created=t0 + ms(9590))

    cluster = ex.cluster(
        "shop-prod",
        vcn_id=vcn_id,
        api_subnet_id=api_subnet,
        api_subnet_domain=ex.by_name(ex.subnets, "shop-api")["subnet-domain-name"],
        lb_subnet_ids=[lb_subnet],
        version="v1.31.1",
        created=t0 + ms(14_286),
        public_endpoint="150.136.47.183:6443",
        private_endpoint="10.0.0.11:6443",
    )
    ex.virtual_node_pool(
        "shop-vnp",
        cluster_id=cluster["id"],
        placement_subnet_id=vnode_subnet,
        pod_subnet_id=pod_subnet,
        pod_nsg_ids=[pods_nsg],
        size=3,
        version="v1.31.1",
        created=t0 + ms(517_652),
    )
    return ex


COMMANDS = (
    "Files are the stdout of OCI CLI 3.95.1 (an empty file is an empty list): `oci network "
    "{vcn,subnet,route-table,security-list,internet-gateway,nat-gateway,service-gateway,nsg} list`, "
    "`oci network service list`, `oci ce cluster get`, `oci ce cluster list`, "
    "`oci ce virtual-node-pool list`, `oci ce node-pool list`"
)

READMES = {
    "seed-virtual-nodes": [
        "# seed-virtual-nodes",
        "",
        'Oracle Console "Quick Create" cluster `vn-demo` (virtual nodes, VCN-native pods on the node subnet) '
        "as created, before any load-balancer rules were added; `ce_cluster_list.json` also holds a DELETED "
        "leftover cluster `vn-demo-old` whose network no longer exists.",
        COMMANDS + ".",
        "Expected: seclint reports that `oke-svclbseclist-…` has no egress to the node subnet (NodePorts "
        "30000-32767 TCP/UDP, kube-proxy health TCP 10256) and `oke-nodeseclist-…` no matching ingress, so "
        "LoadBalancer services cannot reach their pods; the DELETED cluster is ignored.",
    ],
    "seed-virtual-nodes-fixed": [
        "# seed-virtual-nodes-fixed",
        "",
        "The `seed-virtual-nodes` network (same OCIDs) after the fix: `oke-svclbseclist-…` gains egress and "
        "`oke-nodeseclist-…` gains ingress for NodePorts 30000-32767 (TCP and UDP) and TCP 10256 between "
        "10.0.20.0/24 and 10.0.10.0/24; nothing else differs.",
        COMMANDS + ".",
        "Expected: seclint reports no load-balancer-to-pod reachability findings.",
    ],
    "virtual-nodes-separate-pods": [
        "# virtual-nodes-separate-pods",
        "",
        "Hand-built virtual-node cluster `shop-prod`: virtual nodes in `shop-vnodes`, pods in their own subnet "
        "`shop-pods` with pod NSG `shop-pods-nsg` (which admits the load balancers), load balancers in `shop-lb`.",
        COMMANDS + ", and `oci network nsg rules list --nsg-id <OCID>` for `nsg_rules_<OCID>.json`.",
        "Expected: seclint reports no errors; this is a correct configuration.",
    ],
}


def build() -> dict[str, dict[str, str]]:
    """Fixture-set directory name -> file name -> content."""
    sets = {
        "seed-virtual-nodes": quick_create_export(fixed=False).render(QC_CLUSTER, cluster_list=True),
        "seed-virtual-nodes-fixed": quick_create_export(fixed=True).render(QC_CLUSTER, cluster_list=True),
        "virtual-nodes-separate-pods": separate_pods_export().render("shop-prod", cluster_list=True),
    }
    for name, files in sets.items():
        files["README.md"] = "\n".join(READMES[name]) + "\n"
    return sets


def main() -> None:
    for set_name, files in build().items():
        target = FIXTURES_DIR / set_name
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for file_name, content in sorted(files.items()):
            (target / file_name).write_text(content, encoding="utf-8", newline="\n")
        print(f"wrote {len(files):2d} files to {target.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
