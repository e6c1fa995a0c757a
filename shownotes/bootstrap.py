"""Install the project's dependencies on first use, with nothing but the standard library.

A fresh machine has only Python: the first `python3 build.py` (or `python3 tests/run.py`)
makes `.venv/`, installs the requirements there and re-runs itself inside it.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _missing(modules: list[str]) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def ensure(requirements: str, modules: list[str]) -> None:
    """Return if `modules` import here; else re-exec this command in .venv with `requirements` installed."""
    if not _missing(modules):
        return
    if Path(sys.prefix).resolve() == VENV.resolve():
        sys.exit(f"missing {', '.join(_missing(modules))} even inside {VENV}; delete {VENV} and run again")
    python = _venv_python()
    stamp = VENV / f".installed-{Path(requirements).stem}"
    wanted = hashlib.sha256(b"".join((ROOT / r).read_bytes() for r in _requirement_files(requirements))).hexdigest()
    if not python.exists():
        print(f"setting up {VENV} (first run only)...", file=sys.stderr)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as error:
            # Debian without python3-venv cannot make one: install for this Python instead.
            print(f"cannot create {VENV} ({error}); installing {requirements} with this Python's pip", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--user", "-r",
                            str(ROOT / requirements)], check=True)
            os.execv(sys.executable, [sys.executable, *sys.argv])
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"installing {requirements} into {VENV}...", file=sys.stderr)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(ROOT / requirements)], check=True)
        stamp.write_text(wanted)
    os.execv(str(python), [str(python), *sys.argv])


def _requirement_files(name: str) -> list[str]:
    """The requirements file and the ones it includes with `-r`."""
    files = [name]
    for line in (ROOT / name).read_text().splitlines():
        if line.startswith("-r "):
            files += _requirement_files(line[3:].strip())
    return files
