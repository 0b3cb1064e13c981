"""core/ answers without Qt: importing and running it loads no Qt module.

That no core module imports Qt or gui/ at all is import-linter's contract (pyproject.toml),
checked by ./dev test before pytest."""

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "core"

def test_running_the_core_loads_no_qt():
    code = ("import sys, core, core.cli, core.catalog; core.load_rules(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'gui')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=CORE.parent, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
