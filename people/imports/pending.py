"""A checked file waiting for its confirm step (the API's dry run → confirm).

The bytes and the options wait in a temporary folder under a token that is the SHA-256 of the
bytes, the options and the user: confirm applies exactly what was checked, for whoever checked
it, checked again under the lock. Unconfirmed files are removed after a day.
"""

import hashlib
import json
import tempfile
import time
from pathlib import Path

FOLDER = Path(tempfile.gettempdir()) / "callcenter-imports-api"
KEEP_SECONDS = 24 * 3600


def keep(data: bytes, options: dict, owner: int) -> str:
    """Store a checked file; returns its token."""
    meta = json.dumps({"options": options, "owner": owner}, sort_keys=True).encode()
    token = hashlib.sha256(data + b"\0" + meta).hexdigest()
    FOLDER.mkdir(parents=True, exist_ok=True)
    stale = time.time() - KEEP_SECONDS
    for old in FOLDER.glob("*"):
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    (FOLDER / f"{token}.data").write_bytes(data)
    (FOLDER / f"{token}.json").write_bytes(meta)
    return token


def load(token: str, owner: int) -> tuple[bytes, dict] | None:
    """The file and options kept under this token for this user, or None."""
    if len(token) != 64 or not all(c in "0123456789abcdef" for c in token):
        return None
    data, meta = FOLDER / f"{token}.data", FOLDER / f"{token}.json"
    if not (data.exists() and meta.exists()):
        return None
    stored = json.loads(meta.read_bytes())
    if stored["owner"] != owner:
        return None
    return data.read_bytes(), stored["options"]


def drop(token: str) -> None:
    for suffix in (".data", ".json"):
        (FOLDER / f"{token}{suffix}").unlink(missing_ok=True)
