"""Where the access log of `kb serve` goes: a private rotating file, stderr, or nowhere.

The lines themselves are made by the web layer (webui/access_log.py); this is the operations
side, driven by the settings (KB_ACCESS_LOG, KB_ACCESS_LOG_FILE, KB_ACCESS_LOG_MAX_MB,
KB_ACCESS_LOG_BACKUPS). The file is created 0600 in a 0700 folder: it names accounts and the
addresses of staff.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from index.private import FILE_MODE, private_dir

ACCESS_LOGGER = "kb.access"


class PrivateRotatingFile(RotatingFileHandler):
    """Rotating log file created 0600 (it names accounts and addresses of staff)."""

    def _open(self):
        return open(self.baseFilename, self.mode, encoding=self.encoding,
                    opener=lambda path, flags: os.open(path, flags, FILE_MODE))


def configure(target: str, path: Path, max_bytes: int, backups: int) -> None:
    """Send the access log to `target`: 'datei' (rotating JSON lines file), 'stderr' or 'aus'.
    Replaces an earlier configuration (a second `kb serve` in one process, tests)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    for old in list(logger.handlers):
        logger.removeHandler(old)
        old.close()
    logger.propagate = False
    if target == "aus":
        logger.setLevel(logging.CRITICAL + 1)
        return
    private_dir(path.parent)
    handler = (logging.StreamHandler() if target == "stderr"
               else PrivateRotatingFile(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"))
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
