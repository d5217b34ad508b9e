"""The documentation builds with no warnings (nitpicky), documents every public name, and
every link inside it resolves."""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.util.inventory import InventoryFile

import smartem_ext
from smartem_ext.cli._main import _parser
from smartem_ext.outbox import OutboxStats
from tests.docs.conftest import DOCS, ENV_SENTINEL, ROOT, BuiltDocs, sphinx

PAGES = [
    "index",
    "guides/quickstart",
    "guides/switching",
    "guides/outbox",
    "guides/regenerating",
    "api/index",
    "api/clients",
    "api/epu",
    "api/ids",
    "api/outbox",
    "api/stream",
    "api/auth",
    "api/errors",
    "api/limits",
    "api/compat",
    "api/testing",
    "reference/errors",
    "reference/configuration",
    "reference/cli",
    "generated/index",
    "generated/models",
    "development",
    "changelog",
]
PUBLIC_MODULES = ("smartem_ext", "smartem_ext.compat", "smartem_ext.testing")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (tag, name) in {
                ("a", "href"),
                ("link", "href"),
                ("script", "src"),
                ("img", "src"),
            }:
                self.links.append(value)


def parsed(page: Path) -> _Links:
    links = _Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_every_page_is_built(built_docs: BuiltDocs) -> None:
    for page in PAGES:
        assert (built_docs.html / f"{page}.html").is_file(), page
    assert (built_docs.html / "search.html").is_file()
    assert (built_docs.html / "searchindex.js").is_file()
    assert "WARNING" not in built_docs.output and "ERROR" not in built_docs.output


def inventory(built_docs: BuiltDocs) -> dict[str, dict[str, object]]:
    with (built_docs.html / "objects.inv").open("rb") as stream:
        return InventoryFile.load(stream, "", lambda base, uri: uri)  # type: ignore[return-value]


def public_names() -> list[tuple[str, str]]:
    return [
        (module_name, name)
        for module_name in PUBLIC_MODULES
        for name in importlib.import_module(module_name).__all__
    ]


def test_every_public_name_has_an_entry_in_the_api_reference(built_docs: BuiltDocs) -> None:
    objects = inventory(built_docs)
    documented = {name for entries in objects.values() for name in entries}
    missing = []
    for module_name, name in public_names():
        value = getattr(importlib.import_module(module_name), name)
        # A name re-exported from another public module is documented once, there.
        candidates = {f"{module_name}.{name}", f"smartem_ext.{name}"}
        if not candidates & documented or (
            f"{module_name}.{name}" not in documented
            and getattr(smartem_ext, name, None) is not value
        ):
            missing.append(f"{module_name}.{name}")
    assert not missing
    top = [name for name in smartem_ext.__all__ if f"smartem_ext.{name}" in documented]
    print(f"smartem_ext.__all__: {len(top)} of {len(smartem_ext.__all__)} names documented")


def test_every_class_in_the_reference_has_its_methods_with_types(built_docs: BuiltDocs) -> None:
    page = (built_docs.html / "api" / "clients.html").read_text(encoding="utf-8")
    assert 'id="smartem_ext.SmartEMAPIClient.create_gridsquare_foilholes"' in page
    assert 'id="smartem_ext.AsyncSmartEMAPIClient.create_gridsquare_foilholes"' in page
    section = page[page.index('id="smartem_ext.SmartEMAPIClient.create_acquisition"') :][:3000]
    assert "AcquisitionData" in section and "AcquisitionResponse" in section
    assert "viewcode-link" in page  # [source]
    outbox = (built_docs.html / "api" / "outbox.html").read_text(encoding="utf-8")
    for method in ("create_gridsquare_foilholes", "send_logs", "delete_grid", "flush", "stats"):
        assert f'id="smartem_ext.Outbox.{method}"' in outbox, method


def test_every_internal_link_resolves(built_docs: BuiltDocs) -> None:
    # _static holds the theme's own templates, not pages.
    pages = sorted(p for p in built_docs.html.rglob("*.html") if "_static" not in p.parts)
    ids = {page: parsed(page).ids for page in pages}
    broken = []
    checked = 0
    for page in pages:
        for link in parsed(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # another site: not checked (no network)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(built_docs.html)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parsed(target).ids
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page.relative_to(built_docs.html)}: {link} (no such anchor)")
    assert checked > 1000
    assert not broken, "\n".join(broken[:50])


