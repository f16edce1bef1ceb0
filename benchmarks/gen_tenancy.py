"""Generate a large synthetic OCI tenancy as OCI CLI 3.95.1-style JSON exports.

Usage::

    python benchmarks/gen_tenancy.py OUTDIR [--vcns 200] [--subnets-per-vcn 25]
        [--rules 100000] [--seed 1] [--embed-fraction 0.2] [--defect-fraction 0.1]
        [--extras] [--stats-json FILE]

The defaults describe one large tenancy: 200 VCNs, 5,000 subnets, exactly 100,000 security
rules (security-list rules plus NSG rules) and one OKE cluster per VCN (half VCN-native CNI with
a virtual node pool, half flannel), each with a managed node pool.  The output is what
``oci ... list --all`` prints: a ``{"data": [...]}`` envelope, kebab-case keys, every attribute
present (null when unset), ``json.dumps(sort_keys=True, indent=2)`` plus a newline.

Files written to OUTDIR::

    vcn_list.json  subnet_list.json  route_table_list.json  security_list_list.json
    internet_gateway_list.json  nat_gateway_list.json  service_gateway_list.json
    service_list.json  nsg_list.json  ce_cluster_list.json  ce_node_pool_list.json
    ce_virtual_node_pool_list.json  nsg_rules/nsg_rules_<NSG-OCID>.json
    iam_compartment_list.json           (only with --extras)

Most NSGs get their rules in ``nsg_rules/`` (``oci network nsg rules list`` output); a fraction
(``--embed-fraction``) carry them embedded in the NSG record under ``security-rules`` instead.

In about ``--defect-fraction`` (default 10%) of the VCNs one OKE requirement is deliberately
broken (LB egress to NodePorts missing, API ingress TCP 12250 from workers missing, API →
kubelet missing on both sides, or no service-gateway route in the private route table), so a
check has real findings; ``--stats-json FILE`` records which ones were planted.

The output is a pure function of the arguments: the same seed gives byte-identical files.
OCIDs are derived from a hash of (seed, resource kind, resource key).  Every OCID that one
exported resource references among VCNs, subnets, route tables, security lists, NSGs, gateways,
services, clusters and node pools exists in the output.  References to kinds that are not
exported (compartments unless ``--extras``, DHCP options, images, public IPs, users) point at
deterministic OCIDs that appear nowhere else.

VCNs get distinct /16s from 10/8, 172.16/12 and 192.168/16, except that about one in eight reuses
10.0.0.0/16 or 10.1.0.0/16: separate VCNs overlap in real tenancies too.  About 30% also have an
Oracle IPv6 /56, with /64s on their LB and app subnets.  Timestamps are CLI-style
(``2025-03-14T09:21:07.412000+00:00``; like the CLI, no fraction when it is zero).

Per VCN: an internet, NAT and service gateway; route tables (empty default, public → IGW,
private → NAT + OSN → SGW, and 2-4 extra tables with CIDR routes to the NAT); subnets for the
API endpoint (/28, public), service load balancers (/24, public), workers (/24), pods (/19),
virtual nodes (/24) and app subnets (/24, mixed public/private); a default security list, one
list per OKE role with the documented OKE rules, and 4-8 shared app lists; five NSGs (workers,
pods, api, lb, app) with OKE rules that name each other as NETWORK_SECURITY_GROUP peers.
Random filler rules (TCP/UDP ports and ranges, ICMP/ICMPv6 types, protocol all, a few other
protocol numbers, CIDRs inside and outside the VCN, IPv6, service CIDR labels, stateless
ingress/egress pairs) bring the total to ``--rules``, never more than 200 ingress + 200 egress
rules per security list and never more than 120 rules per NSG.

The generator can also be imported: ``generate(outdir, GenParams(...))`` returns a ``GenStats``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

JSON = dict[str, Any]

REGION = "iad"
OSN_LABEL = "all-iad-services-in-oracle-services-network"
OSN_NAME = "All IAD Services In Oracle Services Network"
OBJSTORE_LABEL = "oci-iad-objectstorage"
OBJSTORE_NAME = "OCI IAD Object Storage"
ADS = ("Uocm:US-ASHBURN-AD-1", "Uocm:US-ASHBURN-AD-2", "Uocm:US-ASHBURN-AD-3")
FAULT_DOMAINS = ("FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3")
ENVS = ("prod", "stage", "dev", "sandbox")
APPS = (
    "billing",
    "payments",
    "search",
    "catalog",
    "orders",
    "identity",
    "media",
    "analytics",
    "ledger",
    "gateway",
    "ingest",
    "reports",
    "mobile",
    "partner",
    "support",
    "inventory",
)
K8S_VERSIONS = ("v1.29.1", "v1.30.1", "v1.31.1", "v1.32.1")
WELL_KNOWN_TCP = (
    22,
    25,
    53,
    80,
    443,
    389,
    636,
    1521,
    1522,
    2049,
    2379,
    3000,
    3306,
    3389,
    5432,
    5601,
    6379,
    8080,
    8443,
    8888,
    9000,
    9090,
    9092,
    9200,
    9300,
    10250,
    11211,
    15017,
    27017,
)
WELL_KNOWN_UDP = (53, 67, 123, 161, 500, 514, 1812, 4500, 4789, 8285, 8472, 51820)
ICMP4_TYPES = (0, 3, 4, 5, 8, 11, 12)
ICMP6_TYPES = (1, 2, 3, 4, 128, 129, 133, 134, 135, 136)
OTHER_PROTOCOLS = ("47", "50", "51", "89", "132")
NSG_ROLES = ("workers", "pods", "api", "lb", "app")
OKE_ROLES = ("api", "lb", "workers", "pods", "vnodes")
SL_MAX_PER_DIRECTION = 200
NSG_SOFT_MAX = 100
NSG_HARD_MAX = 120
NSG_MIN = 10
# Misconfigurations planted in a fraction of the VCNs (--defect-fraction), so that a check has
# real findings to report: (place, list or NSG role, direction, description of the dropped rules).
DEFECTS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "lb-to-nodeports": (("sl", "lb", "EGRESS", "Traffic to node ports"),),
    "api-from-workers-12250": (
        ("sl", "api", "INGRESS", "Kubernetes worker to control plane communication."),
        ("nsg", "api", "INGRESS", "Worker to control plane"),
    ),
    "api-to-kubelet": (
        ("sl", "api", "EGRESS", "All traffic to worker nodes"),
        ("sl", "api", "EGRESS", "API endpoint to worker nodes"),
        ("sl", "workers", "INGRESS", "TCP access from Kubernetes Control Plane"),
        ("nsg", "api", "EGRESS", "API to kubelet"),
        ("nsg", "workers", "INGRESS", "API to kubelet"),
    ),
    "no-sgw-route": (("route", "private", "", "traffic to OCI services"),),
}
# /16s handed to VCNs; 10.96/16 and 10.244/16 are the flannel services/pods CIDRs.
VCN_POOL: tuple[int, ...] = tuple(
    [(10 << 24) | (b << 16) for b in range(256) if b not in (96, 244)]
    + [(172 << 24) | (b << 16) for b in range(16, 32)]
    + [(192 << 24) | (168 << 16)]
)
EPOCH = datetime(2023, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 900 * 24 * 3600


# ----------------------------------------------------------------------------------------------
# small helpers


def ip4(n: int) -> str:
    """Dotted-quad text of a 32-bit integer."""
    return f"{n >> 24 & 255}.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def parse4(cidr: str) -> tuple[int, int]:
    """(network integer, prefix length) of an IPv4 CIDR."""
    addr, _, plen = cidr.partition("/")
    a, b, c, d = (int(o) for o in addr.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d, int(plen or 32)


def overlaps4(a: str, b: str) -> bool:
    """Whether two IPv4 CIDRs share an address."""
    (na, pa), (nb, pb) = parse4(a), parse4(b)
    plen = min(pa, pb)
    mask = (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF if plen else 0
    return (na & mask) == (nb & mask)


def cidr4(net: int, plen: int) -> str:
    """CIDR text with the host bits of ``net`` cleared."""
    mask = (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF if plen else 0
    return f"{ip4(net & mask)}/{plen}"


@dataclass(frozen=True)
class GenParams:
    """What to generate."""

    vcns: int = 200
    subnets_per_vcn: int = 25
    rules: int = 100_000
    seed: int = 1
    embed_fraction: float = 0.2
    defect_fraction: float = 0.1
    extras: bool = False


@dataclass
class GenStats:
    """What was generated: the numbers behind the summary line and the benchmark report."""

    vcns: int = 0
    subnets: int = 0
    route_tables: int = 0
    security_lists: int = 0
    nsgs: int = 0
    nsgs_embedded: int = 0
    security_list_rules: int = 0
    nsg_rules: int = 0
    total_rules: int = 0
    clusters: int = 0
    node_pools: int = 0
    virtual_node_pools: int = 0
    planted_defects: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """One human-readable line."""
        return (
            f"vcns={self.vcns} subnets={self.subnets} route_tables={self.route_tables} "
            f"security_lists={self.security_lists} nsgs={self.nsgs} "
            f"({self.nsgs_embedded} with embedded rules) rules={self.total_rules} "
            f"(security-list {self.security_list_rules}, nsg {self.nsg_rules}) "
            f"clusters={self.clusters} node_pools={self.node_pools} "
            f"virtual_node_pools={self.virtual_node_pools} "
            f"planted_defects={sum(self.planted_defects.values())} files={self.files} "
            f"bytes={self.bytes} ({self.bytes / 2**20:.1f} MiB) seconds={self.seconds:.2f}"
        )


@dataclass
class RuleSlot:
    """Where filler rules go: one security list direction, or one NSG."""

    kind: str  # "sl-in", "sl-eg" or "nsg"
    target: JSON  # the security-list record or the NSG holder
    vcn: Vcn
    base: int
    cap: int
    weight: float
    count: int = 0


@dataclass
class Vcn:
    """Per-VCN plan: addresses, ids and the records that the filler needs to see."""

    idx: int
    name: str
    dns: str
    net: int
    ipv6: str | None  # the /56 prefix text without "/56", e.g. "2603:c020:4000:1100::"
    ipv6_hextets: tuple[int, int] | None
    compartment: str
    oke_compartment: str
    native: bool
    public_api: bool
    defect: str | None = None
    subnet_cidrs: dict[str, str] = field(default_factory=dict)
    app_cidrs: list[str] = field(default_factory=list)
    nsg_ids: dict[str, str] = field(default_factory=dict)
    subnet_ids: dict[str, str] = field(default_factory=dict)

    @property
    def cidr(self) -> str:
        """The VCN's primary /16."""
        return cidr4(self.net, 16)


