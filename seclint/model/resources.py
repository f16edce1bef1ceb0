"""Pydantic models of the OCI resources seclint reads, in snake_case (the SDK's names).

Every model accepts the normalised record of any export style (see `seclint.sources.keys`), keeps the
fields seclint uses, and rejects values OCI itself would reject: a bad CIDR, a port outside
1-65535, an unknown protocol or peer type. Optional fields that older CLI versions lack default.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from seclint.packets import parse_cidr, parse_protocol

OCID_TYPE = re.compile(r"^ocid1\.([a-z0-9]+)\.")
SERVICE_LABEL = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def ocid_type(value: str | None) -> str | None:
    """The resource type inside an OCID: ``ocid1.subnet.oc1.iad.aaaa`` → ``subnet``."""
    if not isinstance(value, str):
        return None
    match = OCID_TYPE.match(value)
    return match.group(1) if match else None


class RecordError(ValueError):
    """A bad value in a record, with the (snake_case) path of the field inside the record."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Provenance(BaseModel):
    """Where a record came from, for error messages and reports."""

    model_config = ConfigDict(frozen=True)

    file: str
    index: int | None = None


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class Resource(_Model):
    id: str
    display_name: str | None = None
    compartment_id: str | None = None
    lifecycle_state: str | None = None
    time_created: datetime | None = None
    source: Provenance | None = Field(default=None, exclude=True)

    @property
    def name(self) -> str:
        return self.display_name or self.id


class PortRange(_Model):
    min: int
    max: int

    @model_validator(mode="after")
    def _check(self) -> PortRange:
        for value in (self.min, self.max):
            if not 1 <= value <= 65535:
                raise ValueError(f"port {value} is outside 1-65535")
        if self.min > self.max:
            raise ValueError(f"port range min {self.min} is greater than max {self.max}")
        return self


class PortOptions(_Model):
    destination_port_range: PortRange | None = None
    source_port_range: PortRange | None = None

    @model_validator(mode="before")
    @classmethod
    def _flat_range(cls, data: Any) -> Any:
        # The Terraform-style flat form {"min": 22, "max": 22} means the destination range.
        if isinstance(data, dict) and "min" in data and "destination_port_range" not in data:
            data = dict(data)
            data["destination_port_range"] = {"min": data.pop("min"), "max": data.pop("max", None)}
        return data


class IcmpOptions(_Model):
    type: int
    code: int | None = None

    @field_validator("type", "code")
    @classmethod
    def _byte(cls, value: int | None) -> int | None:
        if value is not None and not 0 <= value <= 255:
            raise ValueError(f"ICMP value {value} is outside 0-255")
        return value


PeerType = Literal["CIDR_BLOCK", "SERVICE_CIDR_BLOCK", "NETWORK_SECURITY_GROUP"]


def _is_cidr(text: str) -> bool:
    try:
        parse_cidr(text)
    except ValueError:
        return False
    return True


def check_peer(peer: str | None, peer_type: str, what: str) -> None:
    if peer is None:
        raise ValueError(f"{what} is missing")
    if peer_type == "CIDR_BLOCK":
        if not isinstance(peer, str) or not _is_cidr(peer):
            raise ValueError(f"invalid CIDR {peer!r}")
    elif peer_type == "SERVICE_CIDR_BLOCK":
        if not SERVICE_LABEL.match(peer):
            raise ValueError(f"invalid Oracle service label {peer!r}")
    elif ocid_type(peer) != "networksecuritygroup":
        raise ValueError(f"{peer!r} is not a network security group OCID")


