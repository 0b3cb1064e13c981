import os
import sys
from dataclasses import dataclass

import pytest

from core import Request, calculate, load_rules
from core.cli import main


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture
def calc(rules):
    """calculate() with keyword arguments, as a reviewer would ask."""

    def _calc(**kwargs):
        return calculate(rules, Request(**kwargs))

    return _calc


@dataclass(frozen=True)
class Ran:
    """What one run of the command line gave: named as subprocess.run's result names it."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys):
    """``python -m core ARGS`` run in this process: ``core.cli.main(argv)``, its exit code
    and what it wrote. A run must leave the process as it found it (the environment, the
    working folder, the standard streams), or the next run would not start as a new
    process does: checked after each run. Always through capsys: main() sets its streams'
    error handler (on capsys's, which each test gets anew), and after a failed write it
    points stdout's file descriptor at os.devnull, which capsys's stream has none of (with
    pytest's own fd capture that would silence the rest of the run). What only a real
    process shows (a closed pipe, a full disk) is tested in test_cli.py with one."""

    def _run(*args) -> Ran:
        capsys.readouterr()
        environ, cwd, streams = dict(os.environ), os.getcwd(), (sys.stdout, sys.stderr)
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's --help ends with sys.exit(0)
            code = exc.code
        out, err = capsys.readouterr()
        assert (dict(os.environ), os.getcwd(), (sys.stdout, sys.stderr)) == (
            environ, cwd, streams), "the command line changed the process's state"
        return Ran(code, out, err)

    return _run
