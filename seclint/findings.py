"""Frozen results: what a check found (`Finding`), why (`Evidence`), and what would mend it (`Fix`).

These are data only; reporters in `seclint.report` turn them into text, JSON and the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from seclint.packets import PacketSet


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Allowance:
    """A rule that admits part of a required flow."""

    resource: str
    """OCID of the security list or NSG holding the rule."""
    rule: str
    """The rule as text, e.g. ``egress #2 TCP 30000-31999 to 10.0.10.0/24 (stateful)``."""
    packets: tuple[str, ...]
    """The part of the requirement it admits."""


@dataclass(frozen=True)
class Stop:
    """Where some packets of a required flow are dropped, and why."""

    at: str
    """``egress``, ``ingress``, ``reply-ingress``, ``reply-egress`` or ``route``."""
    subnet: str
    """OCID of the subnet whose VNICs drop the packets (or whose route table sends them away)."""
    packets: tuple[str, ...]
    evaluated: tuple[str, ...]
    """OCIDs of the security lists, NSGs or route table that were evaluated."""
    reason: str


@dataclass(frozen=True)
class Evidence:
    required: tuple[str, ...] = ()
    allowed: tuple[Allowance, ...] = ()
    stops: tuple[Stop, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleRepair:
    """Packets that a security list or NSG on one endpoint must start allowing."""

    subnet: str
    nsg_ids: tuple[str, ...]
    direction: str
    """``INGRESS`` or ``EGRESS``."""
    packets: PacketSet
    stateless: bool = False
    """True for the reply rules that a stateless forward rule needs."""
    prefer: tuple[str, ...] = ()
    """Security lists or NSGs that already hold rules of this flow: the natural place for more."""
    whole: PacketSet | None = None
    """The flow's whole requirement at this endpoint. A fix may admit all of it when that takes fewer
    rules than the gap alone (a gap cut out of "all protocols" by a TCP rule, say): it then opens
    nothing the requirement does not ask for."""


@dataclass(frozen=True)
class RouteRepair:
    """A route table change: send `destination` to a gateway of `gateway_kind`, or (kind ``remove``)
    drop the rules at `replaces`."""

    subnet: str
    table: str
    destination: str
    destination_type: str
    gateway_kind: str
    replaces: tuple[int, ...] = ()
    """Positions of the route rules the change retargets (none: the rule is added)."""


Repair = RuleRepair | RouteRepair


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    message: str
    resources: tuple[str, ...]
    """Every OCID involved: subnets, security lists, NSGs, route tables, gateways."""
    cluster: str | None = None
    flow: str | None = None
    """The required flow in words, for flow and route findings."""
    missing: tuple[str, ...] = ()
    """The exact packets that do not get through, one group per line."""
    evidence: Evidence = field(default_factory=Evidence)
    fixes: tuple[str, ...] = ()
    fix_note: str | None = None
    """Why no fix is offered, when none is."""
    repairs: tuple[Repair, ...] = field(default=(), compare=False, repr=False)
    """What must change for the finding to clear; fixes are built from these."""

    @property
    def key(self) -> tuple[Any, ...]:
        return (-self.severity.rank, self.rule, self.cluster or "", self.resources, self.missing)


@dataclass(frozen=True)
class Fix:
    id: str
    target: str
    """OCID of the security list, NSG or route table to change."""
    operation: str
    """``update-security-list``, ``add-nsg-security-rules`` or ``update-route-table``."""
    payload: dict[str, Any]
    """The camelCase JSON the OCI API and CLI take for that operation."""
    summary: tuple[str, ...]
    """One line per added or changed rule."""
    findings: tuple[str, ...] = ()
    """Rule ids of the findings this fix serves."""
