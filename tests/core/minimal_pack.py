"""The smallest rules pack that loads, as inline texts (the qutebrowser way): a test
replaces or adds to one of its files rather than editing a copy of the shipped pack."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

MINIMAL = {
    "rules.toml": """
        [rules]
        id = "test-pack"
        title = "Test rules"
        version = "1.0.0"
        effective_from = 2025-07-01
        review_by = 2026-06-30
        summary = "A pack made in a test."

        [[rules.sources]]
        title = "Allowable Codes"
        publisher = "Test County QA"
        revision = "rev. 1"
        """,
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
    "codes-dmc-ods.toml": """
        [[code]]
        code = "H0034"
        program = "dmc-ods"
        name = "Medication training and support"
        description = "Per 15 minutes."
        unit = { basis = "per-15-minutes", length = 15, minimum = 8 }
        disciplines = ["RN"]
        source = { doc = "src", section = "row H0034" }
        """,
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
