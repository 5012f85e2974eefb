"""`publish --out` replaces and deletes only releases narcokg made: never a user's folder,
never the target of a symlink such as ``release -> /var/www/html``; a release of the previous
version is still replaced; a full disk leaves the live release as it was. Every test works
inside its tmp_path only."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from servers import store_from_trig  # tests/servers.py

import narcokg.publication.release as publish_module
from narcokg import swap
from narcokg.cli import main
from narcokg.publication import PublishError, publish

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"
OLD_STAMP = "20260101T000000123456789"  # the previous version's release stamp (no dot)
DEAD_PID = 999_999_999


@pytest.fixture
def store(tmp_path) -> Path:
    return store_from_trig(tmp_path / "store", FIXTURE)


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def site_folders(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("site"))


def webroot(tmp_path: Path, with_void: bool = False) -> Path:
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("<h1>my site</h1>")
    if with_void:
        (www / "void.ttl").write_text("# someone else's VoID\n")
    return www


def test_out_link_to_a_web_root_is_refused(tmp_path, store, capsys):
    www = webroot(tmp_path)
    link = tmp_path / "site"
    link.symlink_to(www)
    code, err = run(capsys, "publish", "--out", str(link), "--store", str(store), "-q")
    assert code == 2 and "is a symlink to" in err and "refusing" in err
    assert len(err.strip().splitlines()) == 1
    assert (www / "index.html").read_text() == "<h1>my site</h1>"
    assert link.resolve() == www and site_folders(tmp_path) == ["site"]


def test_a_plain_folder_with_a_void_file_is_not_a_release(tmp_path, store):
    """The previous version took any folder with a void.ttl for a release; a release is a
    symlink to a build folder narcokg made."""
    www = webroot(tmp_path, with_void=True)
    with pytest.raises(PublishError, match="not a narcokg release"):
        publish(www, store=store)
    assert sorted(p.name for p in www.iterdir()) == ["index.html", "void.ttl"]


def test_a_link_to_a_look_alike_release_folder_is_refused(tmp_path, store):
    look_alike = tmp_path / f"site.build-{OLD_STAMP}-{DEAD_PID}"
    look_alike.mkdir()
    (look_alike / "void.ttl").write_text("# theirs\n")
    (look_alike / "wp-config.php").write_text("<?php // theirs")
    (tmp_path / "site").symlink_to(look_alike.name)
    with pytest.raises(PublishError, match="not a release folder narcokg built"):
        publish(tmp_path / "site", store=store)
    assert sorted(p.name for p in look_alike.iterdir()) == ["void.ttl", "wp-config.php"]


def test_a_release_of_the_previous_version_is_replaced(tmp_path, store):
    old = tmp_path / f"site.build-{OLD_STAMP}-{DEAD_PID}"
    publish(tmp_path / "first", store=store)
    (tmp_path / "first").resolve().rename(old)  # what the previous version left: no marker
    (old / ".narcokg-release").unlink()
    for newer in ("vocab", "graph"):  # nor the pages of vocabulary and graph IRIs
        shutil.rmtree(old / newer, ignore_errors=True)
    for newer in ("pages.digests", "content.digest", "tracker.html", "tracker.nl.html",
                  "tracker.fr.html"):
        (old / newer).unlink(missing_ok=True)  # nor the page digests and the tracker
    (tmp_path / "first").unlink()
    (tmp_path / "site").symlink_to(old.name)
    publish(tmp_path / "site", store=store, base_url="https://new.example")
    live = (tmp_path / "site").resolve()
    assert swap.is_marked(live, "release") and "new.example" in (live / "void.ttl").read_text()
    assert site_folders(tmp_path) == ["site", live.name]


def test_stale_release_builds_go_but_not_a_users_folders(tmp_path, store):
    stale = tmp_path / f"site.build-{OLD_STAMP}-{DEAD_PID}"
    stale.mkdir()
    swap.mark(stale, "release")
    old_layout = tmp_path / f"site.build-20250101T000000123456789-{DEAD_PID}"
    (old_layout / "dumps").mkdir(parents=True)
    (old_layout / "context.jsonld").write_text("{}")
    theirs = tmp_path / f"site.build-20240101T000000123456789-{DEAD_PID}"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine")
    store_build = tmp_path / f"site.build-20230101T000000123456789-{DEAD_PID}"
    store_build.mkdir()
    swap.mark(store_build, "store")  # a store's build folder, not a release's
    publish(tmp_path / "site", store=store)
    live = (tmp_path / "site").resolve()
    assert site_folders(tmp_path) == sorted(["site", live.name, theirs.name, store_build.name])


def test_disk_full_while_publishing_leaves_the_release(tmp_path, store, capsys, monkeypatch):
    publish(tmp_path / "site", store=store, base_url="https://old.example")
    live = (tmp_path / "site").resolve()

    def full(*_args, **_kw):
        raise OSError(errno.ENOSPC, "No space left on device", str(live.parent / "x.rdf"))

    monkeypatch.setattr(publish_module, "describe", full)  # written by every publish
    code, err = run(capsys, "publish", "--out", str(tmp_path / "site"), "--store", str(store),
                    "-q")
    assert code == 2 and "disk full" in err and "nothing was changed" in err
    assert len(err.strip().splitlines()) == 1
    assert (tmp_path / "site").resolve() == live
    assert "old.example" in (live / "void.ttl").read_text()
    assert site_folders(tmp_path) == ["site", live.name]


def test_publish_into_an_empty_folder(tmp_path, store):
    (tmp_path / "site").mkdir()
    publish(tmp_path / "site", store=store)
    assert (tmp_path / "site").is_symlink() and (tmp_path / "site" / "void.ttl").exists()
    assert os.path.realpath(tmp_path / "site") != str(tmp_path / "site")
