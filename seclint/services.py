"""The region's "All <region> Services in Oracle Services Network" label, from whatever the input shows."""

from __future__ import annotations

import re

from seclint.model import Snapshot

ALL_SERVICES = re.compile(r"^all-([a-z0-9-]+)-services-in-oracle-services-network$")
SERVICE_NAME = re.compile(r"^all ([a-z0-9-]+) services in oracle services network$", re.IGNORECASE)

REGION_KEYS = {
    "us-ashburn-1": "iad", "us-phoenix-1": "phx", "us-sanjose-1": "sjc", "us-chicago-1": "ord",
    "ca-toronto-1": "yyz", "ca-montreal-1": "yul", "eu-frankfurt-1": "fra", "eu-amsterdam-1": "ams",
    "uk-london-1": "lhr", "uk-cardiff-1": "cwl", "eu-zurich-1": "zrh", "eu-paris-1": "cdg",
    "eu-marseille-1": "mrs", "eu-milan-1": "lin", "eu-stockholm-1": "arn", "eu-madrid-1": "mad",
    "ap-tokyo-1": "nrt", "ap-osaka-1": "kix", "ap-seoul-1": "icn", "ap-chuncheon-1": "yny",
    "ap-mumbai-1": "bom", "ap-hyderabad-1": "hyd", "ap-sydney-1": "syd", "ap-melbourne-1": "mel",
    "ap-singapore-1": "sin", "sa-saopaulo-1": "gru", "sa-vinhedo-1": "vcp", "sa-santiago-1": "scl",
    "me-jeddah-1": "jed", "me-dubai-1": "dxb", "il-jerusalem-1": "mtz", "af-johannesburg-1": "jnb",
    "mx-queretaro-1": "qro", "mx-monterrey-1": "mty",
}  # fmt: skip
"""Region names to the three-letter keys used in service labels, for OCIDs that carry the long name."""


def all_services_label(snapshot: Snapshot, vcn_id: str) -> str | None:
    """The all-services label for the VCN's region, or None when nothing in the input reveals it."""
    for gateway in snapshot.gateways_of(vcn_id, "servicegateway"):
        for name in gateway.service_names:
            match = SERVICE_NAME.match(name.strip())
            if match:
                return f"all-{match.group(1).lower()}-services-in-oracle-services-network"
    region = _region_key(vcn_id)
    labels = sorted(
        s.cidr_block for s in snapshot.services.values() if s.cidr_block and ALL_SERVICES.match(s.cidr_block)
    )
    for label in labels:
        match = ALL_SERVICES.match(label)
        if match and (region is None or match.group(1) == region):
            return label
    if region is not None:
        return f"all-{region}-services-in-oracle-services-network"
    return None


def _region_key(ocid: str) -> str | None:
    parts = ocid.split(".")
    if len(parts) < 5 or not parts[3]:
        return None
    region = parts[3].lower()
    if re.fullmatch(r"[a-z]{3}", region):
        return region
    return REGION_KEYS.get(region)
