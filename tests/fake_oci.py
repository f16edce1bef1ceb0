"""A fake OCI REST API on loopback that the real `oci` Python SDK (and the `oci` CLI) can talk to.

Serves GET list/get calls for the resources seclint reads, in the camelCase wire format, with the
real API's query parameters and `opc-next-page` pagination, plus fault injection and a request log::

    fake = FakeOCI(page_size=2)
    fake.add("vcn", {"id": "ocid1.vcn.oc1.iad.a", "compartmentId": C, "displayName": "a", ...})
    fake.fail("/natGateways", [429, 500])          # the next two matching calls fail, then normal answers
    base = fake.start()                            # "http://127.0.0.1:PORT"
    config = oci.config.from_file(str(fake.config_file(tmp_path)))
    client = oci.core.VirtualNetworkClient(config, service_endpoint=base, ...)
    ...
    fake.stop()

Nothing here talks to the internet. Records are stored as given (wire JSON, camelCase); the SDK turns
them into its models. Unknown paths answer 404 NotAuthorizedOrNotFound, as the real API does.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import socket
import sys
import threading
import time
import traceback
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

CORE = "20160918"
CONTAINER_ENGINE = "20180222"

# (API version, collection in the URL) -> kind of record served there.
COLLECTIONS: dict[tuple[str, str], str] = {
    (CORE, "compartments"): "compartment",
    (CORE, "vcns"): "vcn",
    (CORE, "subnets"): "subnet",
    (CORE, "routeTables"): "routeTable",
    (CORE, "securityLists"): "securityList",
    (CORE, "networkSecurityGroups"): "networkSecurityGroup",
    (CORE, "internetGateways"): "internetGateway",
    (CORE, "natGateways"): "natGateway",
    (CORE, "serviceGateways"): "serviceGateway",
    (CORE, "services"): "service",
    (CORE, "drgs"): "drg",
    (CORE, "drgAttachments"): "drgAttachment",
    (CORE, "localPeeringGateways"): "localPeeringGateway",
    (CONTAINER_ENGINE, "clusters"): "cluster",
    (CONTAINER_ENGINE, "nodePools"): "nodePool",
    (CONTAINER_ENGINE, "virtualNodePools"): "virtualNodePool",
}
KINDS = frozenset(COLLECTIONS.values())

# Query parameters that filter a list by equality with the record's field of the same name.
FILTERS = ("compartmentId", "vcnId", "clusterId", "drgId", "lifecycleState", "displayName", "name")

# What a list call must be given, as the real API insists (one of the names).
REQUIRED: dict[str, tuple[str, ...]] = {
    "service": (),
    "networkSecurityGroup": ("compartmentId", "vcnId", "vlanId"),
}

ERROR_CODES = {
    400: "InvalidParameter",
    401: "NotAuthenticated",
    404: "NotAuthorizedOrNotFound",
    409: "IncorrectState",
    429: "TooManyRequests",
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}

TENANCY = "ocid1.tenancy.oc1..fake"
USER = "ocid1.user.oc1..fake"


class _Reply(Exception):
    """An answer other than 200, raised from deep inside the routing."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _code(status)
        self.message = message


def _code(status: int) -> str:
    if status in ERROR_CODES:
        return ERROR_CODES[status]
    return "InternalServerError" if status >= 500 else "InvalidParameter"


