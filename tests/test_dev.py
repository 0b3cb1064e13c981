"""``./dev``'s first step, the Debian packages Qt needs, on systems this one is not.

A copy of ``dev`` runs in a scratch folder with stand-ins on PATH: ``dpkg-query`` answers
from a small package database, ``apt-get`` and ``sudo`` write down how they were called, and
the Python given as PYTHON stops ``dev`` right after that step (it cannot make a .venv).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sys.platform == "win32" or shutil.which("bash") is None,
                                reason="./dev's Debian step: bash on Linux")

# dpkg-query -W [-f FORMAT] [NAME...] over PACKAGES (name -> its Provides field), as the real
# one answers: installed packages only, by their own names, "no packages found" otherwise.
FAKE_DPKG_QUERY = r'''#!/usr/bin/env python3
import json, os, re, sys
packages = json.loads(os.environ["FAKE_PACKAGES"])
args = sys.argv[1:]
assert args[0] == "-W", args
fmt = "${binary:Package}\t${Version}\n"
names = []
for arg in args[1:]:
    if arg.startswith("-f="):
        fmt = arg[3:]
    elif arg.startswith("--showformat="):
        fmt = arg[len("--showformat="):]
    else:
        names.append(arg)
fields = lambda name: {"Package": name, "Provides": packages[name], "db:Status-Abbrev": "ii ",
                       "Status": "install ok installed", "binary:Package": name + ":amd64",
                       "Version": "1.0"}
rc = 0
for name in names or sorted(packages):
    if name not in packages:
        print(f"dpkg-query: no packages found matching {name}", file=sys.stderr)
        rc = 1
        continue
    out = re.sub(r"\$\{([^}]+)\}", lambda m: fields(name)[m[1]], fmt)
    sys.stdout.write(out.encode().decode("unicode_escape"))
sys.exit(rc)
'''
RECORDER = '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'
# sudo that needs a password: -n (non-interactive) fails, as sudo does without one cached
FAKE_SUDO = RECORDER + ('[ "$1" = -n ] && { echo "sudo: a password is required" >&2; exit 1; }\n'
                        "exit 1\n")
# Python >= 3.11 for find_python's test, then no venv: dev stops after the Debian step
FAKE_PYTHON = '''#!/bin/sh
case "$2" in *version_info*) case "$2" in *print*) echo 3.11 ;; esac; exit 0 ;; esac
echo "fake python: no venv here" >&2; exit 1
'''


def apt_pkgs() -> list[str]:
    """The packages ./dev checks for (its APT_PKGS)."""
    text = (ROOT / "dev").read_text(encoding="utf-8")
    return re.search(r"^APT_PKGS=\(([^)]*)\)", text, re.MULTILINE)[1].split()


def run_dev(packages: dict[str, str], *, as_user: bool):
    """``./dev test`` in a scratch copy; returns (completed process, the calls recorded)."""
    work = Path(tempfile.mkdtemp(prefix="dmc-units-dev-"))
    try:
        bin_dir = work / "bin"
        bin_dir.mkdir()
        for name, text in [("dpkg-query", FAKE_DPKG_QUERY),
                           ("apt-get", RECORDER), ("sudo", FAKE_SUDO), ("python", FAKE_PYTHON)]:
            (bin_dir / name).write_text(text, encoding="utf-8")
            (bin_dir / name).chmod(0o755)
        shutil.copy(ROOT / "dev", work / "dev")
        calls = work / "calls"
        calls.touch()
        os.chmod(work, 0o777)  # a user dropped to from root writes .venv.log and calls here
        os.chmod(calls, 0o666)
        env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(work), "CALLS": str(calls),
               "PYTHON": str(bin_dir / "python"), "FAKE_PACKAGES": json.dumps(packages)}
        command = ["bash", str(work / "dev"), "test"]
        if as_user and os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("as root, a user's run needs setpriv")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=60)
        return done, calls.read_text(encoding="utf-8").splitlines()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_a_package_only_provided_by_another_counts_as_installed():
    # Debian 13, Ubuntu 24.04: libglib2.0-0t64 provides libglib2.0-0, which is not installed
    # under its own name. ./dev used to install it again on every run.
    packages = {name: "" for name in apt_pkgs() if name != "libglib2.0-0"}
    packages["libglib2.0-0t64"] = "libglib2.0-0 (= 2.84.0-1), libglib2.0-0-dummy"
    done, calls = run_dev(packages, as_user=False)
    assert [c for c in calls if c.startswith(("apt-get", "sudo"))] == [], done.stderr
    assert "Debian packages" not in done.stderr
    assert "fake python: no venv here" in done.stderr  # it went on to the next step


def test_sudo_without_a_terminal_prints_the_command_for_root_instead_of_failing():
    packages = {name: "" for name in apt_pkgs() if name != "libxcb-cursor0"}
    done, calls = run_dev(packages, as_user=True)
    assert done.returncode == 1
    assert [c for c in calls if c.startswith("apt-get")] == []
    assert [c for c in calls if c.startswith("sudo") and c != "sudo -n true"] == [], done.stderr
    command = [line for line in done.stderr.splitlines() if "apt-get install" in line]
    assert len(command) == 1, done.stderr
    assert "--no-install-recommends libxcb-cursor0" in command[0]
    assert "Nothing has been created or changed." in done.stderr
