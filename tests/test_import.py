"""`import nnteach` stays fast, and every exported name can be reached."""

from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys

import pytest

import nnteach

HEAVY = ("tensorflow", "keras", "shap", "matplotlib", "ipywidgets")


def _modules_loaded_by(statement: str) -> set[str]:
    """Run ``statement`` in a fresh interpreter and list the heavy packages it loaded."""
    code = (
        f"import json, sys\n{statement}\n"
        f"print(json.dumps(sorted(m for m in {HEAVY + ('sklearn',)!r} if m in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_import_nnteach_loads_no_heavy_package():
    loaded = _modules_loaded_by("import nnteach")
    assert not loaded & set(HEAVY), f"`import nnteach` imported {sorted(loaded)}"


@pytest.mark.parametrize("module", ["data", "models"])
def test_data_and_models_modules_import_lazily(module):
    # Their heavy imports (scikit-learn, Keras) happen inside the functions.
    loaded = _modules_loaded_by(f"import nnteach.{module}")
    assert not loaded, f"`import nnteach.{module}` imported {sorted(loaded)}"


@pytest.mark.parametrize("name", sorted(set(nnteach.__all__) - {"__version__"}))
def test_exported_name_is_reachable(name):
    module = nnteach._EXPORTS[name]
    value = getattr(nnteach, name)
    assert value is getattr(importlib.import_module(f"nnteach.{module}"), name)
    assert name in importlib.import_module(f"nnteach.{module}").__all__


@pytest.mark.parametrize("module", ["data", "models", "metrics"])
def test_module_all_matches_exports(module):
    exported = {name for name, mod in nnteach._EXPORTS.items() if mod == module}
    assert set(importlib.import_module(f"nnteach.{module}").__all__) == exported
