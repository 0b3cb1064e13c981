"""The window opens fitted to the screen's room: a share of it on a first start (it always
opened at 1024x720: the Findings column was cut at 1920x1080), the size saved clamped to
the screen it opens on. The offscreen tests cannot change the screen, so the sizing is a
function of the room and the saved value, tested here for the screens of the issue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize

from gui.main_window import FRAME_ROOM, window_geometry

MINIMUM = QSize(730, 330)  # the window's own minimum size (its minimumSizeHint)
SCREENS = {  # available room: the screen less a task bar of 40 pixels
    "1024x600": QRect(0, 0, 1024, 560),
    "1366x768 at 150%": QRect(0, 0, 911, 472),
    "1920x1080": QRect(0, 0, 1920, 1040),
    "second screen 2560x1440": QRect(1920, 0, 2560, 1400),
}


def fits(where: QRect, room: QRect) -> bool:
    """The window with its frame inside the room."""
    frame = where.adjusted(0, 0, FRAME_ROOM[0], FRAME_ROOM[1])
    return room.contains(frame)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_first_start_opens_on_most_of_the_screen_and_inside_it(screen):
    room = SCREENS[screen]
    where = window_geometry(room, None, MINIMUM)
    assert fits(where, room)
    assert where.width() >= min(1024, room.width() - FRAME_ROOM[0])
    assert where.height() >= min(720, room.height() - FRAME_ROOM[1])
    # centred
    assert abs((where.left() - room.left()) - (room.right() - where.right() - FRAME_ROOM[0])) <= 2


def test_a_large_screen_gives_a_larger_window_than_the_old_1024_by_720():
    where = window_geometry(SCREENS["1920x1080"], None, MINIMUM)
    assert where.width() >= 1500 and where.height() >= 850


def test_a_small_screen_gives_all_its_room_less_the_frame():
    where = window_geometry(SCREENS["1024x600"], None, MINIMUM)
    assert where.size() == QSize(1024 - FRAME_ROOM[0], 560 - FRAME_ROOM[1])


@pytest.mark.parametrize("screen", SCREENS)
def test_a_saved_size_is_kept_where_it_fits_and_clamped_where_it_does_not(screen):
    room = SCREENS[screen]
    saved = f"{room.left() + 10},{room.top() + 20},1200,800"
    where = window_geometry(room, saved, MINIMUM)
    assert fits(where, room)
    most = QSize(room.width() - FRAME_ROOM[0], room.height() - FRAME_ROOM[1])
    assert where.size() == QSize(min(1200, most.width()), min(800, most.height()))
    if room.width() >= 1300:  # room for it: where it was, as it was
        assert (where.left(), where.top()) == (room.left() + 10, room.top() + 20)


def test_a_size_saved_on_a_larger_screen_opens_inside_a_smaller_one():
    where = window_geometry(SCREENS["1024x600"], "300,200,2400,1300", MINIMUM)
    assert fits(where, SCREENS["1024x600"])


def test_a_saved_place_off_this_screen_is_centred():
    room = SCREENS["1920x1080"]
    where = window_geometry(room, "5000,4000,800,500", MINIMUM)
    assert where.size() == QSize(800, 500) and fits(where, room)
    assert room.center().x() - 2 <= where.center().x() + FRAME_ROOM[0] // 2 <= room.center().x() + 2


@pytest.mark.parametrize("saved", ["", "a,b,c,d", "1,2,3", "1,2,3,4,5", "0,0,99999999,5"])
def test_a_saved_value_that_is_not_a_geometry_is_a_first_start(saved):
    room = SCREENS["1920x1080"]
    assert window_geometry(room, saved, MINIMUM) == window_geometry(room, None, MINIMUM)


@pytest.mark.parametrize("screen, scale", [((1024, 600), 1.25), ((1366, 768), 1.5)])
def test_the_window_can_be_made_small_enough_for_a_small_laptop(window, screen, scale):
    """A laptop's room in logical pixels (less a 40-pixel task bar) at the scaling Windows
    offers it: the window's minimum (every tab's, the Audit tab's filters included) fits
    with its frame, or part of it is off the screen (the finding filter once asked 396
    pixels for its longest title: 729 in all). At 1024x600 and 150% (683 wide) its width
    fits too."""
    room = QRect(0, 0, round(screen[0] / scale), round((screen[1] - 40) / scale))
    least = window.minimumSizeHint()
    assert fits(QRect(QPoint(0, 0), least), room), least
    assert least.width() + FRAME_ROOM[0] <= round(1024 / 1.5)
