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

    python tools/build_fixtures.py            # write every set
    python tools/build_fixtures.py --check    # verify the sets on disk
"""

from __future__ import annotations

import base64
import copy
import hashlib
import ipaddress
import json
import shutil
import sys
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

# Platform images belong to Oracle too: one OCID per image in every tenancy of the region.
IMAGES_SEED = "oracle-platform-images-iad"

VCN_NATIVE = "OCI_VCN_IP_NATIVE"
FLANNEL = "FLANNEL_OVERLAY"

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
        self.node_pools: list[Json] = []
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
        cni: str = VCN_NATIVE,
    ) -> Json:
        """Full ``oci ce cluster get`` data; ``cluster_summary`` derives the list form."""
        cluster_id = self.ocid("cluster", name)
        work_request = self.ocid("clustersworkrequest", f"create/{name}")
        vcn_hostname = None
        if api_subnet_domain is not None and deleted is None:
            vcn_hostname = f"c{cluster_id[-11:]}.{api_subnet_domain}:6443"
        entry: Json = {
            "available-kubernetes-upgrades": [],
            "cluster-pod-network-options": [{"cni-type": cni}],
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

    def node_pool(
        self,
        name: str,
        *,
        cluster_id: str,
        subnet_id: str,
        cni: str,
        pod_subnet_ids: list[str],
        size: int,
        version: str,
        created: datetime,
    ) -> str:
        """A managed node pool as ``oci ce node-pool list`` prints it (one placement per AD).

        Flannel pools carry only the CNI type in ``node-pool-pod-network-option-details``;
        VCN-native pools also name their pod subnets, pod NSGs and pod density.
        """
        pod_network: Json = {"cni-type": cni}
        if cni == VCN_NATIVE:
            pod_network.update({"max-pods-per-node": 31, "pod-nsg-ids": [], "pod-subnet-ids": list(pod_subnet_ids)})
        image_name = f"Oracle-Linux-8.10-2025.02.28-0-OKE-{version.removeprefix('v')}-773"
        image_id = make_ocid(IMAGES_SEED, "image", image_name)
        entry: Json = {
            "cluster-id": cluster_id,
            "compartment-id": self.compartment_id,
            "defined-tags": self._tags(created),
            "freeform-tags": {},
            "id": self.ocid("nodepool", name),
            "initial-node-labels": [{"key": "name", "value": name}],
            "kubernetes-version": version,
            "lifecycle-details": None,
            "lifecycle-state": "ACTIVE",
            "name": name,
            "network-launch-type": None,
            "node-config-details": {
                "compute-cluster-id": None,
                "defined-tags": None,
                "freeform-tags": None,
                "is-pv-encryption-in-transit-enabled": False,
                "kms-key-id": None,
                "node-pool-pod-network-option-details": pod_network,
                "nsg-ids": [],
                "placement-configs": [
                    {
                        "availability-domain": ad,
                        "capacity-reservation-id": None,
                        "fault-domains": None,
                        "host-group-id": None,
                        "preemptible-node-config": None,
                        "subnet-id": subnet_id,
                    }
                    for ad in AD_NAMES
                ],
                "size": size,
            },
            "node-eviction-node-pool-settings": None,
            "node-image-id": image_id,
            "node-image-name": image_name,
            "node-pool-cycling-details": None,
            "node-shape": "VM.Standard.E4.Flex",
            "node-shape-config": {"memory-in-gbs": 16.0, "ocpus": 2.0},
            "node-source": {"image-id": image_id, "source-name": image_name, "source-type": "IMAGE"},
            "node-source-details": {"boot-volume-size-in-gbs": None, "image-id": image_id, "source-type": "IMAGE"},
            "primary-vnic": None,
            "quantity-per-subnet": 0,
            "secondary-vnics": None,
            "ssh-public-key": None,
            "subnet-ids": [subnet_id],
            "system-tags": {},
        }
        self.node_pools.append(entry)
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
            # Node-pool summaries carry no time-created: they stay in creation order.
            "ce_node_pool_list.json": list_output(self.node_pools),
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

QC_POD_TO_POD = "Allow pods on one worker node to communicate with pods on other worker nodes"
NODEPORTS_DESC = "Load balancer to virtual node pods: NodePorts"
HEALTH_DESC = "Load balancer to kube-proxy health check"


def quick_create_api_rules(node_cidr: str) -> tuple[list[Rule], list[Rule]]:
    """Ingress and egress of the Kubernetes API endpoint list that Quick Create writes."""
    ingress = [
        tcp(ANYWHERE, 6443, desc="External access to Kubernetes API endpoint"),
        tcp(node_cidr, 6443, desc="Kubernetes worker to Kubernetes API endpoint communication"),
        tcp(node_cidr, 12250, desc="Kubernetes worker to control plane communication"),
        path_discovery(node_cidr),
    ]
    egress = [
        tcp(ALL_SERVICES_LABEL, 443, desc="Allow Kubernetes Control Plane to communicate with OKE"),
        tcp(node_cidr, desc="All traffic to worker nodes"),
        path_discovery(node_cidr),
    ]
    return ingress, egress


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

    api_ingress, api_egress = quick_create_api_rules(node_cidr)
    api_sl = ex.security_list(
        f"oke-k8sApiEndpoint-{suffix}", vcn_id, ingress=api_ingress, egress=api_egress, created=t0 + ms(6713)
    )
    pod_to_pod = QC_POD_TO_POD
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


# -- Quick Create with managed nodes ---------------------------------------

QCM_CLUSTER = "qc-managed"
QCM_HASH = "5b0d9e2c4"
QCM_SEED = "quick-create-managed"

# One LoadBalancer service (listener 8080, NodePort 31593, default health check
# port) whose rules the OCI cloud controller manager added.  The controller
# writes its rules without a description, so they carry none here either.
QCM_LISTENER = 8080
QCM_NODEPORT = 31593


def quick_create_managed_export() -> Export:
    """Console Quick Create cluster with a managed node pool, VCN-native pods on the node subnet."""
    suffix = f"quick-{QCM_CLUSTER}-{QCM_HASH}"
    ex = Export(QCM_SEED, "oke-staging", "default/priya.nair@example.com")
    t0 = at("2025-03-20T08:47:19.536")

    vcn_cidr, api_cidr, node_cidr, lb_cidr = "10.0.0.0/16", "10.0.0.0/28", "10.0.10.0/24", "10.0.20.0/24"
    svc = ALL_SERVICES_LABEL
    vcn = ex.vcn(f"oke-vcn-{suffix}", vcn_cidr, f"okevcn{QCM_HASH}", t0)
    vcn_id = vcn["id"]

    igw = ex.internet_gateway(f"oke-igw-{suffix}", vcn_id, t0 + ms(2218))
    nat = ex.nat_gateway(f"oke-ngw-{suffix}", vcn_id, "129.80.66.214", t0 + ms(3790))
    sgw = ex.service_gateway(f"oke-sgw-{suffix}", vcn_id, [svc], t0 + ms(5102))

    api_ingress, api_egress = quick_create_api_rules(node_cidr)
    api_sl = ex.security_list(
        f"oke-k8sApiEndpoint-{suffix}", vcn_id, ingress=api_ingress, egress=api_egress, created=t0 + ms(6655)
    )
    node_sl_name = f"oke-nodeseclist-{suffix}"
    node_sl = ex.security_list(
        node_sl_name,
        vcn_id,
        ingress=[
            every(node_cidr, QC_POD_TO_POD),
            path_discovery(api_cidr),
            tcp(api_cidr, desc="TCP access from Kubernetes Control Plane"),
            tcp(ANYWHERE, 22, desc="Inbound SSH traffic to worker nodes"),
        ],
        egress=[
            every(node_cidr, QC_POD_TO_POD),
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
        created=t0 + ms(9341),
    )
    lb_sl_name = f"oke-svclbseclist-{suffix}"
    lb_sl = ex.security_list(lb_sl_name, vcn_id, ingress=[], egress=[], created=t0 + ms(11987))

    public_rt = ex.route_table(
        f"oke-public-routetable-{QCM_CLUSTER}-{QCM_HASH}",
        vcn_id,
        [(ANYWHERE, igw, "traffic to/from internet")],
        t0 + ms(13512),
    )
    private_rt = ex.route_table(
        f"oke-private-routetable-{QCM_CLUSTER}-{QCM_HASH}",
        vcn_id,
        [(ANYWHERE, nat, "traffic to the internet"), (svc, sgw, "traffic to OCI services")],
        t0 + ms(14876),
    )

    def label(kind: str) -> str:
        return "sub" + _hex(9, QCM_SEED, "dns-label", kind)

    api_subnet_name = f"oke-k8sApiEndpoint-subnet-{suffix}-regional"
    api_subnet = ex.subnet(
        api_subnet_name,
        vcn_id,
        api_cidr,
        label("k8sApiEndpoint"),
        public_rt,
        [api_sl],
        public=True,
        created=t0 + ms(17044),
    )
    node_subnet = ex.subnet(
        f"oke-nodesubnet-{suffix}-regional",
        vcn_id,
        node_cidr,
        label("nodesubnet"),
        private_rt,
        [node_sl],
        public=False,
        created=t0 + ms(18730),
    )
    lb_subnet = ex.subnet(
        f"oke-svclbsubnet-{suffix}-regional",
        vcn_id,
        lb_cidr,
        label("svclbsubnet"),
        public_rt,
        [lb_sl],
        public=True,
        created=t0 + ms(20391),
    )

    cluster = ex.cluster(
        QCM_CLUSTER,
        vcn_id=vcn_id,
        api_subnet_id=api_subnet,
        api_subnet_domain=ex.by_name(ex.subnets, api_subnet_name)["subnet-domain-name"],
        lb_subnet_ids=[lb_subnet],
        version="v1.31.1",
        created=t0 + ms(23519),
        public_endpoint="129.80.148.91:6443",
        private_endpoint="10.0.0.9:6443",
        cni=VCN_NATIVE,
    )
    ex.node_pool(
        f"{QCM_CLUSTER}-pool1",
        cluster_id=cluster["id"],
        subnet_id=node_subnet,
        cni=VCN_NATIVE,
        pod_subnet_ids=[node_subnet],
        size=3,
        version="v1.31.1",
        created=t0 + ms(498_240),
    )

    # Later, a LoadBalancer service: the cloud controller manager opens its
    # listener, then the NodePort and the health check port both ways.
    ex.add_security_rules(
        lb_sl_name,
        ingress=[tcp(ANYWHERE, QCM_LISTENER)],
        egress=[tcp(node_cidr, QCM_NODEPORT), tcp(node_cidr, KUBE_PROXY_HEALTH)],
    )
    ex.add_security_rules(
        node_sl_name,
        ingress=[tcp(lb_cidr, QCM_NODEPORT), tcp(lb_cidr, KUBE_PROXY_HEALTH)],
        egress=[],
    )
    return ex


# -- Oracle's documented example networks -----------------------------------

DOCS_URL = "https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengnetworkconfigexample.htm"


@dataclass(frozen=True)
class DocsExample:
    """One of the four examples of Oracle's "Example Network Resource Configurations"."""

    set_name: str
    number: int
    cni: str
    public_api: bool
    t0: str
    nat_ip: str
    public_endpoint: str | None
    private_endpoint: str


