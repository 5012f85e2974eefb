"""The wheel ships every package and artifact the code looks for."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_python_package_is_listed_for_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    mapped = config["package-dir"]
    found = {"narcokg." + ".".join(p.parent.relative_to(ROOT / "narcokg").parts)
             for p in (ROOT / "narcokg").rglob("__init__.py") if p.parent != ROOT / "narcokg"}
    found |= {"narcokg"} | {name for name, folder in mapped.items()
                            if (ROOT / folder / "__init__.py").exists()}
    assert found <= listed, f"not shipped in the wheel: {sorted(found - listed)}"


def test_artifacts_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    data = config["package-data"]
    assert "*.ttl" in data["narcokg.ontology"] and "vocab/*.ttl" in data["narcokg.ontology"]
    assert "*.ttl" in data["narcokg.shapes"]
    assert "*.rq" in data["narcokg.queries"]
    assert "**/*.yaml" in data["narcokg.data"]
