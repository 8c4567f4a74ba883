"""A checked file waiting for its confirm step (the API's dry run → confirm).

The bytes and the options wait in a temporary folder under a token that is the SHA-256 of the
bytes, the options and the user: confirm applies exactly what was checked, for whoever checked
it, checked again under the lock. Kept for this process's user only, removed after a day
(core/private_files.py).
"""

import hashlib
import json

from core import private_files

FOLDER_NAME = "callcenter-imports-api"


def keep(data: bytes, options: dict, owner: int) -> str:
    """Store a checked file; returns its token."""
    meta = json.dumps({"options": options, "owner": owner}, sort_keys=True).encode()
    token = hashlib.sha256(data + b"\0" + meta).hexdigest()
    folder = private_files.folder(FOLDER_NAME)
    private_files.sweep(folder)
    private_files.write(folder / f"{token}.data", data)
    private_files.write(folder / f"{token}.json", meta)
    return token


def load(token: str, owner: int) -> tuple[bytes, dict] | None:
    """The file and options kept under this token for this user, or None."""
    if len(token) != 64 or not all(c in "0123456789abcdef" for c in token):
        return None
    folder = private_files.folder(FOLDER_NAME)
    data, meta = folder / f"{token}.data", folder / f"{token}.json"
    if not (data.exists() and meta.exists()):
        return None
    stored = json.loads(meta.read_bytes())
    if stored["owner"] != owner:
        return None
    return data.read_bytes(), stored["options"]


def drop(token: str) -> None:
    folder = private_files.folder(FOLDER_NAME)
    for suffix in (".data", ".json"):
        (folder / f"{token}{suffix}").unlink(missing_ok=True)
