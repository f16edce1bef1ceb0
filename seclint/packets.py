"""Exact packet sets: protocol × source × destination × source port × destination port × ICMP type × code.

A `PacketSet` is a union of disjoint boxes; a box is one closed integer interval per dimension. Union,
intersection and difference are exact, so "what a requirement needs minus what the rules allow" is
the precise gap, however the rules are split, nested or overlapping.

Addresses of every family live on one integer line so a box can hold any of them:

* IPv4 addresses at ``[0, 2**32)``;
* IPv6 addresses at ``[V6_BASE, V6_BASE + 2**128)``;
* Oracle Services Network labels (``SERVICE_CIDR_BLOCK`` values such as
  ``all-iad-services-in-oracle-services-network``) after that, one block per region: the
  "all services" label covers its whole block and each narrower label (``oci-iad-objectstorage``)
  one point inside it. The public addresses behind a label are not published in the export, so
  ``0.0.0.0/0`` is the only CIDR taken to include the Oracle services; any narrower CIDR is not.

Ports, ICMP type and code are meaningful only for the protocols that carry them: a box whose
protocol interval is not exactly TCP or UDP always spans every port, and likewise for ICMP fields.
The constructors keep that invariant, which makes equal sets have comparable boxes.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

Interval = tuple[int, int]
Box = tuple[Interval, Interval, Interval, Interval, Interval, Interval, Interval]

PROTO, SRC, DST, SPORT, DPORT, ITYPE, ICODE = range(7)
DIMENSIONS = 7

TCP, UDP, ICMP, ICMPV6 = 6, 17, 1, 58
PROTOCOL_NAMES = {TCP: "TCP", UDP: "UDP", ICMP: "ICMP", ICMPV6: "ICMPv6"}
PORT_PROTOCOLS = frozenset({TCP, UDP})
ICMP_PROTOCOLS = frozenset({ICMP, ICMPV6})

ALL_PROTOCOLS: Interval = (0, 255)
ALL_PORTS: Interval = (0, 65535)
USABLE_PORTS: Interval = (1, 65535)
"""What "every port" means in a requirement: OCI port ranges start at 1."""
ALL_ICMP: Interval = (0, 255)

V4_SIZE = 2**32
V6_BASE = V4_SIZE
V6_SIZE = 2**128
SERVICE_BASE = V6_BASE + V6_SIZE
SERVICE_BLOCK = 2**16
SERVICE_REGIONS = 2**12
SERVICE_END = SERVICE_BASE + SERVICE_BLOCK * SERVICE_REGIONS

ALL_V4: Interval = (0, V4_SIZE - 1)
ALL_V6: Interval = (V6_BASE, V6_BASE + V6_SIZE - 1)
ALL_SERVICES: Interval = (SERVICE_BASE, SERVICE_END - 1)
ALL_ADDRESSES: tuple[Interval, ...] = (ALL_V4, ALL_V6, ALL_SERVICES)
ANY_V4: tuple[Interval, ...] = (ALL_V4, ALL_SERVICES)
"""What ``0.0.0.0/0`` means in a rule: every IPv4 address and every Oracle service."""

_ALL_SERVICES_LABEL = re.compile(r"^all-([a-z0-9-]+?)-services-in-oracle-services-network$")
_SERVICE_LABEL = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class AddressError(ValueError):
    """A CIDR or service label that cannot be read."""


class ServiceLabels:
    """Places Oracle Services Network labels on the address line and reads them back.

    Region blocks are handed out in order of first use; only this process sees the numbers, and
    every label printed comes back through `describe`, so the order never shows in output.
    """

    def __init__(self) -> None:
        self._region_block: dict[str, int] = {}
        self._label_point: dict[str, int] = {}
        self._point_label: dict[int, str] = {}
        self._block_region: dict[int, str] = {}

    def _block(self, region: str) -> int:
        block = self._region_block.get(region)
        if block is None:
            block = len(self._region_block)
            if block >= SERVICE_REGIONS:
                raise AddressError("too many Oracle Services Network regions")
            self._region_block[region] = block
            self._block_region[block] = region
        return block

    def interval(self, label: str) -> Interval:
        label = label.strip().lower()
        match = _ALL_SERVICES_LABEL.match(label)
        if match:
            start = SERVICE_BASE + self._block(match.group(1)) * SERVICE_BLOCK
            return (start, start + SERVICE_BLOCK - 1)
        if not _SERVICE_LABEL.match(label):
            raise AddressError(f"not a CIDR or Oracle service label: {label!r}")
        point = self._label_point.get(label)
        if point is None:
            # "oci-iad-objectstorage": the region key is the second dash-separated word.
            parts = label.split("-")
            region = parts[1] if len(parts) > 2 else label
            block = self._block(region)
            used = sum(1 for p in self._point_label if (p - SERVICE_BASE) // SERVICE_BLOCK == block)
            point = SERVICE_BASE + block * SERVICE_BLOCK + 1 + used
            self._label_point[label] = point
            self._point_label[point] = label
        return (point, point)

    def covering(self, lo: int, hi: int) -> list[str]:
        """The fewest labels of known regions whose services include all of ``[lo, hi]``: a region's
        all-services label unless only named services of it are in the interval."""
        out = []
        for block, region in sorted(self._block_region.items()):
            start = SERVICE_BASE + block * SERVICE_BLOCK
            end = start + SERVICE_BLOCK - 1
            a, b = max(lo, start), min(hi, end)
            if a > b:
                continue
            points = [p for p in self._point_label if a <= p <= b]
            if a == b and points:
                out.append(self._point_label[a])
            elif a > start and all(p in points for p in range(a, b + 1)):
                out.extend(self._point_label[p] for p in sorted(points))
            else:
                out.append(f"all-{region}-services-in-oracle-services-network")
        return out

    def describe(self, intervals: list[Interval]) -> list[str]:
        """Labels for merged, sorted service intervals."""
        if intervals == [ALL_SERVICES]:
            return ["every Oracle Services Network label"]
        out: list[str] = []
        unnamed = False
        blocks: dict[int, list[Interval]] = {}
        for lo, hi in intervals:
            first, last = (lo - SERVICE_BASE) // SERVICE_BLOCK, (hi - SERVICE_BASE) // SERVICE_BLOCK
            for block in range(first, last + 1):
                if block not in self._block_region:
                    unnamed = True
                    continue
                start = SERVICE_BASE + block * SERVICE_BLOCK
                a, b = max(lo, start), min(hi, start + SERVICE_BLOCK - 1)
                blocks.setdefault(block, []).append((a, b))
        for block, covered in sorted(blocks.items()):
            region = self._block_region[block]
            start = SERVICE_BASE + block * SERVICE_BLOCK
            everything = f"all-{region}-services-in-oracle-services-network"
            points = [p for p in sorted(self._point_label) if start <= p < start + SERVICE_BLOCK]
            inside = [p for p in points if any(a <= p <= b for a, b in covered)]
            if covered == [(start, start + SERVICE_BLOCK - 1)]:
                out.append(everything)
            elif any(a <= start <= b for a, b in covered):
                missing = [self._point_label[p] for p in points if p not in inside]
                out.append(everything + " except " + ", ".join(missing))
            else:
                out.extend(self._point_label[p] for p in inside)
        if unnamed:
            out.append("other Oracle Services Network labels")
        return out


SERVICE_LABELS = ServiceLabels()


_V4_CIDR = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:/(\d{1,2}))?$")


@lru_cache(maxsize=65536)
def parse_cidr(text: str) -> tuple[int, int, int, int]:
    """``(version, first, last, prefix length)`` of a CIDR; host bits are ignored, as OCI does.

    Dotted IPv4 is parsed directly because exports hold tens of thousands of distinct CIDRs and
    `ipaddress` is slow; everything else goes through `ipaddress`.
    """
    match = _V4_CIDR.match(text.strip())
    if match:
        octets = [int(g) for g in match.groups()[:4]]
        prefix = int(match.group(5)) if match.group(5) is not None else 32
        if all(o <= 255 for o in octets) and prefix <= 32:
            value = (octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]
            size = 1 << (32 - prefix)
            first = value & ~(size - 1) & 0xFFFFFFFF
            return 4, first, first + size - 1, prefix
        raise AddressError(f"invalid CIDR {text!r}")
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError as exc:
        raise AddressError(f"invalid CIDR {text!r}") from exc
    return net.version, int(net.network_address), int(net.broadcast_address), net.prefixlen


@lru_cache(maxsize=65536)
def address_intervals(text: str) -> tuple[Interval, ...]:
    """The address line intervals of a CIDR (v4 or v6) or an Oracle service label.

    ``0.0.0.0/0`` also covers every Oracle service, because the services' public addresses are
    inside it; see the module docstring.
    """
    text = text.strip()
    if "/" in text or ":" in text or text.replace(".", "").isdigit():
        version, lo, hi, prefix = parse_cidr(text)
        if version == 6:
            return ((V6_BASE + lo, V6_BASE + hi),)
        if prefix == 0:
            return ANY_V4
        return ((lo, hi),)
    return (SERVICE_LABELS.interval(text),)


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping, non-adjacent intervals covering the same integers."""
    out: list[Interval] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def subtract_intervals(minuend: Iterable[Interval], subtrahend: Iterable[Interval]) -> list[Interval]:
    """The integers of `minuend` not in `subtrahend`, as merged intervals."""
    out = merge_intervals(minuend)
    for lo, hi in merge_intervals(subtrahend):
        out = [piece for a, b in out for piece in ((a, min(b, lo - 1)), (max(a, hi + 1), b)) if piece[0] <= piece[1]]
    return out