DOCS_EXAMPLES = (
    DocsExample(
        set_name="docs-flannel-public",
        number=1,
        cni=FLANNEL,
        public_api=True,
        t0="2025-04-02T10:14:33.207",
        nat_ip="150.136.201.18",
        public_endpoint="150.136.87.240:6443",
        private_endpoint="10.0.0.2:6443",
    ),
    DocsExample(
        set_name="docs-flannel-private",
        number=2,
        cni=FLANNEL,
        public_api=False,
        t0="2025-04-03T13:52:08.941",
        nat_ip="129.80.19.163",
        public_endpoint=None,
        private_endpoint="10.0.0.2:6443",
    ),
    DocsExample(
        set_name="docs-native-public",
        number=3,
        cni=VCN_NATIVE,
        public_api=True,
        t0="2025-04-07T09:31:46.078",
        nat_ip="150.136.144.72",
        public_endpoint="150.136.29.117:6443",
        private_endpoint="10.0.0.5:6443",
    ),
    DocsExample(
        set_name="docs-native-private",
        number=4,
        cni=VCN_NATIVE,
        public_api=False,
        t0="2025-04-08T15:06:21.655",
        nat_ip="129.80.230.45",
        public_endpoint=None,
        private_endpoint="10.0.0.5:6443",
    ),
)

