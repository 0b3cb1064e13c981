"""Copies of the shipped rules pack with another id, other dates and small edits, for the
pack tests (a county QA team's next pack looks like this: the same files, a new manifest)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from core.resources import rules_dir


def _set(text: str, key: str, value: str) -> str:
    new, n = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, count=1, flags=re.M)
    assert n == 1, f"test setup: no {key} in rules.toml"
    return new


def pack_copy(dest: Path, pack_id: str, effective_from: date, *,
              effective_to: date | None = None, review_by: date | None = None,
              version: str = "2.0.0", edits: list[tuple[str, str, str]] = ()) -> Path:
    """The shipped pack copied to ``dest`` as ``pack_id`` in force from ``effective_from``;
    ``edits``: (file, old text, new text) replacements."""
    shutil.copytree(rules_dir(), dest)
    manifest = dest / "rules.toml"
    text = manifest.read_text(encoding="utf-8")
    text = _set(text, "id", f'"{pack_id}"')
    text = _set(text, "version", f'"{version}"')
    text = _set(text, "review_by", (review_by or effective_from.replace(
        year=effective_from.year + 1)).isoformat())
    start = effective_from.isoformat()
    if effective_to is not None:
        start += f"\neffective_to = {effective_to.isoformat()}"
    manifest.write_text(_set(text, "effective_from", start), encoding="utf-8")
    for name, old, new in edits:
        path = dest / name
        body = path.read_text(encoding="utf-8")
        assert old in body, f"test setup: {old!r} not in {name}"
        path.write_text(body.replace(old, new, 1), encoding="utf-8")
    return dest
