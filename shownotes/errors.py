"""Problems found in a site's input, each tied to a file and line."""
from __future__ import annotations

import reprlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what to do about it."""

    path: Path | None
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class SiteError(Exception):
    """Raised with every problem found, so the user can fix them all in one go."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(path: Path | None, line: int | None, message: str) -> SiteError:
    """Shorthand for a SiteError holding one problem."""
    return SiteError(Problem(path, line, message))


# What an operating system error means for the person at the keyboard, where strerror is terse.
_ADVICE = {
    "ENOSPC": "no space left on the device (or no free inodes); free some, then run again",
    "EDQUOT": "over the disk quota; free some space, then run again",
    "EROFS": "the file system is read-only",
    "EACCES": "permission denied",
    "EPERM": "not permitted",
}


def os_text(error: OSError) -> str:
    """What an OSError means, in words: where strerror is terse, with what to do."""
    import errno

    return _ADVICE.get(errno.errorcode.get(error.errno or 0, "")) or error.strerror or str(error)


def os_problem(error: OSError, path: Path | None = None, doing: str = "") -> Problem:
    """An OSError as a Problem naming the file it is about (`path`, else the error's own)."""
    if path is None and isinstance(error.filename, str):
        path = Path(error.filename)
    return Problem(path, None, f"cannot {doing}: {os_text(error)}" if doing else os_text(error))


class _Short(reprlib.Repr):
    """repr() that stops early: a message shows the start of a value, never all of it."""

    def __init__(self) -> None:
        super().__init__()
        self.maxstring = self.maxother = 60
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = self.maxfrozenset = 4
        self.maxlevel = 3

    def repr_str(self, x: str, level: int) -> str:
        return repr(x) if len(x) <= self.maxstring else repr(x[:self.maxstring - 10]) + "..."

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 128:  # repr() of a huge number is slow, and past 4300 digits an error
            return f"a number of about {int(x.bit_length() * 0.30103)} digits"
        return super().repr_int(x, level)


_SHORT = _Short()
QUOTED = 100  # the most characters of a value a message shows


def quoted(value: object) -> str:
    """A value as an error message shows it: repr() of at most its first few dozen characters and items
    (a 10 MB string, or a YAML alias bomb, stays one short line)."""
    text = _SHORT.repr(value)
    return text if len(text) <= QUOTED else text[:QUOTED - 3] + "..."
