"""The `Snapshot`: every loaded resource indexed by OCID, and the references that point nowhere."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from seclint.model.resources import (
    Cluster,
    DrgAttachment,
    Gateway,
    NetworkSecurityGroup,
    NodePool,
    Provenance,
    Resource,
    RouteTable,
    SecurityList,
    Service,
    Subnet,
    Vcn,
    VirtualNodePool,
    ocid_type,
)

GATEWAY_KINDS = ("internetgateway", "natgateway", "servicegateway", "drg", "localpeeringgateway")


@dataclass(frozen=True)
class DanglingReference:
    """A resource that names an OCID the input does not hold."""

    referrer: str
    """OCID of the resource holding the reference."""
    field: str
    """The referring field, in OCI CLI spelling (``security-list-ids``)."""
    missing: str
    """The OCID that could not be found."""
    source: Provenance | None = None


@dataclass
class Snapshot:
    """Everything seclint knows about the network, independent of where it came from."""

    vcns: dict[str, Vcn] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    route_tables: dict[str, RouteTable] = field(default_factory=dict)
    security_lists: dict[str, SecurityList] = field(default_factory=dict)
    nsgs: dict[str, NetworkSecurityGroup] = field(default_factory=dict)
    gateways: dict[str, Gateway] = field(default_factory=dict)
    drg_attachments: dict[str, DrgAttachment] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    node_pools: dict[str, NodePool] = field(default_factory=dict)
    virtual_node_pools: dict[str, VirtualNodePool] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)
    """Records left out, by reason (``state TERMINATED``, ``type dhcpoptions``)."""
    failed_calls: list[dict] = field(default_factory=list)
    """API calls of a live fetch that failed for good (operation, resource, region, status, message)."""

    def collections(self) -> Iterator[dict[str, Resource]]:
        yield from (
            self.vcns, self.subnets, self.route_tables, self.security_lists, self.nsgs, self.gateways,
            self.drg_attachments, self.services, self.clusters, self.node_pools, self.virtual_node_pools,
        )  # fmt: skip

    def get(self, ocid: str) -> Resource | None:
        for collection in self.collections():
            found = collection.get(ocid)
            if found is not None:
                return found
        return None

    def name(self, ocid: str) -> str:
        found = self.get(ocid)
        return found.name if found is not None else ocid

    def subnet_by_name(self, name: str) -> list[Subnet]:
        return [s for s in self.subnets.values() if s.display_name == name]

    def nsg_by_name(self, name: str) -> list[NetworkSecurityGroup]:
        return [n for n in self.nsgs.values() if n.display_name == name]

    def gateways_of(self, vcn_id: str, kind: str) -> list[Gateway]:
        return sorted((g for g in self.gateways.values() if g.kind == kind and g.vcn_id == vcn_id), key=lambda g: g.id)

    def dangling_references(self) -> list[DanglingReference]:
        """References from loaded resources to OCIDs the input lacks; each makes the input incomplete."""
        out: list[DanglingReference] = []

        def need(owner: Resource, field_name: str, targets: Iterable[str | None], pool: dict) -> None:
            for target in targets:
                if target and target not in pool:
                    out.append(DanglingReference(owner.id, field_name, target, owner.source))

        for subnet in self.subnets.values():
            need(subnet, "vcn-id", [subnet.vcn_id], self.vcns)
            need(subnet, "route-table-id", [subnet.route_table_id], self.route_tables)
            need(subnet, "security-list-ids", subnet.security_list_ids, self.security_lists)
        for table in self.route_tables.values():
            targets = [r.network_entity_id for r in table.route_rules if ocid_type(r.network_entity_id) != "privateip"]
            need(table, "route-rules.network-entity-id", targets, self.gateways)
        for nsg in self.nsgs.values():
            peers = [r.peer for r in nsg.security_rules or [] if r.peer_type == "NETWORK_SECURITY_GROUP"]
            need(nsg, "security-rules.source/destination", peers, self.nsgs)
        for cluster in self.clusters.values():
            need(cluster, "vcn-id", [cluster.vcn_id], self.vcns)
            need(cluster, "endpoint-config.subnet-id", [cluster.endpoint_subnet_id], self.subnets)
            need(cluster, "endpoint-config.nsg-ids", cluster.endpoint_nsg_ids, self.nsgs)
            need(cluster, "options.service-lb-subnet-ids", cluster.lb_subnet_ids, self.subnets)
        for pool in self.node_pools.values():
            need(pool, "cluster-id", [pool.cluster_id], self.clusters)
            need(pool, "node-config-details.placement-configs.subnet-id", pool.subnet_ids, self.subnets)
            need(pool, "node-config-details.nsg-ids", pool.nsg_ids, self.nsgs)
            field_prefix = "node-config-details.node-pool-pod-network-option-details"
            need(pool, f"{field_prefix}.pod-subnet-ids", pool.pod_subnet_ids, self.subnets)
            need(pool, f"{field_prefix}.pod-nsg-ids", pool.pod_nsg_ids, self.nsgs)
        for vpool in self.virtual_node_pools.values():
            need(vpool, "cluster-id", [vpool.cluster_id], self.clusters)
            need(vpool, "placement-configurations.subnet-id", vpool.subnet_ids, self.subnets)
            need(vpool, "nsg-ids", vpool.nsg_ids, self.nsgs)
            need(vpool, "pod-configuration.subnet-id", [vpool.pod_subnet_id], self.subnets)
            need(vpool, "pod-configuration.nsg-ids", vpool.pod_nsg_ids, self.nsgs)
        return out

    def nsgs_without_rules(self) -> list[NetworkSecurityGroup]:
        """NSGs whose rules the input does not hold (no `nsg rules list` output, no embedded rules)."""
        return sorted((n for n in self.nsgs.values() if n.security_rules is None), key=lambda n: n.id)
