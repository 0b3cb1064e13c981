"""Keyboard only, screen readers, visible focus, contrast, and the ids automation uses."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget, QScrollArea, QTableView,
    QTextBrowser, QWidget,
)

from core import calculate, catalog
from gui.widgets.palette import contrast
from gui.widgets.result_view import ResultStyle

from .drive import click, find, focus, keys_to, offscreen_popup, pick, type_into

INPUTS = (QComboBox, QLineEdit, QListWidget, QAbstractButton, QTableView, QTextBrowser)


def test_combo_items_carry_the_cores_ids(window, rules):
    def data(name):
        combo = find(window, name, QComboBox)
        return [combo.itemData(i) for i in range(combo.count())]

    assert data("discipline") == [d.id for d in catalog.disciplines(rules)]
    assert data("service") == [s.id for s in catalog.services(rules)]
    assert data("setting") == [s.id for s in catalog.settings(rules)]
    assert data("mode") == [m for m, _ in catalog.MODES]
    assert find(window, "service", QComboBox).isEditable()
    for name in ("discipline", "service", "quantity", "mode", "setting", "result", "copy"):
        assert find(window, name)


def test_every_input_has_an_accessible_name(window):
    for cls in INPUTS:
        for w in window.findChildren(cls):
            if isinstance(w, QLineEdit) and isinstance(w.parent(), QComboBox):
                continue  # the editor inside a combo box: the box carries the name
            if w.objectName().startswith("qt_") or isinstance(w.parent(), QLineEdit):
                continue  # Qt's own parts: a line edit's clear button, a table's corner
            assert w.accessibleName() or (isinstance(w, QAbstractButton) and w.text()), \
                f"{cls.__name__} {w.objectName()!r} has no name"


def test_tab_order_follows_the_form(window):
    window.calculator.select_service("tcm-icc")
    order = ["discipline", "service", "quantity", "mode", "setting", "travel",
             "documentation", "non_billable_activities", "activities", "copy", "result"]
    w = find(window, "discipline")
    seen = [w.objectName()]
    for _ in range(len(order) - 1):
        w = w.nextInFocusChain()
        while w.objectName() not in order or not w.isVisibleTo(window):
            w = w.nextInFocusChain()
        seen.append(w.objectName())
    assert seen == order


def test_a_whole_calculation_from_the_keyboard(qtbot, shown, rules):
    discipline = find(shown, "discipline", QComboBox)
    qtbot.waitUntil(discipline.hasFocus)
    for char in "RN":
        qtbot.keyClicks(discipline, char)
    assert discipline.currentData() == "RN"
    qtbot.keyClick(discipline, Qt.Key.Key_Tab)
    type_into(qtbot, shown, "service", "H0034")
    type_into(qtbot, shown, "quantity", "100")
    setting = find(shown, "setting", QComboBox)
    focus(qtbot, setting)
    for char in "3.5":
        qtbot.keyClicks(setting, char)
    assert setting.currentData() == "3.5"
    calc = shown.calculator.current_result()
    assert calc.claimable and calc == calculate(rules, shown.calculator.current_request())


def test_typing_3_2_in_the_level_of_care_picks_asam_3_2(qtbot, shown):
    setting = find(shown, "setting", QComboBox)
    focus(qtbot, setting)
    for char in "3.2":
        qtbot.keyClicks(setting, char)
    assert setting.currentData() == "3.2-WM"


@offscreen_popup
def test_the_headline_is_announced_once_typing_pauses(qtbot, shown, rules):
    """Issue 15 item 14: typing 100 announced three results. The headline is said once
    the typing pauses: one announcement, the answer to 100 (H0034, 100 minutes, as
    calculate() gives it); the headline keeps following every key."""
    calc, headline = shown.calculator, find(shown, "headline", QLabel)
    pick(qtbot, shown, "discipline", "RN")
    with qtbot.waitSignal(calc.announcer.announced, timeout=3000):
        type_into(qtbot, shown, "service", "H0034")
    said, shown_ = [], []
    calc.announcer.announced.connect(said.append)
    calc.headlineChanged.connect(shown_.append)
    with qtbot.waitSignal(calc.announcer.announced, timeout=3000):
        type_into(qtbot, shown, "quantity", "100", then=None)
    answer = calculate(rules, calc.current_request())

    def headline_for(minutes):
        return calculate(rules, answer.request.model_copy(update={"quantity": minutes}))\
            .headline()

    # "1", "10", "100": the headline followed each key (one that left it as it was: no change)
    each_key = [headline_for(typed) for typed in (1, 10, 100)]
    assert shown_ == [h for i, h in enumerate(each_key) if i == 0 or h != each_key[i - 1]]
    assert answer.headline().startswith("Claimable: H0034, ")
    assert said == [answer.headline()] == [headline.text()]
    # other minutes that claim the same units: nothing new to say
    [same, *_] = [m for m in (answer.next_unit_minutes - 1, 99)
                  if m != 100 and headline_for(m) == answer.headline()]
    calc.set_quantity(same)
    qtbot.waitUntil(lambda: not calc.announcer.waiting())
    assert said == [answer.headline()]


def _accessible_nodes(widget: QWidget) -> list:
    """Every node of the accessibility tree under ``widget``, as Qt gives it to AT-SPI or
    UI Automation."""
    found, todo = [], [QAccessible.queryAccessibleInterface(widget)]
    while todo:
        node = todo.pop()
        found.append(node)
        todo += [node.child(i) for i in range(node.childCount())]
    return found


@offscreen_popup
def test_one_accessible_node_is_named_result_and_a_problem_line_is_read(qtbot, shown):
    """The headline was a second "Result"; the red line was "Problem with the
    discipline", without the problem."""
    pick(qtbot, shown, "discipline", "RN")
    type_into(qtbot, shown, "service", "H2017")
    type_into(qtbot, shown, "quantity", "30")
    names = [n.text(QAccessible.Text.Name) for n in _accessible_nodes(shown)]
    assert names.count("Result") == 1
    assert "Not claimable: H2017" in names  # the headline: its text is its name
    problem = find(shown, "discipline_problem", QLabel).text()
    assert problem.startswith("RN (Registered Nurse) is not an allowable discipline")
    assert f"Problem with the discipline: {problem}" in names


