"""Find the project's artifacts (ontology, shapes, queries, curated data) the same way in a
checkout and in an installed wheel: they are the packages ``narcokg.ontology``,
``narcokg.shapes``, ``narcokg.queries`` and ``narcokg.data`` (mapped from the top-level
folders by ``pyproject.toml``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def ontology_dir() -> Path:
    return _dir("narcokg.ontology")


def shapes_dir() -> Path:
    return _dir("narcokg.shapes")


def queries_dir() -> Path:
    return _dir("narcokg.queries")


def data_dir() -> Path:
    return _dir("narcokg.data")


def ontology_files() -> list[Path]:
    """The ontology first, then its SKOS schemes, in a stable order."""
    root = ontology_dir()
    return [root / "narcokg.ttl", *sorted((root / "vocab").glob("*.ttl"))]


def ontology_version_files() -> dict[str, Path]:
    """Earlier versions of the ontology as released, by version (``versions/narcokg-<v>.ttl``):
    each ``owl:priorVersion`` IRI dereferences to its own file, not to the current one."""
    folder = ontology_dir() / "versions"
    return {p.stem.removeprefix("narcokg-"): p for p in sorted(folder.glob("narcokg-*.ttl"))}


def shape_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))


def query_files() -> list[Path]:
    return sorted(queries_dir().glob("*.rq"))
