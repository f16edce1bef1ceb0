"""Which subnets and NSGs play which OKE role, and how seclint knows.

Roles come from OKE metadata (clusters, node pools, virtual node pools). ``--role ROLE=REF``
overrides them. With neither, the names the Console's Quick Create gives its subnets are used, and
every assignment says so, because a name is a weaker signal than metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from seclint.errors import UsageError
from seclint.model import Snapshot


class Role(StrEnum):
    API_ENDPOINT = "api-endpoint"
    LOAD_BALANCER = "load-balancer"
    WORKERS = "workers"
    PODS = "pods"
    VIRTUAL_NODES = "virtual-nodes"


class Origin(StrEnum):
    METADATA = "metadata"
    OVERRIDE = "override"
    NAME = "name"


class NodeKind(StrEnum):
    MANAGED = "managed"
    VIRTUAL = "virtual"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Endpoint:
    """VNICs that share one rule set: those of one subnet that are in the same NSGs."""

    role: Role
    subnet_id: str
    nsg_ids: tuple[str, ...] = ()
    origin: Origin = Origin.METADATA
    via: str = ""
    """What placed it in this role: ``virtual node pool vn-pool (ocid…)``, ``--role``, ``subnet name``."""
    nodes: NodeKind = NodeKind.UNKNOWN
    """For workers and pods: whether they belong to managed or virtual nodes."""


@dataclass(frozen=True)
class ClusterRoles:
    """The endpoints of one cluster (or of one VCN whose cluster is known only by subnet names)."""

    name: str
    vcn_id: str
    cluster_id: str | None
    endpoints: tuple[Endpoint, ...]
    cni: str = "unknown"
    """``OCI_VCN_IP_NATIVE``, ``FLANNEL_OVERLAY`` or ``unknown``."""

    def of(self, *roles: Role) -> list[Endpoint]:
        return [e for e in self.endpoints if e.role in roles]

    @property
    def cni_kind(self) -> str:
        """``vcn-native``, ``flannel`` or ``unknown`` (roles known only from names or --role)."""
        if self.cni.startswith("OCI_VCN_IP_NATIVE"):
            return "vcn-native"
        if self.cni.startswith("FLANNEL"):
            return "flannel"
        return "unknown"

    @property
    def has_managed_nodes(self) -> bool:
        return any(e.role is Role.WORKERS and e.nodes is not NodeKind.VIRTUAL for e in self.endpoints)

    @property
    def has_virtual_nodes(self) -> bool:
        return any(e.nodes is NodeKind.VIRTUAL for e in self.endpoints) or bool(self.of(Role.VIRTUAL_NODES))

    @property
    def inferred_from_names(self) -> bool:
        return any(e.origin is Origin.NAME for e in self.endpoints)

    def backends(self) -> list[Endpoint]:
        """Where a service load balancer sends traffic.

        Managed nodes receive it on the node's address; virtual nodes have no node address to
        receive it, so the load balancer sends it to ``<pod-ip>:<nodeport>`` on the pod subnet.
        """
        out = [e for e in self.of(Role.WORKERS) if e.nodes is not NodeKind.VIRTUAL]
        if self.has_virtual_nodes:
            pods = [e for e in self.of(Role.PODS) if e.nodes is not NodeKind.MANAGED]
            # Without a pod subnet of their own, virtual-node pods live in the virtual-node subnet.
            out += pods or [replace(e, role=Role.PODS) for e in self.of(Role.VIRTUAL_NODES)]
        return _unique(out)

    def nodes_description(self) -> str:
        kinds = {e.nodes for e in self.endpoints if e.nodes is not NodeKind.UNKNOWN}
        if self.of(Role.VIRTUAL_NODES):
            kinds.add(NodeKind.VIRTUAL)
        if kinds == {NodeKind.VIRTUAL}:
            return "virtual nodes"
        if kinds == {NodeKind.MANAGED}:
            return "managed nodes"
        if kinds:
            return "managed and virtual nodes"
        return "node type unknown"


def _unique(endpoints: Iterable[Endpoint]) -> list[Endpoint]:
    seen: dict[tuple[Role, str, tuple[str, ...]], Endpoint] = {}
    for endpoint in endpoints:
        seen.setdefault((endpoint.role, endpoint.subnet_id, endpoint.nsg_ids), endpoint)
    return list(seen.values())


QUICK_CREATE = {
    Role.API_ENDPOINT: re.compile(r"^oke-k8sApiEndpoint-subnet-quick-(?P<cluster>.+?)-[0-9a-f]{9}(-regional)?$"),
    Role.WORKERS: re.compile(r"^oke-nodesubnet-quick-(?P<cluster>.+?)-[0-9a-f]{9}(-regional)?$"),
    Role.LOAD_BALANCER: re.compile(r"^oke-svclbsubnet-quick-(?P<cluster>.+?)-[0-9a-f]{9}(-regional)?$"),
}


@dataclass(frozen=True)
class RoleOverride:
    role: Role
    reference: str

    @staticmethod
    def parse(text: str) -> RoleOverride:
        role_text, sep, reference = text.partition("=")
        if not sep or not reference.strip():
            raise UsageError(f"--role {text!r}: expected ROLE=SUBNET or ROLE=NSG (OCID or display name)")
        try:
            role = Role(role_text.strip())
        except ValueError:
            choices = ", ".join(r.value for r in Role)
            raise UsageError(f"--role {text!r}: unknown role {role_text!r} (one of {choices})") from None
        return RoleOverride(role, reference.strip())


@dataclass
class _Builder:
    snapshot: Snapshot
    clusters: dict[str, ClusterRoles] = field(default_factory=dict)

    def from_metadata(self) -> None:
        snap = self.snapshot
        for cluster in sorted(snap.clusters.values(), key=lambda c: c.id):
            endpoints: list[Endpoint] = []
            via = f"cluster {cluster.name}"
            if cluster.endpoint_subnet_id:
                endpoints.append(
                    Endpoint(Role.API_ENDPOINT, cluster.endpoint_subnet_id, tuple(cluster.endpoint_nsg_ids), via=via)
                )
            for subnet_id in cluster.lb_subnet_ids:
                endpoints.append(Endpoint(Role.LOAD_BALANCER, subnet_id, via=via))
            for pool in sorted(snap.node_pools.values(), key=lambda p: p.id):
                if pool.cluster_id != cluster.id:
                    continue
                pool_via = f"node pool {pool.name}"
                for subnet_id in pool.subnet_ids:
                    endpoints.append(
                        Endpoint(Role.WORKERS, subnet_id, tuple(pool.nsg_ids), via=pool_via, nodes=NodeKind.MANAGED)
                    )
                for subnet_id in pool.pod_subnet_ids:
                    endpoints.append(
                        Endpoint(Role.PODS, subnet_id, tuple(pool.pod_nsg_ids), via=pool_via, nodes=NodeKind.MANAGED)
                    )
            for vpool in sorted(snap.virtual_node_pools.values(), key=lambda p: p.id):
                if vpool.cluster_id != cluster.id:
                    continue
                pool_via = f"virtual node pool {vpool.name}"
                virtual = NodeKind.VIRTUAL
                for subnet_id in vpool.subnet_ids:
                    endpoints.append(
                        Endpoint(Role.VIRTUAL_NODES, subnet_id, tuple(vpool.nsg_ids), via=pool_via, nodes=virtual)
                    )
                pod_subnet = vpool.pod_subnet_id or (vpool.subnet_ids[0] if vpool.subnet_ids else None)
                if pod_subnet:
                    endpoints.append(
                        Endpoint(Role.PODS, pod_subnet, tuple(vpool.pod_nsg_ids), via=pool_via, nodes=virtual)
                    )
            vcn_id = cluster.vcn_id or self._vcn_of(endpoints)
            if vcn_id is None:
                continue
            cni = cluster.cni_type if cluster.cni_known else "FLANNEL_OVERLAY (assumed: no CNI in the export)"
            self.clusters[cluster.id] = ClusterRoles(cluster.name, vcn_id, cluster.id, tuple(_unique(endpoints)), cni)

    def _vcn_of(self, endpoints: Iterable[Endpoint]) -> str | None:
        for endpoint in endpoints:
            subnet = self.snapshot.subnets.get(endpoint.subnet_id)
            if subnet is not None:
                return subnet.vcn_id
        return None

    def from_names(self, vcns_with_roles: set[str]) -> None:
        found: dict[tuple[str, str], list[Endpoint]] = {}
        for subnet in sorted(self.snapshot.subnets.values(), key=lambda s: s.id):
            if subnet.vcn_id in vcns_with_roles or not subnet.display_name:
                continue
            for role, pattern in QUICK_CREATE.items():
                match = pattern.match(subnet.display_name)
                if match:
                    endpoint = Endpoint(role, subnet.id, origin=Origin.NAME, via=f"subnet name {subnet.display_name}")
                    found.setdefault((subnet.vcn_id, match.group("cluster")), []).append(endpoint)
        for (vcn_id, cluster_name), endpoints in sorted(found.items()):
            key = f"name:{vcn_id}:{cluster_name}"
            self.clusters[key] = ClusterRoles(cluster_name, vcn_id, None, tuple(endpoints))

    def apply_overrides(self, by_vcn: dict[str, list[tuple[Role, str | None, str | None]]]) -> None:
        for vcn_id, items in by_vcn.items():
            targets = [k for k, c in self.clusters.items() if c.vcn_id == vcn_id]
            if not targets:
                key = f"override:{vcn_id}"
                self.clusters[key] = ClusterRoles(self.snapshot.name(vcn_id), vcn_id, None, ())
                targets = [key]
            for key in targets:
                self.clusters[key] = _overridden(self.clusters[key], items)

    def resolve(self, reference: str) -> tuple[str | None, str | None, str]:
        """(subnet OCID, NSG OCID, VCN OCID) for a ``--role`` reference; exactly one of the first two."""
        snap = self.snapshot
        subnets = [snap.subnets[reference]] if reference in snap.subnets else snap.subnet_by_name(reference)
        nsgs = [snap.nsgs[reference]] if reference in snap.nsgs else snap.nsg_by_name(reference)
        matches = len(subnets) + len(nsgs)
        if matches == 0:
            raise UsageError(f"--role: no subnet or NSG in the input is named or has the OCID {reference!r}")
        if matches > 1:
            ids = ", ".join(r.id for r in [*subnets, *nsgs])
            raise UsageError(f"--role: {reference!r} is ambiguous ({ids}); give the OCID")
        if subnets:
            return subnets[0].id, None, subnets[0].vcn_id
        return None, nsgs[0].id, nsgs[0].vcn_id


def _overridden(cluster: ClusterRoles, items: list[tuple[Role, str | None, str | None]]) -> ClusterRoles:
    endpoints = list(cluster.endpoints)
    subnet_roles = {role for role, subnet_id, _ in items if subnet_id}
    if subnet_roles:
        # A subnet named for a role replaces what metadata or names said about that role.
        endpoints = [e for e in endpoints if e.role not in subnet_roles]
        for role, subnet_id, _ in items:
            if subnet_id:
                nodes = NodeKind.UNKNOWN
                if role is Role.VIRTUAL_NODES:
                    nodes = NodeKind.VIRTUAL
                endpoints.append(Endpoint(role, subnet_id, origin=Origin.OVERRIDE, via="--role", nodes=nodes))
    for role, _, nsg_id in items:
        if nsg_id:
            endpoints = [
                replace(e, nsg_ids=(*e.nsg_ids, nsg_id), origin=Origin.OVERRIDE, via=e.via + " + --role NSG")
                if e.role is role and nsg_id not in e.nsg_ids
                else e
                for e in endpoints
            ]
    return replace(cluster, endpoints=tuple(_unique(endpoints)))


def assign_roles(snapshot: Snapshot, overrides: Iterable[RoleOverride] = ()) -> list[ClusterRoles]:
    """Every cluster seclint can see, with its endpoints and where each came from."""
    builder = _Builder(snapshot)
    builder.from_metadata()
    by_vcn: dict[str, list[tuple[Role, str | None, str | None]]] = {}
    for override in overrides:
        subnet_id, nsg_id, vcn_id = builder.resolve(override.reference)
        by_vcn.setdefault(vcn_id, []).append((override.role, subnet_id, nsg_id))
    # Names are the weakest signal: only for VCNs that neither metadata nor --role describe.
    builder.from_names({c.vcn_id for c in builder.clusters.values()} | set(by_vcn))
    builder.apply_overrides(by_vcn)
    return sorted(builder.clusters.values(), key=lambda c: (c.name, c.cluster_id or ""))
