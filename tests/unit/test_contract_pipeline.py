"""scripts/contract.py: the backend's document + our overlay -> contract -> generated client.

Each test runs the pipeline as ``make sync-spec`` does, in a copy of the repository, on
documents built here from the stored one: a replayed backend history.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("openapi", "scripts", "generated", "smartem_ext", "tests/support", "pyproject.toml")
WATCHED = ("openapi", "generated")
NEW_OPERATION = "/acquisitions/{acquisition_uuid}/summary"

Document = dict[str, Any]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of what the pipeline reads and writes."""
    copy_root = tmp_path / "repo"
    for name in COPIED:
        source = ROOT / name
        target = copy_root / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (copy_root / "tests" / "__init__.py").touch()
    return copy_root


def pipeline(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(repo / "scripts" / "contract.py"), *args],
        capture_output=True,
        text=True,
        cwd=repo,
        timeout=300,
        check=False,
    )


def snapshot(repo: Path) -> dict[str, str]:
    """Every file the pipeline may write, by content."""
    return {
        str(path.relative_to(repo)): hashlib.sha256(path.read_bytes()).hexdigest()
        for name in WATCHED
        for path in sorted((repo / name).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def stored(repo: Path) -> Document:
    document: Document = json.loads((repo / "openapi" / "backend" / "openapi.json").read_text())
    return document


def write(tmp_path: Path, name: str, document: Document) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


def contract(repo: Path) -> Document:
    document: Document = yaml.safe_load((repo / "openapi" / "smartem-backend.yaml").read_text())
    return document


# ---------------------------------------------------------------------------- the history


def optional_field_added(doc: Document) -> Document:
    doc = copy.deepcopy(doc)
    doc["components"]["schemas"]["AcquisitionResponse"]["properties"]["operator"] = {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "title": "Operator",
    }
    return doc


def operation_added(doc: Document) -> Document:
    doc = copy.deepcopy(doc)
    parameter = {
        "in": "path",
        "name": "acquisition_uuid",
        "required": True,
        "schema": {"title": "Acquisition Uuid", "type": "string"},
    }
    doc["paths"][NEW_OPERATION] = {
        "get": {
            "operationId": "get_summary_acquisitions__acquisition_uuid__summary_get",
            "parameters": [parameter],
            "responses": {
                "200": {"content": {"application/json": {"schema": {}}}, "description": ""}
            },
        }
    }
    return doc


def required_response_field_added(doc: Document) -> Document:
    doc = copy.deepcopy(doc)
    schema = doc["components"]["schemas"]["GridResponse"]
    schema["properties"]["slot"] = {"title": "Slot", "type": "integer"}
    schema["required"] = [*schema.get("required", []), "slot"]
    return doc


def required_request_field_added(doc: Document) -> Document:
    doc = copy.deepcopy(doc)
    schema = doc["components"]["schemas"]["AcquisitionCreateRequest"]
    schema["properties"]["operator"] = {"title": "Operator", "type": "string"}
    schema["required"] = [*schema.get("required", []), "operator"]
    return doc


def used_operation_removed(doc: Document) -> Document:
    doc = copy.deepcopy(doc)
    del doc["paths"]["/acquisitions"]["post"]
    return doc


def schema_renamed(doc: Document) -> Document:
    """ValidationError becomes ValidationProblem, so the overlay's action on it is stale."""
    text = json.dumps(doc).replace(
        '"#/components/schemas/ValidationError"', '"#/components/schemas/ValidationProblem"'
    )
    doc = json.loads(text)
    schemas = doc["components"]["schemas"]
    schemas["ValidationProblem"] = schemas.pop("ValidationError")
    return doc


def test_the_pinned_document_syncs_to_no_change(repo: Path) -> None:
    """The committed document is what the pinned backend package publishes."""
    before = snapshot(repo)
    done = pipeline(repo, "sync")
    assert done.returncode == 0, done.stderr
    assert "smartem-decisions==" in done.stdout
    assert "no change" in done.stdout
    assert snapshot(repo) == before


def test_compatible_history_regenerates_and_type_checks(repo: Path, tmp_path: Path) -> None:
    start = stored(repo)
    steps: list[Callable[[Document], Document]] = [
        optional_field_added,
        operation_added,
        required_response_field_added,
    ]
    document = start
    outputs: list[str] = []
    for number, step in enumerate(steps):
        document = step(document)
        done = pipeline(repo, "sync", "--source", write(tmp_path, f"v{number}.json", document))
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)

    assert "response field added" in outputs[0]
    assert f"GET {NEW_OPERATION}: operation added" in outputs[1]
    assert f"GET {NEW_OPERATION} has no overlay action" in outputs[1]
    assert "required response field added" in outputs[2]
    assert all(
        line.startswith(("compatible", "sync-spec"))
        for line in "".join(outputs).split("\n")
        if line
    )

    record = json.loads((repo / "openapi" / "backend" / "source.json").read_text())
    text = (repo / "openapi" / "backend" / "openapi.json").read_text()
    assert record["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert record["kind"] == "file"
    grid = contract(repo)["components"]["schemas"]["GridResponse"]
    assert "slot" in grid["required"]
    models = repo / "generated" / "smartem_api" / "models"
    assert "operator: None | str | Unset" in (models / "acquisition_response.py").read_text()
    assert "slot: int" in (models / "grid_response.py").read_text()
    assert list((repo / "generated" / "smartem_api" / "api").rglob("get_summary_*.py"))

    # The hand-written layer still type-checks (strict) against the regenerated package.
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "smartem_ext"],
        capture_output=True,
        text=True,
        cwd=repo,
        env={"MYPYPATH": str(repo / "generated"), "PATH": str(Path(sys.executable).parent)},
        timeout=600,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    assert pipeline(repo, "check").returncode == 0


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            used_operation_removed,
            "POST /acquisitions: operation removed [create_acquisition, used by",
        ),
        (required_request_field_added, "properties/operator: required request field added"),
    ],
    ids=["used-operation-removed", "required-request-field"],
)
def test_breaking_change_exits_2_naming_it_and_changes_nothing(
    repo: Path, tmp_path: Path, change: Callable[[Document], Document], named: str
) -> None:
    before = snapshot(repo)
    done = pipeline(repo, "sync", "--source", write(tmp_path, "new.json", change(stored(repo))))
    assert done.returncode == 2
    assert "breaking for smartem_ext" in done.stderr
    assert named in done.stderr or named in done.stdout
    assert "nothing changed" in done.stderr
    assert snapshot(repo) == before