class Generator:
    """Builds every record in memory, then writes the files."""

    def __init__(self, params: GenParams) -> None:
        self.p = params
        self.rng = Random(params.seed)
        self.tenancy = self.ocid("tenancy", "root", regional=False)
        self.vcns: list[Vcn] = []
        self.out: dict[str, list[JSON]] = {
            name: []
            for name in (
                "vcn_list",
                "subnet_list",
                "route_table_list",
                "security_list_list",
                "internet_gateway_list",
                "nat_gateway_list",
                "service_gateway_list",
                "service_list",
                "nsg_list",
                "ce_cluster_list",
                "ce_node_pool_list",
                "ce_virtual_node_pool_list",
                "iam_compartment_list",
            )
        }
        self.nsg_rules: dict[str, list[JSON]] = {}
        self.nsg_embedded: set[str] = set()
        self.slots: list[RuleSlot] = []
        self.osn_id = self.ocid("service", "all")
        self.objstore_id = self.ocid("service", "objectstorage")
        self.user_id = self.ocid("user", "automation", regional=False)
        self._rule_ids: dict[str, set[str]] = {}

    # -- identifiers, timestamps, common fields ----------------------------------------------

    def ocid(self, kind: str, *key: object, regional: bool = True) -> str:
        """Deterministic OCID: ``ocid1.<kind>.oc1.iad.aaaaaaaa`` + 52 base32 characters."""
        text = "|".join([str(self.p.seed), kind, *map(str, key)])
        digest = hashlib.sha256(text.encode()).digest()
        tail = base64.b32encode(digest).decode().rstrip("=").lower()[:52]
        region = REGION if regional else ""
        return f"ocid1.{kind}.oc1.{region}.aaaaaaaa{tail}"

    def timestamp(self) -> tuple[str, str]:
        """(CLI timestamp ``2025-03-14T09:21:07.412000+00:00``, tag form ``...07.412Z``)."""
        when = EPOCH + timedelta(seconds=self.rng.randrange(SPAN_SECONDS), milliseconds=self.rng.randrange(1000))
        iso = when.isoformat()  # like the CLI: no fraction at all when it is zero
        tag = when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
        return iso, tag

    def common(self, compartment: str, *, system_tags: bool = True) -> JSON:
        """Fields most resources share: compartment, tags, time-created."""
        iso, tag = self.timestamp()
        rec: JSON = {
            "compartment-id": compartment,
            "defined-tags": {"Oracle-Tags": {"CreatedBy": "terraform@example.com", "CreatedOn": tag}},
            "freeform-tags": {},
            "time-created": iso,
        }
        if system_tags:
            rec["system-tags"] = {}
        return rec

    # -- plan ----------------------------------------------------------------------------------

    def plan(self) -> None:
        rng = self.rng
        compartments: dict[str, tuple[str, str]] = {}
        for env in ENVS:
            net_c = self.ocid("compartment", "network", env, regional=False)
            oke_c = self.ocid("compartment", "oke", env, regional=False)
            compartments[env] = (net_c, oke_c)
            for name, cid in ((f"network-{env}", net_c), (f"oke-{env}", oke_c)):
                iso, tag = self.timestamp()
                self.out["iam_compartment_list"].append(
                    {
                        "compartment-id": self.tenancy,
                        "defined-tags": {"Oracle-Tags": {"CreatedBy": "admin@example.com", "CreatedOn": tag}},
                        "description": f"{name} resources",
                        "freeform-tags": {},
                        "id": cid,
                        "inactive-status": None,
                        "is-accessible": None,
                        "lifecycle-state": "ACTIVE",
                        "name": name,
                        "time-created": iso,
                    }
                )
        pool = list(VCN_POOL)
        rng.shuffle(pool)
        for i in range(self.p.vcns):
            # About one VCN in eight reuses a popular range (Quick Create's 10.0.0.0/16 or
            # 10.1/16): separate VCNs overlap in real tenancies.  Past the pool, wrap around.
            popular = rng.random() < 0.12
            net = (10 << 24) | (rng.choice((0, 0, 0, 1)) << 16) if popular else pool[i % len(pool)]
            env = ENVS[i % len(ENVS)]
            app = APPS[rng.randrange(len(APPS))]
            ipv6 = None
            hextets = None
            if rng.random() < 0.3:
                hextets = (0x4000 + (i >> 8), (i & 0xFF) << 8)
                ipv6 = f"2603:c020:{hextets[0]:x}:{hextets[1]:x}::"
            vcn = Vcn(
                idx=i,
                name=f"{env}-{app}-vcn-{i:03d}",
                dns=f"{app[:8]}{i:03d}",
                net=net,
                ipv6=ipv6,
                ipv6_hextets=hextets,
                compartment=compartments[env][0],
                oke_compartment=compartments[env][1],
                native=i % 2 == 0,
                public_api=rng.random() < 0.7,
            )
            if rng.random() < self.p.defect_fraction:
                vcn.defect = rng.choice(sorted(DEFECTS))
            self.vcns.append(vcn)
        self.out["service_list"] = [
            {"cidr-block": OSN_LABEL, "description": OSN_NAME, "id": self.osn_id, "name": OSN_NAME},
            {"cidr-block": OBJSTORE_LABEL, "description": OBJSTORE_NAME, "id": self.objstore_id, "name": OBJSTORE_NAME},
        ]

    # -- per-VCN structure -----------------------------------------------------------------------

    def build_vcn(self, v: Vcn) -> None:
        rng = self.rng
        i = v.idx
        ids = {
            kind: self.ocid(kind, i)
            for kind in ("vcn", "internetgateway", "natgateway", "servicegateway", "dhcpoptions")
        }
        base = v.net
        v.subnet_cidrs = {
            "api": cidr4(base, 28),
            "lb": cidr4(base | (1 << 8), 24),
            "workers": cidr4(base | (2 << 8), 24),
            "vnodes": cidr4(base | (3 << 8), 24),
            "pods": cidr4(base | (32 << 8), 19),
        }
        n_app = self.p.subnets_per_vcn - len(OKE_ROLES)
        third_octets = [*range(4, 32), *range(64, 256)]
        v.app_cidrs = [cidr4(base | (third_octets[j] << 8), 24) for j in range(n_app)]

        cidr_blocks = [v.cidr]
        if rng.random() < 0.1:
            while True:
                extra = cidr4((172 << 24) | (rng.randrange(16, 32) << 16) | (rng.randrange(16) << 12), 20)
                if not overlaps4(extra, v.cidr):
                    break
            cidr_blocks.append(extra)
        # Gateways.
        igw = {
            **self.common(v.compartment),
            "display-name": f"{v.name}-igw",
            "id": ids["internetgateway"],
            "is-enabled": True,
            "lifecycle-state": "AVAILABLE",
            "route-table-id": None,
            "vcn-id": ids["vcn"],
        }
        nat = {
            **self.common(v.compartment, system_tags=False),
            "block-traffic": False,
            "display-name": f"{v.name}-ngw",
            "id": ids["natgateway"],
            "lifecycle-state": "AVAILABLE",
            "nat-ip": f"129.213.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            "public-ip-id": self.ocid("publicip", i),
            "route-table-id": None,
            "vcn-id": ids["vcn"],
        }
        sgw = {
            **self.common(v.compartment, system_tags=False),
            "block-traffic": False,
            "display-name": f"{v.name}-sgw",
            "id": ids["servicegateway"],
            "lifecycle-state": "AVAILABLE",
            "route-table-id": None,
            "services": [{"service-id": self.osn_id, "service-name": OSN_NAME}],
            "vcn-id": ids["vcn"],
        }
        self.out["internet_gateway_list"].append(igw)
        self.out["nat_gateway_list"].append(nat)
        self.out["service_gateway_list"].append(sgw)

        # Route tables.
        def route(dest: str, dtype: str, target: str, desc: str | None = None) -> JSON:
            return {
                "cidr-block": None,
                "description": desc,
                "destination": dest,
                "destination-type": dtype,
                "network-entity-id": target,
                "route-type": "STATIC",
            }

        def table(key: str, name: str, rules: list[JSON]) -> str:
            rid = self.ocid("routetable", i, key)
            self.out["route_table_list"].append(
                {
                    **self.common(v.compartment),
                    "display-name": name,
                    "id": rid,
                    "lifecycle-state": "AVAILABLE",
                    "route-rules": rules,
                    "vcn-id": ids["vcn"],
                }
            )
            return rid

        rt_default = table("default", f"Default Route Table for {v.name}", [])
        rt_public = table(
            "public",
            f"{v.name}-public-rt",
            [
                route("0.0.0.0/0", "CIDR_BLOCK", ids["internetgateway"], "traffic to/from internet"),
            ],
        )
        rt_private = table(
            "private",
            f"{v.name}-private-rt",
            [
                route("0.0.0.0/0", "CIDR_BLOCK", ids["natgateway"], "traffic to the internet"),
                *(
                    []
                    if self.dropped(v, "route", "private", "", "traffic to OCI services")
                    else [
                        route(OSN_LABEL, "SERVICE_CIDR_BLOCK", ids["servicegateway"], "traffic to OCI services"),
                    ]
                ),
            ],
        )
        extra_rts: list[str] = []
        n_routes = [rng.randint(1, 6) for _ in range(rng.randint(2, 4))]
        for k in range(len(n_routes)):
            rules: list[JSON] = []
            while len(rules) < n_routes[k]:
                dest = self.random_outside_cidr(v, min_plen=12, max_plen=28)
                if any(overlaps4(dest, b) for b in cidr_blocks) or any(
                    overlaps4(dest, r["destination"]) for r in rules
                ):
                    continue
                rules.append(
                    route(dest, "CIDR_BLOCK", ids["natgateway"], rng.choice((None, "partner range", "vendor API")))
                )
            if rng.random() < 0.5:
                rules.append(route(OSN_LABEL, "SERVICE_CIDR_BLOCK", ids["servicegateway"]))
            extra_rts.append(table(f"extra{k}", f"{v.name}-egress-rt-{k}", rules))

        # Security lists (rules are filled in later; base OKE rules now).
        sl_records: dict[str, JSON] = {}

        def seclist(key: str, name: str) -> JSON:
            rec = {
                **self.common(v.compartment),
                "display-name": name,
                "egress-security-rules": [],
                "id": self.ocid("securitylist", i, key),
                "ingress-security-rules": [],
                "lifecycle-state": "AVAILABLE",
                "vcn-id": ids["vcn"],
            }
            sl_records[key] = rec
            self.out["security_list_list"].append(rec)
            return rec

        seclist("default", f"Default Security List for {v.name}")
        for role in OKE_ROLES:
            seclist(role, f"oke-{role}-seclist-{v.name}")
        n_app_lists = rng.randint(4, 8)
        app_keys = [f"app{k}" for k in range(n_app_lists)]
        for key in app_keys:
            seclist(key, f"{v.name}-{key}-seclist")
        self.base_sl_rules(v, sl_records)

        # NSGs.
        for role in NSG_ROLES:
            v.nsg_ids[role] = self.ocid("networksecuritygroup", i, role)
        for role in NSG_ROLES:
            nid = v.nsg_ids[role]
            rec = {
                **self.common(v.compartment),
                "display-name": f"{v.name}-{role}-nsg",
                "id": nid,
                "lifecycle-state": "AVAILABLE",
                "vcn-id": ids["vcn"],
            }
            if rng.random() < self.p.embed_fraction:
                self.nsg_embedded.add(nid)
            self.out["nsg_list"].append(rec)
            self.nsg_rules[nid] = []
        self.base_nsg_rules(v)

        # Subnets.
        def pick_lists(primary: str, p_default: float) -> list[str]:
            keys = [primary]
            if rng.random() < p_default:
                keys.append("default")
            return [sl_records[k]["id"] for k in keys]

        specs: list[tuple[str, str, str, bool, str, list[str], str | None]] = []
        roles_public = {"api": True, "lb": True, "workers": False, "pods": False, "vnodes": False}
        oke_names = {
            "api": "oke-k8sApiEndpoint-subnet",
            "lb": "oke-svclbsubnet",
            "workers": "oke-nodesubnet",
            "pods": "oke-podsubnet",
            "vnodes": "oke-vnodesubnet",
        }
        oke_dns = {"api": "k8sapi", "lb": "svclb", "workers": "nodes", "pods": "pods", "vnodes": "vnodes"}
        for role in OKE_ROLES:
            public = roles_public[role]
            lists = pick_lists(role, {"api": 0.3, "lb": 0.2, "workers": 0.3, "pods": 0.0, "vnodes": 0.3}[role])
            specs.append(
                (
                    role,
                    v.subnet_cidrs[role],
                    f"{oke_names[role]}-{v.name}",
                    public,
                    oke_dns[role],
                    lists,
                    rt_public if public else rt_private,
                )
            )
        for j, cidr in enumerate(v.app_cidrs):
            public = rng.random() < 0.35
            if public:
                rt = rt_public if rng.random() < 0.85 else rt_default
            else:
                r = rng.random()
                rt = rt_private if r < 0.5 else rng.choice(extra_rts) if r < 0.9 else rt_default
            k = rng.choice((1, 1, 2, 2, 3))
            keys = rng.sample(["default", *app_keys], k)
            specs.append(
                (
                    f"app{j}",
                    cidr,
                    f"{v.name}-app-{j:02d}",
                    public,
                    f"app{j:02d}",
                    [sl_records[key]["id"] for key in keys],
                    rt,
                )
            )
        mac = ":".join(f"{rng.randrange(256):02X}" for _ in range(3))
        for n, (key, cidr, name, public, dns, lists, rt) in enumerate(specs):
            sid = self.ocid("subnet", i, key)
            v.subnet_ids[key] = sid
            net = int.from_bytes(bytes(int(o) for o in cidr.split("/")[0].split(".")), "big")
            ipv6_block = None
            ipv6_router = None
            if v.ipv6_hextets is not None and (key.startswith("app") or key == "lb"):
                h3, h4 = v.ipv6_hextets
                prefix = f"2603:c020:{h3:x}:{h4 | n:x}::"
                ipv6_block = f"{prefix}/64"
                ipv6_router = f"{prefix}1"
            ad = None
            if key.startswith("app") and rng.random() < 0.1:
                ad = rng.choice(ADS)
            self.out["subnet_list"].append(
                {
                    **self.common(v.compartment),
                    "availability-domain": ad,
                    "cidr-block": cidr,
                    "dhcp-options-id": ids["dhcpoptions"],
                    "display-name": name,
                    "dns-label": dns,
                    "id": sid,
                    "ipv4-cidr-blocks": [cidr],
                    "ipv6-cidr-block": ipv6_block,
                    "ipv6-cidr-blocks": [ipv6_block] if ipv6_block else None,
                    "ipv6-virtual-router-ip": ipv6_router,
                    "lifecycle-state": "AVAILABLE",
                    "prohibit-internet-ingress": not public,
                    "prohibit-public-ip-on-vnic": not public,
                    "route-table-id": rt,
                    "security-list-ids": lists,
                    "subnet-domain-name": f"{dns}.{v.dns}.oraclevcn.com",
                    "vcn-id": ids["vcn"],
                    "virtual-router-ip": ip4(net + 1),
                    "virtual-router-mac": f"00:00:17:{mac}",
                }
            )

        self.out["vcn_list"].append(
            {
                **self.common(v.compartment),
                "byoipv6-cidr-blocks": None,
                "cidr-block": cidr_blocks[0],
                "cidr-blocks": cidr_blocks,
                "default-dhcp-options-id": ids["dhcpoptions"],
                "default-route-table-id": rt_default,
                "default-security-list-id": sl_records["default"]["id"],
                "display-name": v.name,
                "dns-label": v.dns,
                "id": ids["vcn"],
                "ipv6-cidr-blocks": [f"{v.ipv6}/56"] if v.ipv6 else None,
                "ipv6-private-cidr-blocks": None,
                "is-zpr-only": False,
                "lifecycle-state": "AVAILABLE",
                "security-attributes": {},
                "vcn-domain-name": f"{v.dns}.oraclevcn.com",
            }
        )
        self.build_oke(v, ids["vcn"])

    # -- OKE -------------------------------------------------------------------------------------

    def build_oke(self, v: Vcn, vcn_id: str) -> None:
        rng = self.rng
        i = v.idx
        cluster_id = self.ocid("cluster", i)
        cni = "OCI_VCN_IP_NATIVE" if v.native else "FLANNEL_OVERLAY"
        version = rng.choice(K8S_VERSIONS)
        api_net = v.net
        private_ep = f"{ip4(api_net + rng.randrange(2, 14))}:6443"
        public_ep = (
            f"{rng.choice((129, 132, 150))}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}:6443"
            if v.public_api
            else None
        )
        created = self.common(v.oke_compartment)
        self.out["ce_cluster_list"].append(
            {
                "available-kubernetes-upgrades": [],
                "cluster-pod-network-options": [{"cni-type": cni}],
                "compartment-id": v.oke_compartment,
                "defined-tags": created["defined-tags"],
                "endpoint-config": {
                    "is-public-ip-enabled": v.public_api,
                    "nsg-ids": [v.nsg_ids["api"]],
                    "security-attributes": None,
                    "subnet-id": v.subnet_ids["api"],
                },
                "endpoints": {
                    "ipv6-endpoint": None,
                    "kubernetes": None,
                    "private-endpoint": private_ep,
                    "public-endpoint": public_ep,
                    "vcn-hostname-endpoint": None,
                },
                "freeform-tags": {"env": ENVS[i % len(ENVS)]},
                "id": cluster_id,
                "image-policy-config": {"is-policy-enabled": False, "key-details": []},
                "kubernetes-version": version,
                "lifecycle-details": None,
                "lifecycle-state": "ACTIVE",
                "metadata": {
                    "created-by-user-id": self.user_id,
                    "created-by-work-request-id": None,
                    "deleted-by-user-id": None,
                    "deleted-by-work-request-id": None,
                    "time-created": created["time-created"],
                    "time-credential-expiration": None,
                    "time-deleted": None,
                    "time-updated": None,
                    "updated-by-user-id": None,
                    "updated-by-work-request-id": None,
                },
                "name": f"oke-{v.name.removesuffix(f'-vcn-{i:03d}')}-{i:03d}",
                "options": {
                    "add-ons": {"is-kubernetes-dashboard-enabled": False, "is-tiller-enabled": False},
                    "admission-controller-options": {"is-pod-security-policy-enabled": False},
                    "ip-families": ["IPv4"],
                    "kubernetes-network-config": {"pods-cidr": "10.244.0.0/16", "services-cidr": "10.96.0.0/16"},
                    "open-id-connect-discovery": None,
                    "open-id-connect-token-authentication-config": None,
                    "persistent-volume-config": {"defined-tags": {}, "freeform-tags": {}},
                    "service-lb-config": {
                        "backend-nsg-ids": [v.nsg_ids["workers"]] if rng.random() < 0.5 else None,
                        "defined-tags": {},
                        "freeform-tags": {},
                    },
                    "service-lb-subnet-ids": [v.subnet_ids["lb"]],
                },
                "system-tags": {},
                "type": "ENHANCED_CLUSTER",
                "vcn-id": vcn_id,
            }
        )

        image_id = self.ocid("image", "ol8", version)
        image_name = f"Oracle-Linux-8.10-2025.01.31-0-OKE-{version.lstrip('v')}"
        if v.native:
            pod_net: JSON = {
                "cni-type": cni,
                "max-pods-per-node": 31,
                "pod-nsg-ids": [v.nsg_ids["pods"]],
                "pod-subnet-ids": [v.subnet_ids["pods"]],
            }
        else:
            pod_net = {"cni-type": cni}
        n_ads = rng.choice((1, 3, 3))
        placement = [
            {
                "availability-domain": ADS[k],
                "capacity-reservation-id": None,
                "fault-domains": None,
                "host-group-id": None,
                "preemptible-node-config": None,
                "subnet-id": v.subnet_ids["workers"],
            }
            for k in range(n_ads)
        ]
        ocpus = float(rng.choice((1, 2, 4, 8)))
        np_common = self.common(v.oke_compartment)
        del np_common["time-created"]
        self.out["ce_node_pool_list"].append(
            {
                **np_common,
                "cluster-id": cluster_id,
                "id": self.ocid("nodepool", i),
                "initial-node-labels": [{"key": "name", "value": f"pool-{i:03d}"}],
                "kubernetes-version": version,
                "lifecycle-details": None,
                "lifecycle-state": "ACTIVE",
                "name": f"pool-{i:03d}",
                "network-launch-type": None,
                "node-config-details": {
                    "compute-cluster-id": None,
                    "defined-tags": None,
                    "freeform-tags": None,
                    "is-pv-encryption-in-transit-enabled": rng.random() < 0.5,
                    "kms-key-id": None,
                    "node-pool-pod-network-option-details": pod_net,
                    "nsg-ids": [v.nsg_ids["workers"]],
                    "placement-configs": placement,
                    "size": rng.randint(1, 12),
                },
                "node-eviction-node-pool-settings": None,
                "node-image-id": image_id,
                "node-image-name": image_name,
                "node-pool-cycling-details": None,
                "node-shape": "VM.Standard.E4.Flex",
                "node-shape-config": {"memory-in-gbs": ocpus * 16.0, "ocpus": ocpus},
                "node-source": {"image-id": image_id, "source-name": image_name, "source-type": "IMAGE"},
                "node-source-details": {"boot-volume-size-in-gbs": None, "image-id": image_id, "source-type": "IMAGE"},
                "primary-vnic": None,
                "quantity-per-subnet": 0,
                "secondary-vnics": None,
                "ssh-public-key": None,
                "subnet-ids": [v.subnet_ids["workers"]],
            }
        )
        if v.native:
            vnp_common = self.common(v.oke_compartment)
            self.out["ce_virtual_node_pool_list"].append(
                {
                    **vnp_common,
                    "cluster-id": cluster_id,
                    "display-name": f"vnp-{i:03d}",
                    "id": self.ocid("virtualnodepool", i),
                    "initial-virtual-node-labels": [],
                    "kubernetes-version": version,
                    "lifecycle-details": None,
                    "lifecycle-state": "ACTIVE",
                    "nsg-ids": [v.nsg_ids["workers"]],
                    "placement-configurations": [
                        {
                            "availability-domain": ADS[k],
                            "fault-domain": list(FAULT_DOMAINS),
                            "subnet-id": v.subnet_ids["vnodes"],
                        }
                        for k in range(rng.choice((1, 3)))
                    ],
                    "pod-configuration": {
                        "nsg-ids": [v.nsg_ids["pods"]],
                        "shape": "Pod.Standard.E4.Flex",
                        "subnet-id": v.subnet_ids["pods"],
                    },
                    "size": rng.randint(1, 6),
                    "taints": [],
                    "time-updated": vnp_common["time-created"],
                    "virtual-node-pool-cycling-details": None,
                    "virtual-node-tags": {"defined-tags": {}, "freeform-tags": {}},
                }
            )

    # -- rule building blocks --------------------------------------------------------------------

    @staticmethod
    def proto(
        protocol: str,
        *,
        ports: tuple[int, int] | None = None,
        sports: tuple[int, int] | None = None,
        icmp: tuple[int, int | None] | None = None,
        options: bool = True,
    ) -> JSON:
        """protocol + the three option fields; ``options=False`` means "all ports"."""
        rec: JSON = {"icmp-options": None, "protocol": protocol, "tcp-options": None, "udp-options": None}
        if protocol in ("6", "17") and options and (ports or sports):
            key = "tcp-options" if protocol == "6" else "udp-options"
            rec[key] = {
                "destination-port-range": {"max": ports[1], "min": ports[0]} if ports else None,
                "source-port-range": {"max": sports[1], "min": sports[0]} if sports else None,
            }
        elif protocol in ("1", "58") and icmp is not None:
            rec["icmp-options"] = {"code": icmp[1], "type": icmp[0]}
        return rec

    @staticmethod
    def sl_rule(
        direction: str, peer: str, peer_type: str, proto: JSON, stateless: bool = False, desc: str | None = None
    ) -> JSON:
        """A security-list ingress or egress rule."""
        side = "source" if direction == "INGRESS" else "destination"
        return {**proto, "description": desc, side: peer, f"{side}-type": peer_type, "is-stateless": stateless}

    def nsg_rule(
        self,
        nsg_id: str,
        direction: str,
        peer: str,
        peer_type: str,
        proto: JSON,
        stateless: bool = False,
        desc: str | None = None,
    ) -> JSON:
        """An ``oci network nsg rules list`` rule; the unused source/destination pair is null."""
        ingress = direction == "INGRESS"
        used = self._rule_ids.setdefault(nsg_id, set())
        while True:
            rid = f"{self.rng.getrandbits(24):06X}"
            if rid not in used:
                used.add(rid)
                break
        return {
            **proto,
            "description": desc,
            "destination": None if ingress else peer,
            "destination-type": None if ingress else peer_type,
            "direction": direction,
            "id": rid,
            "is-stateless": stateless,
            "is-valid": True,
            "source": peer if ingress else None,
            "source-type": peer_type if ingress else None,
            "time-created": self.timestamp()[0],
        }

    # -- base (OKE) rules ------------------------------------------------------------------------

    @staticmethod
    def dropped(v: Vcn, place: str, key: str, direction: str, desc: str | None) -> bool:
        """Whether the defect planted in ``v`` removes this base rule or route."""
        if v.defect is None:
            return False
        return (place, key, direction, desc) in DEFECTS[v.defect]

    def base_sl_rules(self, v: Vcn, lists: dict[str, JSON]) -> None:
        c = v.subnet_cidrs
        cidr, svc = "CIDR_BLOCK", "SERVICE_CIDR_BLOCK"
        proto = self.proto
        tcp_all = proto("6")
        everything = proto("all")
        pmtu = proto("1", icmp=(3, 4))
        any4 = "0.0.0.0/0"

        def tcp(lo: int, hi: int | None = None) -> JSON:
            return proto("6", ports=(lo, hi or lo))

        def udp(lo: int, hi: int | None = None) -> JSON:
            return proto("17", ports=(lo, hi or lo))

        def add(
            key: str, ingress: list[tuple[str, str, JSON, str | None]], egress: list[tuple[str, str, JSON, str | None]]
        ) -> None:
            rec = lists[key]
            rec["ingress-security-rules"] += [
                self.sl_rule("INGRESS", peer, ptype, pr, desc=d)
                for peer, ptype, pr, d in ingress
                if not self.dropped(v, "sl", key, "INGRESS", d)
            ]
            rec["egress-security-rules"] += [
                self.sl_rule("EGRESS", peer, ptype, pr, desc=d)
                for peer, ptype, pr, d in egress
                if not self.dropped(v, "sl", key, "EGRESS", d)
            ]

        add(
            "default",
            [
                (any4, cidr, tcp(22), None),
                (any4, cidr, pmtu, None),
                (v.cidr, cidr, proto("1", icmp=(3, None)), None),
            ],
            [(any4, cidr, everything, None)],
        )

        api_in = [
            (c["workers"], cidr, tcp(6443), "Kubernetes worker to Kubernetes API endpoint communication."),
            (c["workers"], cidr, tcp(12250), "Kubernetes worker to control plane communication."),
            (c["workers"], cidr, pmtu, "Path discovery"),
        ]
        api_eg = [
            (OSN_LABEL, svc, tcp(443), "Allow Kubernetes Control Plane to communicate with OKE"),
            (c["workers"], cidr, pmtu, "Path discovery"),
        ]
        if v.native:
            api_in += [
                (c["pods"], cidr, tcp(6443), "Pod to Kubernetes API endpoint"),
                (c["pods"], cidr, tcp(12250), "Pod to Kubernetes API endpoint"),
                (c["pods"], cidr, pmtu, "Path discovery"),
                (c["vnodes"], cidr, tcp(6443), "Virtual node to API server"),
                (c["vnodes"], cidr, tcp(12250), "Virtual node to control plane"),
                (c["vnodes"], cidr, pmtu, "Path discovery"),
            ]
            api_eg += [
                (c["workers"], cidr, tcp(10250), "API endpoint to worker nodes"),
                (c["pods"], cidr, everything, "API endpoint to pods"),
                (c["vnodes"], cidr, tcp_all, "API endpoint to virtual nodes"),
                (c["vnodes"], cidr, pmtu, "Path discovery"),
            ]
        else:
            api_eg += [(c["workers"], cidr, tcp_all, "All traffic to worker nodes")]
        if v.public_api:
            api_in.append((any4, cidr, tcp(6443), "External access to Kubernetes API endpoint"))
        add("api", api_in, api_eg)

        wrk_in = [
            (
                c["workers"],
                cidr,
                everything,
                "Allow pods on one worker node to communicate with pods on other worker nodes",
            ),
            (c["api"], cidr, tcp(10250) if v.native else tcp_all, "TCP access from Kubernetes Control Plane"),
            (c["api"], cidr, pmtu, "Path discovery"),
            (any4, cidr, pmtu, "Path discovery"),
            (c["lb"], cidr, tcp(30000, 32767), "Load balancer to worker nodes node ports."),
            (c["lb"], cidr, udp(30000, 32767), "Load balancer to worker nodes node ports."),
            (c["lb"], cidr, tcp(10256), "Allow load balancer to communicate with kube-proxy on worker nodes."),
        ]
        if self.rng.random() < 0.4:
            wrk_in.append((any4, cidr, tcp(22), "Inbound SSH traffic to worker nodes"))
        wrk_eg = [
            (
                c["workers"],
                cidr,
                everything,
                "Allow pods on one worker node to communicate with pods on other worker nodes",
            ),
            (c["api"], cidr, tcp(6443), "Access to Kubernetes API Endpoint"),
            (c["api"], cidr, tcp(12250), "Kubernetes worker to control plane communication"),
            (c["api"], cidr, pmtu, "Path discovery"),
            (OSN_LABEL, svc, tcp(443), "Allow nodes to communicate with OKE"),
            (any4, cidr, pmtu, "ICMP Access from Kubernetes Control Plane"),
            (any4, cidr, everything, "Worker Nodes access to Internet"),
        ]
        if v.native:
            wrk_in.append((c["pods"], cidr, everything, "Pods to worker nodes"))
            wrk_eg.append((c["pods"], cidr, everything, "Allow worker nodes to access pods."))
        add("workers", wrk_in, wrk_eg)

        lb_in = [(any4, cidr, tcp(443), "Allow inbound traffic to Load Balancer.")]
        if self.rng.random() < 0.5:
            lb_in.append((any4, cidr, tcp(80), "Allow inbound HTTP to Load Balancer."))
        lb_eg = []
        for role in ("workers", "pods", "vnodes") if v.native else ("workers", "pods"):
            lb_eg += [
                (c[role], cidr, tcp(30000, 32767), "Traffic to node ports"),
                (c[role], cidr, udp(30000, 32767), "Traffic to node ports"),
                (c[role], cidr, tcp(10256), "Traffic to kube-proxy health check port"),
            ]
        add("lb", lb_in, lb_eg)

        add(
            "pods",
            [
                (c["api"], cidr, everything, "Kubernetes API endpoint to pod communication"),
                (c["workers"], cidr, everything, "Allow worker nodes to access pods."),
                (c["pods"], cidr, everything, "Allow pods to communicate with other pods."),
                (c["vnodes"], cidr, everything, "Virtual nodes to pods"),
                (c["lb"], cidr, tcp(30000, 32767), "Ingress LB-->POD TCP Highport Access"),
                (c["lb"], cidr, udp(30000, 32767), "Ingress LB-->POD UDP Highport Access"),
                (c["lb"], cidr, tcp(10256), "Ingress LB-->POD KubeProxy"),
            ],
            [
                (c["pods"], cidr, everything, "Allow pods to communicate with other pods."),
                (c["workers"], cidr, everything, "Pods to worker nodes"),
                (c["api"], cidr, tcp(6443), "Pod to Kubernetes API endpoint communication"),
                (c["api"], cidr, tcp(12250), "Pod to Kubernetes API endpoint communication"),
                (OSN_LABEL, svc, tcp_all, "Allow pods to communicate with OCI services."),
                (OSN_LABEL, svc, pmtu, "Path discovery"),
                (any4, cidr, tcp(443), "Allow pods to communicate with internet."),
            ],
        )

        add(
            "vnodes",
            [
                (c["vnodes"], cidr, everything, "Pod-to-pod communication."),
                (c["pods"], cidr, everything, "Pods to virtual nodes"),
                (c["lb"], cidr, tcp(30000, 32767), "Traffic from load balancer to node ports"),
                (c["lb"], cidr, udp(30000, 32767), "Traffic from load balancer to node ports"),
                (c["lb"], cidr, tcp(10256), "Traffic from load balancer to health check port"),
                (c["api"], cidr, pmtu, "Path discovery from API server."),
                (c["api"], cidr, tcp_all, "API server to virtual node communication."),
            ],
            [
                (c["vnodes"], cidr, everything, "Pod-to-pod communication."),
                (c["pods"], cidr, everything, "Virtual nodes to pods"),
                (c["api"], cidr, tcp(6443), "Virtual node/pod to API server communication."),
                (c["api"], cidr, tcp(12250), "Virtual node/pod to API server communication."),
                (c["api"], cidr, pmtu, "Path discovery to API server."),
                (OSN_LABEL, svc, tcp(443), "Virtual node/pod to regional OCI service endpoints"),
                (any4, cidr, pmtu, "Access from virtual node/pod to Kubernetes control plane."),
                (any4, cidr, everything, "Pod access to internet"),
            ],
        )

        for rec in lists.values():
            self.slots.append(RuleSlot("sl-in", rec, v, len(rec["ingress-security-rules"]), SL_MAX_PER_DIRECTION, 0.0))
            self.slots.append(RuleSlot("sl-eg", rec, v, len(rec["egress-security-rules"]), SL_MAX_PER_DIRECTION, 0.0))

    def base_nsg_rules(self, v: Vcn) -> None:
        n = v.nsg_ids
        nsg, svc, cidr = "NETWORK_SECURITY_GROUP", "SERVICE_CIDR_BLOCK", "CIDR_BLOCK"
        proto = self.proto
        everything = proto("all")
        tcp_all = proto("6")
        pmtu = proto("1", icmp=(3, 4))
        any4 = "0.0.0.0/0"

        def tcp(lo: int, hi: int | None = None) -> JSON:
            return proto("6", ports=(lo, hi or lo))

        def udp(lo: int, hi: int | None = None) -> JSON:
            return proto("17", ports=(lo, hi or lo))

        table: dict[str, list[tuple[str, str, str, JSON, str | None]]] = {
            "workers": [
                ("INGRESS", n["workers"], nsg, everything, "Worker to worker"),
                ("INGRESS", n["api"], nsg, tcp(10250) if v.native else tcp_all, "API to kubelet"),
                ("INGRESS", n["api"], nsg, pmtu, "Path discovery"),
                ("INGRESS", any4, cidr, pmtu, "Path discovery"),
                ("INGRESS", n["lb"], nsg, tcp(30000, 32767), "LB to node ports"),
                ("INGRESS", n["lb"], nsg, tcp(10256), "LB to kube-proxy"),
                ("EGRESS", n["workers"], nsg, everything, "Worker to worker"),
                ("EGRESS", n["api"], nsg, tcp(6443), "Worker to API"),
                ("EGRESS", n["api"], nsg, tcp(12250), "Worker to control plane"),
                ("EGRESS", n["api"], nsg, pmtu, "Path discovery"),
                ("EGRESS", OSN_LABEL, svc, tcp(443), "Worker to OKE"),
                ("EGRESS", any4, cidr, pmtu, "Path discovery"),
            ],
            "pods": [
                ("INGRESS", n["pods"], nsg, everything, "Pod to pod"),
                ("INGRESS", n["workers"], nsg, everything, "Workers to pods"),
                ("INGRESS", n["api"], nsg, everything, "API to pods"),
                ("INGRESS", n["lb"], nsg, tcp(30000, 32767), "LB to pods node ports"),
                ("INGRESS", n["lb"], nsg, tcp(10256), "LB to pods health check"),
                ("EGRESS", n["pods"], nsg, everything, "Pod to pod"),
                ("EGRESS", n["workers"], nsg, everything, "Pods to workers"),
                ("EGRESS", n["api"], nsg, tcp(6443), "Pod to API"),
                ("EGRESS", n["api"], nsg, tcp(12250), "Pod to control plane"),
                ("EGRESS", OSN_LABEL, svc, tcp_all, "Pods to OCI services"),
            ],
            "api": [
                ("INGRESS", n["workers"], nsg, tcp(6443), "Worker to API"),
                ("INGRESS", n["workers"], nsg, tcp(12250), "Worker to control plane"),
                ("INGRESS", n["workers"], nsg, pmtu, "Path discovery"),
                ("EGRESS", OSN_LABEL, svc, tcp(443), "API to OKE"),
                ("EGRESS", n["workers"], nsg, tcp(10250) if v.native else tcp_all, "API to kubelet"),
                ("EGRESS", n["workers"], nsg, pmtu, "Path discovery"),
            ],
            "lb": [
                ("INGRESS", any4, cidr, tcp(443), "HTTPS listener"),
                ("EGRESS", n["workers"], nsg, tcp(30000, 32767), "LB to node ports"),
                ("EGRESS", n["workers"], nsg, udp(30000, 32767), "LB to node ports"),
                ("EGRESS", n["workers"], nsg, tcp(10256), "LB to kube-proxy"),
                ("EGRESS", n["pods"], nsg, tcp(30000, 32767), "LB to pod node ports"),
                ("EGRESS", n["pods"], nsg, tcp(10256), "LB to pod health check"),
            ],
            "app": [
                ("INGRESS", n["lb"], nsg, tcp(8080), "LB to app"),
                ("INGRESS", v.cidr, cidr, tcp(22), "SSH from VCN"),
                ("EGRESS", any4, cidr, everything, None),
            ],
        }
        if v.native:
            table["workers"] += [
                ("INGRESS", n["pods"], nsg, everything, "Pods to workers"),
                ("EGRESS", n["pods"], nsg, everything, "Workers to pods"),
            ]
            table["api"] += [
                ("INGRESS", n["pods"], nsg, tcp(6443), "Pod to API"),
                ("INGRESS", n["pods"], nsg, tcp(12250), "Pod to control plane"),
                ("EGRESS", n["pods"], nsg, everything, "API to pods"),
            ]
        if v.public_api:
            table["api"].append(("INGRESS", any4, cidr, tcp(6443), "External access to API"))
        for role, rows in table.items():
            nid = n[role]
            self.nsg_rules[nid] += [
                self.nsg_rule(nid, d, peer, ptype, pr, desc=desc)
                for d, peer, ptype, pr, desc in rows
                if not self.dropped(v, "nsg", role, d, desc)
            ]
            base = len(self.nsg_rules[nid])
            self.slots.append(RuleSlot("nsg", {"id": nid}, v, base, NSG_SOFT_MAX, 0.0))

    # -- filler ----------------------------------------------------------------------------------

    def random_outside_cidr(self, v: Vcn, min_plen: int = 8, max_plen: int = 32) -> str:
        """A CIDR outside ``v``: other private ranges or public space."""
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            first = rng.choice((10, 172, 192))
            if first == 10:
                net = (10 << 24) | rng.getrandbits(24)
            elif first == 172:
                net = (172 << 24) | (rng.randrange(16, 32) << 16) | rng.getrandbits(16)
            else:
                net = (192 << 24) | (168 << 16) | rng.getrandbits(16)
            lo = {10: 8, 172: 12, 192: 16}[first]
            return cidr4(net, rng.randint(max(lo, min_plen), max_plen))
        first = rng.choice([o for o in range(1, 224) if o not in (10, 127, 169, 172, 192)])
        net = (first << 24) | rng.getrandbits(24)
        return cidr4(net, rng.randint(min_plen, max_plen))

    def random_peer(self, v: Vcn, nsg_peers: bool) -> tuple[str, str, bool]:
        """(peer, peer type, is IPv6) for a filler rule."""
        rng = self.rng
        r = rng.random()
        if nsg_peers and r < 0.18:
            return v.nsg_ids[rng.choice(NSG_ROLES)], "NETWORK_SECURITY_GROUP", False
        r = rng.random()
        if r < 0.33:
            plen = rng.choice((16, 18, 20, 22, 24, 24, 24, 26, 27, 28, 29, 30, 32, 32))
            return cidr4(v.net | rng.getrandbits(16), plen), "CIDR_BLOCK", False
        if r < 0.48:
            subnet = rng.choice([*v.subnet_cidrs.values(), *v.app_cidrs])
            return subnet, "CIDR_BLOCK", False
        if r < 0.63:
            return self.random_outside_cidr(v, 8, 32), "CIDR_BLOCK", False
        if r < 0.75:
            # public addresses, biased to narrow prefixes
            return self.random_outside_cidr(v, 20, 32), "CIDR_BLOCK", False
        if r < 0.82:
            return "0.0.0.0/0", "CIDR_BLOCK", False
        if r < 0.86:
            return rng.choice((OSN_LABEL, OSN_LABEL, OBJSTORE_LABEL)), "SERVICE_CIDR_BLOCK", False
        r6 = rng.random()
        if r6 < 0.35:
            return "::/0", "CIDR_BLOCK", True
        if r6 < 0.7 and v.ipv6_hextets is not None:
            h3, h4 = v.ipv6_hextets
            if rng.random() < 0.5:
                return f"2603:c020:{h3:x}:{h4:x}::/56", "CIDR_BLOCK", True
            return f"2603:c020:{h3:x}:{h4 | rng.randrange(256):x}::/64", "CIDR_BLOCK", True
        plen = rng.choice((48, 56, 56, 64))
        fourth = {48: 0, 56: rng.getrandbits(8) << 8, 64: rng.getrandbits(16)}[plen]
        return f"2603:c020:{rng.getrandbits(16):x}:{fourth:x}::/{plen}", "CIDR_BLOCK", True

    def random_ports(self, well_known: Sequence[int]) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        rng = self.rng
        r = rng.random()
        sports = None
        if r < 0.45:
            p = rng.choice(well_known)
            ports: tuple[int, int] | None = (p, p)
        elif r < 0.65:
            p = rng.randint(1024, 65535)
            ports = (p, p)
        elif r < 0.88:
            lo = rng.randint(1, 65000)
            ports = (lo, min(65535, lo + rng.choice((1, 9, 99, 999, rng.randint(1, 5000)))))
        elif r < 0.94:
            ports = None
            lo = rng.randint(1024, 60000)
            sports = (lo, min(65535, lo + rng.randint(0, 2000)))
        else:
            p = rng.choice(well_known)
            ports = (p, p)
            sports = (1024, 65535)
        return ports, sports

    def random_proto(self, ipv6: bool) -> JSON:
        rng = self.rng
        r = rng.random()
        if r < 0.55:
            if rng.random() < 0.06:
                return self.proto("6")
            ports, sports = self.random_ports(WELL_KNOWN_TCP)
            return self.proto("6", ports=ports, sports=sports)
        if r < 0.75:
            if rng.random() < 0.06:
                return self.proto("17")
            ports, sports = self.random_ports(WELL_KNOWN_UDP)
            return self.proto("17", ports=ports, sports=sports)
        if r < 0.87:
            if ipv6:
                if rng.random() < 0.15:
                    return self.proto("58")
                return self.proto("58", icmp=(rng.choice(ICMP6_TYPES), None))
            if rng.random() < 0.15:
                return self.proto("1")
            t = rng.choice(ICMP4_TYPES)
            code = rng.choice((None, None, 0, 4)) if t == 3 else (None if t != 5 else 1)
            return self.proto("1", icmp=(t, code))
        if r < 0.985:
            return self.proto("all")
        return self.proto(rng.choice(OTHER_PROTOCOLS))

    DESCRIPTIONS = (
        "app tier",
        "monitoring",
        "backup agent",
        "legacy integration",
        "bastion access",
        "partner feed",
        "temporary - remove after migration",
        "DB replication",
        "metrics scrape",
    )

    def filler(
        self, v: Vcn, n_in: int, n_eg: int, nsg_peers: bool
    ) -> tuple[list[tuple[str, str, JSON, bool, str | None]], list[tuple[str, str, JSON, bool, str | None]]]:
        """``n_in`` ingress and ``n_eg`` egress rule specs; stateless ingress rules get a
        mirrored stateless egress rule (service port as source port) while egress has room."""
        rng = self.rng
        ingress: list[tuple[str, str, JSON, bool, str | None]] = []
        egress: list[tuple[str, str, JSON, bool, str | None]] = []
        for _ in range(n_in):
            peer, ptype, v6 = self.random_peer(v, nsg_peers)
            pr = self.random_proto(v6)
            stateless = rng.random() < 0.07
            desc = rng.choice(self.DESCRIPTIONS) if rng.random() < 0.25 else None
            ingress.append((peer, ptype, pr, stateless, desc))
            if stateless and len(egress) < n_eg:
                egress.append((peer, ptype, self.mirror(pr), True, "stateless return"))
        while len(egress) < n_eg:
            peer, ptype, v6 = self.random_peer(v, nsg_peers)
            pr = self.random_proto(v6)
            stateless = rng.random() < 0.03
            desc = rng.choice(self.DESCRIPTIONS) if rng.random() < 0.2 else None
            egress.append((peer, ptype, pr, stateless, desc))
        return ingress, egress

    def mirror(self, pr: JSON) -> JSON:
        """The return-traffic rule for a stateless ingress rule: ports swapped."""
        for key, proto in (("tcp-options", "6"), ("udp-options", "17")):
            opts = pr[key]
            if opts is not None:
                dst = opts["destination-port-range"]
                src = opts["source-port-range"]
                return self.proto(
                    proto,
                    ports=(src["min"], src["max"]) if src else None,
                    sports=(dst["min"], dst["max"]) if dst else None,
                )
        if pr["protocol"] in ("1", "58"):
            return self.proto(pr["protocol"], icmp=(0 if pr["protocol"] == "1" else 129, None))
        return dict(pr)

    # -- budget ------------------------------------------------------------------------------------

    def allocate(self) -> None:
        """Decide how many filler rules each slot gets so the total is exactly ``rules``."""
        rng = self.rng
        base_total = sum(s.base for s in self.slots)
        budget = self.p.rules - base_total
        if budget < 0:
            raise SystemExit(
                f"--rules {self.p.rules} is below the {base_total} OKE base rules this shape "
                "needs; lower --vcns or raise --rules"
            )
        nsg_slots = [s for s in self.slots if s.kind == "nsg"]
        sl_slots = [s for s in self.slots if s.kind != "nsg"]
        # NSGs: a target between 10 and 100 rules each, scaled down if it would leave the
        # security lists less than a quarter of the total.
        targets = [max(rng.randint(NSG_MIN, NSG_SOFT_MAX), s.base) for s in nsg_slots]
        nsg_filler = [t - s.base for t, s in zip(targets, nsg_slots, strict=True)]
        limit = int(budget * 0.75)
        if sum(nsg_filler) > limit:
            scale = limit / max(1, sum(nsg_filler))
            floors = [max(0, NSG_MIN - s.base) for s in nsg_slots]
            if sum(floors) > budget:
                floors = [0] * len(nsg_slots)
            nsg_filler = [max(lo, math.floor(f * scale)) for lo, f in zip(floors, nsg_filler, strict=True)]
        for s, f in zip(nsg_slots, nsg_filler, strict=True):
            s.count = f
        remaining = budget - sum(nsg_filler)
        # Security lists: skewed (log-normal) sizes; the default list and ingress get more.
        list_weight: dict[str, float] = {}
        for s in sl_slots:
            lid = s.target["id"]
            if lid not in list_weight:
                list_weight[lid] = rng.lognormvariate(0.0, 1.0)
                if s.target["display-name"].startswith("Default Security List"):
                    list_weight[lid] *= 1.5
            s.weight = list_weight[lid] * (0.6 if s.kind == "sl-eg" else 1.0)
        left = self.distribute(sl_slots, remaining)
        if left:
            for s in nsg_slots:
                s.cap = NSG_HARD_MAX
                s.weight = 1.0
            left = self.distribute(nsg_slots, left)
        if left:
            raise SystemExit(
                f"--rules {self.p.rules} does not fit: security lists (200+200) and NSGs (120) "
                f"are full and {left} rules are left over; raise --vcns or --subnets-per-vcn"
            )

    @staticmethod
    def distribute(slots: list[RuleSlot], total: int) -> int:
        """Water-fill ``total`` extra rules over ``slots`` by weight, respecting caps.
        Returns what did not fit."""
        while total > 0:
            open_slots = [s for s in slots if s.base + s.count < s.cap]
            if not open_slots:
                return total
            wsum = sum(s.weight for s in open_slots) or float(len(open_slots))
            given = 0
            for s in open_slots:
                share = math.floor(total * (s.weight or 1.0) / wsum)
                add = min(share, s.cap - s.base - s.count)
                s.count += add
                given += add
            total -= given
            if given == 0:
                for s in sorted(open_slots, key=lambda s: -s.weight):
                    if total == 0:
                        break
                    s.count += 1
                    total -= 1
        return 0

    def fill(self) -> None:
        """Generate the filler rules decided by ``allocate``."""
        by_list: dict[str, dict[str, RuleSlot]] = {}
        for s in self.slots:
            if s.kind == "nsg":
                nid = s.target["id"]
                n_in = round(s.count * 0.6)
                ingress, egress = self.filler(s.vcn, n_in, s.count - n_in, nsg_peers=True)
                rules = self.nsg_rules[nid]
                for direction, specs in (("INGRESS", ingress), ("EGRESS", egress)):
                    rules += [
                        self.nsg_rule(nid, direction, peer, ptype, pr, stateless, desc)
                        for peer, ptype, pr, stateless, desc in specs
                    ]
            else:
                by_list.setdefault(s.target["id"], {})[s.kind] = s
        for pair in by_list.values():
            rec = pair["sl-in"].target
            ingress, egress = self.filler(pair["sl-in"].vcn, pair["sl-in"].count, pair["sl-eg"].count, nsg_peers=False)
            rec["ingress-security-rules"] += [
                self.sl_rule("INGRESS", peer, ptype, pr, stateless, desc)
                for peer, ptype, pr, stateless, desc in ingress
            ]
            rec["egress-security-rules"] += [
                self.sl_rule("EGRESS", peer, ptype, pr, stateless, desc) for peer, ptype, pr, stateless, desc in egress
            ]

    # -- output ----------------------------------------------------------------------------------

    def run(self, outdir: Path) -> GenStats:
        start = time.perf_counter()
        self.plan()
        for v in self.vcns:
            self.build_vcn(v)
        self.allocate()
        self.fill()
        for rec in self.out["nsg_list"]:
            if rec["id"] in self.nsg_embedded:
                rec["security-rules"] = self.nsg_rules[rec["id"]]

        outdir.mkdir(parents=True, exist_ok=True)
        rules_dir = outdir / "nsg_rules"
        rules_dir.mkdir(exist_ok=True)
        stats = GenStats(params=asdict(self.p))
        for name, records in self.out.items():
            if name == "iam_compartment_list" and not self.p.extras:
                continue
            stats.bytes += write_cli_json(outdir / f"{name}.json", records)
            stats.files += 1
        for nid, rules in self.nsg_rules.items():
            if nid in self.nsg_embedded:
                continue
            stats.bytes += write_cli_json(rules_dir / f"nsg_rules_{nid}.json", rules)
            stats.files += 1

        stats.vcns = len(self.out["vcn_list"])
        stats.subnets = len(self.out["subnet_list"])
        stats.route_tables = len(self.out["route_table_list"])
        stats.security_lists = len(self.out["security_list_list"])
        stats.nsgs = len(self.out["nsg_list"])
        stats.nsgs_embedded = len(self.nsg_embedded)
        stats.security_list_rules = sum(
            len(r["ingress-security-rules"]) + len(r["egress-security-rules"]) for r in self.out["security_list_list"]
        )
        stats.nsg_rules = sum(len(r) for r in self.nsg_rules.values())
        stats.total_rules = stats.security_list_rules + stats.nsg_rules
        stats.clusters = len(self.out["ce_cluster_list"])
        stats.node_pools = len(self.out["ce_node_pool_list"])
        stats.virtual_node_pools = len(self.out["ce_virtual_node_pool_list"])
        for v in self.vcns:
            if v.defect:
                stats.planted_defects[v.defect] = stats.planted_defects.get(v.defect, 0) + 1
        stats.planted_defects = dict(sorted(stats.planted_defects.items()))
        stats.seconds = time.perf_counter() - start
        return stats


