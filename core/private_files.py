"""Files that wait between a check and its confirm (the import's preview on the page, its dry run
over the API). They hold HR's exports, salaries and hire dates included, so they are kept for
this process's user only: the folder 0700, each file 0600, never through a link, and a folder
that another user made first (a shared /tmp) is refused rather than used. Files nobody
confirmed are removed after a day.
"""

import os
import tempfile
import time
from pathlib import Path

KEEP_SECONDS = 24 * 3600


def folder(name: str) -> Path:
    """A folder of the temporary directory for this user alone, made if missing."""
    path = Path(tempfile.gettempdir()) / name
    path.mkdir(mode=0o700, exist_ok=True)
    info = path.lstat()
    if path.is_symlink() or info.st_uid != os.getuid():
        raise PermissionError(f"{path} is a link or belongs to another user; remove it")
    if info.st_mode & 0o077:
        path.chmod(0o700)  # made by an earlier version with the default mode
    return path


def sweep(path: Path, pattern: str = "*") -> None:
    """Remove the files of `path` older than a day."""
    stale = time.time() - KEEP_SECONDS
    for old in path.glob(pattern):
        if old.lstat().st_mtime < stale:
            old.unlink(missing_ok=True)


def write(path: Path, data: bytes) -> None:
    """Write `data` readable by this user only, replacing a file of the same name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(descriptor, 0o600)  # a file left by an earlier version
        file.write(data)
