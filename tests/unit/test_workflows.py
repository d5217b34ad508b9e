"""The CI workflow that follows the backend: it parses and calls only targets that exist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "regenerate.yml"


def load() -> dict[Any, Any]:
    document = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(document, dict)
    return document


def make_targets() -> set[str]:
    """The targets make itself knows in this Makefile (its database, not a text search)."""
    printed = subprocess.run(
        ["make", "-qp", "-f", "Makefile"], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout
    return {
        match.group(1)
        for match in re.finditer(r"^([A-Za-z][\w-]*):(?!=)", printed, flags=re.MULTILINE)
    }


def run_steps(document: dict[Any, Any]) -> list[str]:
    return [
        step["run"] for job in document["jobs"].values() for step in job["steps"] if "run" in step
    ]


def test_workflow_runs_on_the_backends_event_and_weekly() -> None:
    document = load()
    triggers = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["repository_dispatch"]["types"] == ["openapi-spec-updated"]
    (schedule,) = triggers["schedule"]
    _minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()


def test_workflow_calls_only_make_targets_that_exist() -> None:
    called = {
        target
        for script in run_steps(load())
        for target in re.findall(r"\bmake\s+([a-z][\w-]*)", script)
    }
    assert {"sync-spec", "test"} <= called
    assert called <= make_targets()


def test_workflow_syncs_then_tests_then_opens_a_pull_request_with_the_change_list() -> None:
    (job,) = load()["jobs"].values()
    steps = job["steps"]
    order = [
        next(i for i, s in enumerate(steps) if "make sync-spec" in s.get("run", "")),
        next(i for i, s in enumerate(steps) if "make test" in s.get("run", "")),
        next(i for i, s in enumerate(steps) if "create-pull-request" in s.get("uses", "")),
    ]
    assert order == sorted(order)
    pull_request = steps[order[2]]
    assert re.fullmatch(r"[\w-]+/create-pull-request@v\d+", pull_request["uses"])
    body = pull_request["with"]["body-path"]
    assert any(body in s.get("run", "") and "sync-spec.log" in s.get("run", "") for s in steps)
