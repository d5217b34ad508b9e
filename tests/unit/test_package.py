"""smartem_ext/__init__.py: the public names, each loaded from its module on first use."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import smartem_ext


@pytest.mark.parametrize("name", [n for n in smartem_ext.__all__ if n != "epu"])
def test_public_name_is_the_object_of_its_module(name: str) -> None:
    home = importlib.import_module(smartem_ext._HOME_OF[name])
    assert getattr(smartem_ext, name) is getattr(home, name)
    assert name in getattr(home, "__all__", [name])


def test_epu_namespace_holds_the_epu_model() -> None:
    assert smartem_ext.epu.GridData is smartem_ext.GridData
    assert "epu" in dir(smartem_ext)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'SmartEMClient'"):
        smartem_ext.SmartEMClient  # noqa: B018


def test_importing_the_package_loads_no_client_until_one_is_used() -> None:
    probe = (
        "import sys, smartem_ext\n"
        "print(sorted(m for m in ('smartem_ext.client', 'smartem_ext.sse', 'httpx',"
        " 'smartem_api.models') if m in sys.modules))\n"
        "smartem_ext.SmartEMAPIClient\n"
        "print('smartem_ext.client' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split("\n")[:2] == ["[]", "True"]


def test_what_type_checkers_see_is_exactly_what_resolves_at_run_time() -> None:
    # Type checkers read the star imports under TYPE_CHECKING: each module's __all__.
    source = Path(smartem_ext.__file__).read_text()
    starred = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and [a.name for a in node.names] == ["*"]
    }
    assert starred == set(smartem_ext._HOMES)
    seen = set()
    for module_name in starred:
        module = importlib.import_module(module_name)
        assert sorted(module.__all__) == sorted(smartem_ext._HOMES[module_name].split())
        seen.update(module.__all__)
    assert seen | {"epu"} == set(smartem_ext.__all__)
    for name in smartem_ext.__all__:
        assert getattr(smartem_ext, name) is not None