class FakeOCI:
    """A loopback stand-in for the OCI Core, Identity and Container Engine REST APIs (GET only)."""

    def __init__(self, *, page_size: int = 2, latency: float = 0.0) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size
        self.latency = latency
        self.requests: list[str] = []
        self.base_url: str | None = None
        self._records: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
        self._nsg_rules: dict[str, list[dict[str, Any]]] = {}
        self._faults: list[tuple[str, deque[int]]] = []
        self._always: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()

    # --- dataset -----------------------------------------------------------------------------

    def add(self, kind: str, record: dict) -> None:
        """Add one wire-format (camelCase) record of `kind`, e.g. ``add("vcn", {"id": ..., "compartmentId": ...})``."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; one of {sorted(KINDS)}")
        if "id" not in record:
            raise ValueError(f"{kind} record has no 'id': {record!r}")
        if kind != "service" and "compartmentId" not in record:
            raise ValueError(f"{kind} record {record['id']} has no 'compartmentId'")
        with self._lock:
            self._records[kind].append(copy.deepcopy(record))

    def add_nsg_rules(self, nsg_id: str, rules: list[dict]) -> None:
        """Add wire-format security rules to NSG `nsg_id` (``.../networkSecurityGroups/{id}/securityRules``)."""
        with self._lock:
            self._nsg_rules.setdefault(nsg_id, []).extend(copy.deepcopy(rules))

    # --- fault injection ---------------------------------------------------------------------

    def fail(self, path_substring: str, statuses: list[int]) -> None:
        """The next ``len(statuses)`` requests whose path+query contains `path_substring` get these statuses."""
        with self._lock:
            self._faults.append((path_substring, deque(statuses)))

    def fail_always(self, path_substring: str, status: int) -> None:
        """Every request whose path+query contains `path_substring` gets `status`."""
        with self._lock:
            self._always.append((path_substring, status))

    def _injected(self, target: str) -> int | None:
        candidates = (target, unquote(target))
        with self._lock:
            for substring, statuses in self._faults:
                if statuses and any(substring in c for c in candidates):
                    return statuses.popleft()
            for substring, status in self._always:
                if any(substring in c for c in candidates):
                    return status
        return None

    # --- server ------------------------------------------------------------------------------

    def start(self) -> str:
        """Serve on 127.0.0.1 (a free port) in a daemon thread; return the endpoint for ``service_endpoint=``."""
        if self._server is not None:
            raise RuntimeError("FakeOCI is already started")
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-oci", daemon=True
        )
        self._thread.start()
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        return self.base_url

    def stop(self) -> None:
        """Stop serving and drop open (keep-alive) connections. Safe to call twice."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeOCI:
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- credentials -------------------------------------------------------------------------

    def config_file(self, directory: Path) -> Path:
        """Write a throwaway RSA key and an OCI config ([DEFAULT]) using it into `directory`; return the config."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        pem, fingerprint = _throwaway_key()
        key_file = directory / "fake_oci_key.pem"
        key_file.write_bytes(pem)
        key_file.chmod(0o600)
        config = directory / "fake_oci_config"
        config.write_text(
            "[DEFAULT]\n"
            f"user={USER}\n"
            f"tenancy={TENANCY}\n"
            f"fingerprint={fingerprint}\n"
            f"key_file={key_file}\n"
            "region=us-ashburn-1\n"
        )
        config.chmod(0o600)
        return config

    # --- routing -----------------------------------------------------------------------------

    def _route(self, target: str) -> tuple[Any, dict[str, str]]:
        """The JSON body and extra headers for a GET of `target` (path+query), or raise _Reply."""
        split = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        parts = [unquote(p) for p in split.path.strip("/").split("/")]
        if len(parts) < 2 or (parts[0], parts[1]) not in COLLECTIONS:
            raise _Reply(404, f"Unknown resource {split.path}")
        kind = COLLECTIONS[(parts[0], parts[1])]
        if len(parts) == 2:
            return self._list(kind, query)
        if len(parts) == 3:
            return self._get(kind, parts[2])
        if len(parts) == 4 and kind == "networkSecurityGroup" and parts[3] == "securityRules":
            return self._nsg_rules_page(parts[2], query)
        raise _Reply(404, f"Unknown resource {split.path}")

    def _get(self, kind: str, resource_id: str) -> tuple[Any, dict[str, str]]:
        with self._lock:
            record = next((r for r in self._records[kind] if r.get("id") == resource_id), None)
        if record is None:
            raise _Reply(404, f"Authorization failed or requested resource not found: {kind} {resource_id}")
        etag = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:32]
        return record, {"etag": etag}

    def _list(self, kind: str, query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        required = REQUIRED.get(kind, ("compartmentId",))
        if required and not any(query.get(name) for name in required):
            raise _Reply(400, f"Missing parameter: one of {', '.join(required)}", "MissingParameter")
        with self._lock:
            records = list(self._records[kind])
            known_compartments = {r["id"] for r in self._records["compartment"]}
        if kind == "compartment":
            parent = query["compartmentId"]
            subtree = query.get("compartmentIdInSubtree", "").lower() == "true"
            # Subtree listing only works on the root (the tenancy): an id that is not itself a known compartment.
            if subtree and (parent.startswith("ocid1.tenancy.") or parent not in known_compartments):
                records = _descendants(records, parent)
                query = {k: v for k, v in query.items() if k != "compartmentId"}
        selected = [r for r in records if _matches(r, query)]
        return self._page(selected, query)

    def _nsg_rules_page(self, nsg_id: str, query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        with self._lock:
            rules = self._nsg_rules.get(nsg_id)
            known = any(r.get("id") == nsg_id for r in self._records["networkSecurityGroup"])
        if rules is None and not known:
            raise _Reply(404, f"Authorization failed or requested resource not found: networkSecurityGroup {nsg_id}")
        rules = list(rules or [])
        if query.get("direction"):
            rules = [r for r in rules if r.get("direction") == query["direction"]]
        return self._page(rules, query)

    def _page(self, items: list[dict[str, Any]], query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        try:
            limit = int(query.get("limit") or self.page_size)
        except ValueError:
            raise _Reply(400, f"Invalid limit {query.get('limit')!r}") from None
        if limit < 1:
            raise _Reply(400, f"Invalid limit {limit}")
        start = 0
        if query.get("page"):
            token = query["page"]
            if not token.startswith("page-") or not token[5:].isdigit():
                raise _Reply(400, f"Invalid page token {token!r}")
            start = int(token[5:])
        end = start + limit
        headers = {"opc-next-page": f"page-{end}"} if end < len(items) else {}
        return items[start:end], headers


def _matches(record: dict[str, Any], query: dict[str, str]) -> bool:
    for name in FILTERS:
        wanted = query.get(name)
        if not wanted:
            continue
        if name == "lifecycleState" and "lifecycleState" not in record:
            continue  # a record added without a state is taken to be in every state
        if record.get(name) != wanted:
            return False
    return True


def _descendants(compartments: list[dict[str, Any]], root: str) -> list[dict[str, Any]]:
    """Every compartment below `root`, parents before children."""
    found: list[dict[str, Any]] = []
    frontier = {root}
    seen = {root}
    while frontier:
        level = [c for c in compartments if c.get("compartmentId") in frontier and c["id"] not in seen]
        found.extend(level)
        frontier = {c["id"] for c in level}
        seen |= frontier
    return found


@functools.cache
def _throwaway_key() -> tuple[bytes, str]:
    """One RSA key per process (PEM, PKCS#8, unencrypted) and its OCI-style MD5 fingerprint."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    digest = hashlib.md5(der, usedforsecurity=False).hexdigest()
    return pem, ":".join(digest[i : i + 2] for i in range(0, 32, 2))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeOCI

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # the client went away, or stop() closed the connection
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.fake._lock:
            self.server.fake._connections.add(self.connection)

    def finish(self) -> None:
        with self.server.fake._lock:
            self.server.fake._connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve(get=True)

    def do_POST(self) -> None:
        self._serve(get=False)

    do_PUT = do_POST
    do_DELETE = do_POST
    do_PATCH = do_POST
    do_HEAD = do_POST

    def _serve(self, *, get: bool) -> None:
        fake = self.server.fake
        with fake._lock:
            fake.requests.append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if fake.latency:
            time.sleep(fake.latency)
        headers: dict[str, str] = {}
        status = fake._injected(self.path)
        if status is not None:
            body: Any = {"code": _code(status), "message": f"Injected failure {status} for {self.path}"}
        elif not get:
            status, body = 404, {"code": "NotAuthorizedOrNotFound", "message": f"{self.command} is not served here"}
        else:
            try:
                body, headers = fake._route(self.path)
                status = 200
            except _Reply as reply:
                status, body = reply.status, {"code": reply.code, "message": reply.message}
            except Exception as exc:
                traceback.print_exc()
                status, body = 500, {"code": "InternalServerError", "message": f"fake_oci bug: {exc!r}"}
        self._send(status, body, headers)

    def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        request_id = self.headers.get("opc-request-id") or uuid.uuid4().hex.upper()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("opc-request-id", request_id)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
