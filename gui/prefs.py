"""Preferences kept between runs, and nothing else.

Only *preferences* are stored: the clinician's discipline, the level of care they work
in, the window's place and size, the last tab and the text zoom. Never a minute count,
a note, an activity or anything about a client (42 CFR Part 2): :data:`KEYS` is the
whole list, and :meth:`Preferences.write` refuses any other key.

The file is plain text that this module reads and writes itself: one ``key=value`` per
line under ``[General]`` (so it still reads as an INI file), each value a short plain
string or a whole number. ``QSettings`` is not used to read it: it turns ``@Variant(…)``
values into Python objects by unpickling them, so a crafted preferences file could run
code at start. Anything that is not a known key with a plain value is ignored; a file
that cannot be read at all gives the defaults. Reading never raises and never waits:
only a regular file of at most :data:`_MAX_BYTES` is read (a pipe, a folder, a link to
/dev/zero or a huge file is not, and one line on stderr says so), and such a file, not
the app's, is never overwritten: the app then works as usual without remembering.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANIZATION = "dmc-units"
APPLICATION = "dmc-units"

DISCIPLINE = "discipline"
SETTING = "setting"
GEOMETRY = "geometry"  # "x,y,width,height" of the window's frame
TAB = "tab"
ZOOM = "zoom"  # text size steps above (or below) the normal size
#: every key the app ever writes, and the kind of value it holds
KEYS: dict[str, type] = {DISCIPLINE: str, SETTING: str, GEOMETRY: str, TAB: int, ZOOM: int}

_SECTION = "[General]"
_MAX_BYTES = 4096  # a preferences file is a few lines; anything bigger is not ours
#: a plain value: ids such as "MD/DO" or "3.2-WM", a geometry "12,40,1024,700"
_PLAIN = re.compile(r"[A-Za-z0-9-][A-Za-z0-9 ./,()_-]{0,79}")
_NUMBER = re.compile(r"-?[0-9]{1,6}")


def default_path() -> Path:
    """Where the user's preferences live (``~/.config/dmc-units/dmc-units.conf`` on Linux)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(folder) / ORGANIZATION / f"{APPLICATION}.conf"


def _plain(kind: type, text: str) -> str | int | None:
    if kind is int:
        return int(text) if _NUMBER.fullmatch(text) else None
    return text if _PLAIN.fullmatch(text) else None


def _read_bytes(path: Path) -> tuple[bytes, str | None]:
    """The file's bytes, or (b"", why it was not read); no file at all is no reason."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:  # O_NONBLOCK: opening a pipe (FIFO) returns at once instead of waiting for a writer
        fd = os.open(path, flags)
    except FileNotFoundError:
        return b"", None
    except OSError as exc:
        return b"", f"cannot be read ({exc.strerror or exc})"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b"", "is not a regular file"
        raw = b""
        while len(raw) <= _MAX_BYTES:
            part = os.read(fd, _MAX_BYTES + 1 - len(raw))
            if not part:
                break
            raw += part
    except OSError as exc:
        return b"", f"cannot be read ({exc.strerror or exc})"
    finally:
        os.close(fd)
    if len(raw) > _MAX_BYTES:
        return b"", f"is larger than {_MAX_BYTES} bytes, more than preferences take"
    return raw, None


def read_file(path: Path) -> dict[str, str | int]:
    """The known keys with plain values in a preferences file; {} when it cannot be read."""
    return _parse(_read_bytes(Path(path))[0])


def _parse(raw: bytes) -> dict[str, str | int]:
    values: dict[str, str | int] = {}
    for line in raw.decode("utf-8", errors="replace").splitlines():
        key, sep, text = line.partition("=")
        kind = KEYS.get(key.strip())
        if sep and kind is not None:
            value = _plain(kind, text.strip())
            if value is not None:
                values[key.strip()] = value
    return values


class Preferences:
    """The few preferences, read once from ``path`` and written back on every change."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        raw, self._not_read = _read_bytes(self.path)
        self._values = _parse(raw)
        if self._not_read and sys.stderr is not None:  # a windowed exe has no stderr
            print(f"dmc-units: preferences file {self.path} {self._not_read}: using the "
                  f"defaults, and leaving the file as it is", file=sys.stderr)

    @classmethod
    def at(cls, where: Preferences | QSettings | Path | str | None) -> Preferences:
        """Preferences in a file: given, the file of a ``QSettings``, or the user's own."""
        if isinstance(where, Preferences):
            return where
        if isinstance(where, QSettings):
            return cls(where.fileName())
        return cls(default_path() if where is None else where)

    def text(self, key: str) -> str | None:
        value = self._values.get(key)
        return value if isinstance(value, str) else None

    def number(self, key: str) -> int | None:
        value = self._values.get(key)
        return value if isinstance(value, int) else None

    def write(self, key: str, value: str | int) -> None:
        """Keep ``value`` for ``key`` and save the file (quietly: a preference is not worth
        an error message). Refuses an unknown key or a value that is not plain."""
        kind = KEYS.get(key)
        if kind is None:
            raise KeyError(f"{key!r} is not a preference")
        if type(value) is not kind or _plain(kind, str(value)) != value:
            raise ValueError(f"{key!r} takes a plain {kind.__name__}, not {value!r}")
        if self._values.get(key) == value:
            return
        self._values[key] = value
        self._save()

    def _save(self) -> None:
        if self._not_read:  # not the app's file (a pipe, a folder, ...): never clobbered
            return
        text = "\n".join([_SECTION, *(f"{k}={v}" for k, v in self._values.items()), ""])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".new")
            partial.unlink(missing_ok=True)  # a new file: never written into a pipe found there
            with open(partial, "x", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(partial, self.path)
        except OSError:
            pass  # a read-only home: the app works the same, it just does not remember
