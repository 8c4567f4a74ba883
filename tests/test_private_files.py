"""The files an import keeps between its check and its confirm hold salaries and hire dates: only
the app's own user may read them, on the page and over the API."""

import os
import stat

import pytest

from core import private_files
from pages.views import imports as import_views
from people.imports import pending


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_the_page_keeps_an_upload_for_this_user_only():
    digest = import_views._keep(b"employee_id,salary\nE1,99000\n")

    path = import_views._stored(digest)
    assert (mode(path), mode(path.parent)) == (0o600, 0o700)


def test_the_api_keeps_a_checked_file_for_this_user_only():
    token = pending.keep(b"employee_id,salary\nE1,99000\n", {}, owner=1)

    folder = private_files.folder(pending.FOLDER_NAME)
    assert {mode(folder / f"{token}{suffix}") for suffix in (".data", ".json")} == {0o600}
    assert mode(folder) == 0o700
    assert pending.load(token, owner=2) is None
    assert pending.load(token, owner=1) == (b"employee_id,salary\nE1,99000\n", {})


def test_a_folder_or_file_left_readable_by_an_earlier_version_is_closed(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    (tmp_path / "kept").mkdir(mode=0o755)
    (tmp_path / "kept").chmod(0o755)
    (tmp_path / "kept" / "f").write_bytes(b"old")
    (tmp_path / "kept" / "f").chmod(0o644)

    folder = private_files.folder("kept")
    private_files.write(folder / "f", b"new")

    assert (mode(folder), mode(folder / "f"), (folder / "f").read_bytes()) == (0o700, 0o600, b"new")


def test_a_link_in_place_of_the_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "kept").symlink_to(tmp_path / "elsewhere")

    with pytest.raises(PermissionError):
        private_files.folder("kept")


def test_a_link_in_place_of_a_file_is_not_followed(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = private_files.folder("kept")
    (folder / "f").symlink_to(tmp_path / "target")

    with pytest.raises(OSError):
        private_files.write(folder / "f", b"secret")
    assert not (tmp_path / "target").exists()
