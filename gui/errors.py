"""The one place in the GUI that turns an error into words for a person.

* :func:`input_message` words a :class:`core.InputError` for the line next to the inputs.
* :func:`rules_message` words a :class:`core.RulesError` (broken rules data): which file,
  which entry, what is wrong, and what to do; :func:`message_for` any other failure to
  load the rules.
* :func:`report_fatal` shows such a message in a modal box (and on stderr) before the app
  exits. Tests patch :func:`show_critical` (pytest-qt's advice on modal dialogs).
* :func:`install_excepthook` makes an unexpected bug a short message, not a traceback
  window, while still writing the traceback to stderr for whoever fixes it.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from core import InputError, RulesError

TITLE = "DMC units"


def input_message(error: InputError | str) -> str:
    """The core's one-line message as a sentence: capital first letter, full stop."""
    text = str(error).strip() or "This request cannot be answered."
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def rules_message(error: RulesError) -> str:
    """What a clinician (or their IT contact) needs to know when the rules data is broken."""
    lines = [
        "The billing rules that come with this app could not be read, so it cannot "
        "give answers safely and will close.",
        "",
        f"File: {error.file}",
    ]
    if error.entry:
        lines.append(f"Entry: {error.entry}")
    lines += [
        f"Problem: {error.problem}",
        "",
        "Reinstall the app, or send this message to whoever maintains it.",
    ]
    return "\n".join(lines)


def message_for(error: BaseException) -> tuple[str, str]:
    """(title, text) for an error that stops the app: broken rules data, or anything
    else that went wrong while loading the rules."""
    if isinstance(error, RulesError):
        return f"{TITLE}: the rules data is broken", rules_message(error)
    if isinstance(error, InputError):
        return f"{TITLE}: cannot calculate", input_message(error)
    return f"{TITLE}: the rules could not be loaded", "\n".join((
        "The billing rules that come with this app could not be loaded, so it cannot "
        "give answers safely and will close.",
        "",
        f"Problem: {type(error).__name__}: {error}",
        "",
        "Reinstall the app, or send this message to whoever maintains it."))


def show_critical(parent: QWidget | None, title: str, text: str) -> None:
    """The modal box itself; patched in tests."""
    from PySide6.QtWidgets import QMessageBox  # only when there is something to say

    QMessageBox.critical(parent, title, text)


def report_fatal(error: BaseException, parent: QWidget | None = None, *,
                 dialog: bool = True) -> None:
    """Say why the app cannot go on: on stderr always, in a message box when ``dialog``."""
    title, text = message_for(error)
    print(f"error: {error}", file=sys.stderr)
    if dialog and QApplication.instance() is not None:
        show_critical(parent, title, text)


def report_bug(value: BaseException, doing: str = "the last change may not have been "
               "calculated") -> None:
    """A bug in the app: the traceback on stderr for whoever fixes it, a short message
    for the person using it."""
    traceback.print_exception(type(value), value, value.__traceback__, file=sys.stderr)
    if isinstance(value, KeyboardInterrupt) or QApplication.instance() is None:
        return
    show_critical(None, TITLE, (
        f"Something went wrong inside the app, and {doing}.\n\n"
        f"{type(value).__name__}: {value}\n\nPlease tell whoever maintains the app."))


def _excepthook(kind: type[BaseException], value: BaseException,
                tb: TracebackType | None) -> None:
    report_bug(value.with_traceback(tb))


def install_excepthook() -> None:
    """For the running app only (never in tests): bugs become a short message."""
    sys.excepthook = _excepthook
