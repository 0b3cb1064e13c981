"""The bench's baseline: a bare PySide6 window with the same kinds of widgets as the app.

A main window of the app's default size with a tab bar, a form of combo boxes (30 items
each), a line edit, a spin box, labels, a checkable list, a QTextBrowser holding a page of
HTML like a result, and a status bar. No core, no pydantic, no rules: what any PySide6
window of this kind costs. Same contract as ``python -m gui --bench-startup``: prints
``shown <epoch seconds>`` and ``ready <epoch seconds>`` (the same moment: it has nothing
more to load) at the text browser's first paint, then exits 0.

    python bench/bare_window.py
"""

import sys
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QMainWindow, QSpinBox, QTabWidget, QTextBrowser, QWidget,
)

RESULT = ("<h2>H0034 &times; 7 units</h2><p>100 minutes of service / 15 minutes time for "
          "code = 6.6667 units. 6 units account for 90 minutes of service.</p>"
          + "<p><b>Note.</b> A paragraph of a note with its source, as the app shows it.</p>" * 6)


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
            self.done = True
            now = time.time()
            print(f"shown {now:.4f}\nready {now:.4f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def build() -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    tabs = QTabWidget()
    page = QWidget()
    row = QHBoxLayout(page)
    form_box = QWidget()
    form = QFormLayout(form_box)
    for name in ("Discipline", "Service", "Billing option", "Mode", "Level of care"):
        combo = QComboBox()
        combo.addItems([f"{name} {i}" for i in range(30)])
        form.addRow(QLabel(f"{name}:"), combo)
    form.addRow(QLabel("Quantity:"), QLineEdit("100"))
    spin = QSpinBox()
    spin.setRange(0, 1440)
    form.addRow(QLabel("Travel minutes:"), spin)
    checklist = QListWidget()
    for i in range(20):
        item = QListWidgetItem(f"Activity {i}")
        item.setCheckState(Qt.CheckState.Unchecked)
        checklist.addItem(item)
    form.addRow(QLabel("Activities:"), checklist)
    row.addWidget(form_box)
    result = QTextBrowser()
    result.setHtml(RESULT)
    row.addWidget(result, 1)
    tabs.addTab(page, "Calculator")
    tabs.addTab(QLabel("Code reference"), "Code reference")
    tabs.addTab(QLabel("About"), "About")
    window.setCentralWidget(tabs)
    window.statusBar().showMessage("Rules 1.0.0")
    window.resize(1024, 720)
    window.first_paint = FirstPaint()
    result.viewport().installEventFilter(window.first_paint)
    return window


if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = build()
    window.show()
    sys.exit(app.exec())
