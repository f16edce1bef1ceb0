"""The fake OCI API (tests/fake_oci.py) with the real `oci` SDK as its client, on loopback only."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

oci = pytest.importorskip("oci")
from tests.fake_oci import FakeOCI  # noqa: E402

TENANCY = "ocid1.tenancy.oc1..fake"
COMP = "ocid1.compartment.oc1..aaaaaaaanetwork"
OKE = "ocid1.compartment.oc1..aaaaaaaaoke"
OKE_DEV = "ocid1.compartment.oc1..aaaaaaaaokedev"
OTHER = "ocid1.compartment.oc1..aaaaaaaaother"
CLUSTER = "ocid1.cluster.oc1.iad.aaaaaaaacluster"
VNP = "ocid1.virtualnodepool.oc1.iad.aaaaaaaavnp"
SUBNET = "ocid1.subnet.oc1.iad.aaaaaaaaapi"
NSG = "ocid1.networksecuritygroup.oc1.iad.aaaaaaaansgx"


@pytest.fixture(autouse=True)
def _quiet_permissions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCI_CLI_SUPPRESS_FILE_PERMISSIONS_WARNING", "True")


def _vcn(i: int, compartment: str = COMP) -> dict[str, Any]:
    return {
        "id": f"ocid1.vcn.oc1.iad.aaaaaaaavcn{i}",
        "compartmentId": compartment,
        "displayName": f"vcn-{i}",
        "cidrBlock": f"10.{i}.0.0/16",
        "cidrBlocks": [f"10.{i}.0.0/16"],
        "lifecycleState": "AVAILABLE",
        "timeCreated": "2024-05-01T10:00:00.123Z",
    }


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[tuple[FakeOCI, str, dict[str, Any]]]:
    fake = FakeOCI(page_size=2)
    for i in range(5):
        fake.add("vcn", _vcn(i))
    fake.add("vcn", _vcn(9, OTHER))
    for cid, parent, name in ((COMP, TENANCY, "network"), (OKE, TENANCY, "oke"), (OKE_DEV, OKE, "oke-dev")):
        fake.add("compartment", {"id": cid, "compartmentId": parent, "name": name, "lifecycleState": "ACTIVE"})
    fake.add(
        "networkSecurityGroup",
        {"id": NSG, "compartmentId": COMP, "vcnId": _vcn(0)["id"],
         "displayName": "nsg-x", "lifecycleState": "AVAILABLE"},
    )  # fmt: skip
    fake.add_nsg_rules(
        NSG,
        [
            {"id": "R1", "direction": "INGRESS", "protocol": "6", "source": "10.0.0.0/16", "sourceType": "CIDR_BLOCK",
             "isStateless": False, "tcpOptions": {"destinationPortRange": {"min": 6443, "max": 6443}}},
            {"id": "R2", "direction": "EGRESS", "protocol": "all", "destination": "0.0.0.0/0",
             "destinationType": "CIDR_BLOCK", "isStateless": False},
            {"id": "R3", "direction": "INGRESS", "protocol": "1", "source": "0.0.0.0/0", "sourceType": "CIDR_BLOCK",
             "isStateless": False, "icmpOptions": {"type": 3, "code": 4}},
        ],
    )  # fmt: skip
    fake.add(
        "natGateway",
        {"id": "ocid1.natgateway.oc1.iad.nat", "compartmentId": COMP, "vcnId": _vcn(0)["id"], "displayName": "nat",
         "natIp": "129.0.0.1", "blockTraffic": False, "lifecycleState": "AVAILABLE"},
    )  # fmt: skip
    fake.add(
        "cluster",
        {"id": CLUSTER, "compartmentId": OKE, "name": "oke", "vcnId": _vcn(0)["id"], "kubernetesVersion": "v1.30.1",
         "lifecycleState": "ACTIVE", "type": "ENHANCED_CLUSTER",
         "endpointConfig": {"subnetId": SUBNET, "nsgIds": [NSG],
                            "isPublicIpEnabled": False},
         "clusterPodNetworkOptions": [{"cniType": "OCI_VCN_IP_NATIVE"}]},
    )  # fmt: skip
    fake.add(
        "virtualNodePool",
        {"id": VNP, "compartmentId": OKE, "clusterId": CLUSTER, "displayName": "vnp", "lifecycleState": "ACTIVE",
         "placementConfigurations": [{"availabilityDomain": "Uocm:US-ASHBURN-AD-1", "subnetId": SUBNET,
                                      "faultDomain": ["FAULT-DOMAIN-1"]}],
         "podConfiguration": {"subnetId": SUBNET, "shape": "Pod.Standard.E4.Flex", "nsgIds": []}},
    )  # fmt: skip
    base = fake.start()
    config = oci.config.from_file(str(fake.config_file(tmp_path)))
    try:
        yield fake, base, config
    finally:
        fake.stop()


def _client(kind: Any, base: str, config: dict[str, Any], retry: Any = None) -> Any:
    return kind(
        config,
        service_endpoint=base,
        retry_strategy=retry or oci.retry.NoneRetryStrategy(),
        circuit_breaker_strategy=oci.circuit_breaker.NoCircuitBreakerStrategy(),
        timeout=(2, 5),
    )


def test_config_file_is_a_valid_oci_profile(tmp_path: Path) -> None:
    path = FakeOCI().config_file(tmp_path)
    config = oci.config.from_file(str(path))
    oci.config.validate_config(config)
    assert config["tenancy"] == TENANCY and config["user"] == "ocid1.user.oc1..fake"
    assert config["region"] == "us-ashburn-1"
    assert len(config["fingerprint"].split(":")) == 16
    assert Path(config["key_file"]).stat().st_mode & 0o777 == 0o600


def test_vcns_are_listed_across_pages(fake: tuple[FakeOCI, str, dict[str, Any]]) -> None:
    server, base, config = fake
    network = _client(oci.core.VirtualNetworkClient, base, config)
    response = oci.pagination.list_call_get_all_results(network.list_vcns, compartment_id=COMP)
    assert [v.display_name for v in response.data] == [f"vcn-{i}" for i in range(5)]
    assert response.data[0].cidr_blocks == ["10.0.0.0/16"]
    assert response.data[0].time_created.year == 2024
    assert len(server.requests) == 3
    assert all(r.startswith("/20160918/vcns?") and f"compartmentId={COMP}" in r for r in server.requests)
    assert "page=" not in server.requests[0]
    assert all("page=" in r for r in server.requests[1:])
    # One page at a time: the token comes back in opc-next-page; a larger limit gives one page.
    first = network.list_vcns(compartment_id=COMP)
    assert len(first.data) == 2 and first.has_next_page and first.headers["opc-request-id"]
    assert len(network.list_vcns(compartment_id=COMP, limit=10).data) == 5
    assert network.list_vcns(compartment_id="ocid1.compartment.oc1..nothing").data == []


def test_nsg_rules_are_listed(fake: tuple[FakeOCI, str, dict[str, Any]]) -> None:
    _, base, config = fake
    network = _client(oci.core.VirtualNetworkClient, base, config)
    rules = oci.pagination.list_call_get_all_results(
        network.list_network_security_group_security_rules, network_security_group_id=NSG
    ).data
    assert [r.id for r in rules] == ["R1", "R2", "R3"]
    assert rules[0].tcp_options.destination_port_range.min == 6443
    assert rules[2].icmp_options.code == 4
    assert rules[1].destination == "0.0.0.0/0" and rules[1].protocol == "all"
    ingress = network.list_network_security_group_security_rules(NSG, direction="INGRESS", limit=10).data
    assert [r.id for r in ingress] == ["R1", "R3"]
    groups = network.list_network_security_groups(compartment_id=COMP, vcn_id=_vcn(0)["id"]).data
    assert [g.display_name for g in groups] == ["nsg-x"]


def test_container_engine_get_and_list(fake: tuple[FakeOCI, str, dict[str, Any]]) -> None:
    server, base, config = fake
    ce = _client(oci.container_engine.ContainerEngineClient, base, config)
    cluster = ce.get_cluster(CLUSTER).data
    assert cluster.endpoint_config.subnet_id == SUBNET
    assert cluster.endpoint_config.is_public_ip_enabled is False
    assert cluster.cluster_pod_network_options[0].cni_type == "OCI_VCN_IP_NATIVE"
    assert [c.name for c in ce.list_clusters(compartment_id=OKE).data] == ["oke"]
    pools = oci.pagination.list_call_get_all_results(
        ce.list_virtual_node_pools, compartment_id=OKE, cluster_id=CLUSTER
    ).data
    assert [p.id for p in pools] == [VNP]
    assert pools[0].placement_configurations[0].subnet_id == SUBNET
    assert ce.get_virtual_node_pool(VNP).data.pod_configuration.shape == "Pod.Standard.E4.Flex"
    assert ce.list_virtual_node_pools(compartment_id=OKE, cluster_id="ocid1.cluster.oc1.iad.other").data == []
    assert ce.list_node_pools(compartment_id=OKE).data == []
    assert server.requests[0] == f"/20180222/clusters/{CLUSTER}"
    with pytest.raises(oci.exceptions.ServiceError) as caught:
        ce.get_cluster("ocid1.cluster.oc1.iad.missing")
    assert caught.value.status == 404 and caught.value.code == "NotAuthorizedOrNotFound"


def test_compartments_subtree_on_the_tenancy_and_children_elsewhere(fake: tuple[FakeOCI, str, dict[str, Any]]) -> None:
    _, base, config = fake
    identity = _client(oci.identity.IdentityClient, base, config)

    def names(parent: str, **kwargs: Any) -> list[str]:
        return [
            c.name
            for c in oci.pagination.list_call_get_all_results(
                identity.list_compartments, parent, access_level="ACCESSIBLE", lifecycle_state="ACTIVE", **kwargs
            ).data
        ]

    assert sorted(names(TENANCY, compartment_id_in_subtree=True)) == ["network", "oke", "oke-dev"]
    assert sorted(names(TENANCY)) == ["network", "oke"]
    assert names(OKE) == ["oke-dev"]
    assert names(OKE, compartment_id_in_subtree=True) == ["oke-dev"]  # only the tenancy lists a subtree
    assert names(OKE_DEV) == []
    assert identity.get_compartment(OKE).data.name == "oke"


def test_transient_faults_are_retried(fake: tuple[FakeOCI, str, dict[str, Any]]) -> None:
    server, base, config = fake
    server.fail("/natGateways", [429, 500])
    # DEFAULT_RETRY_STRATEGY's checks (429, 409 IncorrectState/LockConflict, 5xx but 501, timeouts), 4 attempts,
    # ~10 ms instead of 1 s, 2 s, 4 s... backoff.
    fast = (
        oci.retry.RetryStrategyBuilder(
            retry_base_sleep_time_seconds=0.01, decorrelated_jitter=0.01, retry_max_wait_between_calls_seconds=0.1
        )
        .add_max_attempts(4)
        .add_total_elapsed_time(30)
        .add_service_error_check(
            service_error_retry_config=oci.retry.retry_checkers.RETRYABLE_STATUSES_AND_CODES,
            service_error_retry_on_any_5xx=True,
        )
        .get_retry_strategy()
    )
    network = _client(oci.core.VirtualNetworkClient, base, config, retry=fast)
    start = time.perf_counter()
    response = network.list_nat_gateways(compartment_id=COMP)
    assert time.perf_counter() - start < 1.5
    assert response.status == 200 and [g.display_name for g in response.data] == ["nat"]
    assert [r.split("?")[0] for r in server.requests] == ["/20160918/natGateways"] * 3

    # Without retries, the injected status reaches the caller; faults are used up in order.
    server.fail("/natGateways", [429])
    plain = _client(oci.core.VirtualNetworkClient, base, config)
    with pytest.raises(oci.exceptions.ServiceError) as caught:
        plain.list_nat_gateways(compartment_id=COMP)
    assert caught.value.status == 429 and caught.value.code == "TooManyRequests"
    assert plain.list_nat_gateways(compartment_id=COMP).status == 200


def test_denied_calls_fail_every_time(fake: tuple[FakeOCI, str, dict[str, Any]]) -> None:
    server, base, config = fake
    server.fail_always(f"/{NSG}/securityRules", 404)
    network = _client(oci.core.VirtualNetworkClient, base, config, retry=oci.retry.DEFAULT_RETRY_STRATEGY)
    for _ in range(2):
        with pytest.raises(oci.exceptions.ServiceError) as caught:
            network.list_network_security_group_security_rules(NSG)
        assert caught.value.status == 404 and caught.value.code == "NotAuthorizedOrNotFound"
    assert len(server.requests) == 2  # a 404 is not retried
    assert len(network.list_vcns(compartment_id=COMP).data) == 2  # other paths are unaffected


def test_unknown_paths_and_bad_tokens(fake: tuple[FakeOCI, str, dict[str, Any]]) -> None:
    server, base, _ = fake

    def get(path: str) -> tuple[int, dict[str, Any], Any]:
        try:
            with urllib.request.urlopen(base + path, timeout=5) as reply:
                return reply.status, dict(reply.headers), json.loads(reply.read())
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read())

    status, headers, body = get("/20160918/instances?compartmentId=x")
    assert status == 404 and body["code"] == "NotAuthorizedOrNotFound"
    assert headers["Content-Type"] == "application/json" and headers["opc-request-id"]
    assert get(f"/20160918/vcns?compartmentId={COMP}&page=bogus")[0] == 400
    assert get("/20160918/vcns")[2]["code"] == "MissingParameter"
    assert get("/20180222/vcns?compartmentId=x")[0] == 404  # core paths live under the core version only
    assert get("/20160918/services")[2] == []
    assert server.requests[0] == "/20160918/instances?compartmentId=x"


def test_latency_overlaps_on_concurrent_requests(tmp_path: Path) -> None:
    fake = FakeOCI(page_size=50, latency=0.2)
    fake.add("vcn", _vcn(0))
    base = fake.start()
    try:
        config = oci.config.from_file(str(fake.config_file(tmp_path)))

        def one(_: int) -> int:
            return len(_client(oci.core.VirtualNetworkClient, base, config).list_vcns(compartment_id=COMP).data)

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(one, range(8))) == [1] * 8
        elapsed = time.perf_counter() - start
    finally:
        fake.stop()
    assert 0.2 <= elapsed < 1.0
    assert len(fake.requests) == 8
