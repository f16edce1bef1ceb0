"""The normalised network: pydantic resource models and the `Snapshot` that indexes them."""

from seclint.model.resources import (
    Cluster,
    DrgAttachment,
    Gateway,
    NetworkSecurityGroup,
    NodePool,
    Provenance,
    RouteRule,
    RouteTable,
    SecurityList,
    SecurityRule,
    Service,
    Subnet,
    Vcn,
    VirtualNodePool,
    ocid_type,
)
from seclint.model.snapshot import DanglingReference, Snapshot

__all__ = [
    "Cluster",
    "DanglingReference",
    "DrgAttachment",
    "Gateway",
    "NetworkSecurityGroup",
    "NodePool",
    "Provenance",
    "RouteRule",
    "RouteTable",
    "SecurityList",
    "SecurityRule",
    "Service",
    "Snapshot",
    "Subnet",
    "Vcn",
    "VirtualNodePool",
    "ocid_type",
]
