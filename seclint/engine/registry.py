"""The rule registry: every rule file in ``rules/``, validated, with unique ids and names."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from seclint.engine.spec import RuleSpec
from seclint.errors import UsageError


class RuleLoadError(Exception):
    """A rule file that is not valid; a packaging bug, never the user's fault."""


def rules_directory() -> Path:
    """The rule pack: inside the installed package, or the repository's ``rules/`` in a checkout."""
    packaged = resources.files("seclint") / "_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleLoadError("the rule pack is missing: neither seclint/_rules nor ./rules exists")


def load_rules(directory: Path | None = None) -> list[RuleSpec]:
    directory = directory or rules_directory()
    specs: list[RuleSpec] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            spec = RuleSpec.model_validate(data)
        except (yaml.YAMLError, ValidationError, ValueError) as exc:
            raise RuleLoadError(f"{path}: {exc}") from exc
        for key in (spec.id, spec.name):
            if key in seen:
                raise RuleLoadError(f"{path}: {key} is already defined in {seen[key]}")
            seen[key] = path
        if path.stem != spec.id:
            raise RuleLoadError(f"{path}: file name must be the rule id {spec.id}.yaml")
        specs.append(spec)
    return specs


@cache
def registry() -> tuple[RuleSpec, ...]:
    return tuple(load_rules())


def matches(spec: RuleSpec, patterns: Iterable[str]) -> bool:
    """True when an id prefix (``OKE1``, ``OKE101``) or the kebab name matches."""
    return any(spec.id.startswith(p.upper()) or spec.name == p for p in patterns)


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[RuleSpec]:
    select, ignore = list(select), list(ignore)
    specs = registry()
    for pattern in [*select, *ignore]:
        if not any(matches(s, [pattern]) for s in specs):
            raise UsageError(f"no rule id, prefix or name matches {pattern!r}; see `seclint rules`")
    chosen = [s for s in specs if (not select or matches(s, select)) and not matches(s, ignore)]
    return chosen
