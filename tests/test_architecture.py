"""The layers of docs/architecture.md hold: an app imports only from the apps below it, not even
inside a function (import-linter's layers contract in pyproject.toml); within an app, modules import
one another without circles."""

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def test_apps_import_only_from_the_layers_below_them():
    result = subprocess.run([Path(sys.executable).parent / "lint-imports", "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 kept, 0 broken" in result.stdout


def test_the_assessment_modules_import_one_another_without_circles():
    """Each module of assessments/ stands on the ones it imports: none of them imports it back, however
    indirectly (a circle means two modules that can only be read, and loaded, together)."""
    graph = grimp.build_graph("assessments", exclude_type_checking_imports=True, cache_dir=None)
    circles = sorted({tuple(sorted((module, imported))) for module in graph.modules
                      for imported in graph.find_modules_directly_imported_by(module)
                      if graph.chain_exists(importer=imported, imported=module)})
    assert circles == []
