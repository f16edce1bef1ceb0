"""Facts every reporter shows the same way."""

from __future__ import annotations

from seclint.roles import ClusterRoles, Origin


def role_source(cluster: ClusterRoles) -> str:
    origins = {e.origin for e in cluster.endpoints}
    parts = []
    if Origin.METADATA in origins:
        parts.append("OKE metadata")
    if Origin.OVERRIDE in origins:
        parts.append("--role")
    if Origin.NAME in origins:
        parts.append("Quick Create subnet names (no cluster metadata in the input)")
    return " and ".join(parts) or "nothing"