# Oracle's short descriptions from the example tables, shared by several rows.
D_PATH = "Path Discovery."
D_WORKER_TO_API = "Kubernetes worker to Kubernetes API endpoint communication."
D_WORKER_TO_CP = "Kubernetes worker to control plane communication."
D_POD_TO_API = "Pod to Kubernetes API endpoint communication (when using VCN-native pod networking)."
D_POD_TO_CP = "Pod to control plane communication (when using VCN-native pod networking)."
D_CP_TO_OKE = "Allow Kubernetes control plane to communicate with OKE."
D_NODEPORTS = "Load balancer to worker nodes node ports."
D_KUBE_PROXY = "Allow load balancer to communicate with kube-proxy on worker nodes."
D_WORKERS_TO_OKE = "Allow worker nodes to communicate with OKE."
D_WORKERS_TO_PODS = "Allow worker nodes to access pods."
D_SSH = "(optional) Allow inbound SSH traffic to managed nodes."
D_POD_TO_POD = "Allow pods on one worker node to communicate with pods on other worker nodes."


def docs_example_export(example: DocsExample) -> Export:
    """Oracle's example network ``example.number``, built as its tables list it."""
    ex = Export(example.set_name, "oke-examples", "default/jordan.lee@example.com")
    t0 = at(example.t0)
    native = example.cni == VCN_NATIVE

    vcn_cidr, worker_cidr, lb_cidr, bastion_cidr = "10.0.0.0/16", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"
    api_cidr = "10.0.0.0/29" if native else "10.0.0.0/30"
    pod_cidr = "10.0.32.0/19"
    svc = ALL_SERVICES_LABEL
    vcn = ex.vcn("oke-vcn", vcn_cidr, "okevcn", t0)
    vcn_id = vcn["id"]

    igw = ex.internet_gateway("internet-gateway-0", vcn_id, t0 + ms(1532))
    nat = ex.nat_gateway("nat-gateway-0", vcn_id, example.nat_ip, t0 + ms(2964))
    sgw = ex.service_gateway("service-gateway-0", vcn_id, [svc], t0 + ms(4207))

    public_rt = ex.route_table(
        "routetable-public", vcn_id, [(ANYWHERE, igw, "Internet via internet gateway")], t0 + ms(6118)
    )
    private_rt = ex.route_table(
        "routetable-private",
        vcn_id,
        [(ANYWHERE, nat, "Internet via NAT gateway"), (svc, sgw, "Oracle Services Network via service gateway")],
        t0 + ms(7380),
    )

    # -- security lists, row by row as in the example's tables -----------
    if example.public_api:
        api_client = tcp(ANYWHERE, 6443, desc="External access to Kubernetes API endpoint.")
    else:
        api_client = tcp(bastion_cidr, 6443, desc="Bastion subnet access to Kubernetes API endpoint.")
    api_ingress = [
        tcp(worker_cidr, 6443, desc=D_WORKER_TO_API),
        tcp(worker_cidr, 12250, desc=D_WORKER_TO_CP),
        path_discovery(worker_cidr, D_PATH),
    ]
    if native:
        api_ingress += [tcp(pod_cidr, 6443, desc=D_POD_TO_API), tcp(pod_cidr, 12250, desc=D_POD_TO_CP)]
    api_ingress.append(api_client)
    api_egress = [tcp(svc, desc=D_CP_TO_OKE), path_discovery(svc, D_PATH)]
    if native:
        api_egress += [
            tcp(worker_cidr, 10250, desc="Allow Kubernetes API endpoint to communicate with worker nodes."),
            path_discovery(worker_cidr, D_PATH),
            every(
                pod_cidr,
                "Allow Kubernetes API endpoint to communicate with pods (when using VCN-native pod networking).",
            ),
        ]
    else:
        api_egress += [
            tcp(worker_cidr, desc="Allow Kubernetes control plane to communicate with worker nodes."),
            path_discovery(worker_cidr, D_PATH),
        ]
    api_sl = ex.security_list("kubernetes-api-sl", vcn_id, api_ingress, api_egress, t0 + ms(8911))

    lb_to_workers = [
        tcp(lb_cidr, NODEPORT_MIN, NODEPORT_MAX, D_NODEPORTS),
        udp(lb_cidr, NODEPORT_MIN, NODEPORT_MAX, D_NODEPORTS),
        tcp(lb_cidr, KUBE_PROXY_HEALTH, desc=D_KUBE_PROXY),
        udp(lb_cidr, KUBE_PROXY_HEALTH, desc=D_KUBE_PROXY),
    ]
    if native:
        # Example 3/4 list no worker-to-worker and no pods-to-workers rows.
        worker_ingress = [
            tcp(api_cidr, 10250, desc="Allow Kubernetes API endpoint to communicate with worker nodes."),
            path_discovery(ANYWHERE, D_PATH),
            tcp(bastion_cidr, 22, desc=D_SSH),
            *lb_to_workers,
        ]
        worker_egress = [
            every(pod_cidr, D_WORKERS_TO_PODS),
            path_discovery(ANYWHERE, D_PATH),
            tcp(svc, desc=D_WORKERS_TO_OKE),
            tcp(api_cidr, 6443, desc=D_WORKER_TO_API),
            tcp(api_cidr, 12250, desc=D_WORKER_TO_CP),
        ]
    else:
        worker_ingress = [
            every(worker_cidr, D_POD_TO_POD),
            tcp(api_cidr, desc="Allow Kubernetes control plane to communicate with worker nodes."),
            path_discovery(ANYWHERE, D_PATH),
            tcp(bastion_cidr, 22, desc=D_SSH),
            *lb_to_workers,
        ]
        worker_egress = [every(worker_cidr, D_POD_TO_POD)]
        if example.public_api:
            # Example 2's table has no such row; it stays missing in that set.
            worker_egress.append(path_discovery(ANYWHERE, D_PATH))
        worker_egress += [
            tcp(svc, desc=D_WORKERS_TO_OKE),
            tcp(api_cidr, 6443, desc=D_WORKER_TO_API),
            tcp(api_cidr, 12250, desc=D_WORKER_TO_CP),
            every(ANYWHERE, "(optional) Allow worker nodes to communicate with internet."),
        ]
    worker_sl = ex.security_list("workers-sl", vcn_id, worker_ingress, worker_egress, t0 + ms(9264))

    pod_sl = None
    if native:
        pod_sl = ex.security_list(
            "pods-sl",
            vcn_id,
            ingress=[
                every(worker_cidr, D_WORKERS_TO_PODS),
                every(api_cidr, "Allow Kubernetes API endpoint to communicate with pods."),
                every(pod_cidr, "Allow pods to communicate with other pods."),
            ],
            egress=[
                every(pod_cidr, "Allow pods to communicate with other pods."),
                path_discovery(svc, D_PATH),
                tcp(svc, desc="Allow pods to communicate with OCI services."),
                tcp(api_cidr, 6443, desc=D_POD_TO_API),
                tcp(api_cidr, 12250, desc=D_POD_TO_CP),
            ],
            created=t0 + ms(9607),
        )

    lb_sl = ex.security_list(
        "loadbalancers-sl",
        vcn_id,
        ingress=[tcp(ANYWHERE, 443, desc="Application specific")],
        egress=[
            tcp(worker_cidr, NODEPORT_MIN, NODEPORT_MAX, D_NODEPORTS),
            udp(worker_cidr, NODEPORT_MIN, NODEPORT_MAX, D_NODEPORTS),
            tcp(worker_cidr, KUBE_PROXY_HEALTH, desc=D_KUBE_PROXY),
            udp(worker_cidr, KUBE_PROXY_HEALTH, desc=D_KUBE_PROXY),
        ],
        created=t0 + ms(9940),
    )
    bastion_sl = ex.security_list(
        "bastion-sl",
        vcn_id,
        ingress=[],
        egress=[
            tcp(api_cidr, 6443, desc="Bastion to Kubernetes API endpoint."),
            tcp(worker_cidr, 22, desc="Bastion to worker nodes over SSH."),
        ],
        created=t0 + ms(10283),
    )

    # -- subnets -----------------------------------------------------------
    api_rt = public_rt if example.public_api else private_rt
    api_subnet = ex.subnet(
        "kubernetes-api",
        vcn_id,
        api_cidr,
        "kubernetesapi",
        api_rt,
        [api_sl],
        public=example.public_api,
        created=t0 + ms(12455),
    )
    worker_subnet = ex.subnet(
        "workers", vcn_id, worker_cidr, "workers", private_rt, [worker_sl], public=False, created=t0 + ms(13702)
    )
    pod_subnets: list[str] = []
    if pod_sl is not None:
        pod_subnets.append(
            ex.subnet("pods", vcn_id, pod_cidr, "pods", private_rt, [pod_sl], public=False, created=t0 + ms(14938))
        )
    lb_subnet = ex.subnet(
        "loadbalancers", vcn_id, lb_cidr, "loadbalancers", public_rt, [lb_sl], public=True, created=t0 + ms(16174)
    )
    ex.subnet(
        "bastion", vcn_id, bastion_cidr, "bastion", private_rt, [bastion_sl], public=False, created=t0 + ms(17425)
    )

    cluster = ex.cluster(
        example.set_name,
        vcn_id=vcn_id,
        api_subnet_id=api_subnet,
        api_subnet_domain=ex.by_name(ex.subnets, "kubernetes-api")["subnet-domain-name"],
        lb_subnet_ids=[lb_subnet],
        version="v1.31.1",
        created=t0 + ms(21_830),
        public_endpoint=example.public_endpoint,
        private_endpoint=example.private_endpoint,
        cni=example.cni,
    )
    ex.node_pool(
        f"{example.set_name}-pool1",
        cluster_id=cluster["id"],
        subnet_id=worker_subnet,
        cni=example.cni,
        pod_subnet_ids=pod_subnets,
        size=3,
        version="v1.31.1",
        created=t0 + ms(476_518),
    )
    return ex


