"""The demo app stays beside the product: no product module imports it, so production can
leave it out of INSTALLED_APPS (tests/test_settings.py checks that it does)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("config", "network", "cms", "chat", "visits")


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("app", PRODUCT)
def test_no_product_module_imports_demo(app):
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / app).rglob("*.py"))
        if any(name == "demo" or name.startswith("demo.") for name in imported_modules(path))
    ]
    assert not offenders
