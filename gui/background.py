"""Work off the GUI thread, its outcome back in it: anki's ``QueryOp`` (qt/aqt/operations),
in small. The audit's three jobs (read a file's header, audit its lines, write the report)
each run in one.

    task = Background(work, parent, doing="auditing")
    task.done.connect(...)        # the work's result, in the GUI thread
    task.failed.connect(...)      # or one line for a person saying why there is none
    task.progressed.connect(...)  # optional: how far the work is
    task.sent.connect(...)        # optional: parts of its result, as it goes
    task.start()

``work(task)`` runs in a thread of its own and returns its result. A
:class:`core.CoreError` it raises is said by its message; anything else is a bug, said in
one line ("Something went wrong inside the app while <doing> ..."), its traceback on
stderr. While it runs, the work may call:

* ``task.progress(value)``: how far it is (never waits);
* ``task.send(part)``: a part of its result. At most ``in_flight`` parts wait for the GUI
  thread at a time: ``send`` waits for room, so that a window kept busy never falls behind
  the work (it did, by 5 s and 90,000 audited lines held in flight);
* ``task.cancelled()``: whether to stop (:meth:`Background.cancel` asks it to).

:meth:`Background.stop` cancels, waits for the thread to end and drops whatever the work
still sends or returns: after it, nothing arrives. What the work emits crosses to this
object's own slots in the GUI thread, which pass it on unless the task was stopped.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from core import CoreError


class Background(QThread):
    """One piece of work run off the GUI thread (see the module's docstring)."""

    #: how far the work is (what it gave ``progress``)
    progressed = Signal(object)
    #: a part of the work's result (what it gave ``send``)
    sent = Signal(object)
    #: the work's result
    done = Signal(object)
    #: why there is no result, in one line for a person
    failed = Signal(str)

    # the same, emitted in the work's thread (queued to this object's thread)
    _progressed = Signal(object)
    _sent = Signal(object)
    _done = Signal(object)
    _failed = Signal(str)

    def __init__(self, work: Callable[[Background], Any], parent: QObject | None = None, *,
                 doing: str, in_flight: int = 2) -> None:
        """``doing``: what the work does, for the one line said about a bug ("auditing")."""
        super().__init__(parent)
        self._work = work
        self._doing = doing
        self._cancel = threading.Event()
        self._stopped = threading.Event()
        self._room = threading.Semaphore(in_flight)
        self._waiting = 0  # parts sent that the GUI thread has not taken yet
        self._count = threading.Lock()  # _waiting changes in both threads
        queued = Qt.ConnectionType.QueuedConnection
        self._progressed.connect(self._on_work_progressed, queued)
        self._sent.connect(self._on_work_sent, queued)
        self._done.connect(self._on_work_done, queued)
        self._failed.connect(self._on_work_failed, queued)

    # -- the work's side (its own thread) ----------------------------------------------

    def run(self) -> None:  # noqa: D102 - QThread: runs the work
        try:
            result = self._work(self)
        except CoreError as exc:
            self._failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug: one line here, the traceback on stderr
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
            self._failed.emit(f"Something went wrong inside the app while {self._doing} "
                              f"({type(exc).__name__}: {exc}); please tell whoever "
                              f"maintains it.")
        else:
            self._done.emit(result)

    def progress(self, value: object) -> None:
        self._progressed.emit(value)

    def send(self, part: object) -> None:
        """Send a part of the result once the GUI thread has room for it (or the task was
        stopped: then nothing is sent)."""
        while not self._room.acquire(timeout=0.05):
            if self._stopped.is_set():
                return
        with self._count:
            self._waiting += 1
        self._sent.emit(part)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # -- the GUI's side ----------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the work to stop (it ends as it says; its result still arrives)."""
        self._cancel.set()

    def stop(self) -> None:
        """Cancel, wait for the thread to end, and drop whatever is still on its way."""
        self._stopped.set()
        self._cancel.set()
        self.wait()

    def waiting(self) -> int:
        """How many parts sent the GUI thread has not taken yet."""
        return self._waiting

    @Slot(object)
    def _on_work_progressed(self, value: object) -> None:
        if not self._stopped.is_set():
            self.progressed.emit(value)

    @Slot(object)
    def _on_work_sent(self, part: object) -> None:
        try:
            if not self._stopped.is_set():
                self.sent.emit(part)
        finally:
            with self._count:
                self._waiting -= 1
            self._room.release()

    @Slot(object)
    def _on_work_done(self, result: object) -> None:
        if not self._stopped.is_set():
            self.done.emit(result)

    @Slot(str)
    def _on_work_failed(self, message: str) -> None:
        if not self._stopped.is_set():
            self.failed.emit(message)