QC_DOCS_URL = "https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/create-cluster.htm"

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
    "quick-create-managed": [
        "# quick-create-managed",
        "",
        'Oracle Console "Quick Create" cluster `qc-managed` with a managed node pool `qc-managed-pool1` (three '
        "nodes, one per availability domain) and VCN-native pods on the node subnet: public API endpoint "
        "subnet, private node subnet, public load-balancer subnet, named and ruled as the Quick create "
        f"workflow makes them ({QC_DOCS_URL}). Since then the cloud controller manager has served one "
        "LoadBalancer service (listener TCP 8080, NodePort 31593) and added its rules the way it does, "
        "without descriptions: listener ingress plus egress to 10.0.10.0/24 on 31593 and 10256 in "
        "`oke-svclbseclist-…`, matching ingress from 10.0.20.0/24 in `oke-nodeseclist-…`.",
        COMMANDS + ".",
        "Expected: seclint reports no errors; this is a working configuration.",
    ],
}

DOCS_TITLES = {
    1: "Cluster with Flannel CNI Plugin, Public Kubernetes API Endpoint, Private Worker Nodes, and Public "
    "Load Balancers",
    2: "Cluster with Flannel CNI Plugin, Private Kubernetes API Endpoint, Private Worker Nodes, and Public "
    "Load Balancers",
    3: "Cluster with OCI CNI Plugin, Public Kubernetes API Endpoint, Private Worker Nodes, and Public Load Balancers",
    4: "Cluster with OCI CNI Plugin, Private Kubernetes API Endpoint, Private Worker Nodes, and Public Load Balancers",
}

