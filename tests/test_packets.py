"""The packet-set algebra against brute force on a small universe, and its text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from seclint.packets import (
    PacketSet,
    address_intervals,
    describe_addresses,
    make_box,
    packets,
    parse_protocol,
    subtract_intervals,
)

# A small universe: every dimension has at most four values, so sets can be enumerated.
LIMITS = [(0, 3), (0, 3), (0, 3), (0, 2), (0, 3), (0, 1), (0, 1)]


@st.composite
def boxes(draw):
    out = []
    for lo, hi in LIMITS:
        a = draw(st.integers(lo, hi))
        b = draw(st.integers(a, hi))
        out.append((a, b))
    return tuple(out)


sets = st.lists(boxes(), max_size=4).map(PacketSet.of)


def points(ps: PacketSet) -> set[tuple[int, ...]]:
    out = set()
    for box in ps.boxes:
        out.update(itertools.product(*(range(lo, hi + 1) for lo, hi in box)))
    return out


@settings(max_examples=300)
@given(sets, sets)
def test_algebra_matches_brute_force(a: PacketSet, b: PacketSet) -> None:
    assert points(a | b) == points(a) | points(b)
    assert points(a & b) == points(a) & points(b)
    assert points(a - b) == points(a) - points(b)
    assert (a - b).issubset(a)
    assert a.issubset(a | b)
    assert points(a.merged()) == points(a)


@settings(max_examples=200)
@given(st.lists(boxes(), max_size=5))
def test_boxes_stay_disjoint(items: list) -> None:
    ps = PacketSet.of(items)
    total = sum(len(points(PacketSet((box,)))) for box in ps.boxes)
    assert total == len(points(ps)) == ps.size()


@given(sets)
def test_reverse_is_an_involution(a: PacketSet) -> None:
    assert points(a.reverse().reverse()) == points(a)


def test_gap_text_names_exact_addresses_and_ports() -> None:
    required = packets((6, 6), address_intervals("10.0.20.0/24"), address_intervals("10.0.10.0/24"),
                       sport=(1024, 65535), dport=(30000, 32767))  # fmt: skip
    allowed = packets((6, 6), address_intervals("10.0.20.0/25"), address_intervals("10.0.0.0/16"), dport=(30000, 32767))
    allowed |= packets((6, 6), address_intervals("0.0.0.0/0"), address_intervals("10.0.10.0/24"), dport=(30000, 31999))
    gap = required - allowed
    assert gap.describe(required.boxes[0]) == ["TCP 32000-32767 from 10.0.20.128/25 to 10.0.10.0/24"]


def test_protocol_all_without_ports_covers_every_tcp_port() -> None:
    rule = packets((0, 255), address_intervals("0.0.0.0/0"), address_intervals("10.0.0.0/8"))
    need = packets((6, 6), address_intervals("10.1.0.0/24"), address_intervals("10.2.0.0/24"), dport=(1, 65535))
    assert need.issubset(rule)


def test_ports_only_for_tcp_and_udp() -> None:
    box = make_box((1, 1), dport=(80, 80), icmp_type=(3, 3), icmp_code=(4, 4))
    assert box[4] == (0, 65535) and box[5] == (3, 3)
    box = make_box((6, 6), dport=(80, 80), icmp_type=(3, 3))
    assert box[4] == (80, 80) and box[5] == (0, 255)


def test_ipv6_and_zero_route() -> None:
    v6 = packets(dst=address_intervals("::/0"))
    v4 = packets(dst=address_intervals("0.0.0.0/0"))
    assert not (v6 & v4)
    assert describe_addresses(address_intervals("2603:c020:4000:1100::/56")) == ["2603:c020:4000:1100::/56"]
    assert describe_addresses(address_intervals("0.0.0.0/0")) == ["0.0.0.0/0"]


def test_service_labels_nest_and_zero_route_covers_them() -> None:
    everything = address_intervals("all-iad-services-in-oracle-services-network")[0]
    storage = address_intervals("oci-iad-objectstorage")[0]
    assert everything[0] <= storage[0] and storage[1] <= everything[1]
    assert describe_addresses(subtract_intervals([everything], [storage])) == [
        "all-iad-services-in-oracle-services-network except oci-iad-objectstorage"
    ]
    to_services = packets(dst=[everything])
    assert to_services.issubset(packets(dst=address_intervals("0.0.0.0/0")))
    assert not to_services.issubset(packets(dst=address_intervals("128.0.0.0/1")))


def test_protocol_parsing() -> None:
    assert parse_protocol("all") == (0, 255)
    assert parse_protocol("6") == (6, 6)
    for bad in ("tcpx", "256", "-1", None, True):
        try:
            parse_protocol(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted")
