"""Where Tripfold writes what went wrong: a rotating log in the user's log folder (Qt-free).

Error messages stay one line for the person reading them; the traceback goes here, and every error
dialog names this file so it can be attached to a report. ``setup_logging`` is safe to call twice
(the command line and the window both call it): the second call keeps the first handler.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "tripfold.log"
MAX_BYTES = 2 * 1024 * 1024  # a few MB in all: the current file and three older ones
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

_handler: logging.Handler | None = None
_path: Path | None = None


def default_log_folder() -> Path:
    """``~/.local/state/Tripfold/log`` on Linux (``$XDG_STATE_HOME``), the platform's log folder elsewhere."""
    from platformdirs import user_log_path

    return user_log_path("Tripfold", appauthor=False)


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Send the ``app`` loggers to ``folder``/tripfold.log (default: the user log folder); returns its path.

    A folder that cannot be created leaves logging to stderr and still returns the path it tried,
    so messages can name it.
    """
    global _handler, _path
    path = (folder or default_log_folder()) / LOG_NAME
    logger = logging.getLogger("app")
    if _handler is not None:
        if _path == path:
            return path
        logger.removeHandler(_handler)
        _handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)
    _handler, _path = handler, path
    return path


def close_logging() -> None:
    """Detach and close the handler that :func:`setup_logging` added (tests call it when done)."""
    global _handler, _path
    if _handler is not None:
        logging.getLogger("app").removeHandler(_handler)
        _handler.close()
    _handler, _path = None, None


def log_path() -> Path:
    """The log file in use (the default one before :func:`setup_logging` was called)."""
    return _path or default_log_folder() / LOG_NAME


def shown_log_path(path: Path | None = None) -> str:
    """The log's path with the home folder as ``~``, as error messages show it."""
    path = path or log_path()
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)
