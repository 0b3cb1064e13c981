"""The smallest rules pack that loads, as inline texts (the qutebrowser way): a test
replaces or adds to one of its files rather than editing a copy of the shipped pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from textwrap import dedent

#: the minimal pack's manifest; ``manifest()`` gives it with another id, dates or version
MANIFEST = """
    [rules]
    id = "{id}"
    title = "Test rules"
    version = "{version}"
    effective_from = {effective_from}{effective_to}
    review_by = {review_by}
    summary = "A pack made in a test."

    [[rules.sources]]
    title = "Allowable Codes"
    publisher = "Test County QA"
    revision = "rev. 1"
    """

#: the minimal pack's one code; ``h0034()`` gives it with another unit or disciplines,
#: or more keys
H0034 = """
    [[code]]
    code = "H0034"
    program = "dmc-ods"
    name = "Medication training and support"
    description = "Per 15 minutes."
    unit = {unit}
    disciplines = {disciplines}
    source = {{ doc = "src", section = "row H0034" }}
    {more}
    """


def manifest(pack_id: str = "test-pack", effective_from: date = date(2025, 7, 1), *,
             effective_to: date | None = None, review_by: date | None = None,
             version: str = "1.0.0") -> str:
    """``rules.toml`` of a pack ``pack_id`` in force from ``effective_from`` (up to
    ``effective_to``), due for review a year on unless ``review_by`` says otherwise."""
    return dedent(MANIFEST.format(
        id=pack_id, version=version, effective_from=effective_from.isoformat(),
        effective_to=f"\neffective_to = {effective_to.isoformat()}" if effective_to else "",
        review_by=(review_by or effective_from.replace(year=effective_from.year + 1))))


def overlay_manifest(summary: str) -> str:
    """``rules.toml`` of an overlay, "test-pack-2026", extending the minimal pack from
    2026-07-01; ``summary`` says what it changes (made up)."""
    return dedent(f"""
        [rules]
        id = "test-pack-2026"
        extends = "test-pack"
        title = "Test rules, 2026"
        version = "1.0.0"
        effective_from = 2026-07-01
        review_by = 2027-06-30
        summary = "Made up: {summary}"
        sources = []
        """)


def h0034(unit: str = '{ basis = "per-15-minutes", length = 15, minimum = 8 }',
          disciplines: str = '["RN"]', more: str = "") -> dict[str, str]:
    """``codes-dmc-ods.toml`` with the minimal pack's H0034, its unit or disciplines
    replaced (TOML values, as written in the file), ``more`` keys added (TOML lines)."""
    return {"codes-dmc-ods.toml": dedent(H0034.format(unit=unit, disciplines=disciplines,
                                                      more=more))}


MINIMAL = {
    "rules.toml": manifest(review_by=date(2026, 6, 30)),
    "documents.toml": """
        [[document]]
        id = "src"
        title = "Allowable Codes"
        publisher = "Test County QA"
        revised = "rev. 1"
        """,
    "programs.toml": """
        [[program]]
        id = "dmc-ods"
        name = "Drug Medi-Cal Organized Delivery System"
        short = "DMC-ODS"
        source = { doc = "src", section = "Programs" }
        """,
    "bases.toml": """
        [[basis]]
        id = "per-15-minutes"
        name = "per 15 minutes"
        method = "timed"
        quantity = "minutes"
        item = "minute"
        items = "minutes"
        unit_name = "15 minutes"
        length = 15
        """,
    "quantities.toml": "".join(f"""
        [[quantity]]
        id = "{kind}"
        singular = "{kind}"
        plural = "{kind}"
        maximum = {maximum}
        source = {{ doc = "src", section = "Quantities" }}
        """ for kind, maximum in (("minutes", 1440), ("days", 31), ("months", 12), ("count", 100))),
    "disciplines.toml": """
        [[discipline]]
        id = "RN"
        name = "Registered Nurse"
        licensed = true
        programs = ["dmc-ods"]
        source = { doc = "src", section = "Disciplines" }

        [[discipline]]
        id = "AOD"
        name = "Alcohol and Other Drug counselor"
        licensed = false
        programs = ["dmc-ods"]
        aliases = ["SUD counselor"]
        source = { doc = "src", section = "Disciplines" }
        """,
    "settings.toml": """
        [[setting]]
        id = "none"
        name = "Not stated"
        kind = "none"
        source = { doc = "src", section = "Levels of care" }
        """,
    **h0034(),
    "codes-ecm.toml": "",
    "codes-community-supports.toml": "",
    "services.toml": """
        [[service]]
        id = "medication-training"
        name = "Medication training and support"
        program = "dmc-ods"
        description = "Training in medications."
        options = [{ code = "H0034", modifiers = [] }]
        source = { doc = "src", section = "row H0034" }
        """,
    "notes.toml": "",
    "errata.toml": "",
    "activities.toml": "",
    "same-day.toml": "",
}


#: how a file with no entries says so (an empty file is refused: a truncated copy)
NONE = {"codes-ecm.toml": "code = []\n", "codes-community-supports.toml": "code = []\n",
        "notes.toml": "note = []\n", "errata.toml": "erratum = []\n",
        "activities.toml": "activity = []\n", "same-day.toml": "rule = []\n"}


def texts(replace=None, add=None):
    """MINIMAL's texts with whole files replaced and text added to the end of others; a
    file left with no entries says ``<kind> = []``."""
    out = {name: dedent(text) for name, text in MINIMAL.items()}
    for name, text in (replace or {}).items():
        out[name] = dedent(text)
    for name, text in (add or {}).items():
        out[name] = out.get(name, "") + "\n" + dedent(text)  # a new file: cases.toml
    for name, none in NONE.items():
        if not out[name].strip():
            out[name] = none
    return out


def write_pack(folder: Path, pack_texts: dict[str, str]) -> Path:
    """The texts written as files into ``folder`` (made if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pack_texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_minimal(folder: Path, pack_id: str, effective_from: date, *,
                  effective_to: date | None = None, review_by: date | None = None,
                  version: str = "1.0.0", replace=None, add=None) -> Path:
    """The minimal pack as the pack ``pack_id`` in force from ``effective_from`` (a county
    QA team's next pack), with files replaced or added to as ``texts`` does, written into
    ``folder``."""
    head = manifest(pack_id, effective_from, effective_to=effective_to, review_by=review_by,
                    version=version)
    return write_pack(folder, texts({"rules.toml": head, **(replace or {})}, add))