def write_cli_json(path: Path, records: list[JSON]) -> int:
    """Write ``records`` the way ``oci ... list`` prints them; returns the byte count.

    The CLI prints nothing at all for an empty list, so an empty list gives an empty file.
    """
    text = json.dumps({"data": records}, sort_keys=True, indent=2) + "\n" if records else ""
    data = text.encode()
    path.write_bytes(data)
    return len(data)


def generate(outdir: Path, params: GenParams | None = None) -> GenStats:
    """Generate a tenancy into ``outdir`` and return its statistics."""
    params = params or GenParams()
    if params.subnets_per_vcn < len(OKE_ROLES) or params.subnets_per_vcn > len(OKE_ROLES) + 220:
        raise SystemExit(f"--subnets-per-vcn must be between {len(OKE_ROLES)} and {len(OKE_ROLES) + 220}")
    if params.vcns < 1:
        raise SystemExit("--vcns must be at least 1")
    return Generator(params).run(outdir)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a large synthetic OCI tenancy as OCI CLI 3.95.1-style JSON exports."
    )
    parser.add_argument("outdir", type=Path, help="directory to write (created if missing)")
    parser.add_argument("--vcns", type=int, default=GenParams.vcns)
    parser.add_argument("--subnets-per-vcn", type=int, default=GenParams.subnets_per_vcn)
    parser.add_argument(
        "--rules", type=int, default=GenParams.rules, help="total security rules: security-list rules + NSG rules"
    )
    parser.add_argument("--seed", type=int, default=GenParams.seed)
    parser.add_argument(
        "--embed-fraction",
        type=float,
        default=GenParams.embed_fraction,
        help="share of NSGs whose rules are embedded under security-rules instead of nsg_rules/ (default 0.2)",
    )
    parser.add_argument(
        "--defect-fraction",
        type=float,
        default=GenParams.defect_fraction,
        help="share of VCNs with one planted OKE misconfiguration (default 0.1)",
    )
    parser.add_argument("--extras", action="store_true", help="also write iam_compartment_list.json")
    parser.add_argument(
        "--stats-json", type=Path, metavar="FILE", help="also write the counts as JSON to FILE (keep it outside OUTDIR)"
    )
    args = parser.parse_args(argv)
    params = GenParams(
        vcns=args.vcns,
        subnets_per_vcn=args.subnets_per_vcn,
        rules=args.rules,
        seed=args.seed,
        embed_fraction=args.embed_fraction,
        defect_fraction=args.defect_fraction,
        extras=args.extras,
    )
    stats = generate(args.outdir, params)
    if args.stats_json:
        args.stats_json.write_text(json.dumps(asdict(stats), indent=2, sort_keys=True) + "\n")
    print(stats.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
