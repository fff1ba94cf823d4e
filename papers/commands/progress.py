"""What a long build is doing, shown on the terminal with rich: one line per stage, a bar for pages and packs.

Only on a terminal: when standard output is a file or a pipe (CI logs), nothing is shown
but the final line the command prints. The display goes to the terminal only, never into
the site (papers/pipeline.py tells it the stages; it never sees an output file).
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn


class TerminalProgress:
    """A `papers.pipeline.Progress` that draws on `console` when it is an interactive terminal, and is silent
    otherwise. Use it as a context manager around the build."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()
        self.shown = self.console.is_terminal and not self.console.is_dumb_terminal
        self.bars = Progress(
            SpinnerColumn(finished_text="[green]done[/]"),
            TextColumn("{task.description:<34}"),
            BarColumn(),
            TextColumn("{task.fields[count]:>13}"),
            TimeElapsedColumn(),
            console=self.console,
            disable=not self.shown,
        )
        self.current: TaskID | None = None
        self.name = ""

    def __enter__(self) -> TerminalProgress:
        self.bars.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if error is None:
            self._finish()
        self.bars.stop()

    def stage(self, name: str) -> None:
        self._finish()
        self.name = name
        self.current = self.bars.add_task(name, total=None, count="")

    def count(self, name: str, done: int, total: int) -> None:
        if name != self.name:
            self.stage(name)
        assert self.current is not None
        self.bars.update(self.current, completed=done, total=total, count=f"{done:,}/{total:,}")

    def _finish(self) -> None:
        """The stage under way is over: its bar full, its spinner stopped, its time kept."""
        if self.current is None:
            return
        task = next(task for task in self.bars.tasks if task.id == self.current)
        total = task.total if task.total else 1
        self.bars.update(self.current, total=total, completed=total)
        self.bars.stop_task(self.current)
        self.current = None
