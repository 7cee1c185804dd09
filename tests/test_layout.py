"""The floors of the package: which part of the board may import which.

Read from the source with `ast` (nothing is imported), so a rule also holds for imports
inside functions. The shared ground (top-level modules and `models/`) imports no part;
`postings` and `accounts` stand on the ground alone; `search` reads postings; `office` acts
on postings and accounts. Only the app factory, `views/`, `cli.py` and `demo.py` import
across parts freely. A new package fails here until it is given a place below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "jobboard"

GROUND = "ground"
#: part -> the parts it may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    GROUND: set(),
    "postings": {GROUND},
    "accounts": {GROUND},
    "search": {GROUND, "postings"},
    "office": {GROUND, "postings", "accounts"},
}
#: Packages that belong to the shared ground rather than being a part of their own.
GROUND_PACKAGES = {"models"}
#: Where the parts meet: these (and the app factory, `jobboard` itself) may import anything.
FREE = {"jobboard.cli", "jobboard.demo", "jobboard.views"}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str, package: Path = PACKAGE) -> str:
    """The part a module of the board belongs to: its package below `jobboard`, or the
    ground for a top-level module."""
    parts = module.split(".")
    if len(parts) == 1:
        return module
    if (package / parts[1]).is_dir() and parts[1] not in GROUND_PACKAGES:
        return parts[1]
    return GROUND


def imported_modules(path: Path, root: Path = PACKAGE) -> set[str]:
    """Every `jobboard…` module that `path` imports, relative imports resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # `from . import workflow` imports the module `….workflow`.
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                sub = root.parent / candidate.replace(".", "/")
                found.add(candidate if sub.is_dir() or sub.with_suffix(".py").is_file() else module)
    return {m for m in found if m == "jobboard" or m.startswith("jobboard.")}


def free(module: str) -> bool:
    """The app factory and the modules in FREE, or below them."""
    return module == "jobboard" or any(m == module or module.startswith(f"{m}.") for m in FREE)


def sources() -> list[Path]:
    """The modules that the floors bind: every module that is not free."""
    return sorted(p for p in PACKAGE.rglob("*.py") if not free(module_name(p)))


def test_every_module_has_a_place():
    parts = {part_of(module_name(p)) for p in sources()}
    assert parts <= ALLOWED.keys(), (
        f"give these packages a rule in ALLOWED: {parts - ALLOWED.keys()}"
    )


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_lower_floors_never_import_higher_ones(path: Path):
    module = module_name(path)
    own = part_of(module)
    wrong = sorted(
        target
        for target in imported_modules(path)
        if (other := part_of(target)) != own and (free(target) or other not in ALLOWED[own])
    )
    assert not wrong, f"{module} ({own}) may not import {wrong}"


def test_the_rules_catch_a_forbidden_import(tmp_path):
    """The checker itself: a lazy import of the office inside a posting module is found."""
    root = tmp_path / "jobboard"
    (root / "postings").mkdir(parents=True)
    (root / "office").mkdir()
    (root / "office" / "reports.py").write_text("")
    (root / "models.py").write_text("")
    bad = root / "postings" / "workflow.py"
    bad.write_text("from ..models import Posting\n\n\ndef f():\n    from ..office import reports\n")
    imported = imported_modules(bad, root)
    assert imported == {"jobboard.models", "jobboard.office.reports"}
    assert {part_of(m, root) for m in imported} == {GROUND, "office"}
    assert part_of(module_name(bad, root), root) == "postings"
    assert "office" not in ALLOWED["postings"]
