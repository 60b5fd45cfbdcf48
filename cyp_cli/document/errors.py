"""The one error a build reports: what went wrong and, where known, the source file and
line, so the CLI prints ``cyp: sections/x.md:12: ...`` and exits without a traceback."""

from __future__ import annotations


class BuildError(Exception):
    """A build cannot go on (missing image, unresolvable link, a pandoc or typst
    failure). ``exit_code`` is 1 for a problem in the plan, 2 for a missing or broken
    tool."""

    def __init__(self, message: str, file: str = "", line: int = 0, exit_code: int = 1) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.exit_code = exit_code
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (
            f"{self.file}: " if self.file else "")
        return f"{where}{self.message}"