class SecurityRule(_Model):
    """One security rule, from a security list or an NSG, with its peer on one side.

    `peer` is the source of an ingress rule and the destination of an egress rule. Build rules with
    `from_record`, which also checks the peer against its type.
    """

    direction: Literal["INGRESS", "EGRESS"]
    protocol: str
    peer: str
    peer_type: PeerType = "CIDR_BLOCK"
    is_stateless: bool = False
    tcp_options: PortOptions | None = None
    udp_options: PortOptions | None = None
    icmp_options: IcmpOptions | None = None
    description: str | None = None
    rule_id: str | None = None
    """The short id OCI gives an NSG rule (``04ABEC``); security-list rules have none."""
    position: int = 0
    """Index in its list (security lists) or in the NSG's rules as exported."""

    @field_validator("protocol", mode="before")
    @classmethod
    def _protocol(cls, value: Any) -> str:
        parse_protocol(value)
        return str(value).strip().lower()

    @field_validator("is_stateless", mode="before")
    @classmethod
    def _stateless(cls, value: Any) -> bool:
        return bool(value) if value is not None else False

    @classmethod
    def from_record(cls, record: dict[str, Any], direction: str, position: int) -> SecurityRule:
        """From a security-list or NSG rule record (snake_case); the peer side follows direction."""
        side = "source" if direction == "INGRESS" else "destination"
        peer_type = record.get(f"{side}_type") or "CIDR_BLOCK"
        if peer_type not in ("CIDR_BLOCK", "SERVICE_CIDR_BLOCK", "NETWORK_SECURITY_GROUP"):
            raise RecordError(f"{side}_type", f"unknown {side} type {peer_type!r}")
        try:
            check_peer(record.get(side), peer_type, side)
        except ValueError as exc:
            raise RecordError(side, str(exc)) from None
        data = dict(record)
        data["direction"] = direction
        data["peer"] = record.get(side)
        data["peer_type"] = record.get(f"{side}_type") or "CIDR_BLOCK"
        data["position"] = position
        data["rule_id"] = record.get("id")
        # Some hand-written and Terraform-shaped exports say "stateless" for "is_stateless".
        if "is_stateless" not in data and "stateless" in data:
            data["is_stateless"] = data["stateless"]
        return cls.model_validate(data)

    def to_api(self, *, with_direction: bool = False) -> dict[str, Any]:
        """The camelCase JSON the OCI API and CLI take for this rule; nulls left out."""
        side = "source" if self.direction == "INGRESS" else "destination"
        out: dict[str, Any] = {}
        if self.description:
            out["description"] = self.description
        if with_direction:
            out["direction"] = self.direction
        out[side] = self.peer
        out[f"{side}Type"] = self.peer_type
        if self.icmp_options is not None:
            icmp: dict[str, int] = {"type": self.icmp_options.type}
            if self.icmp_options.code is not None:
                icmp["code"] = self.icmp_options.code
            out["icmpOptions"] = icmp
        out["isStateless"] = self.is_stateless
        out["protocol"] = self.protocol
        for name, options in (("tcpOptions", self.tcp_options), ("udpOptions", self.udp_options)):
            if options is None:
                continue
            body: dict[str, Any] = {}
            if options.destination_port_range is not None:
                r = options.destination_port_range
                body["destinationPortRange"] = {"max": r.max, "min": r.min}
            if options.source_port_range is not None:
                r = options.source_port_range
                body["sourcePortRange"] = {"max": r.max, "min": r.min}
            out[name] = body
        return out