def cidrs_of(lo: int, hi: int, base: int, version: int) -> list[str]:
    cls = ipaddress.IPv4Address if version == 4 else ipaddress.IPv6Address
    nets = ipaddress.summarize_address_range(cls(lo - base), cls(hi - base))
    return [str(n) for n in nets]


def describe_addresses(intervals: Iterable[Interval]) -> list[str]:
    """CIDRs and service labels for a union of address intervals, in address order."""
    families: dict[int, list[Interval]] = {4: [], 6: [], 0: []}
    for lo, hi in intervals:
        for (a, b), kind in ((ALL_V4, 4), (ALL_V6, 6), (ALL_SERVICES, 0)):
            x, y = max(lo, a), min(hi, b)
            if x <= y:
                families[kind].append((x, y))
    v4, v6, services = (merge_intervals(families[k]) for k in (4, 6, 0))
    out: list[str] = []
    if v4 == [ALL_V4]:
        out.append("0.0.0.0/0" if services == [ALL_SERVICES] else "0.0.0.0/0 except Oracle services")
    else:
        for lo, hi in v4:
            out.extend(cidrs_of(lo, hi, 0, 4))
    for lo, hi in v6:
        out.extend(cidrs_of(lo, hi, V6_BASE, 6))
    if services and (v4 != [ALL_V4] or services != [ALL_SERVICES]):
        out.extend(SERVICE_LABELS.describe(services))
    return out


