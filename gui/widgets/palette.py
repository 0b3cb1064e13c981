"""Semantic colours (claimable green, problem red, muted text) that read on the
palette's own background, light or dark, and the WCAG contrast ratio that checks them."""

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


def muted_colour(text: QColor, back: QColor) -> QColor:
    """Quieter than the text, and still at least 4.5:1 on ``back`` (WCAG AA)."""
    return mix(text, back, 0.72)


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(front: QColor, back: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours, 1 to 21."""
    hi, lo = sorted((_luminance(front), _luminance(back)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
