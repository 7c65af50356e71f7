"""Mistakes in content, as values an editor can act on.

A mistake is never an exception that escapes to the user: loaders and validators append a
`ContentError` to a `Report`, every problem of a build is collected, and the command line turns
the report into one message and one exit code (`MaagalError`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import click

from maagal.run.said import say


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file: where, what is wrong, and how to fix it."""

    path: str
    line: int | None
    message: str
    hint: str = ""
    column: int | None = None

    @property
    def where(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}:{self.column}" if self.line and self.column else where

    def format(self) -> str:
        where = self.where
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text


@dataclass
class Report:
    """Collects every content error of a load, so editors see them all at once."""

    errors: list[ContentError] = field(default_factory=list)
    # Said to the editor, never a reason to stop: a build or check with notes alone succeeds.
    notes: list[ContentError] = field(default_factory=list)

    def add(
        self,
        path: str | PurePosixPath,
        line: int | None,
        message: str,
        hint: str = "",
        *,
        column: int | None = None,
    ) -> None:
        self.errors.append(ContentError(str(path), line, message, hint, column))

    def note(
        self, path: str | PurePosixPath, line: int | None, message: str, hint: str = ""
    ) -> None:
        self.notes.append(ContentError(str(path), line, message, hint))

    def format_notes(self, label: str = "note: ") -> list[str]:
        """Each note, as 'path:line: note: message' with its fix, once, in order."""
        return [
            f"{note.where}: {label}{note.message}"
            + (f"\n    fix: {note.hint}" if note.hint else "")
            for note in sorted(set(self.notes), key=lambda e: (e.path, e.line or 0, e.message))
        ]

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def __iter__(self) -> Iterator[ContentError]:
        return iter(
            sorted(set(self.errors), key=lambda e: (e.path, e.line or 0, e.column or 0, e.message))
        )

    def format(self) -> str:
        lines = [error.format() for error in self]
        count = len(lines)
        lines += self.format_notes()
        noun = "problem" if count == 1 else "problems"
        lines.append(f"{count} {noun} found; nothing was published.")
        return "\n".join(lines)


class MaagalError(click.ClickException):
    """The one exception that reaches the user: printed without a traceback, exit code 1."""

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


class ContentInvalid(MaagalError):
    """Raised at the edge when a `Report` holds errors."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.format())
        self.report = report


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' — did you mean 'x'?' for the closest known key, or '' when nothing is close."""
    matches = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return say(" — did you mean '{match}'?", match=matches[0]) if matches else ""
