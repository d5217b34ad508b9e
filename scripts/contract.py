#!/usr/bin/env python3
"""The contract pipeline: the backend's own OpenAPI document plus our overlay, generated.

::

    python scripts/contract.py sync [--source SOURCE] [--accept-breaking]   # make sync-spec
    python scripts/contract.py generate                                     # make generate
    python scripts/contract.py check                                        # make check-generated
    python scripts/contract.py compare [--source SOURCE]                    # make contract-check

Inputs, all under ``openapi/``:

* ``backend/openapi.json``: the backend's document, normalised so only the interface
  carries over: keys sorted (except a schema's properties, whose order is the models' field
  order), two-space JSON, upstream prose dropped (every string ``description`` and
  ``summary``; response descriptions emptied, as OpenAPI requires the key).
  ``backend/source.json`` records where it came from, its version and its sha256.
* ``overlay.yaml``: an OpenAPI Overlay 1.0 document holding every change we make (names,
  tags, named inline shapes, the SSE media type, the bearer scheme, our descriptions). It
  is checked against the Overlay 1.0 schema and applied with ``oas-patch``, one action at a
  time: an action whose target matches nothing fails the build, naming the action. Targets
  use the JSONPath subset that RFC 9535 and oas-patch's engine read alike (``$``, ``.name``,
  ``['name']``). An action that makes the contract differ from the backend's on purpose
  says so in ``x-accept`` (spec_diff kinds and a location glob); its ``description`` is the
  reason, and the contract check accepts exactly those differences.

Outputs, committed so reviews show them: ``smartem-backend.yaml`` (the effective contract)
and ``generated/smartem_api`` (openapi-python-client through ``scripts/generate.sh``).

SOURCE is the pinned backend package (the default: the requirement the real-backend tests
install, ``BACKEND_PACKAGE`` in ``tests/support/real_backend.py``, read from their cached
venv), another release of it (``smartem-decisions==X``), an ``http(s)://`` URL of a running
backend's ``openapi.json``, or a path to a document. Everything is built in a temporary
folder and moved into place only when every step succeeded: a failure leaves the
repository exactly as it was. Exit status: 0 done, 1 failed (named on one line), 2 a change
that breaks the current client (named, one line each; nothing changed unless
``--accept-breaking``).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts import spec_diff  # noqa: E402

OPENAPI = ROOT / "openapi"
STORED = OPENAPI / "backend" / "openapi.json"
RECORD = OPENAPI / "backend" / "source.json"
OVERLAY = OPENAPI / "overlay.yaml"
CONTRACT = OPENAPI / "smartem-backend.yaml"
GENERATED = ROOT / "generated" / "smartem_api"
GENERATE_SH = ROOT / "scripts" / "generate.sh"
SMARTEM_EXT = ROOT / "smartem_ext"

PROSE = frozenset({"description", "summary"})
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
TOP_ORDER = ("openapi", "info", "security", "tags", "paths", "components")
OPERATION_ORDER = (
    "operationId",
    "tags",
    "summary",
    "description",
    "security",
    "parameters",
    "requestBody",
    "responses",
)
RESPONSE_ORDER = ("description", "headers", "content", "links")
CONTRACT_HEADER = (
    "# The effective contract: openapi/backend/openapi.json with openapi/overlay.yaml applied.\n"
    "# Written by `make generate`; edit the overlay, never this file.\n"
)
PACKAGE_SOURCE = re.compile(r"^smartem-decisions(\[[^\]]*\])?==\S+$")
FETCH_TIMEOUT = 60.0
EXTRACT_SCRIPT = (
    "import json, sys\n"
    "from importlib.metadata import version\n"
    "from smartem_backend.api_server import app\n"
    "with open(sys.argv[1], 'w') as f:\n"
    "    json.dump({'version': version('smartem-decisions'), 'document': app.openapi()}, f)\n"
)


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text and flow style for short lists of words: readable diffs."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a shared value is written out each time, never as an anchor


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = all(isinstance(v, str) and "\n" not in v for v in value) and len(str(value)) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def dump_yaml(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=True)


class PipelineError(Exception):
    """A step of the pipeline failed; the message is the one line shown to the user."""


# ---------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Fetched:
    """A backend document as it arrived, and where from."""

    document: dict[str, Any]
    source: str
    kind: str
    package_version: str | None = None


def pinned_package() -> str:
    """The backend requirement the real-backend tests install (one place says which)."""
    from tests.support.real_backend import BACKEND_PACKAGE

    return BACKEND_PACKAGE.split("[", 1)[0] + BACKEND_PACKAGE.split("]", 1)[-1]


def fetch(source: str | None) -> Fetched:
    """Read the backend's document from ``source`` (see the module docstring)."""
    if not source or source == pinned_package():
        return _from_pinned_package()
    if source.startswith(("http://", "https://")):
        return Fetched(_parse(_download(source), source), source, "url")
    if PACKAGE_SOURCE.match(source):
        return _from_other_release(source)
    path = Path(source)
    try:
        text = path.read_bytes()
    except OSError as error:
        raise PipelineError(f"cannot read {source}: {error.strerror or error}") from None
    return Fetched(_parse(text, source), source, "file")


