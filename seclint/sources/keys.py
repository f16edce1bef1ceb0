"""One key style for three: CLI kebab-case, SDK snake_case and REST wire camelCase all become snake_case.

Keys are converted one by one, so a file mixing styles still works. The values of tag-like maps
(`defined_tags`, `freeform_tags`, …) are user data and are never renamed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

TAG_MAPS = frozenset({"defined_tags", "freeform_tags", "system_tags", "security_attributes", "node_metadata"})
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@lru_cache(maxsize=4096)
def snake(key: str) -> str:
    """``route-table-id``, ``routeTableId`` and ``route_table_id`` all give ``route_table_id``."""
    if "-" in key:
        return key.replace("-", "_").lower()
    if key.islower() or not any(c.isupper() for c in key):
        return key
    return _CAMEL_BOUNDARY.sub("_", key).lower()


@lru_cache(maxsize=4096)
def kebab(key: str) -> str:
    """The OCI CLI spelling of a snake_case key, for messages."""
    return key.replace("_", "-")


_SCALARS = frozenset({str, int, float, bool, type(None)})
_SNAKE: dict[str, str] = {}


def normalize(value: Any) -> Any:
    """A copy of `value` with every dict key in snake_case, leaving tag maps untouched."""
    kind = type(value)
    if kind is dict:
        out = {}
        for key, item in value.items():
            name = _SNAKE.get(key) if isinstance(key, str) else key
            if name is None:
                name = _SNAKE.setdefault(key, snake(key))
            out[name] = item if name in TAG_MAPS or type(item) in _SCALARS else normalize(item)
        return out
    if kind is list:
        return [item if type(item) in _SCALARS else normalize(item) for item in value]
    return value