@offscreen_popup
def test_a_refused_answer_says_why_in_the_result(qtbot, shown):
    """The result said "Why: in red under the input it concerns", which a screen reader
    never reached and 150 % scrolled away: it says the reason itself, and the input keeps
    its red line."""
    pick(qtbot, shown, "discipline", "RN")
    type_into(qtbot, shown, "service", "H2017")
    type_into(qtbot, shown, "quantity", "30")
    calc = shown.calculator.current_result()
    (problem,) = calc.problems
    text = shown.calculator.result_text()
    assert f"Why: {problem.text}" in text and "in red" not in text
    assert find(shown, "discipline_problem", QLabel).text() == problem.text
    # two problems: each said, in the result's words
    type_into(qtbot, shown, "quantity", "5")
    calc = shown.calculator.current_result()
    assert len(calc.problems) == 2
    text = shown.calculator.result_text()
    assert all(p.text in text for p in calc.problems)


@offscreen_popup
def test_a_copy_and_a_day_sheet_conflict_are_announced(qtbot, shown):
    calc, sheet = shown.calculator, shown.day_sheet
    said = []
    for announcer in (calc.announcer, sheet.announcer):
        announcer.announced.connect(said.append)
    pick(qtbot, shown, "discipline", "CHW")
    type_into(qtbot, shown, "service", "T2040")
    pick(qtbot, shown, "option", "T2040 U6")
    type_into(qtbot, shown, "quantity", "30")
    qtbot.keyClick(keys_to(find(shown, "quantity")), Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "Summary copied: Claimable: T2040 U6, 2 units" in said
    click(qtbot, find(shown, "add_to_day"))
    pick(qtbot, shown, "option", "T2050 U6")
    type_into(qtbot, shown, "quantity", "1")
    with qtbot.waitSignal(sheet.announcer.announced, timeout=2000):
        click(qtbot, find(shown, "add_to_day"))
    assert said[-1].startswith("Day sheet row 2: T2050 U6 and T2040 U6 (row 1)")
    click(qtbot, sheet.copy_button)
    # both lines of the conflict carry it (as the audit flags both), so both are to check
    assert said[-1] == "Day sheet copied: 2 claims, 2 to check"


def test_the_audit_filter_boxes_are_labelled_by_their_labels(window):
    """On Linux a combo box's accessible name is its current item ("Every status"): a
    screen reader names it by the label it is labelled by."""
    for name, label in (("audit_status_filter", "Status:"),
                        ("audit_kind_filter", "Finding:"), ("audit_search", "Search:")):
        node = QAccessible.queryAccessibleInterface(find(window, name))
        by = [other.text(QAccessible.Text.Name)
              for other, _ in node.relations(QAccessible.RelationFlag.Label)]
        assert by == [label.replace("&", "")], name


def _around(window, w: QWidget, margin: int = 4):
    """The window's pixels in a band ``margin`` wide around the outside of ``w``, and its
    own outer 2 pixels: where a focus frame is drawn."""
    top_left = w.mapTo(window, QPoint(0, 0))
    area = QRect(top_left, w.size()).adjusted(-margin, -margin, margin, margin)
    image = window.grab(area).toImage()
    inner = QRect(margin + 2, margin + 2, w.width() - 4, w.height() - 4)
    return [image.pixel(x, y) for x in range(image.width()) for y in range(image.height())
            if not inner.contains(x, y)]


def _focusable(window) -> list[QWidget]:
    found = []
    for cls in INPUTS:
        for w in window.findChildren(cls):
            if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus and \
                    w.isEnabled() and not (isinstance(w, QLineEdit)
                                           and isinstance(w.parent(), QComboBox)):
                found.append(w)
    return found


@pytest.mark.parametrize(("tab", "expected"), [
    ("calculator", {"discipline", "service", "quantity", "mode", "setting", "copy", "result",
                    "activities", "travel", "all_notes"}),
    ("reference", {"reference_filter", "reference", "reference_detail"}),
    ("about", {"about"})])
def test_every_focusable_widget_shows_a_focus_frame(qtbot, shown, tab, expected):
    shown.calculator.select_discipline("AOD")
    shown.calculator.select_service("tcm-icc")
    shown.calculator.set_quantity(45)
    shown.show_tab(tab)
    widgets = _focusable(shown)
    assert expected <= {w.objectName() for w in widgets}
    ring = find(shown, "focus_ring")
    for w in widgets:
        scroll = find(shown, "inputs_scroll", QScrollArea)
        if scroll.widget().isAncestorOf(w):
            scroll.ensureWidgetVisible(w)
        shown.menuBar().setFocus()
        qtbot.waitUntil(lambda w=w: not w.hasFocus())
        qtbot.waitUntil(lambda: not ring.isVisible())
        before = _around(shown, w)
        focus(qtbot, w)
        qtbot.waitUntil(ring.isVisible)
        after = _around(shown, w)
        assert before != after, f"{w.objectName()} shows no focus frame"


def _palette(back: str, text: str) -> QPalette:
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base,
                 QPalette.ColorRole.Button):
        palette.setColor(role, QColor(back))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(role, QColor(text))
    return palette


