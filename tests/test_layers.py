"""The read side (search.query, search.web, search.cite) stands alone: serving loads no ingestion."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_SIDE = ("query", "web", "cite", "engines")
WRITE_SIDE = ("search.documents", "search.attribution", "search.extraction", "search.index.build",
              "search.index.records", "search.evaluation", "search.engines.postgres.build",
              "search.engines.postgres.updates", "search.engines.writers")


def _imports(path: Path) -> set[str]:
    """Return the absolute module names a file imports, module-level and in functions alike."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_the_read_side_imports_nothing_of_the_write_side():
    offenders = {}
    for family in READ_SIDE:
        for path in sorted((ROOT / "search" / family).rglob("*.py")):
            if ".".join(path.relative_to(ROOT).with_suffix("").parts).startswith(WRITE_SIDE):
                continue  # an engine's own build is its write side
            bad = sorted(m for m in _imports(path) if m.startswith(WRITE_SIDE))
            if bad:
                offenders[str(path.relative_to(ROOT))] = bad
    assert offenders == {}


def test_serving_loads_no_page_reader_nor_attribution_rules():
    probe = ("import json, sys; from search.web.app import create_app; create_app({'TESTING': True}); "
             "import search.cli; print(json.dumps(sorted(sys.modules)))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                                       check=True).stdout)
    assert not [m for m in loaded if m.startswith(("trafilatura", "warcio", "pdfminer", "lxml", *WRITE_SIDE))]