def _download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as answer:
            body: bytes = answer.read()
            return body
    except urllib.error.HTTPError as error:
        raise PipelineError(f"cannot fetch {url}: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise PipelineError(f"cannot fetch {url}: {reason}") from None


def _parse(text: bytes, source: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except ValueError:
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as error:
            first = str(error).strip().splitlines()[0]
            raise PipelineError(f"{source} is neither JSON nor YAML: {first}") from None
    return check_openapi(document, source)


def check_openapi(document: Any, source: str) -> dict[str, Any]:
    """``document`` if it is an OpenAPI 3.x document with paths, else PipelineError."""
    if not isinstance(document, dict):
        raise PipelineError(f"{source} is not an OpenAPI document (not a mapping)")
    version = document.get("openapi")
    if not isinstance(version, str) or not re.fullmatch(r"3\.\d+\.\d+", version):
        raise PipelineError(f"{source} is not an OpenAPI 3.x document (openapi: {version!r})")
    if not isinstance(document.get("paths"), dict) or not document["paths"]:
        raise PipelineError(f"{source} is not a usable OpenAPI document: it has no paths")
    return document


def _from_pinned_package() -> Fetched:
    from tests.support.real_backend import BackendSetupError, ensure_backend_venv

    requirement = pinned_package()
    try:
        venv = ensure_backend_venv()
    except BackendSetupError as error:
        first = str(error).strip().splitlines()[0]
        raise PipelineError(f"cannot install {requirement}: {first}") from None
    return _extract(Path(venv.python), requirement)


def _from_other_release(requirement: str) -> Fetched:
    """Install another release into a throw-away venv just long enough to read its document."""
    from tests.support.real_backend import BACKEND_PINS, BackendSetupError, find_backend_python

    try:
        python = find_backend_python()
    except BackendSetupError as error:
        raise PipelineError(f"cannot install {requirement}: {error}") from None
    with tempfile.TemporaryDirectory(prefix="smartem-backend-") as folder:
        venv = Path(folder) / "venv"
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        steps = (
            [python, "-m", "venv", str(venv)],
            [*pip, "--disable-pip-version-check", requirement, *BACKEND_PINS],
        )
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                lines = (done.stderr or done.stdout).strip().splitlines()
                reason = next(
                    (x for x in reversed(lines) if "ERROR" in x), lines[-1] if lines else ""
                )
                raise PipelineError(f"cannot install {requirement}: {reason.strip()}")
        return _extract(venv / "bin" / "python", requirement)


def _extract(python: Path, requirement: str) -> Fetched:
    # The app reads its database settings when imported; it never connects to build its
    # document, so placeholders do.
    env = {
        **os.environ,
        "POSTGRES_USER": "openapi",
        "POSTGRES_PASSWORD": "openapi",
        "POSTGRES_HOST": "127.0.0.1",
        "POSTGRES_PORT": "5432",
        "POSTGRES_DB": "openapi",
    }
    env.pop("PYTHONPATH", None)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "openapi.json"
        done = subprocess.run(
            [str(python), "-c", EXTRACT_SCRIPT, str(out)],
            capture_output=True,
            text=True,
            env=env,
            cwd=folder,
            timeout=300,
            check=False,
        )
        if done.returncode != 0 or not out.is_file():
            lines = (done.stderr or done.stdout).strip().splitlines()
            raise PipelineError(
                f"cannot read the document of {requirement}: {lines[-1] if lines else 'no output'}"
            )
        found = json.loads(out.read_text())
    document = check_openapi(found["document"], requirement)
    return Fetched(document, requirement, "package", found["version"])


# ---------------------------------------------------------------------------- normalising


def normalise(document: Mapping[str, Any]) -> dict[str, Any]:
    """The interface only: upstream prose dropped (response descriptions emptied)."""

    def strip(value: Any) -> Any:
        # A property named "description" holds a schema (a mapping), never a string.
        if isinstance(value, dict):
            return {
                k: strip(v) for k, v in value.items() if not (k in PROSE and isinstance(v, str))
            }
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    result: dict[str, Any] = strip(document)
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method in HTTP_METHODS and isinstance(operation, dict):
                for response in operation.get("responses", {}).values():
                    if isinstance(response, dict) and "$ref" not in response:
                        response["description"] = ""
    return result


def stable_order(value: Any, parent: str | None = None) -> Any:
    """Keys sorted, except a schema's ``properties``: their order is the models' field order."""
    if isinstance(value, dict):
        keys = list(value) if parent == "properties" else sorted(value)
        return {key: stable_order(value[key], key) for key in keys}
    if isinstance(value, list):
        return [stable_order(item) for item in value]
    return value


def dump_stored(document: Mapping[str, Any]) -> str:
    return json.dumps(stable_order(document), indent=2, ensure_ascii=False) + "\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def record_for(fetched: Fetched, stored_text: str) -> str:
    record = {
        "source": fetched.source,
        "kind": fetched.kind,
        "document_version": fetched.document.get("info", {}).get("version"),
        "package_version": fetched.package_version,
        "sha256": sha256(stored_text),
    }
    return json.dumps(record, indent=2) + "\n"


# ---------------------------------------------------------------------------- overlay


def load_overlay(path: Path = OVERLAY) -> dict[str, Any]:
    """The overlay, checked against the Overlay 1.0 schema."""
    from jsonschema import Draft202012Validator
    from oas_patch.validator import load_schema

    try:
        overlay = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise PipelineError(f"cannot read the overlay {path}: {error}") from None
    validator = Draft202012Validator(load_schema("overlay_schema_1.0.0.yml"))
    problems = sorted(validator.iter_errors(overlay), key=lambda e: list(e.path))
    if problems:
        where = "/".join(map(str, problems[0].path)) or "(root)"
        raise PipelineError(
            f"{path} is not an Overlay 1.0 document: {where}: {problems[0].message}"
        )
    if not isinstance(overlay, dict):
        raise PipelineError(f"{path} is not an Overlay 1.0 document")
    return overlay


def action_name(index: int, action: Mapping[str, Any]) -> str:
    verb = "remove" if action.get("remove") else "update"
    return f"overlay action {index + 1} ({verb} {action['target']})"


def apply_overlay(document: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` with every action applied in order; PipelineError on a stale action."""
    from jsonpath_ng.ext.parser import parse
    from oas_patch.overlay import apply_overlay as apply_actions

    result = copy.deepcopy(dict(document))
    for index, action in enumerate(overlay.get("actions", [])):
        try:
            matches = parse(action["target"]).find(result)
        except Exception as error:  # the parser raises several unrelated types
            raise PipelineError(f"{action_name(index, action)}: bad target: {error}") from None
        if not matches:
            raise PipelineError(
                f"{action_name(index, action)} matches nothing in the backend's document"
            )
        try:
            result = apply_actions(result, {"actions": [action]})
        except Exception as error:  # oas-patch reports a target it cannot edit this way
            raise PipelineError(
                f"{action_name(index, action)} cannot be applied: {error}"
            ) from None
    return result


def unnamed_operations(stored: Mapping[str, Any], overlay: Mapping[str, Any]) -> list[str]:
    """Backend operations no overlay action names yet (they keep FastAPI's id and no tag)."""
    targets = {action["target"] for action in overlay.get("actions", [])}
    return [
        f"{method.upper()} {path}"
        for path, item in stored.get("paths", {}).items()
        for method in item
        if method in HTTP_METHODS and f"$.paths['{path}'].{method}" not in targets
    ]


def arrange(contract: dict[str, Any]) -> dict[str, Any]:
    """Conventional key order for the document and its operations, for readable reviews."""

    def ordered(value: dict[str, Any], order: Sequence[str]) -> dict[str, Any]:
        first = {key: value[key] for key in order if key in value}
        return {**first, **{k: v for k, v in value.items() if k not in first}}

    for item in contract.get("paths", {}).values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                responses = operation.get("responses", {})
                for code, response in responses.items():
                    responses[code] = ordered(response, RESPONSE_ORDER)
                item[method] = ordered(operation, OPERATION_ORDER)
    return ordered(contract, TOP_ORDER)


def effective(stored: Mapping[str, Any], overlay: Mapping[str, Any]) -> str:
    """The effective contract's text."""
    contract = arrange(apply_overlay(stored, overlay))
    return CONTRACT_HEADER + dump_yaml(contract)


# ---------------------------------------------------------------------------- generating


def generate_into(contract_text: str, out: Path) -> None:
    """Run the generator on ``contract_text``, writing the package to ``out``."""
    spec = out.parent / CONTRACT.name
    spec.write_text(contract_text)
    env = {**os.environ, "SPEC": str(spec), "VENV_BIN": str(Path(sys.executable).parent)}
    done = subprocess.run(
        [str(GENERATE_SH), str(out)], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        details = (done.stderr or done.stdout).strip()
        raise PipelineError(f"the generator failed on the effective contract:\n{details}")


@contextlib.contextmanager
def staging() -> Iterator[Path]:
    """A temporary folder on the repository's file system, so moves into place are renames."""
    folder = Path(tempfile.mkdtemp(prefix=".contract-", dir=ROOT))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def install(staged: Mapping[Path, Path]) -> None:
    """Move staged files and folders over their targets (each a rename)."""
    for source, target in staged.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                target.rename(old)
            source.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(source, target)


def counts(package: Path) -> str:
    operations = [p for p in (package / "api").rglob("*.py") if p.name != "__init__.py"]
    models = [p for p in (package / "models").glob("*.py") if p.name != "__init__.py"]
    return f"{len(operations)} operations, {len(models)} models"


def read_stored() -> dict[str, Any]:
    try:
        document: dict[str, Any] = json.loads(STORED.read_text())
    except (OSError, ValueError) as error:
        raise PipelineError(f"cannot read {STORED.relative_to(ROOT)}: {error}") from None
    return document


# ---------------------------------------------------------------------------- commands


def command_generate() -> int:
    contract = effective(read_stored(), load_overlay())
    with staging() as folder:
        generate_into(contract, folder / "smartem_api")
        install({folder / CONTRACT.name: CONTRACT, folder / "smartem_api": GENERATED})
    print(f"generate: {CONTRACT.relative_to(ROOT)} and generated/smartem_api: {counts(GENERATED)}")
    return 0


def command_check() -> int:
    stored_text = STORED.read_text()
    recorded = json.loads(RECORD.read_text()).get("sha256")
    if recorded != sha256(stored_text):
        raise PipelineError(
            f"{STORED.relative_to(ROOT)} does not match the sha256 in {RECORD.relative_to(ROOT)};"
            " it arrives only through `make sync-spec`"
        )
    contract = effective(json.loads(stored_text), load_overlay())
    stale: list[str] = []
    if CONTRACT.read_text() != contract:
        stale.append(str(CONTRACT.relative_to(ROOT)))
    with staging() as folder:
        generate_into(contract, folder / "smartem_api")
        diff = subprocess.run(
            ["diff", "-ruN", str(GENERATED), str(folder / "smartem_api")],
            capture_output=True,
            text=True,
            check=False,
        )
    if diff.returncode != 0:
        print(diff.stdout)
        stale.append("generated/smartem_api")
    if stale:
        raise PipelineError(f"{' and '.join(stale)} stale; run `make generate` and commit")
    print("check-generated: the effective contract and generated/ are what the inputs make")
    return 0


def _used_by_client(difference: spec_diff.Difference, old_contract: Mapping[str, Any]) -> str:
    """Where smartem_ext calls the operation a difference is about, if it does."""
    method, _, rest = difference.location.partition(" ")
    path = rest.split(" ", 1)[0]
    operation = old_contract.get("paths", {}).get(path, {}).get(method.lower(), {})
    name = operation.get("operationId")
    if not name:
        return ""
    users = sorted(
        str(p.relative_to(ROOT)) for p in SMARTEM_EXT.rglob("*.py") if name in p.read_text()
    )
    return f" [{name}, used by {', '.join(users)}]" if users else f" [{name}]"


def command_sync(source: str | None, accept_breaking: bool) -> int:
    fetched = fetch(source)
    stored_text = dump_stored(normalise(fetched.document))
    stored = json.loads(stored_text)  # the contract is built from what is stored, key order too
    previous = json.loads(STORED.read_text()) if STORED.is_file() else {}
    old_contract = yaml.safe_load(CONTRACT.read_text()) if CONTRACT.is_file() else {}
    # What the backend changed, judged for a client generated from the previous document.
    changes = spec_diff.compare(previous, stored)
    for line in spec_diff.render(changes).splitlines()[:-1]:
        print(line)
    breaking = [d for d in changes if d.classification == spec_diff.BREAKING]
    what = f"{fetched.source} (version {stored.get('info', {}).get('version')})"
    if breaking and not accept_breaking:
        for difference in breaking:
            print(
                f"sync-spec: breaking for smartem_ext: {difference.location}: "
                f"{difference.message}{_used_by_client(difference, old_contract)}",
                file=sys.stderr,
            )
        print(
            f"sync-spec: {what}: {len(breaking)} breaking change(s); nothing changed "
            "(ACCEPT_BREAKING=1 takes it anyway, then adapt smartem_ext)",
            file=sys.stderr,
        )
        return 2
    overlay = load_overlay()
    contract = effective(stored, overlay)
    with staging() as folder:
        generate_into(contract, folder / "smartem_api")
        (folder / "openapi.json").write_text(stored_text)
        (folder / "source.json").write_text(record_for(fetched, stored_text))
        install(
            {
                folder / "openapi.json": STORED,
                folder / "source.json": RECORD,
                folder / CONTRACT.name: CONTRACT,
                folder / "smartem_api": GENERATED,
            }
        )
    for operation in unnamed_operations(stored, overlay):
        print(f"sync-spec: {operation} has no overlay action: name and tag it in {OVERLAY.name}")
    summary = spec_diff.render(changes).splitlines()[-1] if changes else "no change"
    print(f"sync-spec: {what}: {summary}; regenerated: {counts(GENERATED)}")
    return 0


def command_compare(source: str | None) -> int:
    """The committed contract against the backend's own document: only accepted deviations."""
    backend = normalise(fetch(source).document)
    contract = yaml.safe_load(CONTRACT.read_text())
    accepted = spec_diff.accepted_from_overlay(load_overlay())
    differences = spec_diff.compare(contract, backend, accepted)
    print(spec_diff.render(differences))
    status = spec_diff.exit_status(differences)
    if status:
        print("contract-check: the contract differs from the backend's document", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="contract.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sync = commands.add_parser("sync", help="take the backend's document, then regenerate")
    sync.add_argument("--source", default=None, help="package requirement, URL or path")
    sync.add_argument("--accept-breaking", action="store_true", help="take breaking changes")
    commands.add_parser("generate", help="stored document + overlay -> contract -> generated/")
    commands.add_parser("check", help="fail unless the contract and generated/ are current")
    compare = commands.add_parser("compare", help="compare the contract with the backend's")
    compare.add_argument("--source", default=None, help="package requirement, URL or path")
    args = parser.parse_args(argv)
    prog = {"sync": "sync-spec", "check": "check-generated", "compare": "contract-check"}
    try:
        if args.command == "sync":
            return command_sync(args.source, args.accept_breaking)
        if args.command == "generate":
            return command_generate()
        if args.command == "check":
            return command_check()
        return command_compare(args.source)
    except PipelineError as error:
        print(f"{prog.get(args.command, args.command)}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
