"""The CLI's output never fails on its own encoding, and a report it cannot finish
writing is one line, no half file (issue 15, item 8)."""

import errno
import gc
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import audit_io
from core.cli import main

from .test_audit_io import HEADER, ROWS, write_csv

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ascii_terminal(monkeypatch):
    """Call it to make stdout and stderr as under PYTHONIOENCODING=ascii (in the test's
    body: pytest's capture sets its own when the test starts); it gives a function that
    returns what was written to each."""

    def install():
        streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="ascii")
                   for name in ("stdout", "stderr")}
        for name, stream in streams.items():
            monkeypatch.setattr(sys, name, stream)

        def written():
            for stream in streams.values():
                stream.flush()
            return {name: s.buffer.getvalue().decode("ascii") for name, s in streams.items()}

        return written

    return install


def test_an_audit_of_a_path_in_another_script_prints_on_an_ascii_terminal(tmp_path,
                                                                           ascii_terminal):
    path = write_csv(tmp_path / "Zoë 名.csv", HEADER, [r for r, _ in ROWS])
    written = ascii_terminal()
    assert main(["audit", str(path)]) == 0
    assert main(["audit", str(tmp_path / "missing é.csv")]) == 2
    out = written()
    assert "Zo\\xeb \\u540d.csv" in out["stdout"]
    missing = f"{tmp_path}{os.sep}missing \\xe9.csv"  # a text stream ends lines as the OS does
    assert out["stderr"] == f"error: no such file: {missing}{os.linesep}"


def test_rules_check_of_a_folder_in_another_script_prints_on_an_ascii_terminal(
        tmp_path, ascii_terminal):
    folder = tmp_path / "règles"
    folder.mkdir()
    written = ascii_terminal()
    code = main(["rules", "check", str(folder)])
    out = written()
    assert code in (2, 3) and "r\\xe8gles" in out["stderr"] and out["stderr"].count("\n") == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locales: Windows has none")
def test_an_ascii_posix_locale_ends_in_one_line_not_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "LC_", "LANG", "PYTHONIO"))}
    env.update(LC_ALL="POSIX", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    # the path's bytes come back as they went (surrogate escapes); a cell's text does not
    row = [*ROWS[0][0][:2], "Zoë", *ROWS[0][0][3:]]  # as the discipline: said unknown
    path = write_csv(tmp_path / "Zoë.csv", HEADER, [row])
    proc = subprocess.run([sys.executable, "-m", "core", "audit", str(path)], cwd=ROOT,
                          env=env, capture_output=True, timeout=120)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
    assert b"unknown discipline 'Zo\\xeb'" in proc.stdout
    assert b"Audited 1 line of" in proc.stdout


class _FullDisk(io.FileIO):
    """A file on a disk that fills up after ``room`` bytes."""

    room = 20_000

    def write(self, data):
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_full_disk_is_one_line_and_leaves_no_report(tmp_path, monkeypatch, capsys, suffix):
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    made = audit_io._create_temp

    def on_full_disk(path):
        temp, fh = made(path)
        fh.close()
        return temp, _FullDisk(temp, "w")

    monkeypatch.setattr(audit_io, "_create_temp", on_full_disk)
    rows = [[*ROWS[0][0][:1], f"M{n}", *ROWS[0][0][2:]] for n in range(3000)]
    path = write_csv(tmp_path / "export.csv", HEADER, rows)
    report = tmp_path / f"report{suffix}"
    assert main(["audit", str(path), "--out", str(report)]) == 2
    out, err = capsys.readouterr()
    assert err == f"error: cannot write {report}: No space left on device\n"
    assert "Report written" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]
    gc.collect()  # a ZipFile left open would now try to write, and fail, at its end
    assert unraisable == []