def _intersect(a: Interval, b: Interval) -> Interval | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


def _box_intersection(a: Box, b: Box) -> Box | None:
    out = []
    for i in range(DIMENSIONS):
        lo = a[i][0] if a[i][0] > b[i][0] else b[i][0]
        hi = a[i][1] if a[i][1] < b[i][1] else b[i][1]
        if lo > hi:
            return None
        out.append((lo, hi))
    return tuple(out)  # type: ignore[return-value]


def clip_box(box: Box, dim: int, interval: Interval) -> Box | None:
    """The box with one dimension narrowed to `interval`, or None when nothing is left."""
    lo, hi = max(box[dim][0], interval[0]), min(box[dim][1], interval[1])
    if lo > hi:
        return None
    out = list(box)
    out[dim] = (lo, hi)
    return tuple(out)  # type: ignore[return-value]


def _box_difference(a: Box, b: Box) -> list[Box]:
    """``a − b`` as disjoint boxes (at most two per dimension)."""
    if _box_intersection(a, b) is None:
        return [a]
    out: list[Box] = []
    current = list(a)
    for i in range(DIMENSIONS):
        lo, hi = current[i]
        blo, bhi = b[i]
        if lo < blo:
            piece = list(current)
            piece[i] = (lo, blo - 1)
            out.append(tuple(piece))  # type: ignore[arg-type]
        if hi > bhi:
            piece = list(current)
            piece[i] = (bhi + 1, hi)
            out.append(tuple(piece))  # type: ignore[arg-type]
        current[i] = (max(lo, blo), min(hi, bhi))
    return out


def _merge_boxes(boxes: list[Box]) -> list[Box]:
    """Join boxes that differ in one dimension where their intervals touch; for readable output."""
    changed = True
    boxes = sorted(set(boxes))
    while changed:
        changed = False
        for dim in range(DIMENSIONS):
            groups: dict[tuple, list[Interval]] = {}
            for box in boxes:
                key = box[:dim] + box[dim + 1 :]
                groups.setdefault(key, []).append(box[dim])
            merged: list[Box] = []
            for key, intervals in groups.items():
                joined = merge_intervals(intervals)
                if len(joined) < len(intervals):
                    changed = True
                for iv in joined:
                    merged.append((*key[:dim], iv, *key[dim:]))  # type: ignore[arg-type]
            boxes = sorted(merged)
    return boxes


