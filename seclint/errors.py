"""Errors that end a run with exit code 2: bad input or bad usage, reported as one line."""

from __future__ import annotations


class SeclintError(Exception):
    """Base of the errors the CLI turns into one line on stderr and exit code 2."""


class InputError(SeclintError):
    """Input seclint cannot read: names the file, the resource OCID and the field when known."""

    def __init__(
        self, file: str | None = None, *, ocid: str | None = None, field: str | None = None, message: str
    ) -> None:
        self.file = file
        self.ocid = ocid
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.ocid, self.field) if p]
        return ": ".join([*parts, self.message])


class UsageError(SeclintError):
    """A command-line or configuration value seclint cannot use."""
