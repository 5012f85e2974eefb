"""The narcokg command line: a thin layer over the library API."""

from __future__ import annotations

import argparse
import importlib
import sys

from narcokg import __version__
from narcokg.commands import COMMANDS
from narcokg.errors import NarcokgError, system_error

# commands that write all or nothing: a failure leaves what was there before
UNCHANGED = {"build": "nothing was changed: the previous store is intact",
             "publish": "nothing was changed: the previous release is intact"}


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="narcokg",
        description="A linked-data knowledge graph of the actors and instruments of "
        "international drug policy.")
    parser.add_argument("--version", action="version", version=f"narcokg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"narcokg.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"narcokg.commands.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except NarcokgError as exc:
        print(f"narcokg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # e.g. `narcokg queries | head`: the reader left, not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, RuntimeError) as exc:  # the system or the engine: one line, no traceback
        failure = system_error(exc)
        if failure is None:
            raise
        note = UNCHANGED.get(args.command)
        print(f"narcokg: error: {failure}" + (f"; {note}" if note else ""), file=sys.stderr)
        return failure.exit_code
    except KeyboardInterrupt:
        print("narcokg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