@pytest.mark.parametrize(("back", "text"), [("#ffffff", "#000000"), ("#f0f0f0", "#202020"),
                                            ("#1e1e1e", "#e6e6e6"), ("#2b2b2b", "#ffffff")])
def test_result_text_contrast_is_at_least_4_5_in_light_and_dark(qtbot, window, back, text):
    style = ResultStyle.from_palette(_palette(back, text), 10)
    for panel in (back, style.ok_back, style.bad_back, style.idle_back):
        for colour in (style.text, style.muted):
            assert contrast(QColor(colour), QColor(panel)) >= 4.5, (colour, panel)
    assert contrast(QColor(style.ok), QColor(style.ok_back)) >= 4.5
    assert contrast(QColor(style.bad), QColor(style.bad_back)) >= 4.5
    assert contrast(QColor(style.muted), QColor(back)) >= 4.5


@pytest.mark.parametrize(("back", "text"), [("#efefef", "#000000"), ("#1e1e1e", "#e6e6e6")])
def test_the_whole_page_reads_at_4_5_in_its_palette(qtbot, window, back, text):
    window.setPalette(_palette(back, text))
    pick(qtbot, window, "discipline", "RN")
    window.calculator.select_service("psychosocial-rehab")
    window.calculator.set_quantity(60)
    html = find(window, "result", QTextBrowser).toHtml()
    colours = set(re.findall(r"color:\s*(#[0-9a-fA-F]{6})", html))
    backs = set(re.findall(r'bgcolor="(#[0-9a-fA-F]{6})"', html)) | {back}
    assert colours
    for colour in colours:
        for panel in backs:
            assert contrast(QColor(colour), QColor(panel)) >= 4.5, (colour, panel)
    for name in ("service_info", "discipline_problem", "headline"):
        label = find(window, name, QLabel)
        shown = label.palette().color(QPalette.ColorRole.WindowText)
        assert contrast(shown, QColor(back)) >= 4.5, (name, shown.name())
    window.calculator.select_service("H0034")  # claimable: the headline turns green
    window.calculator.set_quantity(60)  # (once the minutes kept are confirmed for it)
    shown = find(window, "headline", QLabel).palette().color(QPalette.ColorRole.WindowText)
    assert shown.green() > shown.red() and contrast(shown, QColor(back)) >= 4.5