@dataclass(frozen=True, slots=True)
class PacketSet:
    """An exact set of packets: a union of disjoint boxes."""

    boxes: tuple[Box, ...] = ()

    @staticmethod
    def empty() -> PacketSet:
        return PacketSet(())

    @staticmethod
    def of(boxes: Iterable[Box]) -> PacketSet:
        """A set from possibly overlapping boxes."""
        result: list[Box] = []
        for box in boxes:
            pieces = [box]
            for existing in result:
                pieces = [p for piece in pieces for p in _box_difference(piece, existing)]
                if not pieces:
                    break
            result.extend(pieces)
        return PacketSet(tuple(result))

    def __bool__(self) -> bool:
        return bool(self.boxes)

    def __iter__(self) -> Iterator[Box]:
        return iter(self.boxes)

    def union(self, other: PacketSet) -> PacketSet:
        if not other.boxes:
            return self
        if not self.boxes:
            return other
        return PacketSet(self.boxes + other.difference(self).boxes)

    def intersection(self, other: PacketSet) -> PacketSet:
        out: list[Box] = []
        for a in self.boxes:
            for b in other.boxes:
                box = _box_intersection(a, b)
                if box is not None:
                    out.append(box)
        return PacketSet(tuple(out))

    def difference(self, other: PacketSet) -> PacketSet:
        out: list[Box] = []
        for a in self.boxes:
            pieces = [a]
            for b in other.boxes:
                if _box_intersection(a, b) is None:
                    continue
                pieces = [p for piece in pieces for p in _box_difference(piece, b)]
                if not pieces:
                    break
            out.extend(pieces)
        return PacketSet(tuple(out))

    __or__ = union
    __and__ = intersection
    __sub__ = difference

    def issubset(self, other: PacketSet) -> bool:
        return not self.difference(other).boxes

    def same_as(self, other: PacketSet) -> bool:
        return self.issubset(other) and other.issubset(self)

    def reverse(self) -> PacketSet:
        """The replies: source and destination swapped, ports swapped."""
        return PacketSet(tuple((b[PROTO], b[DST], b[SRC], b[DPORT], b[SPORT], b[ITYPE], b[ICODE]) for b in self.boxes))

    def merged(self) -> PacketSet:
        return PacketSet(tuple(_merge_boxes(list(self.boxes))))

    def size(self) -> int:
        """Number of distinct packets (headers); useful for tests, not for output."""
        total = 0
        for box in self.boxes:
            n = 1
            for lo, hi in box:
                n *= hi - lo + 1
            total += n
        return total

    def describe(self, reference: Box | None = None) -> list[str]:
        """One line per group of packets, e.g. ``TCP 32000-32767 from 10.0.20.128/25 to 10.0.10.0/24``.

        Port and ICMP dimensions equal to `reference` (the requirement the set came from) are left
        out, so a gap reads in the terms of its requirement.
        """
        lines: list[str] = []
        groups = _address_groups(self.boxes)
        # Boxes that differ only in protocol read better as one line: "all protocols except TCP".
        by_rest: dict[tuple, list[Interval]] = {}
        for fields, sources, destinations in groups:
            rest = (fields[1:], tuple(sources), tuple(destinations))
            by_rest.setdefault(rest, []).append(fields[0])
        for (rest, sources, destinations), protocols in by_rest.items():
            merged = merge_intervals(protocols)
            missing = subtract_intervals([ALL_PROTOCOLS], merged)
            if len(merged) > 1 and sum(hi - lo + 1 for lo, hi in missing) <= 3:
                names = ", ".join(protocol_name((n, n)) for lo, hi in missing for n in range(lo, hi + 1))
                text = describe_fields((ALL_PROTOCOLS, *rest), list(sources), list(destinations), reference)
                lines.append(text.replace("all protocols", f"all protocols except {names}", 1))
            else:
                for protocol in merged:
                    lines.append(describe_fields((protocol, *rest), list(sources), list(destinations), reference))
        return lines


def _address_groups(
    boxes: Iterable[Box],
) -> list[tuple[tuple[Interval, ...], list[Interval], list[Interval]]]:
    """Boxes grouped by their non-address fields, then by shared destinations and sources."""
    by_fields: dict[tuple[Interval, ...], dict[Interval, list[Interval]]] = {}
    for box in boxes:
        fields = (box[PROTO], box[SPORT], box[DPORT], box[ITYPE], box[ICODE])
        by_fields.setdefault(fields, {}).setdefault(box[DST], []).append(box[SRC])
    out = []
    for fields in sorted(by_fields):
        by_sources: dict[tuple[Interval, ...], list[Interval]] = {}
        for dst, sources in by_fields[fields].items():
            by_sources.setdefault(tuple(merge_intervals(sources)), []).append(dst)
        for sources, destinations in sorted(by_sources.items()):
            out.append((fields, list(sources), merge_intervals(destinations)))
    return out


