"""gui.background.Background: work run off the window's thread, its outcome back in it (the
audit's jobs run in it; tests/gui/test_audit_view.py drives them through the Audit tab)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from core import InputError
from gui.background import Background


def test_the_result_comes_back_in_the_windows_thread(qtbot):
    ran_in, done_in = [], []

    def work(task):
        ran_in.append(QThread.currentThread())
        return 42

    task = Background(work, doing="testing")
    task.done.connect(lambda result: done_in.append((result, QThread.currentThread())))
    with qtbot.waitSignal(task.done, timeout=5000):
        task.start()
    window_thread = QThread.currentThread()
    assert ran_in[0] is not window_thread and done_in == [(42, window_thread)]
    task.stop()


@pytest.mark.parametrize(("error", "said"), [
    (InputError("the file has no header row"), "the file has no header row"),
    (KeyError("x"), "Something went wrong inside the app while testing (KeyError: 'x'); "
                    "please tell whoever maintains it."),
])
def test_a_failure_is_one_line_for_a_person(qtbot, capsys, error, said):
    def work(task):
        raise error

    task = Background(work, doing="testing")
    with qtbot.waitSignal(task.failed, timeout=5000) as failed:
        task.start()
    assert failed.args == [said]
    task.stop()
    # a bug's traceback goes to stderr, a refusal's does not
    assert ("Traceback" in capsys.readouterr().err) == isinstance(error, KeyError)


def test_nothing_arrives_after_stop(qtbot):
    sent_all = threading.Event()

    def work(task):
        task.progress(1)
        task.send("part")
        sent_all.set()
        return "result"

    task = Background(work, doing="testing")
    said = []
    for signal in (task.progressed, task.sent, task.done, task.failed):
        signal.connect(said.append)
    task.start()
    assert sent_all.wait(5)  # all of it on its way, none taken yet
    task.stop()
    QCoreApplication.processEvents()  # what was queued for the window's thread: delivered now
    assert said == [] and task.isFinished()
