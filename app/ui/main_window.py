"""The window's entry point.  For now a summary of the library; the timeline arrives with issue #5."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget


class MainWindow(QMainWindow):
    def __init__(self, library_path: Path, statuses: Counter, sources: list[str]) -> None:
        super().__init__()
        self.setWindowTitle("Tripfold")
        self.resize(720, 420)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("Tripfold")
        title.setStyleSheet("font-size: 28px; font-weight: 600;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        total = sum(statuses.values())
        lines = [f"Library: {library_path}", f"{total} photos and videos indexed"]
        if total:
            lines.append(
                f"{statuses['ok']} with time and place · {statuses['no_place']} without place · "
                f"{statuses['no_time']} without time · {statuses['error']} unreadable"
            )
        lines += [f"Folder: {s}" for s in sources] or ["Add folders with:  tripfold index FOLDER"]
        summary = QLabel("\n".join(lines))
        summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        summary.setObjectName("summary")
        layout.addWidget(title)
        layout.addWidget(summary)
        self.setCentralWidget(body)


def run(library: str | None, screenshot: str | None = None) -> int:
    from peewee import fn

    from app.service import Service
    from app.store.models import MediaFile, Source

    if screenshot:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    service = Service(library)
    statuses = Counter(
        dict(MediaFile.select(MediaFile.status, fn.COUNT()).group_by(MediaFile.status).tuples())
    )
    sources = [s.path for s in Source.select().order_by(Source.path)]
    window = MainWindow(service.library_path, statuses, sources)
    window.show()
    if screenshot:

        def grab() -> None:
            window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(200, grab)
    code = app.exec()
    service.close()
    return code