DOCS_QUIRKS = {
    1: "nothing; Example 1 has no quirk to keep, its tables are copied as they are.",
    2: "Example 2's worker egress table has no ICMP 3,4 (path discovery) row to 0.0.0.0/0, unlike "
    "Example 1's; `workers-sl` leaves it out too.",
    3: "Example 3's tables have no worker-to-worker rows (and no ingress from the pods subnet to the "
    "workers); `workers-sl` has none either.",
    4: "Example 4's tables have no worker-to-worker rows (and no ingress from the pods subnet to the "
    "workers); `workers-sl` has none either.",
}


def docs_readme(example: DocsExample) -> list[str]:
    native = example.cni == VCN_NATIVE
    api_cidr = "10.0.0.0/29" if native else "10.0.0.0/30"
    subnets = [
        f"`kubernetes-api` {api_cidr} ({'public' if example.public_api else 'private'})",
        "`workers` 10.0.1.0/24 (private)",
        *(["`pods` 10.0.32.0/19 (private)"] if native else []),
        "`loadbalancers` 10.0.2.0/24 (public)",
        "`bastion` 10.0.3.0/24 (private)",
    ]
    lists = ["`kubernetes-api-sl`", "`workers-sl`", *(["`pods-sl`"] if native else []), "`loadbalancers-sl`"]
    endpoint = "public, with a public IP" if example.public_api else "private, reached through `bastion`"
    pods = "VCN-native pod networking with pods on `pods`" if native else "the flannel overlay"
    return [
        f"# {example.set_name}",
        "",
        f'Oracle\'s Example {example.number}, "{DOCS_TITLES[example.number]}", from "Example Network '
        f'Resource Configurations" ({DOCS_URL}). It follows the table of that example rule for rule: '
        f"{', '.join(lists)} hold that table's rows, with Oracle's short descriptions where the table has "
        "them, and `bastion-sl` only lets the bastion out to the API endpoint (TCP 6443) and the workers "
        "(TCP 22). Names are this set's own: VCN `oke-vcn` 10.0.0.0/16, subnets "
        f"{', '.join(subnets)}, route tables `routetable-public` (internet gateway) and "
        "`routetable-private` (NAT gateway, plus the service gateway for all services). Cluster "
        f"`{example.set_name}` has its Kubernetes API endpoint {endpoint}, uses {pods}, and has one managed "
        f"node pool `{example.set_name}-pool1` of three nodes on `workers`.",
        f"Kept on purpose: {DOCS_QUIRKS[example.number]}",
        COMMANDS + ".",
        "Expected: seclint reports no errors; this is Oracle's own reference configuration.",
    ]