def test_no_internal_words_in_front_of_a_clinician(qtbot, window, rules):
    gui_words = re.compile(r"\bseeds?\b|App reading|docs/rules\.md", re.IGNORECASE)
    page = window.calculator
    page.select_discipline("AOD")
    for info in catalog.services(rules):
        page.select_service(info.id)
        page.set_quantity(45)
        texts = [page.result_text(), page.headline.text(),
                 find(window, "service_info", QLabel).text()]
        texts += [w.toolTip() for w in window.findChildren(QWidget)]
        for text in texts:
            assert not gui_words.search(text), (info.id, text)
    for text in (window.reference.detail.toPlainText(), window.about.toPlainText(),
                 window.quick_start.findChild(QTextBrowser).toPlainText()):
        assert not gui_words.search(text)


def test_the_gui_source_has_no_internal_words():
    from pathlib import Path

    import gui

    for path in Path(gui.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bseeds?\b|App reading|docs/rules\.md", text,
                             re.IGNORECASE), path.name
        assert "core.rules" not in text.replace("not core.rules", ""), path.name


@pytest.mark.parametrize(("service", "what"), [
    ("cs-meals-delivered", "mode"), ("cs-housing-deposits", "mode"),
    ("ecm-visit", "setting"), ("cs-respite-in-home", "setting")])
def test_inputs_that_do_not_apply_are_disabled_with_the_reason(qtbot, window, rules, service,
                                                               what):
    page = window.calculator
    page.select_discipline("CHW")
    page.select_service(service)
    option = catalog.service(rules, service).options[0]
    applies = option.mode_applies if what == "mode" else option.setting_applies
    note = option.mode_note if what == "mode" else option.setting_note
    combo = find(window, what, QComboBox)
    assert combo.isEnabled() == applies
    if not applies:
        assert combo.toolTip() == note and note
        assert getattr(page.current_request(), what) is None  # not sent to the core
    page.select_service("H0034")
    assert combo.isEnabled()


def test_a_bed_day_by_telehealth_gets_no_gq(qtbot, window, rules):
    page = window.calculator
    page.select_discipline("CHW")
    page.select_mode("telehealth")
    for info in catalog.services(rules):
        if info.plan_chooses or info.options[0].mode_applies:
            continue
        page.select_service(info.id)
        page.set_quantity(1)
        calc = page.current_result()
        assert calc is not None, info.id
        for line in calc.lines:
            assert "GQ" not in line.modifiers, info.id



def test_the_focus_ring_never_becomes_a_pane_of_a_splitter(qtbot, shown):
    """A click on the empty space under the inputs, or on the audited lines, rings what
    took the focus without adding a third pane that squeezes the result."""
    from PySide6.QtWidgets import QSplitter

    splitters = shown.findChildren(QSplitter)
    counts = [s.count() for s in splitters]
    scroll = find(shown, "inputs_scroll")
    blank = QPoint(scroll.width() // 2, scroll.height() - 5)
    qtbot.mouseClick(scroll.viewport(), Qt.MouseButton.LeftButton, pos=blank)
    shown.show_tab("audit")
    qtbot.mouseClick(shown.audit.table.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown.focus_ring.target() is shown.audit.table)
    assert [s.count() for s in splitters] == counts
