"""The audit's report as a QA lead hands it on: the counts the core makes while auditing
(``core.audit.Summary``), and the XLSX report built from them (a lines sheet with a frozen,
filtered header and status by colour; a Summary sheet with a native chart a table)."""

from collections import defaultdict

import core.audit
from core.audit import Audit, Summary

from .test_audit_io import HEADER, ROWS

# the export's lines, and a month later one more of the first: the counts span two months
LINES = [r for r, _ in ROWS] + [["2025-04-01", *ROWS[0][0][1:]]]


def audit_lines(rules, rows=LINES):
    audit = Audit(rules)
    lines = [core.audit.Line(n, r[0], r[1], r[2], r[3], " ".join(filter(None, r[4:6])),
                             r[6], r[7], r[8], r[9], r[10], r[11], cells=r)
             for n, r in enumerate(rows, start=2)]
    return audit, list(audit.run(lines))


def tallies(results, label):
    """(label, lines, with findings, cannot be read) counted from the results themselves."""
    counts = defaultdict(lambda: [0, 0, 0])
    for r in results:
        n = counts[label(r)]
        n[0] += 1
        n[1] += r.status == "finding"
        n[2] += r.status == "error"
    return {k: tuple(v) for k, v in counts.items()}


def as_dict(rows):
    return {t.label: (t.lines, t.findings, t.errors) for t in rows}


def test_the_summary_counts_the_lines_by_credential_code_and_month(rules):
    audit, results = audit_lines(rules)
    summary = audit.summary
    assert as_dict(summary.by_credential()) == tallies(results, lambda r: r.line.discipline)
    assert as_dict(summary.by_code()) == tallies(
        results, lambda r: " ".join(filter(None, (r.line.code, r.line.modifiers))))
    assert as_dict(summary.by_month()) == tallies(results, lambda r: r.line.date[:7])
    assert [t.label for t in summary.by_month()] == ["2025-03", "2025-04"]
    # most findings and errors first: where a reviewer looks
    problems = [t.findings + t.errors for t in summary.by_code()]
    assert problems == sorted(problems, reverse=True) and problems[0] > 0
    found = defaultdict(int)
    for r in results:
        for f in r.findings:
            found[f.kind] += 1
    assert {k: n for k, _, n in summary.by_kind()} == found
    order = [k for k, _ in core.audit.FINDING_KINDS]
    assert [k for k, _, _ in summary.by_kind()] == sorted(found, key=order.index)
    m = rules.manifest
    assert summary.packs == [(m.title, m.version, m.range_text())]


def test_past_so_many_distinct_lines_the_rest_are_counted_as_other(rules, monkeypatch):
    """A file of ten thousand made-up codes keeps the counts small; the months stay right."""
    monkeypatch.setattr(core.audit, "TALLY_KEYS", 3)
    rows = [[f"2025-03-0{n % 3 + 1}", "M1", "RN", f"X{n}", "", "", "30", "", "2", "", "",
             ""] for n in range(30)]
    audit, results = audit_lines(rules, rows)
    summary = audit.summary
    assert len(summary.tally) == 3 + 1  # the other lines: one month, one status
    assert as_dict(summary.by_code()) == tallies(
        results, lambda r: r.line.code if r.row < 5 else core.audit.OTHER)
    assert as_dict(summary.by_month()) == tallies(results, lambda r: r.line.date[:7])


def test_an_empty_summary_has_empty_tables():
    summary = Summary()
    assert summary.by_kind() == summary.by_credential() == summary.by_month() == []

