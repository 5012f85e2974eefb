"""Where the store is when no ``--store`` is given, so that a notebook in another folder
finds the same store as the shell. The rule, first match wins:

1. ``store=`` / ``--store`` (a path);
2. ``$NARCOKG_STORE``;
3. the first of these that exists: ``./.narcokg/store`` (relative to the current folder),
   the ``store = "..."`` line of ``$XDG_CONFIG_HOME/narcokg/config.toml`` (default
   ``~/.config/narcokg/config.toml``), ``$XDG_DATA_HOME/narcokg/store`` (default
   ``~/.local/share/narcokg/store``);
4. none exists: the configured store if there is one (``narcokg build`` makes it there),
   else ``./.narcokg/store``.

``candidates()`` names every place looked at, for the "no store" message.
"""

from __future__ import annotations

import os
from pathlib import Path

from narcokg.errors import StoreError

LOCAL_STORE = Path(".narcokg") / "store"


def config_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "narcokg" / "config.toml"


def data_store() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "narcokg" / "store"


def configured_store() -> Path | None:
    """The ``store`` of the user's config.toml (``~`` expanded, relative to the file's
    folder), or None without a file or a ``store`` key."""
    import tomllib

    path = config_file()
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"cannot read {path}: {str(exc).splitlines()[0]}") from None
    value = config.get("store")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"{path}: `store` must be a folder path in quotes, "
                         f'such as store = "~/narcokg/store"')
    return path.parent / Path(value).expanduser()


def candidates() -> list[tuple[str, Path | None]]:
    """(where the path comes from, the path or None) for every default place, in order."""
    env = os.environ.get("NARCOKG_STORE")
    return [("$NARCOKG_STORE", Path(env) if env else None),
            ("the current folder", LOCAL_STORE),
            (str(config_file()), configured_store()),
            ("the user's data folder", data_store())]


def _exists(path: Path) -> bool:
    try:
        return path.is_dir() and any(path.iterdir())
    except OSError:
        return False


def default_store() -> Path:
    """The store to use when none is given (the rule above)."""
    places = candidates()
    env, local, configured, data = (path for _, path in places)
    if env is not None:
        return env
    found = next((p for p in (local, configured, data) if p is not None and _exists(p)), None)
    return found or configured or LOCAL_STORE


def looked_at() -> str:
    """Every place looked at, for a message: ``$NARCOKG_STORE (not set), ./.narcokg/store
    (= /abs/.narcokg/store), ...``."""
    out = []
    for where, path in candidates():
        if path is None:
            out.append(f"{where} (not set)")
        elif path == LOCAL_STORE:
            out.append(f"{path} in {where} ({Path.cwd() / path})")
        else:
            out.append(f"{path} ({where})")
    return "; ".join(out)
