"""Rules packs in the window: the date of service picks the pack, File > Add rules pack…
checks a pack and copies it into the user folder, About lists the packs, the status bar
says when the pack in use is not shipped.

The packs added here are the minimal pack written inline (tests/core/minimal_pack.py) with
another id and start date; what the window shows is compared with calculate()'s answer from
the pack of the date. Every window here has its own user folder under tmp_path.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

import gui.main_window as main_window
from core import Calculation
from core.packs import Library
from gui import build_main_window
from tests.core.minimal_pack import MINIMAL, h0034, write_minimal

from .drive import find, offscreen_popup, pick, result_text, type_into

pytestmark = offscreen_popup

SHIPPED = Library.discover(user_dir=Path("/nonexistent/packs")).packs[0]
NEXT_ID = "test-next-2026-07-01"


def make_pack(tmp_path: Path, name: str, version: str = "9.0.0", replace=None) -> Path:
    """The next pack, from 2026-07-01: the minimal pack (tests/core/minimal_pack.py), which
    offers RN, H0034 like the shipped one, with files replaced as ``texts`` does."""
    return write_minimal(tmp_path / name, NEXT_ID, date(2026, 7, 1), version=version,
                         review_by=date(2099, 12, 31), replace=replace)


@pytest.fixture
def user_packs(tmp_path) -> Path:
    return tmp_path / "user" / "packs"


@pytest.fixture
def library(tmp_path, user_packs) -> Library:
    return Library.discover(user_dir=user_packs)


@pytest.fixture
def win(qtbot, library, prefs_path):
    """The window on the packs, shown and active, asking RN, H0034, 100 minutes."""
    window = build_main_window(settings=prefs_path, library=library)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    pick(qtbot, window, "discipline", "RN")
    type_into(qtbot, window, "service", "H0034")
    type_into(qtbot, window, "quantity", "100")
    assert window.calculator.current_result().claimable
    return window


def answered(window) -> Calculation:
    """calculate()'s answer to the window's question, from the pack in force on its date
    (the window must show this; the numbers are the engine's, tested there)."""
    request = window.calculator.current_request()
    return window.library.calculate(request)


@pytest.fixture
def dialogs(monkeypatch):
    """The folder chosen, the answer to "replace?", and what the boxes said."""
    said = {"folder": None, "replace": False, "asked": [], "told": []}
    monkeypatch.setattr(main_window, "choose_pack_folder", lambda parent: said["folder"])

    def ask(parent, text):
        said["asked"].append(text)
        return said["replace"]

    monkeypatch.setattr(main_window, "ask_replace", ask)
    monkeypatch.setattr(main_window, "tell",
                        lambda parent, title, text: said["told"].append((title, text)))
    return said


def add_pack(qtbot, window, dialogs, folder) -> None:
    """File > Add rules pack…, choosing ``folder`` in the folder dialog."""
    dialogs["folder"] = str(folder)
    find(window, "add_pack_action", QAction).trigger()


def date_problem(window) -> QLabel:
    return find(window, "date_problem", QLabel)


def test_a_date_no_pack_covers_says_so_under_the_date_and_shows_no_stale_answer(qtbot, win):
    type_into(qtbot, win, "date_of_service", "2023-01-15")
    problem = date_problem(win)
    assert problem.isVisible()
    assert "2023-01-15" in problem.text() and SHIPPED.dates in problem.text()
    assert win.calculator.current_result() is None
    assert "units" not in result_text(win) and "Claimable" not in win.calculator.headline.text()
    assert not find(win, "copy").isEnabled() and not find(win, "add_to_day").isEnabled()
    # the inputs are kept: a covered date answers again at once
    type_into(qtbot, win, "date_of_service", "2025-03-01")
    assert not problem.isVisible()
    calc = win.calculator.current_result()
    assert calc.claimable and calc == answered(win) and calc.rules_pack == SHIPPED.id


def test_a_date_that_cannot_be_read_is_explained_never_guessed(qtbot, win):
    type_into(qtbot, win, "date_of_service", "31/02/2025")
    assert "YYYY-MM-DD" in date_problem(win).text()
    assert find(win, "date_of_service").text() == "31/02/2025"  # as typed
    assert win.calculator.current_result() is None
    type_into(qtbot, win, "date_of_service", "03/01/2025")  # MM/DD/YYYY
    assert win.calculator.current_result().claimable


def test_an_added_pack_answers_for_dates_in_its_range_and_the_status_bar_says_it_is_not_shipped(
        qtbot, win, dialogs, tmp_path, user_packs):
    origin = find(win, "pack_origin", QLabel)
    type_into(qtbot, win, "date_of_service", "2026-08-03")
    assert win.calculator.current_result().rules_pack == SHIPPED.id
    assert not origin.isVisible()

    with qtbot.waitSignal(win.calculator.resultChanged, timeout=5000):
        add_pack(qtbot, win, dialogs, make_pack(tmp_path, "next"))
    assert not dialogs["told"] and (user_packs / NEXT_ID / "rules.toml").is_file()
    assert NEXT_ID in win.statusBar().currentMessage()
    # the current answer follows at once; the choices are kept in the new pack's pickers
    calc = win.calculator.current_result()
    assert calc.rules_pack == NEXT_ID and calc.claimable and calc == answered(win)
    assert find(win, "discipline").currentData() == "RN"
    assert win.calculator.current_service().id == "medication-training"
    assert origin.isVisible() and NEXT_ID in origin.text()
    assert "added on this computer" in origin.text()
    about = win.about.toPlainText()
    assert NEXT_ID in about and "added on this computer" in about and str(user_packs) in about

    # a date before the pack's start: the shipped pack again, and the label goes
    type_into(qtbot, win, "date_of_service", "2026-06-30")
    assert win.calculator.current_result().rules_pack == SHIPPED.id
    assert not origin.isVisible()


def test_a_broken_pack_is_refused_with_its_file_and_entry_and_nothing_is_copied(
        qtbot, win, dialogs, tmp_path, user_packs):
    broken = make_pack(tmp_path, "broken", replace={"codes-dmc-ods.toml": h0034()[
        "codes-dmc-ods.toml"].replace('code = "H0034"\n', 'code = "H0034"\nlunch = "yes"\n')})
    type_into(qtbot, win, "date_of_service", "2026-08-03")
    add_pack(qtbot, win, dialogs, broken)
    [(title, told)] = dialogs["told"]
    assert "refused" in title and "codes-dmc-ods.toml" in told and "H0034" in told
    assert "nothing was copied" in told
    assert not user_packs.exists() or not any(user_packs.iterdir())
    assert win.calculator.current_result().rules_pack == SHIPPED.id
    assert NEXT_ID not in win.about.toPlainText()


def test_a_user_folder_that_cannot_be_written_is_one_message_in_the_window(
        qtbot, dialogs, tmp_path, prefs_path):
    """Issue 15 item 10: with the data folder not writable, File > Add rules pack let an
    OSError escape as a traceback. (A file stands in for a read-only folder: the tests may
    run as root, whom permissions do not stop.)"""
    blocked = tmp_path / "data"
    blocked.write_text("not a folder")
    library = Library.discover(user_dir=blocked / "dmc-units" / "packs")
    window = build_main_window(settings=prefs_path, library=library)
    qtbot.addWidget(window)
    window.show()
    type_into(qtbot, window, "date_of_service", "2026-08-03")
    add_pack(qtbot, window, dialogs, make_pack(tmp_path, "next"))
    [(title, told)] = dialogs["told"]
    assert title == "Rules pack not added"
    assert told.startswith(f"Cannot copy the rules pack into {blocked / 'dmc-units' / 'packs'}")
    assert "Traceback" not in told and "\n" not in told
    assert blocked.read_text() == "not a folder"
    assert [p.id for p in window.library.packs] == [SHIPPED.id]
    assert "Rules pack added" not in window.statusBar().currentMessage()


def test_a_pack_whose_id_exists_is_replaced_only_after_yes(qtbot, win, dialogs, tmp_path,
                                                          user_packs):
    type_into(qtbot, win, "date_of_service", "2026-08-03")
    add_pack(qtbot, win, dialogs, make_pack(tmp_path, "first", version="9.0.0"))
    newer = make_pack(tmp_path, "second", version="9.1.0")

    add_pack(qtbot, win, dialogs, newer)  # No (the default answer)
    [asked] = dialogs["asked"]
    assert NEXT_ID in asked and "9.0.0" in asked and "9.1.0" in asked
    assert 'version = "9.0.0"' in (user_packs / NEXT_ID / "rules.toml").read_text()
    assert win.calculator.current_result().rules_version == "9.0.0"

    dialogs["replace"] = True
    add_pack(qtbot, win, dialogs, newer)
    assert 'version = "9.1.0"' in (user_packs / NEXT_ID / "rules.toml").read_text()
    assert win.calculator.current_result().rules_version == "9.1.0"
    assert "9.1.0" in find(win, "pack_origin", QLabel).text()


def test_about_lists_every_pack_with_its_dates_origin_and_sources(qtbot, win, dialogs,
                                                                 tmp_path):
    add_pack(qtbot, win, dialogs, make_pack(tmp_path, "next"))
    qtbot.keyClick(win.calculator, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: win.tabs.currentWidget() is win.about)
    text = win.about.toPlainText()
    for pack in win.library.packs:
        assert pack.title in text and pack.effective_from.isoformat() in text
        assert f"review by {pack.review_by.isoformat()}" in text and pack.origin_text in text
        for source in pack.sources:
            assert source.title in text and source.publisher in text and source.revision in text
    assert "shipped with the app" in text and "added on this computer" in text


def test_the_pickers_offer_the_pack_of_the_date_keeping_what_was_chosen(qtbot, win, dialogs,
                                                                       tmp_path):
    """The added pack names a discipline and a service anew: the date picks whose names
    the pickers show, and RN, H0034 and the minutes stay chosen either way."""
    folder = make_pack(tmp_path, "renamed", replace={
        "disciplines.toml": MINIMAL["disciplines.toml"].replace(
            '"Registered Nurse"', '"Registered Nurse (renamed in the test pack)"'),
        "services.toml": MINIMAL["services.toml"].replace(
            '"Medication training and support"',
            '"Medication training (renamed in the test pack)"')})
    type_into(qtbot, win, "date_of_service", "2026-06-30")
    add_pack(qtbot, win, dialogs, folder)
    discipline, service = find(win, "discipline"), find(win, "service")
    assert "renamed" not in discipline.currentText() + service.currentText()

    type_into(qtbot, win, "date_of_service", "2026-07-01")
    discipline, service = find(win, "discipline"), find(win, "service")
    assert discipline.currentText() == "RN — Registered Nurse (renamed in the test pack)"
    assert "Medication training (renamed in the test pack)" in service.currentText()
    assert find(win, "quantity").text() == "100"
    calc = win.calculator.current_result()
    assert calc.rules_pack == NEXT_ID and calc.claimable and calc == answered(win)
    # Alt+S still reaches the (new) service field
    qtbot.keyClick(find(win, "date_of_service"), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: find(win, "service").hasFocus())

    type_into(qtbot, win, "date_of_service", "2026-06-30")
    assert "renamed" not in find(win, "discipline").currentText()
    assert win.calculator.current_result().rules_pack == SHIPPED.id


def test_the_code_reference_follows_the_pack_of_the_date_as_it_opens(qtbot, win, dialogs,
                                                                     tmp_path):
    """The date calls for another pack: the code reference lists that pack's codes, in its
    order, with no filter left from before (as the tab opens)."""
    from core import catalog

    type_into(qtbot, win, "date_of_service", "2026-06-30")
    add_pack(qtbot, win, dialogs, make_pack(tmp_path, "next"))
    reference = win.reference
    every = len(catalog.reference_rows(win.calculator.rules()))
    reference.set_filter("H0034")
    assert 0 < len(reference.visible_codes()) < every
    type_into(qtbot, win, "date_of_service", "2026-07-01")
    rows = catalog.reference_rows(win.calculator.rules())
    assert win.calculator.rules().manifest.id == NEXT_ID
    assert reference.visible_codes() == [f"{r.code} {r.modifiers}".strip() for r in rows]
    assert find(win, "reference_filter").text() == ""
    assert find(win, "reference_count").text() == f"{len(rows)} codes"