def test_sphinx_linkcheck_finds_no_broken_internal_link(
    built_docs: BuiltDocs, tmp_path: Path
) -> None:
    # linkcheck_ignore (docs/conf.py) leaves out every http(s) link: no network.
    done = sphinx("linkcheck", tmp_path / "linkcheck", built_docs.doctrees)
    assert done.returncode == 0, done.stdout + done.stderr
    results = [
        json.loads(line)
        for line in (tmp_path / "linkcheck" / "output.json").read_text().splitlines()
        if line.strip()
    ]
    assert not [r for r in results if r["status"] == "broken"]
    assert all(r["status"] in ("working", "ignored", "unchecked") for r in results)


def test_no_page_shows_the_build_machines_environment(built_docs: BuiltDocs) -> None:
    for page in built_docs.html.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".js", ".txt"):
            assert ENV_SENTINEL not in page.read_text(encoding="utf-8", errors="replace"), page


def environment_variables_read() -> set[str]:
    """Environment variable names smartem_ext reads: ``os.environ.get/[...]``,
    ``os.getenv`` and the constants it keeps them in (``*_ENV``, ``_ENV_KEYS``)."""
    names: set[str] = set()
    for path in (ROOT / "smartem_ext").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and "ENV" in t.id for t in targets):
                    names |= {
                        c.value
                        for c in ast.walk(node)
                        if isinstance(c, ast.Constant) and isinstance(c.value, str)
                    }
            elif isinstance(node, ast.Call) and ast.unparse(node.func) in (
                "os.environ.get",
                "os.getenv",
                "environ.get",
            ):
                names |= {
                    a.value
                    for a in node.args[:1]
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                }
    return {name for name in names if re.fullmatch(r"[A-Z][A-Z0-9_]+", name)}


def test_the_configuration_page_names_every_environment_variable_read() -> None:
    read = environment_variables_read()
    assert {"SMARTEM_OUTBOX", "KEYCLOAK_URL", "KEYCLOAK_CLIENT_SECRET"} <= read
    page = (DOCS / "reference" / "configuration.md").read_text(encoding="utf-8")
    table = page[page.index("## Environment variables") :].split("\n## ")[0]
    assert not [name for name in read if f"| `{name}` |" not in table]


@pytest.mark.parametrize(
    "constructor",
    [
        "smartem_ext.SmartEMAPIClient",
        "smartem_ext.AsyncSmartEMAPIClient",
        "smartem_ext.SSEAgentClient",
        "smartem_ext.Outbox",
        "smartem_ext.KeycloakAuth",
        "smartem_ext.RetryPolicy",
        "smartem_ext.AnswerLimits",
        "smartem_ext.compat.SmartEMAPIClient",
        "smartem_ext.testing.FakeSmartEMBackend",
    ],
)
def test_the_configuration_page_lists_every_constructor_argument(
    built_docs: BuiltDocs, constructor: str
) -> None:
    import inspect

    module_name, name = constructor.rsplit(".", 1)
    cls = getattr(importlib.import_module(module_name), name)
    page = (built_docs.html / "reference" / "configuration.html").read_text(encoding="utf-8")
    for parameter in inspect.signature(cls).parameters:
        assert f'<span class="pre">{parameter}</span>' in page, (constructor, parameter)


def test_the_outbox_status_sample_has_the_lines_status_prints() -> None:
    page = (DOCS / "guides" / "outbox.md").read_text(encoding="utf-8")
    sample = page[page.index("```console") :].split("```")[1].splitlines()[2:]
    shown = [line.split(":")[0] for line in sample if line]
    printed = OutboxStats(
        pending={},
        oldest_pending_age=None,
        delivered=0,
        dead_letters=0,
        last_error=None,
        last_error_age=None,
    ).lines()
    assert shown == [line.split(":")[0] for line in printed]


def test_the_cli_page_is_generated_from_the_parser(built_docs: BuiltDocs) -> None:
    page = (built_docs.html / "reference" / "cli.html").read_text(encoding="utf-8")
    shown = 0

    def check(parser: argparse.ArgumentParser, path: str) -> None:
        nonlocal shown
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            for option in action.option_strings:
                assert option in page, (path, option)
                shown += 1
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    anchor = f"smartem-ext{path}-{name}".replace(" ", "-")
                    assert f'id="{anchor}"' in page, (path, name)
                    check(sub, f"{path} {name}")

    check(_parser(), "")
    assert shown > 30


def test_the_error_reference_says_what_each_public_error_means() -> None:
    page = (DOCS / "reference" / "errors.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| \{py:exc\}`~smartem_ext\.(\w+)` \|", page, flags=re.MULTILINE))
    errors = {
        name
        for name in smartem_ext.__all__
        if isinstance(getattr(smartem_ext, name), type)
        and issubclass(getattr(smartem_ext, name), smartem_ext.SmartEMError)
    }
    assert rows == errors
