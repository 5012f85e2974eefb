"""Write a user's output file all or nothing: a temporary file beside it, flushed to disk,
then renamed over the target in one step. A full disk leaves the previous file as it was;
a symlink at the target is replaced by the file (its target is never written through), and
anything that is not a regular file or a symlink (a folder, a device, a FIFO) is refused."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from narcokg.errors import InputError


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise InputError(f"cannot write {path}: it exists and is not a regular file "
                         "(nothing was written)")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                   dir=path.parent if str(path.parent) else ".")
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc} (nothing was written; "
                         "a previous file there is unchanged)") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path
