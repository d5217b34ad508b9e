"""The GitHub workflows: each parses and calls only make targets that exist; the one that
follows the backend, CI on every change, and the release on a version tag."""

from __future__ import annotations

import re
import subprocess
import tomllib
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


# ci.yml and release.yml ----------------------------------------------------------------

CI = ROOT / ".github" / "workflows" / "ci.yml"
RELEASE = ROOT / ".github" / "workflows" / "release.yml"


def load_workflow(path: Path) -> dict[Any, Any]:
    document = yaml.safe_load(path.read_text())
    assert isinstance(document, dict)
    return document


def triggers(document: dict[Any, Any]) -> Any:
    return document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true


def make_calls(document: dict[Any, Any]) -> set[str]:
    return {
        target
        for script in run_steps(document)
        for target in re.findall(r"\bmake\s+([a-z][\w-]*)", script)
    }


def test_every_workflow_parses_and_calls_only_make_targets_that_exist() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert {w.name for w in workflows} >= {"ci.yml", "release.yml", "regenerate.yml"}
    targets = make_targets()
    for workflow in workflows:
        document = load_workflow(workflow)
        assert document["jobs"], workflow.name
        for job in document["jobs"].values():
            assert job["steps"] and "runs-on" in job, workflow.name
        assert make_calls(document) <= targets, workflow.name


def test_ci_runs_on_every_push_and_pull_request() -> None:
    on = triggers(load_workflow(CI))
    assert "push" in on and "pull_request" in on
    assert not (on["push"] or {}).get("branches") and not (on["push"] or {}).get("paths")


def test_ci_runs_the_suite_on_each_python_the_package_supports() -> None:
    jobs = load_workflow(CI)["jobs"]
    linux = [j for j in jobs.values() if "ubuntu" in j["runs-on"] and "make test" in str(j)]
    (job,) = linux
    assert job["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    setup = next(s for s in job["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["with"]["python-version"] == "${{ matrix.python }}"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11"


def test_ci_runs_unit_tests_and_the_frozen_program_on_windows() -> None:
    (job,) = [j for j in load_workflow(CI)["jobs"].values() if j["runs-on"] == "windows-latest"]
    setup = next(s for s in job["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["with"]["python-version"] == "3.12"
    scripts = [s.get("run", "") for s in job["steps"]]
    assert any("pytest tests/unit" in s for s in scripts)
    frozen = next(s for s in scripts if "pyinstaller" in s)
    assert "--onefile" in frozen and "tests/frozen/smoke_program.py" in frozen
    assert (ROOT / "tests" / "frozen" / "smoke_program.py").is_file()
    assert any("smoke.exe" in s and "FakeSmartEMBackend" in s for s in scripts)
    for ignored in re.findall(r"--ignore=(\S+)", " ".join(scripts)):
        assert (ROOT / ignored).is_file(), ignored


def test_ci_builds_the_docs_and_checks_the_packages() -> None:
    calls = make_calls(load_workflow(CI))
    assert {"test", "docs", "dist"} <= calls
    dist = subprocess.run(
        ["make", "-n", "dist"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert "twine check" in dist and "-m build" in dist


def test_release_runs_on_version_tags_and_publishes_with_trusted_publishing() -> None:
    document = load_workflow(RELEASE)
    assert triggers(document) == {"push": {"tags": ["v*"]}}
    jobs = document["jobs"]
    publish = next(j for j in jobs.values() if "gh-action-pypi-publish" in str(j))
    assert publish["permissions"] == {"id-token": "write"}
    step = next(s for s in publish["steps"] if "gh-action-pypi-publish" in s.get("uses", ""))
    assert re.fullmatch(r"pypa/gh-action-pypi-publish@[\w./-]+", step["uses"])
    assert "password" not in step.get("with", {})  # trusted publishing: no token
    # It publishes only what was built and tested.
    assert {"build", "test"} <= set(publish["needs"])
    assert {"test", "dist", "docs"} <= make_calls(document)
    release = next(j for j in jobs.values() if "gh release create" in str(j))
    assert release["permissions"] == {"contents": "write"}
    assert "docs" in str(release["steps"]) and "dist/*" in str(release["steps"])
    checkouts = [s for j in jobs.values() for s in j["steps"] if "checkout" in s.get("uses", "")]
    assert all(s["with"]["fetch-depth"] == 0 for s in checkouts)  # the version is the tag


def test_the_release_checks_the_changelog_as_the_changelog_is_written() -> None:
    """The release step's pattern matches a Keep a Changelog heading of a version."""
    (build,) = [j for j in load_workflow(RELEASE)["jobs"].values() if "CHANGELOG.md" in str(j)]
    script = next(s["run"] for s in build["steps"] if "CHANGELOG.md" in s.get("run", ""))
    assert "## \\[" in script
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog")
    assert "keepachangelog.com" in changelog and "## [Unreleased]" in changelog
    for heading in re.findall(r"^## \[(.+?)\](.*)$", changelog, flags=re.MULTILINE):
        version, rest = heading
        assert version == "Unreleased" or re.fullmatch(r" - \d{4}-\d{2}-\d{2}", rest), heading
