"""A QA reviewer runs the audit again while last run's report is still open in Excel. On
Windows a file another program holds open cannot be replaced: the audit says so in one line
and the report open in Excel is left as it was (checked under Wine, which keeps Windows'
sharing rules between Windows programs)."""

import sys

import pytest

from core.cli import main

from .test_audit_io import HEADER, ROWS, write_csv

pytestmark = pytest.mark.skipif(sys.platform != "win32",
                                reason="Windows locks a file another program holds open")


def _held_as_excel_holds_it(path):
    """Opens ``path`` as Excel does: others may read it, none may write or delete it."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = wintypes.HANDLE
    kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD,
                                     wintypes.LPVOID, wintypes.DWORD, wintypes.DWORD,
                                     wintypes.HANDLE]
    generic_read, file_share_read, open_existing, normal = 0x80000000, 1, 3, 0x80
    handle = kernel32.CreateFileW(str(path), generic_read, file_share_read, None,
                                  open_existing, normal, None)
    assert handle != wintypes.HANDLE(-1).value, ctypes.get_last_error()
    return kernel32, handle


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_report_open_in_excel_is_one_line_and_left_as_it_was(tmp_path, capsys, suffix):
    export = write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])
    report = tmp_path / f"report{suffix}"
    report.write_bytes(b"last run's report")
    kernel32, handle = _held_as_excel_holds_it(report)
    try:
        assert main(["audit", str(export), "--out", str(report)]) == 2
    finally:
        kernel32.CloseHandle(handle)
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write {report}") and err.count("\n") == 1
    assert report.read_bytes() == b"last run's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", report.name]
