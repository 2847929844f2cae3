"""Progress of a long CLI command: a bar on a terminal, a line every few seconds elsewhere.

`progress(total, label)` is a context manager with `update(n)`. On a terminal it is click's
progress bar. Without one (a pipe, a log file, cron, CI) a bar would print nothing useful,
so it prints `label: done of total (percent)` (in the user's language) when at least
`every` seconds (by the monotonic clock) have passed since the previous line, and once at
the end.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, Protocol, TextIO, cast

import click

from server import messages
from server.cli.errors import cli_locale

#: Seconds between two progress lines when not on a terminal.
EVERY = 5.0


class Progress(Protocol):
    def update(self, n_steps: int) -> None: ...


class ProgressLines:
    """Prints a progress line at most every `every` seconds of `clock`, and at the end."""

    def __init__(
        self,
        total: int,
        label: str,
        file: IO[str] | None = None,
        every: float = EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.label = label
        self.file = file
        self.every = every
        self.clock = clock
        self.done = 0
        self._last = clock()
        self._printed_at: int | None = None

    def update(self, n_steps: int) -> None:
        self.done += n_steps
        now = self.clock()
        if now - self._last >= self.every:
            self._last = now
            self._print()

    def finish(self) -> None:
        if self._printed_at != self.done:
            self._print()

    def _print(self) -> None:
        percent = 100 * self.done // self.total if self.total else 100
        values = {"label": self.label, "done": self.done, "total": self.total, "percent": percent}
        line = messages.localize("{label}: {done} of {total} ({percent} %)", values, cli_locale())
        click.echo(line, file=self.file)
        self._printed_at = self.done


def is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress(
    total: int,
    label: str,
    file: IO[str] | None = None,
    clock: Callable[[], float] = time.monotonic,
    every: float = EVERY,
) -> Iterator[Progress]:
    """A progress reporter for `total` steps (see the module docstring); `label` is an
    English text of server/messages.py, shown in the user's language."""
    label = messages.localize(label, None, cli_locale())
    if is_terminal(file if file is not None else sys.stdout):
        with click.progressbar(length=total, label=label, file=cast("TextIO | None", file)) as bar:
            yield bar
        return
    lines = ProgressLines(total, label, file, every, clock)
    yield lines
    lines.finish()
