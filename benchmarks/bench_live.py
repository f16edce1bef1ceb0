"""Live-fetch benchmark: the real `oci` SDK against the fake OCI API with latency on every call.

    python benchmarks/bench_live.py [--compartments 50] [--latency 0.1] [--workers 8]

Builds a tenancy of N compartments (one VCN with its resources and one cluster each), then times
`seclint.sources.live.fetch` with the given number of workers and with one worker (the calls made
one after another), and prints both and the speed-up. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from seclint.sources.live import LiveOptions, fetch  # noqa: E402
from tests.fake_oci import FakeOCI  # noqa: E402

TENANCY = "ocid1.tenancy.oc1..aaaaaaaabenchtenancyxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"


def build(compartments: int, latency: float) -> FakeOCI:
    fake = FakeOCI(page_size=50, latency=latency)
    for i in range(compartments):
        comp = f"ocid1.compartment.oc1..aaaaaaaabench{i:05d}"
        fake.add("compartment", {"id": comp, "compartmentId": TENANCY, "name": f"c{i}", "lifecycleState": "ACTIVE"})
        vcn = f"ocid1.vcn.oc1.iad.aaaaaaaabench{i:05d}"
        fake.add("vcn", {"id": vcn, "compartmentId": comp, "displayName": f"vcn{i}", "cidrBlocks": ["10.0.0.0/16"],
                         "lifecycleState": "AVAILABLE"})  # fmt: skip
        fake.add("securityList", {"id": f"ocid1.securitylist.oc1.iad.aaaaaaaabench{i:05d}", "compartmentId": comp,
                                  "vcnId": vcn, "displayName": "sl", "lifecycleState": "AVAILABLE",
                                  "ingressSecurityRules": [], "egressSecurityRules": []})  # fmt: skip
    return fake


def timed(fake: FakeOCI, base: str, config: Path, workers: int) -> tuple[float, int]:
    options = LiveOptions(compartment=TENANCY, config_file=str(config), endpoint=base, workers=workers,
                          retry_base_seconds=0.05)  # fmt: skip
    start = time.perf_counter()
    fetched = fetch(options)
    return time.perf_counter() - start, fetched.calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compartments", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    fake = build(args.compartments, args.latency)
    base = fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        config = fake.config_file(Path(tmp))
        parallel, calls = timed(fake, base, config, args.workers)
        serial, _ = timed(fake, base, config, 1)
    fake.stop()
    print(f"{args.compartments} compartments, {calls} API calls, {args.latency * 1000:.0f} ms per call")
    print(f"  {args.workers} workers: {parallel:.1f} s")
    print(f"  1 worker (one call after another): {serial:.1f} s")
    print(f"  speed-up: {serial / parallel:.1f}x")


if __name__ == "__main__":
    main()
