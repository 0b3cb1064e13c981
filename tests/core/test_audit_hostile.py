"""Hostile and broken files given to the audit: each refused in one line, quickly, with
bounded memory; never a wait for ever, never a traceback (issue 15, item 3)."""

import os
import sys
import threading
import zipfile

import pytest
from openpyxl import Workbook

from core import InputError, audit_io
from core.audit_io import LineReader, open_table

from .test_audit_io import HEADER, ROWS, write_csv

GOOD = ROWS[0][0]


def refused(path, sheet=None):
    """The one-line message open_table gives (failing, not hanging, if it waits)."""
    outcome = []

    def attempt():
        try:
            list(LineReader(open_table(path, sheet)))
        except InputError as exc:
            outcome.append(str(exc))
        else:
            outcome.append(None)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), f"reading {path.name} did not end"
    assert outcome[0] is not None, f"{path.name} was read"
    assert "\n" not in outcome[0]
    return outcome[0]


def xlsx(path, rows=(GOOD,), replace=None):
    """A workbook of HEADER and ``rows``; ``replace``: part name -> function of its bytes
    (the part rewritten, as a crafted file would be)."""
    book = Workbook()
    book.active.append(HEADER)
    for r in rows:
        book.active.append(r)
    book.save(path)
    if replace:
        with zipfile.ZipFile(path) as z:
            parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts:
                z.writestr(name, replace[name](data) if name in replace else data)
    return path


@pytest.mark.parametrize("name", ["export.csv", "export.xlsx"])
def test_a_link_to_a_device_is_refused_not_read(tmp_path, name):
    if sys.platform == "win32" or not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")  # Windows has none (under Wine, Linux's shows)
    (tmp_path / name).symlink_to("/dev/zero")
    assert "not a regular file" in refused(tmp_path / name)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "export.csv")
    assert "not a regular file" in refused(tmp_path / "export.csv")


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "export.csv").mkdir()
    assert "is a folder" in refused(tmp_path / "export.csv")


def test_a_link_to_a_regular_file_is_read(tmp_path):
    real = write_csv(tmp_path / "real.csv", HEADER, [GOOD])
    try:
        (tmp_path / "link.csv").symlink_to(real)
    except OSError:  # Windows, for a user without the right to make links
        pytest.skip("this user cannot make symbolic links")
    if not (tmp_path / "link.csv").is_symlink():  # Wine 8 says done and makes none
        pytest.skip("this system makes no symbolic links")
    assert [x.units for x in LineReader(open_table(tmp_path / "link.csv"))] == ["7"]


def test_a_zip_bomb_sheet_is_refused_by_its_ratio(tmp_path):
    """A sheet padded with whitespace that inflates 1,000 times (a 1 MB file of 1 GB)."""
    pad = b" " * (64 << 20)
    path = xlsx(tmp_path / "bomb.xlsx", replace={
        "xl/worksheets/sheet1.xml": lambda d: d.replace(b"<sheetData>", b"<sheetData>" + pad)})
    assert os.path.getsize(path) < 1 << 20
    message = refused(path)
    assert "xl/worksheets/sheet1.xml" in message and "limit of 100 times" in message


def test_a_part_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(audit_io, "MAX_PART_BYTES", 20_000)
    path = xlsx(tmp_path / "big.xlsx", rows=[GOOD] * 200)
    message = refused(path)
    assert "its part xl/worksheets/sheet1.xml inflates to" in message
    assert "more than the 20,000 bytes limit" in message


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def shared_xlsx(path, rows, dtd=b""):
    """A workbook as Excel writes one: every text a shared string (openpyxl writes
    inline strings). ``dtd``: put before the shared strings' root."""
    texts = sorted({c for r in rows for c in r})
    index = {t: n for n, t in enumerate(texts)}
    sheet = "".join(f'<row r="{n}">' + "".join(f'<c t="s"><v>{index[c]}</v></c>' for c in r)
                    + "</row>" for n, r in enumerate(rows, start=1))
    strings = "".join(f"<si><t>{t}</t></si>" for t in texts)
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{_PKG}/content-types"><Default Extension='
        f'"rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/><Override PartName='
        f'"/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/><Override PartName="/xl/'
        f'worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/><Override PartName='
        f'"/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="r1" '
        f'Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}"><sheets><sheet '
        f'name="Lines" sheetId="1" r:id="r1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="r1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="r2" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
        f'</Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><sheetData>{sheet}'
        f'</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        z.writestr("xl/sharedStrings.xml", dtd + f'<sst xmlns="{_MAIN}">{strings}</sst>'
                   .encode())
    return path


def test_a_workbook_of_shared_strings_is_read(tmp_path):
    path = shared_xlsx(tmp_path / "ok.xlsx", [HEADER, GOOD])
    assert [x.units for x in LineReader(open_table(path))] == ["7"]


def test_too_many_shared_strings_are_refused_before_they_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(audit_io, "MAX_SHARED_STRINGS", 50)
    rows = [HEADER, *([*GOOD[:1], f"M{n}", *GOOD[2:]] for n in range(60))]
    read = []
    monkeypatch.setattr("openpyxl.reader.excel.read_string_table",
                        lambda src: read.append(src) or [])
    message = refused(shared_xlsx(tmp_path / "many.xlsx", rows))
    assert "more than 50 distinct texts (shared strings)" in message and read == []


def test_a_row_wider_than_the_limit_is_refused(tmp_path):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(GOOD)
    book.active.cell(row=3, column=5000, value="far away")
    book.save(tmp_path / "wide.xlsx")
    assert "row 3 of wide.xlsx has more than 1,024 columns" in refused(tmp_path / "wide.xlsx")
    wide = write_csv(tmp_path / "wide.csv", HEADER, [GOOD, GOOD + [""] * 2000])
    assert "row 3 of wide.csv has more than 1,024 columns" in refused(wide)


def test_a_file_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(audit_io, "MAX_FILE_BYTES", 100)
    path = write_csv(tmp_path / "big.csv", HEADER, [GOOD] * 10)
    assert "larger than the" in refused(path)


_LAUGHS = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
           + b"".join(b'<!ENTITY %c "%s">' % (ord(n), b"".join([b"&%c;" % ord(p)] * 10))
                      for p, n in zip("abcdefgh", "bcdefghi"))
           + b"]>")
_EXTERNAL = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("dtd,entity", [(_LAUGHS, b"i"), (_EXTERNAL, b"x")],
                         ids=["entity expansion", "external entity"])
def test_entities_are_refused_by_the_xml_parser(tmp_path, dtd, entity):
    """In a sheet (openpyxl's parser refuses them), in the shared strings (refused before
    openpyxl reads them)."""
    def crafted(data):
        head, sep, rest = data.partition(b"?>")
        data = head + sep + dtd + rest if sep else dtd + data
        return data.replace(b">M1<", b">&" + entity + b";<")

    rows = [[GOOD[0], "M1", *GOOD[2:]]]
    sheet = xlsx(tmp_path / "sheet.xlsx", rows,
                 replace={"xl/worksheets/sheet1.xml": crafted})
    strings = shared_xlsx(tmp_path / "strings.xlsx", [HEADER, *rows], dtd=dtd)
    for path in (sheet, strings):
        message = refused(path)
        assert "root:" not in message and "aaaaaaaaaa" not in message
    assert "declare a DTD" in refused(strings)
