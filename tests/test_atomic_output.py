"""Output files (report --out) are written all or nothing and never through a symlink."""

from __future__ import annotations

import errno
import os

import pytest

from narcokg import atomic
from narcokg.errors import InputError


def test_writes_and_replaces(tmp_path):
    out = tmp_path / "r.html"
    atomic.write_atomic(out, "one")
    atomic.write_atomic(out, "two")
    assert out.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_a_full_disk_keeps_the_previous_file(tmp_path, monkeypatch):
    out = tmp_path / "r.html"
    out.write_text("previous")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(InputError, match="nothing was written"):
        atomic.write_atomic(out, "new")
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary left


def test_a_symlink_is_replaced_never_written_through(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "report.html"
    link.symlink_to(target)
    atomic.write_atomic(link, "report")
    assert target.read_text() == "keep me"
    assert not link.is_symlink() and link.read_text() == "report"


@pytest.mark.parametrize("kind", ["dir", "fifo"])
def test_a_folder_or_fifo_is_refused(tmp_path, kind):
    out = tmp_path / "out"
    out.mkdir() if kind == "dir" else os.mkfifo(out)
    with pytest.raises(InputError, match="not a regular file"):
        atomic.write_atomic(out, "x")
