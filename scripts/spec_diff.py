"""Compare two OpenAPI 3.0/3.1 documents as contracts.

Usage::

    python scripts/spec_diff.py BASE NEW [--json]

BASE and NEW are file paths or http(s) URLs of YAML or JSON documents. Every difference is
a change from BASE to NEW, judged from the point of view of a client generated from BASE:
one that sends what BASE allows and expects only what BASE promises. ``make spec-diff`` runs
it with BASE = ``openapi/smartem-backend.yaml`` (our contract) and NEW = the backend's
published document, so "breaking" means: our client may fail against that backend.

Output: one line per difference, ``<class>  <location>: <message>``, breaking ones first,
then compatible, then accepted (with their reason), then a one-line summary; ``--json``
prints a JSON list of objects instead. Exit status: 0 when there is no breaking and no
compatible difference (accepted ones allowed), 1 when there are only compatible ones, 2 when
any is breaking or when a document cannot be read or parsed.

Locations are ``<METHOD> <path> <pointer>``, the pointer naming the part of the operation:
``parameters/<in>/<name>``, ``requestBody/<media type>``, ``responses/<code>/<media type>``,
``responses/<code>/headers/<name>`` and ``security``, followed inside schemas by
``properties/<name>``, ``items``, ``additionalProperties``, ``anyOf/<member>`` and finally
the keyword (``type``, ``format``, ``nullable``, ``enum``, ``default``, ``required``, ...).
Document-level locations are ``security`` and ``components/securitySchemes/<name>``.

Matching
--------
* Operations: HTTP method + path template, parameter names blanked (``/grids/{id}`` is
  ``/grids/{grid_uuid}``); NEW's path parameters are renamed to BASE's by position.
  operationIds are never used.
* Parameters: ``in`` + ``name`` (header names case-insensitive), path-item parameters merged
  under operation ones. Responses: status code. Content: media type, lower-cased, without
  parameters such as ``charset``.
* Schemas: keyword by keyword after resolving local ``$ref`` (recursion-safe, sibling keys
  of a ``$ref`` apply); ``allOf`` is merged; ``anyOf`` and ``oneOf`` are both unions;
  ``nullable: true``, ``type: [X, "null"]``, ``anyOf/oneOf: [X, {type: "null"}]`` and a
  ``null`` enum value all mean "X or null". Union members are matched by type (several
  members of one type by component name, then by position). A missing ``type`` is inferred
  from ``properties``/``items``/``enum``, else the schema accepts anything ("any");
  ``additionalProperties`` missing means ``true``.
* Ignored: description, title, summary, operationId, tags, example(s), externalDocs,
  deprecated, readOnly, writeOnly, xml, discriminator, ``x-`` extensions, info, servers,
  webhooks, callbacks, links, component names (inline and named schemas are the same) and
  components that no operation uses, except securitySchemes.
* Security: the root ``security`` is compared at location ``security``. An operation's
  effective requirement is compared at ``<METHOD> <path> security`` only when either
  document declares ``security`` on that operation (otherwise the root difference already
  covers it). Requirements compare scheme definitions, not scheme names.

Classification
--------------
"req" = parameters and request bodies (client -> server: NEW must accept all BASE allowed).
"resp" = response bodies and headers (server -> client: BASE must accept all NEW may send).
Narrowing what a schema allows therefore breaks requests; widening it breaks responses.

==================================================  =============  ==================  ======
Difference (BASE -> NEW)                            req            resp                kind
==================================================  =============  ==================  ======
operation removed                                   breaking                           (a)
operation added                                     compatible                         (b)
parameter removed (server ignores or rejects it)    breaking                           (c)
parameter added: optional / required                compatible / breaking              (d)
parameter became required / optional                breaking / compatible              (e)
parameter style, explode, allowReserved changed     breaking                           (f)
request body removed                                breaking                           (g)
request body added: optional / required             compatible / breaking              (h)
request body became required / optional             breaking / compatible              (i)
status code removed                                 breaking                           (j)
status code added (clients must cope with           compatible                         (k)
  undocumented codes anyway)
media type removed                                  breaking       breaking            (l)
media type added (responses: Accept negotiation)    compatible     compatible          (m)
response header removed / added                     -              breaking/compatible (n)
type changed (e.g. string -> integer)               breaking       breaking            (o)
type widened (union member added, integer->number)  compatible     breaking            (p)
type narrowed (union member removed, any->string)   breaking       compatible          (q)
format changed (date-time -> date)                  breaking       breaking            (r)
format added                                        breaking       compatible          (s)
format removed                                      compatible     breaking            (t)
became nullable                                     compatible     breaking            (u)
no longer nullable                                  breaking       compatible          (v)
enum value added (generated clients reject          compatible     breaking            (w)
  values they do not know)
enum value removed                                  breaking       compatible          (x)
enum restriction added / removed                    breaking/comp. compatible/breaking (y)
default changed or removed (silent behaviour        breaking       compatible          (z)
  change for clients that omit the value)
default added                                       compatible     compatible          (z)
field removed (request: data dropped or rejected)   breaking       see next row        (A)
response field removed: required / optional         -              breaking/compatible (A)
field added: optional / required                    comp./breaking compatible (*)      (B)
field became required                               breaking       compatible          (C)
field became optional (no longer guaranteed)        compatible     breaking            (D)
additionalProperties widened (false -> true,        compatible     breaking            (E)
  false -> schema, schema -> true)
additionalProperties narrowed (the reverse)         breaking       compatible          (F)
constraint tightened (minimum raised, maxLength     breaking       compatible          (G)
  lowered, pattern/multipleOf/uniqueItems added)
constraint relaxed (the reverse)                    compatible     breaking            (H)
pattern or multipleOf changed                       breaking       breaking            (I)
any other schema keyword changed                    breaking       breaking            (J)
security required where BASE allowed anonymous      breaking                           (K)
security no longer required (anonymous allowed)     compatible                         (L)
security alternatives only added                    compatible                         (M)
security changed otherwise                          breaking                           (N)
security scheme added / removed (the operations     compatible                         (O)
  it affects are reported on their own)
security scheme definition changed                  breaking                           (P)
==================================================  =============  ==================  ======

(*) a field added to a response is breaking when BASE declares that object with
``additionalProperties: false``.

Kinds: (a) operation-removed (b) operation-added (c) parameter-removed (d) parameter-added
(e) parameter-now-required, parameter-now-optional (f) parameter-serialization-changed
(g) request-body-removed (h) request-body-added (i) request-body-now-required,
request-body-now-optional (j) status-removed (k) status-added (l) media-type-removed
(m) media-type-added (n) header-removed, header-added (o) type-changed (p) type-widened
(q) type-narrowed (r) format-changed (s) format-added (t) format-removed (u) nullable-added
(v) nullable-removed (w) enum-value-added (x) enum-value-removed (y) enum-added,
enum-removed (z) default-changed, default-removed, default-added (A) property-removed
(B) property-added (C) property-now-required (D) property-now-optional
(E) additional-properties-widened (F) additional-properties-narrowed
(G) constraint-tightened (H) constraint-relaxed (I) constraint-changed (J) keyword-changed
(K) security-added (L) security-removed (M) security-relaxed (N) security-changed
(O) security-scheme-added, security-scheme-removed (P) security-scheme-changed.

Accepted deviations
-------------------
Deliberate differences of our contract are declared where they are made: on the actions of
``openapi/overlay.yaml`` (``--overlay``), each ``x-accept`` entry a location glob and the kinds
it covers, the action's description its reason (``accepted_from_overlay``). An
``AcceptedDeviation`` may also use a regular expression (``regex=True``), matched against
the whole location. A matching difference is classed ``accepted``, printed with its reason,
and does not affect the exit status.
"""

