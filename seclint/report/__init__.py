"""Reporters: pure functions from a `Result` to text. One module per format."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

from seclint.api import Result
from seclint.findings import Severity


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    MARKDOWN = "markdown"
    HTML = "html"


@dataclass(frozen=True)
class ReportOptions:
    fail_on: Severity | None = Severity.ERROR
    """Lowest severity that fails the run; None never fails."""
    color: bool = False


def failed(result: Result, fail_on: Severity | None) -> bool:
    if fail_on is None:
        return False
    return any(f.severity.rank >= fail_on.rank for f in result.findings)


def render(result: Result, fmt: Format, options: ReportOptions) -> str:
    from seclint.report import html, json_report, markdown, sarif, text

    if fmt is Format.TEXT:
        return text.render(result, options)
    if fmt is Format.JSON:
        return json_report.render(result, options)
    if fmt is Format.SARIF:
        return sarif.render(result, options)
    if fmt is Format.MARKDOWN:
        return markdown.render(result, options)
    if fmt is Format.HTML:
        return html.render(result, options)
    assert_never(fmt)
