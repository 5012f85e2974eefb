"""The package's modules import each other one way: no cycle, and no private name taken
from another module (house style: a package per concern, one public face each)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the source folders of the installed packages (pyproject's package-dir)
PACKAGES = {"narcokg": ROOT / "narcokg", "narcokg.loaders": ROOT / "loaders"}


def module_files() -> dict[str, Path]:
    out = {}
    for pkg, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            out[".".join([pkg, *parts])] = path
    return out


def _resolve(module: str, node: ast.ImportFrom, is_pkg: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_pkg else base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(modules: dict[str, Path]) -> dict[str, set[tuple[str, str | None]]]:
    """module -> {(imported module, imported name or None)}, every import in the file
    (function-level ones included: a lazy import is still a dependency)."""
    out = {}
    for module, path in modules.items():
        deps = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                deps |= {(a.name, None) for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, node, path.name == "__init__.py")
                for a in node.names:
                    sub = f"{target}.{a.name}"
                    deps.add((sub, None) if sub in modules else (target, a.name))
        out[module] = {(m, n) for m, n in deps if m in modules and m != module}
    return out


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_import_cycle():
    deps = imports(module_files())
    graph = {m: {d for d, _ in ds if not m.startswith(d + ".")} for m, ds in deps.items()}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_no_private_name_across_modules():
    bad = sorted(f"{m} imports {d}.{n}" for m, ds in imports(module_files()).items()
                 for d, n in ds if n and n.startswith("_") and not n.startswith("__"))
    assert not bad, bad


def test_the_walker_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