from __future__ import annotations

import argparse
import fnmatch
import http.client
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import yaml

BREAKING: Final = "breaking"
COMPATIBLE: Final = "compatible"
ACCEPTED: Final = "accepted"
CLASSES: Final = (BREAKING, COMPATIBLE, ACCEPTED)


@dataclass(frozen=True)
class AcceptedDeviation:
    """A deliberate difference between our spec and the backend's document."""

    pattern: str
    kinds: frozenset[str]
    reason: str
    regex: bool = False

    def matches(self, location: str, kind: str) -> bool:
        if kind not in self.kinds:
            return False
        if self.regex:
            return re.fullmatch(self.pattern, location) is not None
        return fnmatch.fnmatchcase(location, self.pattern)


def _load_overlay(path: str) -> dict[str, Any]:
    try:
        overlay = yaml.safe_load(Path(path).read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise SpecError(f"cannot read the overlay {path}: {_one_line(exc)}") from None
    if not isinstance(overlay, dict) or not isinstance(overlay.get("actions"), list):
        raise SpecError(f"{path} is not an OpenAPI Overlay document")
    return overlay


def accepted_from_overlay(overlay: Mapping[str, Any]) -> list[AcceptedDeviation]:
    """The deviations an OpenAPI Overlay's actions declare in ``x-accept``."""
    found: list[AcceptedDeviation] = []
    for action in overlay.get("actions", []):
        for accept in action.get("x-accept", []):
            reason = str(action.get("description", "")).strip()
            if not reason:
                raise SpecError(
                    f"overlay action on {action.get('target')} accepts without a reason"
                )
            found.append(AcceptedDeviation(accept["location"], frozenset(accept["kinds"]), reason))
    return found


@dataclass(frozen=True)
class Difference:
    """One change from BASE to NEW."""

    location: str
    kind: str
    message: str
    classification: str
    reason: str | None = None
    original: str | None = None

    def line(self) -> str:
        text = f"{self.classification}  {self.location}: {self.message}"
        if self.reason is not None:
            text += f" (reason: {self.reason})"
        return text

    def as_dict(self) -> dict[str, str | None]:
        return {
            "class": self.classification,
            "location": self.location,
            "kind": self.kind,
            "message": self.message,
            "reason": self.reason,
            "original_class": self.original,
        }


class SpecError(Exception):
    """A document cannot be read or parsed."""


# --------------------------------------------------------------------------------------------
# Loading

_HTTP_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that keeps dates and timestamps as strings, as JSON would."""


_Loader.yaml_implicit_resolvers = {
    first: [item for item in resolvers if item[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def load_document(source: str) -> dict[str, Any]:
    """Read an OpenAPI document from a path or an http(s) URL, as JSON or YAML."""
    if re.match(r"https?://", source, re.IGNORECASE):
        try:
            with urllib.request.urlopen(source, timeout=60) as response:
                data: bytes = response.read()
        except urllib.error.HTTPError as exc:
            raise SpecError(f"cannot fetch {source}: HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            shown = _one_line(reason) if isinstance(reason, BaseException) else str(reason)
            raise SpecError(f"cannot fetch {source}: {shown}") from None
        except (http.client.HTTPException, OSError, ValueError) as exc:
            raise SpecError(f"cannot fetch {source}: {_one_line(exc)}") from None
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise SpecError(f"cannot read {source}: {exc.strerror or _one_line(exc)}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(f"cannot parse {source}: not UTF-8 ({_one_line(exc)})") from None
    document: Any
    try:
        document = json.loads(text)
    except ValueError:
        try:
            document = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError as exc:
            raise SpecError(f"cannot parse {source}: {_one_line(exc)}") from None
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3."):
        raise SpecError(f"cannot parse {source}: not an OpenAPI 3.x document")
    return document


# --------------------------------------------------------------------------------------------
# Schema normalisation

_MISSING: Final = object()

_IGNORED_KEYS: Final = frozenset(
    {
        "description",
        "title",
        "summary",
        "example",
        "examples",
        "externalDocs",
        "deprecated",
        "readOnly",
        "writeOnly",
        "xml",
        "discriminator",
        "$comment",
        "$schema",
        "$id",
        "$anchor",
        "$defs",
        "definitions",
    }
)
_LOWER_BOUNDS: Final = frozenset(
    {"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"}
)
_UPPER_BOUNDS: Final = frozenset(
    {"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"}
)
_EXACT_CONSTRAINTS: Final = frozenset({"pattern", "multipleOf"})
_FLAG_CONSTRAINTS: Final = frozenset({"uniqueItems"})
_HANDLED_KEYS: Final = (
    frozenset(
        {
            "type",
            "format",
            "enum",
            "const",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "default",
            "nullable",
            "anyOf",
            "oneOf",
            "allOf",
            "$ref",
            "$unresolved",
        }
    )
    | _LOWER_BOUNDS
    | _UPPER_BOUNDS
    | _EXACT_CONSTRAINTS
    | _FLAG_CONSTRAINTS
)


def _ignored(key: str) -> bool:
    return key in _IGNORED_KEYS or key.startswith("x-")


def _canon(value: Any) -> str:
    """A stable text form of a JSON value, for equality and set operations."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def _strip(value: Any) -> Any:
    """Remove ignored keys at every depth (for keywords compared as opaque values)."""
    if isinstance(value, Mapping):
        return {str(k): _strip(v) for k, v in value.items() if not _ignored(str(k))}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _show(value: Any) -> str:
    return json.dumps(value, default=str)


def _as_map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@dataclass
class _Variant:
    """One member of a normalised union: a resolved, merged, single-type schema."""

    schema: dict[str, Any]
    key: str
    name: str | None
    ident: tuple[int, str]


@dataclass
class _Norm:
    nullable: bool
    default: Any
    variants: list[_Variant]


class _Document:
    """A parsed document with local ``$ref`` resolution."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        # Synthesised dicts are kept alive so that their id() stays unique.
        self._keep: list[Any] = []

    def keep(self, value: dict[str, Any]) -> dict[str, Any]:
        self._keep.append(value)
        return value

    def pointer(self, ref: str) -> Any:
        if not ref.startswith("#"):
            return _MISSING
        node: Any = self.root
        fragment = urllib.parse.unquote(ref[1:])
        for raw in fragment.split("/")[1:] if fragment else []:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return _MISSING
        return node

    def deref(self, node: Any) -> tuple[Any, str | None, int]:
        """Follow a ``$ref`` chain: (target with sibling keys applied, last name, identity)."""
        name: str | None = None
        siblings: dict[str, Any] = {}
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            extra = {k: v for k, v in node.items() if k != "$ref" and not _ignored(str(k))}
            siblings = {**extra, **siblings}
            target = self.pointer(ref)
            if ref in seen or target is _MISSING:
                unresolved = self.keep({"$unresolved": ref, **siblings})
                return unresolved, name, id(unresolved)
            seen.add(ref)
            name = ref.rsplit("/", 1)[-1]
            node = target
        ident = id(node)
        if siblings and isinstance(node, Mapping):
            node = self.keep({**node, **siblings})
        return node, name, ident


def _merge_into(target: dict[str, Any], source: Mapping[str, Any]) -> None:
    for key, value in source.items():
        if key == "properties" and isinstance(value, Mapping):
            target["properties"] = {**_as_map(target.get("properties")), **value}
        elif key == "required" and isinstance(value, list):
            merged = list(_as_list(target.get("required")))
            merged += [v for v in value if v not in merged]
            target["required"] = merged
        else:
            target[key] = value


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return "any"


def _type_key(schema: Mapping[str, Any]) -> str:
    if "$unresolved" in schema:
        return f"$ref {schema['$unresolved']}"
    declared = schema.get("type")
    if isinstance(declared, str):
        return declared
    if any(k in schema for k in ("properties", "additionalProperties", "required")):
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        kinds = {_json_type(v) for v in schema["enum"]}
        if len(kinds) == 1:
            return kinds.pop()
    return "any"


def _covers(kind: str, kinds: set[str]) -> bool:
    """Whether a schema whose types are ``kinds`` accepts every value of type ``kind``."""
    return kind in kinds or "any" in kinds or (kind == "integer" and "number" in kinds)


def _show_types(kinds: Iterable[str]) -> str:
    return "|".join(sorted(set(kinds))) or "nothing"


# --------------------------------------------------------------------------------------------
# Comparison


@dataclass(frozen=True)
class _Side:
    """Which way data flows: requests (client -> server) or responses (server -> client)."""

    request: bool

    @property
    def label(self) -> str:
        return "request" if self.request else "response"

    def narrowed(self) -> str:
        """Class of a change that makes NEW accept less than BASE."""
        return BREAKING if self.request else COMPATIBLE

    def widened(self) -> str:
        """Class of a change that makes NEW allow more than BASE."""
        return COMPATIBLE if self.request else BREAKING


_REQUEST: Final = _Side(request=True)
_RESPONSE: Final = _Side(request=False)

_Stack = frozenset[tuple[tuple[int, str], tuple[int, str]]]


@dataclass
class _Comparer:
    base: _Document
    new: _Document
    found: list[Difference] = field(default_factory=list)

    # ---- helpers -------------------------------------------------------------------------

    def add(self, where: Sequence[str], kind: str, message: str, classification: str) -> None:
        head, *rest = [str(part) for part in where]
        location = head if not rest else f"{head} {'/'.join(rest)}"
        self.found.append(Difference(location, kind, message, classification))

    # ---- documents -----------------------------------------------------------------------

    def run(self) -> list[Difference]:
        self.compare_security_schemes()
        self.compare_security(
            ["security"],
            _as_list(self.base.root.get("security")),
            _as_list(self.new.root.get("security")),
        )
        base_ops = self.operations(self.base)
        new_ops = self.operations(self.new)
        for key, (path, item, op) in base_ops.items():
            method = key[0]
            if key not in new_ops:
                self.add([f"{method} {path}"], "operation-removed", "operation removed", BREAKING)
                continue
            new_path, new_item, new_op = new_ops[key]
            rename = dict(zip(_path_params(new_path), _path_params(path), strict=False))
            self.compare_operation(f"{method} {path}", (item, op), (new_item, new_op), rename)
        for key, (path, _item, _op) in new_ops.items():
            if key not in base_ops:
                self.add([f"{key[0]} {path}"], "operation-added", "operation added", COMPATIBLE)
        return self.found

    @staticmethod
    def operations(
        doc: _Document,
    ) -> dict[tuple[str, str], tuple[str, Mapping[str, Any], Mapping[str, Any]]]:
        result: dict[tuple[str, str], tuple[str, Mapping[str, Any], Mapping[str, Any]]] = {}
        for path, raw_item in _as_map(doc.root.get("paths")).items():
            item = _as_map(doc.deref(raw_item)[0])
            template = re.sub(r"\{[^}/]*\}", "{}", str(path))
            for method in _HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, Mapping):
                    result.setdefault((method.upper(), template), (str(path), item, op))
        return result

    def compare_operation(
        self,
        where: str,
        base: tuple[Mapping[str, Any], Mapping[str, Any]],
        new: tuple[Mapping[str, Any], Mapping[str, Any]],
        rename: Mapping[str, str],
    ) -> None:
        (base_item, base_op), (new_item, new_op) = base, new
        self.compare_parameters(
            where,
            self.parameters(self.base, base_item, base_op, {}),
            self.parameters(self.new, new_item, new_op, rename),
        )
        self.compare_request_body(where, base_op.get("requestBody"), new_op.get("requestBody"))
        self.compare_responses(where, base_op.get("responses"), new_op.get("responses"))
        if "security" in base_op or "security" in new_op:
            self.compare_security(
                [where, "security"],
                _as_list(base_op.get("security", self.base.root.get("security"))),
                _as_list(new_op.get("security", self.new.root.get("security"))),
            )

    # ---- security ------------------------------------------------------------------------

    def compare_security_schemes(self) -> None:
        base = self.security_schemes(self.base)
        new = self.security_schemes(self.new)
        for name, scheme in base.items():
            where = ["components/securitySchemes/" + name]
            if name not in new:
                msg = f"security scheme removed ({_describe_scheme(scheme)})"
                self.add(where, "security-scheme-removed", msg, COMPATIBLE)
            elif _canon(scheme) != _canon(new[name]):
                msg = (
                    f"security scheme changed from {_describe_scheme(scheme)}"
                    f" to {_describe_scheme(new[name])}"
                )
                self.add(where, "security-scheme-changed", msg, BREAKING)
        for name, scheme in new.items():
            if name not in base:
                msg = f"security scheme added ({_describe_scheme(scheme)})"
                self.add(
                    ["components/securitySchemes/" + name],
                    "security-scheme-added",
                    msg,
                    COMPATIBLE,
                )

    @staticmethod
    def security_schemes(doc: _Document) -> dict[str, Any]:
        schemes = _as_map(_as_map(doc.root.get("components")).get("securitySchemes"))
        return {str(name): _strip(doc.deref(raw)[0]) for name, raw in schemes.items()}

    def security_alternatives(
        self, doc: _Document, requirements: list[Any]
    ) -> tuple[frozenset[str], list[str]]:
        """Requirement alternatives as comparable strings, plus their human-readable names."""
        schemes = self.security_schemes(doc)
        alternatives: set[str] = set()
        names: list[str] = []
        for requirement in requirements:
            if not isinstance(requirement, Mapping):
                continue
            parts = []
            for name, scopes in requirement.items():
                scheme = schemes.get(str(name), f"undefined scheme {name}")
                parts.append([_canon(scheme), sorted(str(s) for s in _as_list(scopes))])
            alternatives.add(_canon(sorted(parts)))
            names.append(" + ".join(str(n) for n in requirement) or "anonymous")
        return frozenset(alternatives), names

    def compare_security(self, where: list[str], base: list[Any], new: list[Any]) -> None:
        base_alts, base_names = self.security_alternatives(self.base, base)
        new_alts, new_names = self.security_alternatives(self.new, new)
        if base_alts == new_alts:
            return
        anonymous = _canon([])
        base_open = not base_alts or anonymous in base_alts
        new_open = not new_alts or anonymous in new_alts
        shown = f"{' or '.join(base_names) or 'none'} -> {' or '.join(new_names) or 'none'}"
        if new_open and not base_open:
            msg = f"security requirement removed ({shown})"
            self.add(where, "security-removed", msg, COMPATIBLE)
        elif base_open and not new_open:
            msg = f"security requirement added ({shown})"
            self.add(where, "security-added", msg, BREAKING)
        elif new_open or base_alts <= new_alts:
            msg = f"security alternatives added ({shown})"
            self.add(where, "security-relaxed", msg, COMPATIBLE)
        else:
            msg = f"security requirement changed ({shown})"
            self.add(where, "security-changed", msg, BREAKING)

    # ---- parameters ----------------------------------------------------------------------

    @staticmethod
    def parameters(
        doc: _Document,
        item: Mapping[str, Any],
        op: Mapping[str, Any],
        rename: Mapping[str, str],
    ) -> dict[tuple[str, str], tuple[str, Mapping[str, Any]]]:
        result: dict[tuple[str, str], tuple[str, Mapping[str, Any]]] = {}
        for raw in _as_list(item.get("parameters")) + _as_list(op.get("parameters")):
            param = _as_map(doc.deref(raw)[0])
            place, name = str(param.get("in", "")), str(param.get("name", ""))
            if place == "path":
                name = rename.get(name, name)
            key = (place, name.lower() if place == "header" else name)
            result[key] = (name, param)
        return result

    def compare_parameters(
        self,
        where: str,
        base: dict[tuple[str, str], tuple[str, Mapping[str, Any]]],
        new: dict[tuple[str, str], tuple[str, Mapping[str, Any]]],
    ) -> None:
        for key, (name, param) in base.items():
            loc = [where, "parameters", key[0], name]
            if key not in new:
                self.add(loc, "parameter-removed", "parameter removed", BREAKING)
                continue
            new_param = new[key][1]
            was, now = _param_required(param), _param_required(new_param)
            if now and not was:
                msg = "parameter became required"
                self.add([*loc, "required"], "parameter-now-required", msg, BREAKING)
            elif was and not now:
                msg = "parameter became optional"
                self.add([*loc, "required"], "parameter-now-optional", msg, COMPATIBLE)
            base_style, new_style = _param_style(param), _param_style(new_param)
            for attr, value in base_style.items():
                if new_style[attr] != value:
                    msg = f"{attr} changed from {_show(value)} to {_show(new_style[attr])}"
                    self.add([*loc, attr], "parameter-serialization-changed", msg, BREAKING)
            self.compare_schema(
                _param_schema(param), _param_schema(new_param), loc, _REQUEST, frozenset()
            )
        for key, (name, param) in new.items():
            if key not in base:
                required = _param_required(param)
                msg = f"{'required' if required else 'optional'} parameter added"
                self.add(
                    [where, "parameters", key[0], name],
                    "parameter-added",
                    msg,
                    BREAKING if required else COMPATIBLE,
                )

    # ---- bodies --------------------------------------------------------------------------

    def compare_request_body(self, where: str, base_raw: Any, new_raw: Any) -> None:
        base = self.base.deref(base_raw)[0] if base_raw is not None else None
        new = self.new.deref(new_raw)[0] if new_raw is not None else None
        loc = [where, "requestBody"]
        if not isinstance(base, Mapping) and not isinstance(new, Mapping):
            return
        if not isinstance(new, Mapping):
            self.add(loc, "request-body-removed", "request body removed", BREAKING)
            return
        if not isinstance(base, Mapping):
            required = new.get("required") is True
            msg = f"{'required' if required else 'optional'} request body added"
            self.add(loc, "request-body-added", msg, BREAKING if required else COMPATIBLE)
            return
        was, now = base.get("required") is True, new.get("required") is True
        if now and not was:
            msg = "request body became required"
            self.add([*loc, "required"], "request-body-now-required", msg, BREAKING)
        elif was and not now:
            msg = "request body became optional"
            self.add([*loc, "required"], "request-body-now-optional", msg, COMPATIBLE)
        self.compare_content(loc, base.get("content"), new.get("content"), _REQUEST)

    def compare_responses(self, where: str, base_raw: Any, new_raw: Any) -> None:
        base = {_status(code): value for code, value in _as_map(base_raw).items()}
        new = {_status(code): value for code, value in _as_map(new_raw).items()}
        for code, raw in base.items():
            loc = [where, "responses", code]
            if code not in new:
                self.add(loc, "status-removed", "status code removed", BREAKING)
                continue
            base_resp = _as_map(self.base.deref(raw)[0])
            new_resp = _as_map(self.new.deref(new[code])[0])
            self.compare_content(loc, base_resp.get("content"), new_resp.get("content"), _RESPONSE)
            self.compare_headers(loc, base_resp.get("headers"), new_resp.get("headers"))
        for code in new:
            if code not in base:
                msg = "status code added"
                self.add([where, "responses", code], "status-added", msg, COMPATIBLE)

    def compare_headers(self, where: list[str], base_raw: Any, new_raw: Any) -> None:
        base = {str(k).lower(): (str(k), v) for k, v in _as_map(base_raw).items()}
        new = {str(k).lower(): (str(k), v) for k, v in _as_map(new_raw).items()}
        for key, (name, header) in base.items():
            loc = [*where, "headers", name]
            if key not in new:
                self.add(loc, "header-removed", "response header removed", BREAKING)
                continue
            base_header = _as_map(self.base.deref(header)[0])
            new_header = _as_map(self.new.deref(new[key][1])[0])
            self.compare_schema(
                _param_schema(base_header), _param_schema(new_header), loc, _RESPONSE, frozenset()
            )
        for key, (name, _header) in new.items():
            if key not in base:
                msg = "response header added"
                self.add([*where, "headers", name], "header-added", msg, COMPATIBLE)

    def compare_content(self, where: list[str], base_raw: Any, new_raw: Any, side: _Side) -> None:
        base = {_media_type(k): v for k, v in _as_map(base_raw).items()}
        new = {_media_type(k): v for k, v in _as_map(new_raw).items()}
        for media, value in base.items():
            loc = [*where, media]
            if media not in new:
                msg = f"{side.label} media type removed"
                self.add(loc, "media-type-removed", msg, BREAKING)
                continue
            self.compare_schema(
                _as_map(value).get("schema", {}),
                _as_map(new[media]).get("schema", {}),
                loc,
                side,
                frozenset(),
            )
        for media in new:
            if media not in base:
                msg = f"{side.label} media type added"
                self.add([*where, media], "media-type-added", msg, COMPATIBLE)

    # ---- schemas -------------------------------------------------------------------------

    def normalise(self, doc: _Document, raw: Any) -> _Norm:
        nullable = False
        variants: list[_Variant] = []
        top_default: Any = _MISSING

        def visit(node: Any, extra: Mapping[str, Any], trail: frozenset[int], top: bool) -> None:
            nonlocal nullable, top_default
            target, name, ident = doc.deref(node)
            if target is False:
                variants.append(_Variant({"not": {}}, "nothing", name, (ident, "")))
                return
            if not isinstance(target, Mapping):
                target = {}
            if ident in trail:
                return
            trail = trail | {ident}
            schema = self.merge_all_of(doc, target, trail)
            schema = {k: v for k, v in schema.items() if not _ignored(str(k))}
            if top and "default" in schema:
                top_default = schema["default"]
            if schema.pop("nullable", False) is True:
                nullable = True
            members = _as_list(schema.pop("anyOf", None)) + _as_list(schema.pop("oneOf", None))
            if members:
                schema.pop("default", None)
                outer = {**extra, **schema}
                for member in members:
                    visit(member, outer, trail, False)
                return
            schema = {**extra, **schema}
            if "const" in schema:
                schema["enum"] = [schema.pop("const")]
            if isinstance(schema.get("enum"), list) and None in schema["enum"]:
                nullable = True
                schema["enum"] = [v for v in schema["enum"] if v is not None]
                if not schema["enum"]:
                    return
            declared = schema.get("type")
            if isinstance(declared, list):
                kinds = [str(t) for t in declared]
                if "null" in kinds:
                    nullable = True
                    kinds = [t for t in kinds if t != "null"]
                if not kinds:
                    return
                if len(kinds) > 1:
                    for kind in kinds:
                        split = doc.keep({**schema, "type": kind})
                        variants.append(_Variant(split, kind, name, (ident, kind)))
                    return
                schema["type"] = kinds[0]
            elif declared == "null":
                nullable = True
                return
            variants.append(_Variant(doc.keep(schema), _type_key(schema), name, (ident, "")))

        visit(raw, {}, frozenset(), True)
        if not variants:
            if nullable:
                null = doc.keep({"type": "null"})
                return _Norm(False, top_default, [_Variant(null, "null", None, (id(null), ""))])
            empty = doc.keep({})
            variants.append(_Variant(empty, "any", None, (id(empty), "")))
        default = top_default
        if default is _MISSING and len(variants) == 1:
            default = variants[0].schema.get("default", _MISSING)
        for variant in variants:
            variant.schema.pop("default", None)
        return _Norm(nullable, default, variants)

    def merge_all_of(
        self, doc: _Document, schema: Mapping[str, Any], trail: frozenset[int]
    ) -> dict[str, Any]:
        if not isinstance(schema.get("allOf"), list):
            return dict(schema)
        merged: dict[str, Any] = {}
        for member in schema["allOf"]:
            target, _name, ident = doc.deref(member)
            if isinstance(target, Mapping) and ident not in trail:
                _merge_into(merged, self.merge_all_of(doc, target, trail | {ident}))
        _merge_into(merged, {k: v for k, v in schema.items() if k != "allOf"})
        return merged

    def compare_schema(
        self, base_raw: Any, new_raw: Any, loc: list[str], side: _Side, stack: _Stack
    ) -> None:
        base = self.normalise(self.base, base_raw)
        new = self.normalise(self.new, new_raw)
        if new.nullable and not base.nullable:
            self.add([*loc, "nullable"], "nullable-added", "became nullable", side.widened())
        elif base.nullable and not new.nullable:
            msg = "no longer nullable"
            self.add([*loc, "nullable"], "nullable-removed", msg, side.narrowed())
        self.compare_default(base.default, new.default, loc, side)
        self.compare_variants(base.variants, new.variants, loc, side, stack)

    def compare_default(self, base: Any, new: Any, loc: list[str], side: _Side) -> None:
        if base is _MISSING and new is _MISSING:
            return
        if base is _MISSING:
            msg = f"default {_show(new)} added"
            self.add([*loc, "default"], "default-added", msg, COMPATIBLE)
        elif new is _MISSING:
            msg = f"default {_show(base)} removed"
            self.add([*loc, "default"], "default-removed", msg, side.narrowed())
        elif _canon(base) != _canon(new):
            msg = f"default changed from {_show(base)} to {_show(new)}"
            self.add([*loc, "default"], "default-changed", msg, side.narrowed())

    def compare_variants(
        self,
        base: list[_Variant],
        new: list[_Variant],
        loc: list[str],
        side: _Side,
        stack: _Stack,
    ) -> None:
        base_kinds = {v.key for v in base}
        new_kinds = {v.key for v in new}
        if base_kinds != new_kinds:
            shown = f"from {_show_types(base_kinds)} to {_show_types(new_kinds)}"
            widened = all(_covers(k, new_kinds) for k in base_kinds)
            narrowed = all(_covers(k, base_kinds) for k in new_kinds)
            if widened and not narrowed:
                self.add([*loc, "type"], "type-widened", f"type widened {shown}", side.widened())
            elif narrowed and not widened:
                msg = f"type narrowed {shown}"
                self.add([*loc, "type"], "type-narrowed", msg, side.narrowed())
            elif not (widened and narrowed):
                self.add([*loc, "type"], "type-changed", f"type changed {shown}", BREAKING)
        union = len(base) > 1 and len(new) > 1
        for label, base_variant, new_variant in _pair_variants(base, new):
            where = [*loc, "anyOf", label] if union else loc
            self.compare_variant(base_variant, new_variant, where, side, stack)

    def compare_variant(
        self, base: _Variant, new: _Variant, loc: list[str], side: _Side, stack: _Stack
    ) -> None:
        pair = (base.ident, new.ident)
        if pair in stack:
            return
        stack = stack | {pair}
        b, n = base.schema, new.schema
        self.compare_format(b.get("format"), n.get("format"), loc, side)
        self.compare_enum(b.get("enum"), n.get("enum"), loc, side)
        self.compare_constraints(b, n, loc, side)
        if base.key == "object" or "properties" in b or "properties" in n:
            self.compare_object(b, n, loc, side, stack)
        if "items" in b or "items" in n:
            self.compare_schema(
                b.get("items", {}), n.get("items", {}), [*loc, "items"], side, stack
            )
        for key in sorted((set(b) | set(n)) - _HANDLED_KEYS, key=str):
            if _canon(_strip(b.get(key))) != _canon(_strip(n.get(key))):
                msg = f"{key} changed from {_show(b.get(key))} to {_show(n.get(key))}"
                self.add([*loc, key], "keyword-changed", msg, BREAKING)

    def compare_format(self, base: Any, new: Any, loc: list[str], side: _Side) -> None:
        if base == new:
            return
        where = [*loc, "format"]
        if base is None:
            self.add(where, "format-added", f"format {new} added", side.narrowed())
        elif new is None:
            self.add(where, "format-removed", f"format {base} removed", side.widened())
        else:
            self.add(where, "format-changed", f"format changed from {base} to {new}", BREAKING)

    def compare_enum(self, base: Any, new: Any, loc: list[str], side: _Side) -> None:
        if not isinstance(base, list) and not isinstance(new, list):
            return
        where = [*loc, "enum"]
        if not isinstance(base, list):
            msg = f"values restricted to {_show(new)}"
            self.add(where, "enum-added", msg, side.narrowed())
            return
        if not isinstance(new, list):
            msg = f"enum {_show(base)} removed (any value allowed)"
            self.add(where, "enum-removed", msg, side.widened())
            return
        new_values = {_canon(v) for v in new}
        base_values = {_canon(v) for v in base}
        for value in base:
            if _canon(value) not in new_values:
                msg = f"{side.label} enum value {_show(value)} removed"
                self.add(where, "enum-value-removed", msg, side.narrowed())
        for value in new:
            if _canon(value) not in base_values:
                msg = f"{side.label} enum value {_show(value)} added"
                self.add(where, "enum-value-added", msg, side.widened())

    def compare_constraints(
        self, base: Mapping[str, Any], new: Mapping[str, Any], loc: list[str], side: _Side
    ) -> None:
        keys = _LOWER_BOUNDS | _UPPER_BOUNDS | _EXACT_CONSTRAINTS | _FLAG_CONSTRAINTS
        for key in sorted(keys):
            was, now = base.get(key), new.get(key)
            was = None if was is False else was
            now = None if now is False else now
            if _canon(was) == _canon(now):
                continue
            tighter = _tightened(key, was, now)
            shown = f"{key} changed from {_show(was)} to {_show(now)}"
            if tighter is None:
                self.add([*loc, key], "constraint-changed", shown, BREAKING)
            elif tighter:
                self.add([*loc, key], "constraint-tightened", shown, side.narrowed())
            else:
                self.add([*loc, key], "constraint-relaxed", shown, side.widened())

    def compare_object(
        self,
        base: Mapping[str, Any],
        new: Mapping[str, Any],
        loc: list[str],
        side: _Side,
        stack: _Stack,
    ) -> None:
        base_props = _as_map(base.get("properties"))
        new_props = _as_map(new.get("properties"))
        base_req = {str(r) for r in _as_list(base.get("required"))}
        new_req = {str(r) for r in _as_list(new.get("required"))}
        base_extra = _additional(base.get("additionalProperties", True))
        names = list(
            dict.fromkeys(
                [*map(str, base_props), *sorted(base_req), *map(str, new_props), *sorted(new_req)]
            )
        )
        what = f"{side.label} field"
        for name in names:
            where = [*loc, "properties", name]
            in_base = name in base_props or name in base_req
            in_new = name in new_props or name in new_req
            if in_base and in_new:
                if name in new_req and name not in base_req:
                    msg = f"{what} became required"
                    self.add([*where, "required"], "property-now-required", msg, side.narrowed())
                elif name in base_req and name not in new_req:
                    msg = f"{what} became optional"
                    self.add([*where, "required"], "property-now-optional", msg, side.widened())
                self.compare_schema(
                    base_props.get(name, {}), new_props.get(name, {}), where, side, stack
                )
            elif in_base:
                required = name in base_req
                status = "required " if required else "optional "
                cls = BREAKING if side.request or required else COMPATIBLE
                self.add(where, "property-removed", f"{status}{what} removed", cls)
            else:
                required = name in new_req
                status = "required " if required else "optional "
                if side.request:
                    cls = BREAKING if required else COMPATIBLE
                    self.add(where, "property-added", f"{status}{what} added", cls)
                elif base_extra is False:
                    msg = f"{status}{what} added where BASE forbids additional properties"
                    self.add(where, "property-added", msg, BREAKING)
                else:
                    self.add(where, "property-added", f"{status}{what} added", COMPATIBLE)
        self.compare_additional(
            base.get("additionalProperties", True),
            new.get("additionalProperties", True),
            [*loc, "additionalProperties"],
            side,
            stack,
        )

    def compare_additional(
        self, base_raw: Any, new_raw: Any, loc: list[str], side: _Side, stack: _Stack
    ) -> None:
        base, new = _additional(base_raw), _additional(new_raw)
        if isinstance(base, bool) and isinstance(new, bool):
            if base == new:
                return
            widened = new
        elif not isinstance(base, bool) and not isinstance(new, bool):
            self.compare_schema(base, new, loc, side, stack)
            return
        else:
            widened = new is True or base is False
        shown = f"additionalProperties changed from {_show_extra(base)} to {_show_extra(new)}"
        if widened:
            self.add(loc, "additional-properties-widened", shown, side.widened())
        else:
            self.add(loc, "additional-properties-narrowed", shown, side.narrowed())


# --------------------------------------------------------------------------------------------
# Small pure helpers


def _path_params(path: str) -> list[str]:
    return re.findall(r"\{([^}/]*)\}", path)


def _status(code: Any) -> str:
    text = str(code).strip()
    return "default" if text.lower() == "default" else text.upper()


def _media_type(name: Any) -> str:
    return str(name).split(";", 1)[0].strip().lower()


def _param_required(param: Mapping[str, Any]) -> bool:
    return param.get("in") == "path" or param.get("required") is True


def _param_style(param: Mapping[str, Any]) -> dict[str, Any]:
    place = param.get("in")
    style = param.get("style", "form" if place in ("query", "cookie") else "simple")
    return {
        "style": style,
        "explode": param.get("explode", style == "form"),
        "allowReserved": param.get("allowReserved", False),
    }


def _param_schema(param: Mapping[str, Any]) -> Any:
    if "schema" in param:
        return param["schema"]
    for media in _as_map(param.get("content")).values():
        return _as_map(media).get("schema", {})
    return {}


def _additional(value: Any) -> Any:
    """``additionalProperties`` as True, False or a schema (an empty schema is True)."""
    if value is True or value is False:
        return value
    if isinstance(value, Mapping):
        if not any(not _ignored(str(k)) for k in value):
            return True
        return value
    return True


def _show_extra(value: Any) -> str:
    return _show(value) if isinstance(value, bool) else "a schema"


def _tightened(key: str, was: Any, now: Any) -> bool | None:
    """True when NEW is stricter, False when looser, None when neither can be said."""
    if was is None or was is False:
        return True
    if now is None or now is False:
        return False
    if isinstance(was, bool) or isinstance(now, bool):
        return None
    if key in _EXACT_CONSTRAINTS or key in _FLAG_CONSTRAINTS:
        return None
    if not isinstance(was, int | float) or not isinstance(now, int | float):
        return None
    if key in _LOWER_BOUNDS:
        return bool(now > was)
    return bool(now < was)


def _describe_scheme(scheme: Any) -> str:
    data = _as_map(scheme)
    parts = [str(data.get("type", "?"))]
    for key in ("scheme", "bearerFormat", "in", "name"):
        if key in data:
            parts.append(f"{key}={data[key]}")
    return " ".join(parts)


def _pair_variants(
    base: list[_Variant], new: list[_Variant]
) -> list[tuple[str, _Variant, _Variant]]:
    """Match union members: by type, then by component name, then by position."""
    pairs: list[tuple[str, _Variant, _Variant]] = []
    if len(base) == 1 and len(new) == 1:
        kinds = {base[0].key, new[0].key}
        if base[0].key == new[0].key or kinds == {"integer", "number"}:
            pairs.append((base[0].key, base[0], new[0]))
        return pairs
    for kind in dict.fromkeys(v.key for v in base):
        left = [v for v in base if v.key == kind]
        right = [v for v in new if v.key == kind]
        if len(left) == 1 and len(right) == 1:
            pairs.append((kind, left[0], right[0]))
            continue
        unnamed: list[_Variant] = []
        for variant in left:
            match = next((v for v in right if v.name and v.name == variant.name), None)
            if match is None:
                unnamed.append(variant)
            else:
                pairs.append((f"{kind}:{variant.name}", variant, match))
                right.remove(match)
        for position, (variant, match) in enumerate(zip(unnamed, right, strict=False)):
            pairs.append((f"{kind}:{variant.name or position}", variant, match))
    return pairs


# --------------------------------------------------------------------------------------------
# Public API


def compare(
    base: Mapping[str, Any],
    new: Mapping[str, Any],
    accepted: Iterable[AcceptedDeviation] = (),
) -> list[Difference]:
    """Every contract difference from ``base`` to ``new``, accepted deviations applied."""
    deviations = list(accepted)
    found = _Comparer(_Document(base), _Document(new)).run()
    result: list[Difference] = []
    for difference in found:
        for deviation in deviations:
            if deviation.matches(difference.location, difference.kind):
                difference = replace(
                    difference,
                    classification=ACCEPTED,
                    reason=deviation.reason,
                    original=difference.classification,
                )
                break
        result.append(difference)
    return result


def exit_status(differences: Iterable[Difference]) -> int:
    classes = {d.classification for d in differences}
    if BREAKING in classes:
        return 2
    if COMPATIBLE in classes:
        return 1
    return 0


def render(differences: Sequence[Difference]) -> str:
    lines = [d.line() for cls in CLASSES for d in differences if d.classification == cls]
    counts = {cls: sum(d.classification == cls for d in differences) for cls in CLASSES}
    lines.append(
        f"{len(differences)} difference(s): {counts[BREAKING]} breaking,"
        f" {counts[COMPATIBLE]} compatible, {counts[ACCEPTED]} accepted"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="spec_diff.py",
        description="Compare two OpenAPI 3.0/3.1 documents as contracts (BASE -> NEW).",
    )
    parser.add_argument("base", metavar="BASE", help="path or http(s) URL of the base document")
    parser.add_argument("new", metavar="NEW", help="path or http(s) URL of the new document")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument(
        "--overlay", metavar="PATH", help="accept the deviations this overlay's actions declare"
    )
    args = parser.parse_args(argv)
    try:
        base = load_document(args.base)
        new = load_document(args.new)
        accepted = accepted_from_overlay(_load_overlay(args.overlay)) if args.overlay else []
    except SpecError as exc:
        print(f"spec_diff: error: {exc}", file=sys.stderr)
        return 2
    differences = compare(base, new, accepted)
    if args.json:
        ordered = [d for cls in CLASSES for d in differences if d.classification == cls]
        print(json.dumps([d.as_dict() for d in ordered], indent=2))
    else:
        print(render(differences))
    return exit_status(differences)


if __name__ == "__main__":
    sys.exit(main())