def test_breaking_change_is_taken_when_accepted(repo: Path, tmp_path: Path) -> None:
    source = write(tmp_path, "new.json", required_request_field_added(stored(repo)))
    done = pipeline(repo, "sync", "--source", source, "--accept-breaking")
    assert done.returncode == 0, done.stderr
    request = contract(repo)["components"]["schemas"]["AcquisitionCreateRequest"]
    assert "operator" in request["required"]


def test_stale_overlay_action_fails_naming_it(repo: Path, tmp_path: Path) -> None:
    before = snapshot(repo)
    done = pipeline(
        repo, "sync", "--source", write(tmp_path, "new.json", schema_renamed(stored(repo)))
    )
    assert done.returncode == 1
    assert "$.components.schemas.ValidationError.properties.ctx" in done.stderr
    assert "matches nothing" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert snapshot(repo) == before


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("make_source", "message"),
    [
        (
            lambda tmp: f"http://127.0.0.1:{closed_port()}/openapi.json",
            "cannot fetch http://127.0.0.1:",
        ),
        (lambda tmp: str(tmp / "absent.json"), "cannot read "),
        (
            lambda tmp: write(tmp, "overlay.json", {"overlay": "1.0.0", "actions": []}),
            "not an OpenAPI 3.x",
        ),
        (
            lambda tmp: write(tmp, "swagger.json", {"swagger": "2.0", "paths": {"/a": {}}}),
            "not an OpenAPI 3.x",
        ),
    ],
    ids=["unreachable-url", "missing-file", "not-openapi", "swagger-2"],
)
def test_bad_source_names_it_on_one_line_and_changes_nothing(
    repo: Path, tmp_path: Path, make_source: Callable[[Path], str], message: str
) -> None:
    before = snapshot(repo)
    source = make_source(tmp_path)
    done = pipeline(repo, "sync", "--source", source)
    assert done.returncode == 1
    assert done.stderr.startswith("sync-spec: ")
    assert message in done.stderr
    assert source in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert snapshot(repo) == before


def test_truncated_document_is_refused(repo: Path, tmp_path: Path) -> None:
    before = snapshot(repo)
    text = (repo / "openapi" / "backend" / "openapi.json").read_text()
    truncated = tmp_path / "truncated.json"
    truncated.write_text(text[: len(text) // 2])
    done = pipeline(repo, "sync", "--source", str(truncated))
    assert done.returncode == 1
    assert done.stderr.startswith(f"sync-spec: {truncated} is neither JSON nor YAML")
    assert snapshot(repo) == before


def test_release_that_does_not_install_is_named(repo: Path) -> None:
    """pip is kept offline (no index), so a release it cannot find fails at once."""
    before = snapshot(repo)
    done = subprocess.run(
        [sys.executable, "scripts/contract.py", "sync", "--source", "smartem-decisions==0.0.0"],
        capture_output=True,
        text=True,
        cwd=repo,
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "PIP_NO_INDEX": "1"},
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("sync-spec: cannot install smartem-decisions==0.0.0")
    assert snapshot(repo) == before


def test_check_fails_when_the_contract_is_edited_by_hand(repo: Path) -> None:
    path = repo / "openapi" / "smartem-backend.yaml"
    path.write_text(path.read_text().replace("summary: List acquisitions", "summary: Edited"))
    done = pipeline(repo, "check")
    assert done.returncode == 1
    assert "openapi/smartem-backend.yaml stale" in done.stderr


def test_check_fails_when_the_stored_document_is_edited_by_hand(repo: Path) -> None:
    path = repo / "openapi" / "backend" / "openapi.json"
    path.write_text(path.read_text().replace('"3.1.0"', '"3.1.1"', 1))
    done = pipeline(repo, "check")
    assert done.returncode == 1
    assert "does not match the sha256" in done.stderr


def test_overlay_that_is_not_an_overlay_document_is_refused(repo: Path) -> None:
    overlay = repo / "openapi" / "overlay.yaml"
    document = yaml.safe_load(overlay.read_text())
    document["actions"][0]["targett"] = document["actions"][0].pop("target")
    overlay.write_text(yaml.safe_dump(document))
    done = pipeline(repo, "generate")
    assert done.returncode == 1
    assert "is not an Overlay 1.0 document" in done.stderr


def test_normalising_drops_prose_but_keeps_properties_named_description() -> None:
    sys.path.insert(0, str(ROOT))
    from scripts.contract import normalise

    raw = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1", "description": "upstream words"},
        "paths": {
            "/a": {
                "get": {
                    "summary": "Get A",
                    "description": "More words",
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
        "components": {
            "schemas": {
                "A": {
                    "description": "An A",
                    "properties": {"description": {"type": "string", "description": "Text"}},
                }
            }
        },
    }
    result = normalise(raw)
    assert "description" not in result["info"]
    assert result["paths"]["/a"]["get"] == {"responses": {"200": {"description": ""}}}
    assert result["components"]["schemas"]["A"] == {
        "properties": {"description": {"type": "string"}}
    }
