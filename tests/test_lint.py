"""The code stays lint-clean and type-clean (ruff, strict mypy), and the product, tests and benchmarks stay apart."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.support.runner import REPO


def test_ruff_is_clean() -> None:
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def absolute_imports(path: Path) -> list[str]:
    """The modules ``path`` imports by absolute name (anywhere in the file)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level:
            names.append(node.module or "")
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return names


def test_no_test_module_imports_another_test_module_or_a_conftest() -> None:
    """Shared test code lives in tests/support; a test file or conftest is never imported by another."""
    offenders = [f"{path.relative_to(REPO)} imports {name}"
                 for path in sorted((REPO / "tests").rglob("*.py")) for name in absolute_imports(path)
                 if name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith(("test_", "conftest"))]
    assert not offenders, "\n".join(offenders)


def test_the_product_never_imports_the_tests_or_the_benchmarks() -> None:
    """bench/ and tests/ stay outside the product: no module of oscmd_shell imports them."""
    offenders = [f"{path.relative_to(REPO)} imports {name}"
                 for path in sorted((REPO / "oscmd_shell").rglob("*.py")) for name in absolute_imports(path)
                 if name.split(".")[0] in ("bench", "tests")]
    assert not offenders, "\n".join(offenders)
