"""Settings from ``seclint.toml`` or ``[tool.seclint]`` in ``pyproject.toml`` (found from the working
directory upward, or named with ``--config``): rule selection, fail-on, roles, the LB-rules mode,
a baseline file and waivers."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from seclint.errors import UsageError


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    """Rule id, id prefix or name."""
    resource: str
    """OCID or display name of one of the finding's resources."""
    reason: str = Field(min_length=1)
    expires: date | None = None


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(default=None, alias="fail-on")
    roles: list[str] = Field(default_factory=list)
    lb_rules: Literal["auto", "manual"] | None = Field(default=None, alias="lb-rules")
    baseline: str | None = None
    waivers: list[Waiver] = Field(default_factory=list)
    source: str | None = Field(default=None, exclude=True)


def find_config(start: Path) -> Path | None:
    for directory in [start, *start.parents]:
        own = directory / "seclint.toml"
        if own.is_file():
            return own
        project = directory / "pyproject.toml"
        if project.is_file():
            try:
                if "seclint" in tomllib.loads(project.read_text()).get("tool", {}):
                    return project
            except tomllib.TOMLDecodeError:
                continue
    return None


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read configuration: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("seclint", {})
    try:
        return Settings.model_validate({**data, "source": str(path)})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise UsageError(f"{path}: {where}: {error['msg']}") from None
