"""The schema of a rule file in ``rules/``: metadata, documentation and what to check."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from seclint.findings import Finding, Severity

RULE_ID = re.compile(r"^[A-Z]{3}[0-9]{3}$")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Docs(_Spec):
    what: str
    why: str
    example: str
    fix: str
    references: list[str] = Field(min_length=1)


class PacketSpec(_Spec):
    protocol: Literal["tcp", "udp", "icmp", "all"]
    ports: str | None = None
    """``30000-32767`` or ``10256``; only for TCP and UDP."""
    icmp_type: int | None = Field(default=None, alias="icmp-type")
    icmp_code: int | None = Field(default=None, alias="icmp-code")

    @field_validator("ports")
    @classmethod
    def _ports(cls, value: str | None) -> str | None:
        if value is not None:
            lo, _, hi = value.partition("-")
            low, high = int(lo), int(hi or lo)
            if not 1 <= low <= high <= 65535:
                raise ValueError(f"bad port range {value!r}")
        return value

    def port_range(self) -> tuple[int, int] | None:
        if self.ports is None:
            return None
        lo, _, hi = self.ports.partition("-")
        return (int(lo), int(hi or lo))


Endpoints = Literal[
    "api-endpoint", "load-balancer", "workers", "pods", "virtual-nodes", "backends", "nodes", "nodes-and-pods"
]


class When(_Spec):
    """Which clusters a flow applies to; every condition given must hold."""

    cni: Literal["flannel", "vcn-native"] | None = None
    nodes: Literal["managed", "virtual"] | None = None
    """``managed``: the cluster has managed node pools; ``virtual``: it has virtual node pools."""


class FlowSpec(_Spec):
    source: Endpoints
    destination: Endpoints | Literal["oracle-services"]
    packets: list[PacketSpec] = Field(min_length=1)
    when: When = Field(default_factory=When)
    replies: bool = True
    """Whether replies must get back (not for one-way messages such as ICMP path discovery)."""


class RouteSpec(_Spec):
    subnets: list[
        Literal[
            "pods",
            "private-workers",
            "private-virtual-nodes",
            "private-api-endpoint",
            "public-workers",
            "public-api-endpoint",
            "public-load-balancer",
            "public-virtual-nodes",
        ]
    ] = Field(min_length=1)
    destination: Literal["internet", "oracle-services"] | None = None
    via: Literal["natgateway", "servicegateway", "internetgateway"] | None = None
    forbid: list[Literal["internetgateway", "servicegateway"]] = Field(default_factory=list)
    """Gateway types that must not appear together in the subnet's route table."""


Check = Literal[
    "dangling-reference", "nsg-rules-missing", "no-clusters", "no-backends", "no-lb-subnets", "failed-calls",
    "open-admin-ports", "open-all-ports", "stateless-without-replies", "path-mtu", "limits",
    "unattached-lists", "nsgs-without-members", "redundant-rules",
]  # fmt: skip


class RuleSpec(_Spec):
    id: str
    name: str
    severity: Severity
    summary: str
    kind: Literal["flow", "route", "input", "hygiene"]
    flow: FlowSpec | None = None
    route: RouteSpec | None = None
    check: Check | None = None
    docs: Docs

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"rule id {value!r} must be three capitals and three digits, e.g. OKE101")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not KEBAB.match(value):
            raise ValueError(f"rule name {value!r} must be kebab-case")
        return value

    def finding(self, message: str, resources: tuple[str, ...], **extra: object) -> Finding:
        """A finding of this rule, with its id, name and severity filled in."""
        return Finding(  # type: ignore[arg-type]
            rule=self.id, name=self.name, severity=self.severity, message=message, resources=resources, **extra
        )

    def model_post_init(self, _context: object) -> None:
        wanted = {"flow": self.flow, "route": self.route, "input": self.check, "hygiene": self.check}
        if wanted[self.kind] is None:
            section = self.kind if self.kind in ("flow", "route") else "check"
            raise ValueError(f"rule {self.id}: kind {self.kind!r} needs its {section} section")
