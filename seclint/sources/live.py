"""Fetch the network live through the OCI SDK: every region given, the compartment and (unless told
not to) its accessible sub-compartments, every page of every list, calls in parallel with retries.

`oci` is imported here only, so offline runs never load it. A call that fails for good is recorded,
never skipped: the snapshot carries it, and seclint reports what could not be verified.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seclint.errors import UsageError

DEFAULT_CONFIG = "~/.oci/config"

# (kind for messages, client, list method, whether it takes compartment_id)
LIST_CALLS: tuple[tuple[str, str, str], ...] = (
    ("vcn", "network", "list_vcns"),
    ("subnet", "network", "list_subnets"),
    ("route table", "network", "list_route_tables"),
    ("security list", "network", "list_security_lists"),
    ("network security group", "network", "list_network_security_groups"),
    ("internet gateway", "network", "list_internet_gateways"),
    ("NAT gateway", "network", "list_nat_gateways"),
    ("service gateway", "network", "list_service_gateways"),
    ("DRG", "network", "list_drgs"),
    ("DRG attachment", "network", "list_drg_attachments"),
    ("local peering gateway", "network", "list_local_peering_gateways"),
    ("cluster", "containerengine", "list_clusters"),
    ("node pool", "containerengine", "list_node_pools"),
    ("virtual node pool", "containerengine", "list_virtual_node_pools"),
)


@dataclass(frozen=True)
class LiveOptions:
    compartment: str
    config_file: str = DEFAULT_CONFIG
    profile: str = "DEFAULT"
    auth: str = "api_key"
    regions: tuple[str, ...] = ()
    endpoint: str | None = None
    recurse: bool = True
    workers: int = 16
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_attempts: int = 6
    retry_base_seconds: float = 1.0


@dataclass(frozen=True)
class FailedCall:
    operation: str
    """The SDK operation, e.g. ``list_network_security_group_security_rules``."""
    resource: str
    """The compartment, NSG or region the call was about."""
    region: str
    status: int | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"operation": self.operation, "resource": self.resource, "region": self.region,
                "status": self.status, "message": self.message}  # fmt: skip


@dataclass
class Fetched:
    records: list[dict[str, Any]] = field(default_factory=list)
    failed: list[FailedCall] = field(default_factory=list)
    compartments: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    calls: int = 0


Progress = Callable[[int, int, str], None]


class _Clients:
    """One SDK client per thread, region and service: SDK clients are not thread-safe."""

    def __init__(self, options: LiveOptions, config: dict[str, Any], signer: object | None) -> None:
        import oci

        self.oci = oci
        self.options = options
        self.config = config
        self.signer = signer
        self.local = threading.local()
        # The SDK's default circuit breaker is shared by every client of the process: ten failures from
        # one bad endpoint would then fail every later call. Retries with backoff handle transient faults.
        self.retry = oci.retry.RetryStrategyBuilder(
            max_attempts=options.max_attempts,
            total_elapsed_time_seconds=300,
            retry_base_sleep_time_seconds=options.retry_base_seconds,
            retry_max_wait_between_calls_seconds=max(options.retry_base_seconds * 8, 0.1),
            decorrelated_jitter=options.retry_base_seconds,
            service_error_retry_config={-1: [], 409: ["IncorrectState", "LockConflict"], 429: []},
            service_error_retry_on_any_5xx=True,
        ).get_retry_strategy()

    def get(self, region: str, service: str) -> Any:
        cache = getattr(self.local, "clients", None)
        if cache is None:
            cache = self.local.clients = {}
        key = (region, service)
        if key not in cache:
            oci = self.oci
            kind = {
                "network": oci.core.VirtualNetworkClient,
                "containerengine": oci.container_engine.ContainerEngineClient,
                "identity": oci.identity.IdentityClient,
            }[service]
            kwargs: dict[str, Any] = {
                "retry_strategy": self.retry,
                "circuit_breaker_strategy": oci.circuit_breaker.NoCircuitBreakerStrategy(),
                "timeout": (self.options.connect_timeout, self.options.read_timeout),
            }
            if self.signer is not None:
                kwargs["signer"] = self.signer
            if self.options.endpoint:
                kwargs["service_endpoint"] = self.options.endpoint
            cache[key] = kind({**self.config, "region": region}, **kwargs)
        return cache[key]


def _config_and_signer(options: LiveOptions) -> tuple[dict[str, Any], object | None]:
    import oci

    path = str(Path(options.config_file).expanduser())
    if options.auth in ("api_key", "security_token"):
        try:
            config = oci.config.from_file(path, options.profile)
        except (oci.exceptions.ConfigFileNotFound, oci.exceptions.ProfileNotFound) as exc:
            raise UsageError(f"--config-file {path} --profile {options.profile}: {exc}") from None
        except oci.exceptions.InvalidConfig as exc:
            raise UsageError(f"{path} [{options.profile}]: invalid OCI config: {exc}") from None
        if options.auth == "api_key":
            return config, None
        token = Path(config["security_token_file"]).expanduser().read_text().strip()
        key = oci.signer.load_private_key_from_file(config["key_file"])
        return config, oci.auth.signers.SecurityTokenSigner(token, key)
    if options.auth == "instance_principal":
        signer = oci.auth.signers.InstancePrincipalsSecurityTokenSigner()
    elif options.auth == "resource_principal":
        signer = oci.auth.signers.get_resource_principals_signer()
    else:
        raise UsageError(
            f"--auth {options.auth!r}: one of api_key, instance_principal, resource_principal, security_token"
        )
    return {"region": getattr(signer, "region", None) or "", "tenancy": getattr(signer, "tenancy_id", "")}, signer


def fetch(options: LiveOptions, progress: Progress | None = None) -> Fetched:
    """Everything seclint needs from the compartment (tree) in every region."""
    config, signer = _config_and_signer(options)
    regions = list(options.regions) or [config.get("region") or ""]
    if not all(regions):
        raise UsageError("no region: pass --region or set region in the OCI config profile")
    clients = _Clients(options, config, signer)
    result = Fetched(regions=regions)
    lock = threading.Lock()
    done = [0]

    def call(region: str, service: str, method: str, resource: str, paged: bool, **kwargs: Any) -> list[Any] | None:
        client = clients.get(region, service)
        oci = clients.oci
        try:
            if paged:
                response = oci.pagination.list_call_get_all_results(getattr(client, method), **kwargs)
            else:
                response = getattr(client, method)(**kwargs)
        except oci.exceptions.ServiceError as exc:
            with lock:
                result.failed.append(FailedCall(method, resource, region, exc.status, f"{exc.code}: {exc.message}"))
            return None
        except (oci.exceptions.RequestException, oci.exceptions.ConnectTimeout, oci.exceptions.ClientError) as exc:
            with lock:
                result.failed.append(FailedCall(method, resource, region, None, f"{type(exc).__name__}: {exc}"))
            return None
        finally:
            with lock:
                result.calls += 1
        data = response.data
        return list(data) if isinstance(data, list) else [data]

    def tick(total: int, what: str) -> None:
        with lock:
            done[0] += 1
            if progress is not None:
                progress(done[0], total, what)

    compartments = _compartments(options, regions[0], call)
    result.compartments = compartments
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        jobs = {
            pool.submit(call, region, service, method, compartment, True, compartment_id=compartment): (region, kind)
            for region in regions
            for compartment in compartments
            for kind, service, method in LIST_CALLS
        }
        jobs.update(
            {
                pool.submit(call, region, "network", "list_services", region, True): (region, "service")
                for region in regions
            }
        )
        total = len(jobs)
        nsgs: list[tuple[str, dict[str, Any]]] = []
        for future in as_completed(jobs):
            region, kind = jobs[future]
            items = future.result() or []
            for item in items:
                record = clients.oci.util.to_dict(item)
                record["seclint_region"] = region
                if kind == "network security group":
                    nsgs.append((region, record))
                else:
                    result.records.append(record)
            tick(total, kind)
        rule_jobs = {
            pool.submit(
                call, region, "network", "list_network_security_group_security_rules", nsg["id"], True,
                network_security_group_id=nsg["id"],
            ): (region, nsg)
            for region, nsg in nsgs
        }  # fmt: skip
        total += len(rule_jobs)
        for future in as_completed(rule_jobs):
            _, nsg = rule_jobs[future]
            rules = future.result()
            if rules is not None:
                nsg["security_rules"] = [clients.oci.util.to_dict(r) for r in rules]
            result.records.append(nsg)
            tick(total, "NSG rules")
    result.records.sort(key=lambda r: str(r.get("id")))
    return result


def _compartments(options: LiveOptions, region: str, call: Callable[..., list[Any] | None]) -> list[str]:
    """The compartment and, level by level (each level in parallel), its accessible ACTIVE children."""
    found = [options.compartment]
    if not options.recurse:
        return found
    frontier = [options.compartment]
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        while frontier:
            levels = pool.map(
                lambda parent: call(
                    region, "identity", "list_compartments", parent, True,
                    compartment_id=parent, access_level="ACCESSIBLE", lifecycle_state="ACTIVE",
                ),
                frontier,
            )  # fmt: skip
            children = [c.id for items in levels for c in items or [] if c.id not in found]
            children = list(dict.fromkeys(children))
            found.extend(children)
            frontier = children
    return found


def snapshot_document(fetched: Fetched, options: LiveOptions, version: str) -> dict[str, Any]:
    """What `seclint export` writes: the records, and where and when they came from."""
    return {
        "seclint-snapshot": {
            "seclint-version": version,
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "regions": fetched.regions,
            "compartments": fetched.compartments,
            "recursive": options.recurse,
            "calls": fetched.calls,
            "failed-calls": [f.as_dict() for f in fetched.failed],
        },
        "data": fetched.records,
    }
