"""The one place that finds bundled files, from source and from a PyInstaller bundle.

From source the files live in ``resources/`` beside ``core/``. PyInstaller 6 sets
``sys._MEIPASS`` to the bundle's data folder (``_internal/`` in a onedir build) and
``app.spec`` copies ``resources/`` there under the same name.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    """The folder that holds ``rules/`` and the other bundled resources."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A path below the resource root, e.g. ``resource_path("icons", "dmc-units.png")``.
    ValueError for a part that would lead out of it (absolute, ``..``, a drive): the
    resources are the app's own files, never a path a user or a pack gives."""
    for part in parts:
        name = Path(part)
        if name.anchor or ".." in name.parts or any(c in part for c in "\\:"):
            raise ValueError(f"not a resource name: {part!r}")
    return resource_root().joinpath(*parts)


def rules_dir() -> Path:
    """The folder of the shipped rules data."""
    return resource_path("rules")