def build() -> dict[str, dict[str, str]]:
    """Fixture-set directory name -> file name -> content."""
    sets = {
        "seed-virtual-nodes": quick_create_export(fixed=False).render(QC_CLUSTER, cluster_list=True),
        "seed-virtual-nodes-fixed": quick_create_export(fixed=True).render(QC_CLUSTER, cluster_list=True),
        "virtual-nodes-separate-pods": separate_pods_export().render("shop-prod", cluster_list=True),
        "quick-create-managed": quick_create_managed_export().render(QCM_CLUSTER, cluster_list=True),
    }
    readmes = dict(READMES)
    for example in DOCS_EXAMPLES:
        sets[example.set_name] = docs_example_export(example).render(example.set_name, cluster_list=True)
        readmes[example.set_name] = docs_readme(example)
    for name, files in sets.items():
        files["README.md"] = "\n".join(readmes[name]) + "\n"
    return sets


# --------------------------------------------------------------------------
# Self-check
# --------------------------------------------------------------------------


def _records(text: str) -> list[Json]:
    if not text:
        return []
    data = json.loads(text)["data"]
    return data if isinstance(data, list) else [data]


def check_set(set_name: str, files: dict[str, str]) -> list[str]:
    """Problems in one rendered set: unparsable files and references that resolve to nothing.

    DELETED clusters are skipped (their network is gone on purpose); DHCP options are
    not exported, so ``dhcp-options-id`` is not followed.
    """
    problems: list[str] = []
    parsed: dict[str, list[Json]] = {}
    for file_name, text in files.items():
        if not file_name.endswith(".json"):
            continue
        try:
            parsed[file_name] = _records(text)
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            problems.append(f"{set_name}/{file_name}: not CLI JSON ({exc})")
    ids = {r["id"] for records in parsed.values() for r in records if "id" in r}
    services = {r["cidr-block"] for r in parsed.get("service_list.json", [])}
    nsg_ids = {r["id"] for r in parsed.get("nsg_list.json", [])}

    def need(owner: Json, field: str, values: Iterable[str | None]) -> None:
        for value in values:
            if value is None or value not in ids:
                name = owner.get("display-name", owner.get("name"))
                problems.append(f"{set_name}: {name} {field} -> {value} does not resolve")

    def peers(owner: Json, rules: Iterable[Json], end: str) -> None:
        for rule in rules:
            kind, peer = rule[f"{end}-type"], rule[end]
            if kind == "SERVICE_CIDR_BLOCK" and peer not in services:
                problems.append(f"{set_name}: {owner.get('display-name')} {end} {peer} is not a service")
            if kind == "CIDR_BLOCK":
                ipaddress.ip_network(peer)
            if kind == "NETWORK_SECURITY_GROUP":
                need(owner, end, [peer])

    for vcn in parsed.get("vcn_list.json", []):
        need(vcn, "default-route-table-id", [vcn["default-route-table-id"]])
        need(vcn, "default-security-list-id", [vcn["default-security-list-id"]])
    vcn_cidrs = {v["id"]: ipaddress.ip_network(v["cidr-block"]) for v in parsed.get("vcn_list.json", [])}
    for file_name in (
        "subnet_list.json",
        "route_table_list.json",
        "security_list_list.json",
        "internet_gateway_list.json",
        "nat_gateway_list.json",
        "service_gateway_list.json",
        "nsg_list.json",
    ):
        for record in parsed.get(file_name, []):
            need(record, "vcn-id", [record["vcn-id"]])
    for subnet in parsed.get("subnet_list.json", []):
        need(subnet, "route-table-id", [subnet["route-table-id"]])
        need(subnet, "security-list-ids", subnet["security-list-ids"])
        if not ipaddress.ip_network(subnet["cidr-block"]).subnet_of(vcn_cidrs[subnet["vcn-id"]]):
            problems.append(f"{set_name}: subnet {subnet['display-name']} lies outside its VCN")
    cidrs = [(s["display-name"], ipaddress.ip_network(s["cidr-block"])) for s in parsed.get("subnet_list.json", [])]
    for index, (name, cidr) in enumerate(cidrs):
        for other, other_cidr in cidrs[index + 1 :]:
            if cidr.overlaps(other_cidr):
                problems.append(f"{set_name}: subnets {name} and {other} overlap")
    for table in parsed.get("route_table_list.json", []):
        for rule in table["route-rules"]:
            need(table, "network-entity-id", [rule["network-entity-id"]])
            if rule["destination-type"] == "SERVICE_CIDR_BLOCK" and rule["destination"] not in services:
                problems.append(f"{set_name}: {table['display-name']} routes to unknown service")
    for sl in parsed.get("security_list_list.json", []):
        peers(sl, sl["ingress-security-rules"], "source")
        peers(sl, sl["egress-security-rules"], "destination")
    for sgw in parsed.get("service_gateway_list.json", []):
        need(sgw, "services", [s["service-id"] for s in sgw["services"]])
    for file_name, rules in parsed.items():
        if file_name.startswith("nsg_rules_"):
            if file_name.removeprefix("nsg_rules_").removesuffix(".json") not in nsg_ids:
                problems.append(f"{set_name}/{file_name}: no such NSG in nsg_list.json")
            for rule in rules:
                end = "source" if rule["direction"] == "INGRESS" else "destination"
                peers({"display-name": file_name}, [rule], end)

    clusters = {c["id"]: c for c in parsed.get("ce_cluster_list.json", []) if c["lifecycle-state"] != "DELETED"}
    got = parsed.get("ce_cluster_get.json", [])
    if [c["id"] for c in got] != list(clusters)[:1] or len(clusters) != 1:
        problems.append(f"{set_name}: ce_cluster_get.json is not the one live cluster of ce_cluster_list.json")
    for cluster in clusters.values():
        need(cluster, "vcn-id", [cluster["vcn-id"]])
        need(cluster, "endpoint-config.subnet-id", [cluster["endpoint-config"]["subnet-id"]])
        need(cluster, "endpoint-config.nsg-ids", cluster["endpoint-config"]["nsg-ids"])
        need(cluster, "options.service-lb-subnet-ids", cluster["options"]["service-lb-subnet-ids"])
    for pool in parsed.get("ce_node_pool_list.json", []):
        details = pool["node-config-details"]
        pod = details["node-pool-pod-network-option-details"]
        need(pool, "cluster-id", [pool["cluster-id"]])
        need(pool, "subnet-ids", pool["subnet-ids"])
        need(pool, "placement-configs.subnet-id", [c["subnet-id"] for c in details["placement-configs"]])
        need(pool, "nsg-ids", details["nsg-ids"])
        need(pool, "pod-subnet-ids", pod.get("pod-subnet-ids", []))
        need(pool, "pod-nsg-ids", pod.get("pod-nsg-ids", []))
        cluster = clusters.get(pool["cluster-id"])
        cni = cluster["cluster-pod-network-options"][0]["cni-type"] if cluster else None
        if pod["cni-type"] != cni:
            problems.append(f"{set_name}: node pool {pool['name']} CNI {pod['cni-type']} != cluster CNI {cni}")
        if (pod["cni-type"] == VCN_NATIVE) != bool(pod.get("pod-subnet-ids")):
            problems.append(f"{set_name}: node pool {pool['name']} pod subnets do not match its CNI")
    for vpool in parsed.get("ce_virtual_node_pool_list.json", []):
        need(vpool, "cluster-id", [vpool["cluster-id"]])
        need(vpool, "placement-configurations.subnet-id", [c["subnet-id"] for c in vpool["placement-configurations"]])
        need(vpool, "nsg-ids", vpool["nsg-ids"])
        need(vpool, "pod-configuration.subnet-id", [vpool["pod-configuration"]["subnet-id"]])
        need(vpool, "pod-configuration.nsg-ids", vpool["pod-configuration"]["nsg-ids"])
    return problems


def check() -> int:
    """Compare ``fixtures/`` with a fresh build, then check every set; 0 when all is well."""
    problems: list[str] = []
    for set_name, files in build().items():
        target = FIXTURES_DIR / set_name
        on_disk = {p.name: p.read_text(encoding="utf-8") for p in target.iterdir()} if target.is_dir() else {}
        if on_disk != files:
            problems.append(f"{set_name}: files on disk differ from a fresh build (run the script)")
        problems += check_set(set_name, files)
        print(f"checked {set_name}")
    for problem in problems:
        print("PROBLEM", problem)
    return 1 if problems else 0


def main() -> None:
    if sys.argv[1:] == ["--check"]:
        raise SystemExit(check())
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
