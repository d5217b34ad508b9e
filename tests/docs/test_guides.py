"""Every Python example in the documentation runs, page by page and in order, against a
local backend with auth (as the README's examples do in test_readme.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.docs.conftest import DOCS, Backend, queue_an_instruction_once_listening

BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
PAGES_WITH_EXAMPLES = sorted(
    path.relative_to(DOCS).as_posix()
    for path in DOCS.rglob("*.md")
    if "_build" not in path.parts and BLOCK.search(path.read_text(encoding="utf-8"))
)
# What each page's examples print, in part: the examples did what the page says.
PRINTED = {
    "guides/quickstart.md": [
        "10 foil holes registered",
        "11 writes delivered",
        "instruction: microscope.pause",
        "1 instruction received",
    ],
    "guides/switching.md": ["journalled: Apoferritin, grid box 4", "1 delivered, 0 pending"],
    "guides/outbox.md": ["pending: 0 (none)", "delivered: 8", "refused: NotFound"],
    "reference/errors.md": ["not there: 404", "refused before sending:", "backend away:"],
    "reference/configuration.md": ["ok"],
    "generated/index.md": ["0 quality predictions", "QualityMetricsResponse 0"],
}


def python_blocks(page: str) -> list[str]:
    return BLOCK.findall((DOCS / page).read_text(encoding="utf-8"))


def test_the_pages_with_examples_are_the_guides_and_references() -> None:
    assert set(PAGES_WITH_EXAMPLES) == set(PRINTED)


@pytest.mark.timeout(180)
@pytest.mark.parametrize("page", PAGES_WITH_EXAMPLES)
def test_page_examples_run_in_order(
    page: str, agent_environment: Backend, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = python_blocks(page)
    listens = any("stream_instructions" in block for block in blocks)
    queued = (
        queue_an_instruction_once_listening(agent_environment.backend, agent_environment.session_id)
        if listens
        else None
    )
    namespace: dict[str, Any] = {"__name__": f"docs:{page}"}
    for number, block in enumerate(blocks, start=1):
        try:
            exec(compile(block, f"docs/{page} python block {number}", "exec"), namespace)
        except Exception as error:
            pytest.fail(f"docs/{page} python block {number} failed: {error!r}")
    output = capsys.readouterr().out
    for expected in PRINTED[page]:
        assert expected in output, f"{page}: {expected!r} not printed; printed:\n{output}"
    if queued is not None:
        assert queued.is_set()
        acks = agent_environment.backend.acks(agent_environment.session_id)
        assert [ack["status"] for ack in acks] == ["processed"]
    assert agent_environment.issuer.tokens_issued >= 1


def test_the_quickstart_is_the_readme_tour() -> None:
    """The quickstart keeps the README's tour: the same examples, in the same order."""
    readme = BLOCK.findall((DOCS.parent / "README.md").read_text(encoding="utf-8"))
    quickstart = python_blocks("guides/quickstart.md")
    tour = [block for block in readme if "smartem_api" not in block]
    assert quickstart[: len(tour)] == tour


def test_no_page_holds_python_the_tests_do_not_run() -> None:
    """Python shown in any other form (a console session, a code-block directive) would
    escape the examples' test."""
    for path in DOCS.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"```\{code-block\}\s*python|```py\b|```pycon|>>> ", text), path