def protocol_name(interval: Interval) -> str:
    lo, hi = interval
    if interval == ALL_PROTOCOLS:
        return "all protocols"
    if lo == hi:
        return PROTOCOL_NAMES.get(lo, f"protocol {lo}")
    return f"protocols {lo}-{hi}"


def port_text(interval: Interval) -> str:
    lo, hi = interval
    if interval in (ALL_PORTS, USABLE_PORTS):
        return "all ports"
    return str(lo) if lo == hi else f"{lo}-{hi}"


def describe_fields(
    fields: tuple[Interval, ...],
    sources: list[Interval],
    destinations: list[Interval],
    reference: Box | None = None,
) -> str:
    proto, sport, dport, itype, icode = fields
    parts = [protocol_name(proto)]
    single = proto[0] if proto[0] == proto[1] else None
    if single in PORT_PROTOCOLS:
        parts.append(port_text(dport))
        if sport != ALL_PORTS and (reference is None or sport != reference[SPORT]):
            parts.append(f"(source ports {port_text(sport)})")
    elif single in ICMP_PROTOCOLS and (itype != ALL_ICMP or icode != ALL_ICMP):
        text = f"type {itype[0]}" if itype[0] == itype[1] else f"types {itype[0]}-{itype[1]}"
        if icode != ALL_ICMP:
            text += f" code {icode[0]}" if icode[0] == icode[1] else f" codes {icode[0]}-{icode[1]}"
        parts.append(text)
    parts.append("from " + ", ".join(describe_addresses(sources)))
    parts.append("to " + ", ".join(describe_addresses(destinations)))
    return " ".join(parts)


def make_box(
    protocol: Interval = ALL_PROTOCOLS,
    src: Interval = ALL_V4,
    dst: Interval = ALL_V4,
    sport: Interval = ALL_PORTS,
    dport: Interval = ALL_PORTS,
    icmp_type: Interval = ALL_ICMP,
    icmp_code: Interval = ALL_ICMP,
) -> Box:
    """A box that keeps the invariant: ports only for TCP/UDP, ICMP fields only for ICMP/ICMPv6."""
    single = protocol[0] if protocol[0] == protocol[1] else None
    if single not in PORT_PROTOCOLS:
        sport = dport = ALL_PORTS
    if single not in ICMP_PROTOCOLS:
        icmp_type = icmp_code = ALL_ICMP
    for name, (lo, hi), limit in (
        ("protocol", protocol, 255),
        ("source port", sport, 65535),
        ("destination port", dport, 65535),
        ("ICMP type", icmp_type, 255),
        ("ICMP code", icmp_code, 255),
    ):
        if not 0 <= lo <= hi <= limit:
            raise ValueError(f"{name} range {lo}-{hi} is not within 0-{limit}")
    return (protocol, src, dst, sport, dport, icmp_type, icmp_code)


def packets(
    protocol: Interval = ALL_PROTOCOLS,
    src: Sequence[Interval] = ANY_V4,
    dst: Sequence[Interval] = ANY_V4,
    sport: Interval = ALL_PORTS,
    dport: Interval = ALL_PORTS,
    icmp_type: Interval = ALL_ICMP,
    icmp_code: Interval = ALL_ICMP,
) -> PacketSet:
    """The set of packets with these fields; `src` and `dst` are unions of address intervals."""
    boxes = [
        make_box(protocol, s, d, sport, dport, icmp_type, icmp_code)
        for s in merge_intervals(src)
        for d in merge_intervals(dst)
    ]
    return PacketSet(tuple(boxes))


def parse_protocol(value: object) -> Interval:
    """OCI's protocol field: ``"all"`` or an IANA number given as a string (or int)."""
    if isinstance(value, bool):
        raise ValueError(f"unknown protocol {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip().lower()
        if text == "all":
            return ALL_PROTOCOLS
        named = {"tcp": TCP, "udp": UDP, "icmp": ICMP, "icmpv6": ICMPV6}
        if text in named:
            number = named[text]
        elif text.isdigit():
            number = int(text)
        else:
            raise ValueError(f'unknown protocol {value!r} (expected "all" or a number 0-255)')
    else:
        raise ValueError(f'unknown protocol {value!r} (expected "all" or a number 0-255)')
    if not 0 <= number <= 255:
        raise ValueError(f'unknown protocol {value!r} (expected "all" or a number 0-255)')
    return (number, number)
