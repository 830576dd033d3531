"""core/ stays a library: no UI toolkit, no CLI, no spaCy pipeline at import.

Checked at run time in a fresh interpreter (which also catches imports
hidden inside modules' import-time code) and statically over the source (which
also catches imports inside functions).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from conftest import REPO

CORE = REPO / "core"
CORE_MODULES = sorted(f"core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__")
#: Core modules that need no NLP; importing them must not even import spaCy.
LIGHT = ["core", "quotedesk.core.errors", "quotedesk.core.storage", "quotedesk.core.ingest", "quotedesk.core.export", "quotedesk.core.evaluate", "quotedesk.core.text_safety",
         "quotedesk.core.stats", "quotedesk.core.names", "quotedesk.core.dataset", "quotedesk.core.card", "quotedesk.core.columnar", "quotedesk.core.docbin"]
UI = ("textual", "rich")
NEVER_IMPORTED_BY_CORE = {"tui", "cli", "textual", "rich", "typer", "click"}


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_light_core_loads_no_ui_toolkit_and_no_spacy():
    loaded = _run(
        "import importlib, json, sys\n"
        f"for m in {LIGHT!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'rich', 'spacy', 'typer', 'trafilatura'))))\n"
    )
    assert loaded == []


WATCH = """
import builtins, importlib, json, sys

importers = []
real_import = builtins.__import__

def watching_import(name, globals=None, locals=None, fromlist=(), level=0):
    # Every import statement, even of a module already loaded: who asked for a UI toolkit?
    if level == 0 and name.split('.')[0] in %(ui)r:
        importers.append([name, (globals or {}).get('__file__') or '?'])
    return real_import(name, globals, locals, fromlist, level)

builtins.__import__ = watching_import
import spacy
def no_pipelines(*a, **k):
    raise AssertionError('a spaCy pipeline was loaded at import time')
spacy.load = no_pipelines
for m in %(modules)r:
    importlib.import_module(m)
print(json.dumps({
    'importers': importers,
    'textual': [m for m in sys.modules if m.split('.')[0] == 'textual'],
    'pipelines': [m for m in sys.modules if m.startswith('en_core')],
}))
"""


def test_importing_any_core_module_loads_no_textual_no_pipeline_and_imports_no_rich_itself():
    got = _run(WATCH % {"ui": UI, "modules": CORE_MODULES})
    assert got["textual"] == []
    assert got["pipelines"] == []
    # spaCy pulls in rich through its own CLI; core itself must not ask for it.
    assert [imp for imp in got["importers"] if imp[1].startswith(str(CORE))] == []


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_modules_never_import_the_ui_or_the_cli(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: `from ..tui import x` leaves the package
                names = [node.module or ""] if node.level > 1 else []
            else:
                names = [node.module or ""]
        else:
            continue
        bad += [n for n in names if n.split(".")[0] in NEVER_IMPORTED_BY_CORE]
    assert bad == [], f"{path.name} imports {bad}"


def test_import_linter_contracts_hold():
    """The contracts in pyproject.toml: core imports no UI, the desk no CLI (imports in functions too)."""
    from pathlib import Path

    linter = Path(sys.executable).parent / "lint-imports"
    out = subprocess.run([str(linter), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout
