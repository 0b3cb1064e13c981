"""Semantic colours (claimable green, problem red) that read on the palette's own
background, light or dark. Shared by the result page and the per-input problem lines."""

from __future__ import annotations

from PySide6.QtGui import QColor

#: (on a light background, on a dark background)
OK = ("#1b6e31", "#7ddc94")
BAD = ("#a4161a", "#ff8f87")


def is_dark(back: QColor) -> bool:
    return back.lightnessF() < 0.5


def ok_colour(back: QColor) -> QColor:
    return QColor(OK[is_dark(back)])


def bad_colour(back: QColor) -> QColor:
    return QColor(BAD[is_dark(back)])


def mix(front: QColor, back: QColor, amount: float) -> QColor:
    """``amount`` of ``front`` over ``back`` (a colour for muted text or a tinted panel)."""
    return QColor.fromRgbF(*(amount * f + (1 - amount) * b for f, b in zip(
        (front.redF(), front.greenF(), front.blueF()),
        (back.redF(), back.greenF(), back.blueF()), strict=True)))
