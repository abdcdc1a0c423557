"""The viewer's info line names the camera as people say it and the file, besides when and where."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt

from app.ui.card_grid import KIND as CARD_KIND
from app.ui.main_window import MainWindow
from app.ui.photo_grid import KIND as PAGE_KIND
from app.ui.photo_grid import PATH
from app.ui.viewer import camera_text
from tests.ui.test_trips_window import HANGZHOU, JIAXING, card_row, click_card, shoot

IPHONE = ("Apple", "iPhone 13", "F2LXK1Q0ABCD")


def open_first_photo(qtbot, grid) -> str:
    model = grid.model()
    row = next(r for r in range(model.rowCount()) if model.index(r).data(PAGE_KIND) == "file")
    grid.setCurrentIndex(model.index(row))
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.addWidget(grid.viewer)
    return model.index(row).data(PATH)


def test_a_trip_photo_names_its_camera_and_file(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shoot(folder, HANGZHOU, datetime(2024, 3, 3, 9), 2, camera=IPHONE)
    shoot(folder, JIAXING, datetime(2024, 3, 5, 9), 2, camera=IPHONE)
    window.add_folders([str(folder)])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    click_card(qtbot, window, card_row(window, "Zhejiang"))
    qtbot.keyClick(window.trips_view, Qt.Key.Key_Return)
    path = open_first_photo(qtbot, window.trip_page.grid)
    info = window.trip_page.grid.viewer.info.text()
    assert "Apple iPhone 13" in info and Path(path).name in info
    assert "F2LXK1Q0ABCD" not in info and "|" not in info  # the serial and the stored form stay inside
    assert "Hangzhou, Zhejiang, China" in info  # with the place, as before
    window.trip_page.grid.viewer.close()


def test_a_place_photo_names_its_camera_too(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shoot(folder, HANGZHOU, datetime(2024, 3, 3, 9), 2, camera=("NIKON CORPORATION", "NIKON D750", "42"))
    window.add_folders([str(folder)])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Places
    view = window.timeline
    kinds = [window.model.index(r).data(CARD_KIND) for r in range(window.model.rowCount())]
    card = next(r for r, kind in enumerate(kinds) if kind not in ("year", "month"))
    view.setCurrentIndex(window.model.index(card))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.page
    path = open_first_photo(qtbot, window.page.grid)
    info = window.page.grid.viewer.info.text()
    assert "Nikon D750" in info and Path(path).name in info
    window.page.grid.viewer.close()


def test_cameras_read_as_people_name_them() -> None:
    assert camera_text("Apple|iPhone 13|F2LXK1Q0ABCD") == "Apple iPhone 13"
    assert camera_text("NIKON CORPORATION|NIKON D70|") == "Nikon D70"
    assert camera_text("Canon|Canon EOS 40D|1234") == "Canon EOS 40D"
    assert camera_text("OLYMPUS IMAGING CORP.|E-M1|") == "Olympus E-M1"
    assert camera_text("EASTMAN KODAK COMPANY|KODAK CX7530 ZOOM DIGITAL CAMERA|") == (
        "Kodak CX7530 ZOOM DIGITAL CAMERA"
    )
    assert camera_text("HMD Global|Nokia 8.3 5G|") == "Nokia 8.3 5G"
    assert camera_text("|Phone|") == "Phone" and camera_text("") == ""