class Vcn(Resource):
    cidr_blocks: list[str] = Field(default_factory=list)
    ipv6_cidr_blocks: list[str] = Field(default_factory=list)
    default_route_table_id: str | None = None
    default_security_list_id: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _cidrs(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            blocks = data.get("cidr_blocks") or ([data["cidr_block"]] if data.get("cidr_block") else [])
            data["cidr_blocks"] = blocks
            data["ipv6_cidr_blocks"] = (
                list(data.get("ipv6_cidr_blocks") or [])
                + list(data.get("ipv6_private_cidr_blocks") or [])
                + list(data.get("byoipv6_cidr_blocks") or [])
            )
        return data

    @field_validator("cidr_blocks", "ipv6_cidr_blocks")
    @classmethod
    def _valid(cls, blocks: list[str]) -> list[str]:
        for block in blocks:
            check_peer(block, "CIDR_BLOCK", "CIDR")
        return blocks


class Subnet(Resource):
    vcn_id: str
    cidr_block: str
    ipv6_cidr_blocks: list[str] = Field(default_factory=list)
    route_table_id: str | None = None
    security_list_ids: list[str] = Field(default_factory=list)
    prohibit_public_ip_on_vnic: bool = False
    availability_domain: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _v6(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            blocks = list(data.get("ipv6_cidr_blocks") or [])
            if data.get("ipv6_cidr_block") and data["ipv6_cidr_block"] not in blocks:
                blocks.append(data["ipv6_cidr_block"])
            data["ipv6_cidr_blocks"] = blocks
            data["security_list_ids"] = list(data.get("security_list_ids") or [])
            data["prohibit_public_ip_on_vnic"] = bool(data.get("prohibit_public_ip_on_vnic") or False)
        return data

    @field_validator("cidr_block")
    @classmethod
    def _cidr(cls, value: str) -> str:
        check_peer(value, "CIDR_BLOCK", "cidr-block")
        return value

    @field_validator("ipv6_cidr_blocks")
    @classmethod
    def _cidrs6(cls, blocks: list[str]) -> list[str]:
        for block in blocks:
            check_peer(block, "CIDR_BLOCK", "CIDR")
        return blocks

    @property
    def is_private(self) -> bool:
        return self.prohibit_public_ip_on_vnic

    @property
    def cidrs(self) -> list[str]:
        return [self.cidr_block, *self.ipv6_cidr_blocks]


class RouteRule(_Model):
    destination: str
    destination_type: Literal["CIDR_BLOCK", "SERVICE_CIDR_BLOCK"] = "CIDR_BLOCK"
    network_entity_id: str
    description: str | None = None
    route_type: str | None = None
    position: int = 0

    @model_validator(mode="before")
    @classmethod
    def _legacy(cls, data: Any) -> Any:
        # `cidr_block` is the deprecated spelling of a CIDR destination.
        if isinstance(data, dict) and not data.get("destination") and data.get("cidr_block"):
            data = dict(data)
            data["destination"] = data["cidr_block"]
            data["destination_type"] = "CIDR_BLOCK"
        if isinstance(data, dict) and data.get("destination_type") is None:
            data = dict(data)
            data["destination_type"] = "CIDR_BLOCK"
        return data

    @model_validator(mode="after")
    def _check(self) -> RouteRule:
        check_peer(self.destination, self.destination_type, "destination")
        return self

    def to_api(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.description:
            out["description"] = self.description
        out["destination"] = self.destination
        out["destinationType"] = self.destination_type
        out["networkEntityId"] = self.network_entity_id
        if self.route_type:
            out["routeType"] = self.route_type
        return out


class RouteTable(Resource):
    vcn_id: str
    route_rules: list[RouteRule] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _positions(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            rules = data.get("route_rules") or []
            data["route_rules"] = [{**r, "position": i} if isinstance(r, dict) else r for i, r in enumerate(rules)]
        return data


class SecurityList(Resource):
    vcn_id: str
    ingress_security_rules: list[SecurityRule] = Field(default_factory=list)
    egress_security_rules: list[SecurityRule] = Field(default_factory=list)

    def rules(self, direction: str) -> list[SecurityRule]:
        return self.ingress_security_rules if direction == "INGRESS" else self.egress_security_rules


class NetworkSecurityGroup(Resource):
    vcn_id: str
    security_rules: list[SecurityRule] | None = None
    """None when the export holds the NSG but not its rules."""

    def rules(self, direction: str) -> list[SecurityRule]:
        return [r for r in self.security_rules or [] if r.direction == direction]


def nsg_rule(record: dict[str, Any], position: int) -> SecurityRule:
    direction = record.get("direction")
    if direction not in ("INGRESS", "EGRESS"):
        raise RecordError("direction", f"direction {direction!r} is not INGRESS or EGRESS")
    return SecurityRule.from_record(record, direction, position)


class Gateway(Resource):
    """Internet, NAT and service gateways, DRGs and local peering gateways."""

    kind: Literal["internetgateway", "natgateway", "servicegateway", "drg", "localpeeringgateway"]
    vcn_id: str | None = None
    is_enabled: bool | None = None
    block_traffic: bool | None = None
    service_ids: list[str] = Field(default_factory=list)
    service_names: list[str] = Field(default_factory=list)
    peer_advertised_cidrs: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _services(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            services = data.get("services") or []
            data["service_ids"] = [s.get("service_id") for s in services if isinstance(s, dict)]
            data["service_names"] = [s.get("service_name") or "" for s in services if isinstance(s, dict)]
            data["peer_advertised_cidrs"] = list(data.get("peer_advertised_cidr_details") or [])
        return data


class DrgAttachment(Resource):
    drg_id: str
    vcn_id: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _vcn(cls, data: Any) -> Any:
        if isinstance(data, dict):
            details = data.get("network_details") or {}
            if isinstance(details, dict) and details.get("type") in (None, "VCN") and details.get("id"):
                data = {**data, "vcn_id": details["id"]}
        return data


class Service(Resource):
    name_: str | None = Field(default=None, alias="name")
    cidr_block: str | None = None


class Cluster(Resource):
    vcn_id: str | None = None
    endpoint_subnet_id: str | None = None
    endpoint_nsg_ids: list[str] = Field(default_factory=list)
    endpoint_public: bool | None = None
    lb_subnet_ids: list[str] = Field(default_factory=list)
    cni_type: str = "FLANNEL_OVERLAY"
    cni_known: bool = False
    kubernetes_version: str | None = None
    cluster_type: str | None = None
    ip_families: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _flatten(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = dict(data)
        endpoint = data.get("endpoint_config") or {}
        options = data.get("options") or {}
        out["display_name"] = data.get("name") or data.get("display_name")
        out["endpoint_subnet_id"] = endpoint.get("subnet_id")
        out["endpoint_nsg_ids"] = list(endpoint.get("nsg_ids") or [])
        out["endpoint_public"] = endpoint.get("is_public_ip_enabled")
        out["lb_subnet_ids"] = list(options.get("service_lb_subnet_ids") or [])
        cnis = [o.get("cni_type") for o in data.get("cluster_pod_network_options") or [] if isinstance(o, dict)]
        # Clusters from before VCN-native networking carry no CNI field; they are flannel.
        out["cni_type"] = cnis[0] if cnis and cnis[0] else "FLANNEL_OVERLAY"
        out["cni_known"] = bool(cnis and cnis[0])
        out["cluster_type"] = data.get("type")
        out["ip_families"] = list(options.get("ip_families") or [])
        return out

    @property
    def vcn_native(self) -> bool:
        return self.cni_type == "OCI_VCN_IP_NATIVE"


class NodePool(Resource):
    cluster_id: str
    subnet_ids: list[str] = Field(default_factory=list)
    nsg_ids: list[str] = Field(default_factory=list)
    pod_subnet_ids: list[str] = Field(default_factory=list)
    pod_nsg_ids: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _flatten(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = dict(data)
        details = data.get("node_config_details") or {}
        placements = [p.get("subnet_id") for p in details.get("placement_configs") or [] if isinstance(p, dict)]
        subnets = [s for s in placements if s] + list(data.get("subnet_ids") or [])
        out["display_name"] = data.get("name") or data.get("display_name")
        out["subnet_ids"] = list(dict.fromkeys(subnets))
        out["nsg_ids"] = list(details.get("nsg_ids") or [])
        pod = details.get("node_pool_pod_network_option_details") or {}
        out["pod_subnet_ids"] = list(pod.get("pod_subnet_ids") or [])
        out["pod_nsg_ids"] = list(pod.get("pod_nsg_ids") or [])
        return out


class VirtualNodePool(Resource):
    cluster_id: str
    subnet_ids: list[str] = Field(default_factory=list)
    nsg_ids: list[str] = Field(default_factory=list)
    pod_subnet_id: str | None = None
    pod_nsg_ids: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _flatten(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = dict(data)
        placements = [p.get("subnet_id") for p in data.get("placement_configurations") or [] if isinstance(p, dict)]
        out["subnet_ids"] = list(dict.fromkeys(s for s in placements if s))
        out["nsg_ids"] = list(data.get("nsg_ids") or [])
        pod = data.get("pod_configuration") or {}
        out["pod_subnet_id"] = pod.get("subnet_id")
        out["pod_nsg_ids"] = list(pod.get("nsg_ids") or [])
        return out
