"""HermiT, the OWL 2 DL reasoner, run two ways:
- ``classify``: through owlready2 (consistency and unsatisfiable classes of the ontology);
- ``consistent``: HermiT's own command line (the jar owlready2 ships) on an N-Triples file,
  with a time limit; a consistency check of ontology + data takes seconds this way, where
  owlready2's load and realisation of every individual took more than ten minutes on the
  curated build (measured 2026-11-30)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from narcokg.errors import NarcokgError
from narcokg.namespaces import PREFIXES

OWL = PREFIXES["owl"]
JAVA_MEMORY_MB = 2000


def java() -> str:
    found = os.environ.get("JAVA_EXE") or shutil.which("java")
    if not found:
        raise NarcokgError("Java is needed for the HermiT reasoner and was not found: install "
                           "it (e.g. `apt-get install -y default-jre-headless`) or set JAVA_EXE")
    return found


@dataclass
class Verdict:
    consistent: bool | None  # None: the reasoner did not decide (see ``error``)
    error: str | None = None
    unsatisfiable: tuple[str, ...] = ()


def _in_tmp(triples, run):
    """Write ``triples`` as N-Triples in a fresh folder and call ``run(path)`` from there
    (HermiT derives a base IRI from the working folder; "/" breaks it)."""
    with tempfile.TemporaryDirectory(prefix="narcokg-owl-") as tmp:
        nt = Path(tmp) / "input.nt"
        ox.serialize(list(triples), output=str(nt), format=ox.RdfFormat.N_TRIPLES)
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            return run(nt)
        finally:
            os.chdir(cwd)


def classify(triples) -> Verdict:
    """Consistency and unsatisfiable classes, through owlready2."""
    import owlready2

    def run(nt: Path) -> Verdict:
        owlready2.JAVA_EXE = java()
        world = owlready2.World()
        onto = world.get_ontology(nt.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Verdict(False)
        except owlready2.OwlReadyJavaError as exc:
            return Verdict(None, str(exc).strip().splitlines()[-1][:500])
        nothing = OWL + "Nothing"
        return Verdict(True, None, tuple(sorted(c.iri for c in world.inconsistent_classes()
                                                if c.iri != nothing)))
    return _in_tmp(triples, run)


def _classpath() -> str:
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.origin:
        raise NarcokgError("owlready2 (which ships HermiT) is not installed")
    here = Path(spec.origin).parent / "hermit"
    return os.pathsep.join([str(here), str(here / "HermiT.jar")])


def consistent(triples, timeout: float = 600) -> Verdict:
    """Is ``triples`` (ontology and data) consistent? HermiT's command line, ``-k``."""
    command = [java(), f"-Xmx{JAVA_MEMORY_MB}M", "-cp", _classpath(),
               "org.semanticweb.HermiT.cli.CommandLine", "-k"]

    def run(nt: Path) -> Verdict:
        try:
            done = subprocess.run([*command, nt.as_uri()], capture_output=True, text=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return Verdict(None, f"HermiT did not finish within {timeout:.0f} s")
        out = done.stdout + done.stderr
        if done.returncode == 0 and "is satisfiable" in out:
            return Verdict(True)
        if "InconsistentOntologyException" in out or "is not satisfiable" in out:
            return Verdict(False)
        lines = [ln for ln in out.splitlines() if "Exception" in ln] or out.splitlines()
        return Verdict(None, (lines[0] if lines else f"exit {done.returncode}")[:500])
    return _in_tmp(triples, run)
