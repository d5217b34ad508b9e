"""Sphinx glue for this project's documentation.

- A reference to an object by the module that defines it (``smartem_ext.outbox.Outbox``,
  ``smartem_ext._journal.DeadLetter``, as type hints name them) links to where the object
  is documented (``smartem_ext.Outbox``): the API reference documents each public object
  once, under the name users import it by.
- The build fails (a warning, and warnings are errors) when a public name of
  ``smartem_ext``, ``smartem_ext.compat`` or ``smartem_ext.testing`` is not documented.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap
import typing
from typing import Any, Generic, TypeVar

from docutils import nodes
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

PUBLIC_MODULES = ("smartem_ext", "smartem_ext.compat", "smartem_ext.testing")
_DOCUMENTED: dict[tuple[int, int], dict[int, str]] = {}
_DOCUMENTED_KINDS = {"class", "exception", "function", "method", "module", "property"}


def find_object(path: str) -> Any:
    """The object a dotted path names, or None."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attribute in parts[cut:]:
                value = inspect.getattr_static(value, attribute)
        except AttributeError:
            return None
        return value
    return None


def _documented(env: BuildEnvironment) -> dict[int, str]:
    """Each documented object's identity -> the name it is documented under."""
    objects = env.get_domain("py").objects  # type: ignore[attr-defined]
    key = (id(env), len(objects))
    if key in _DOCUMENTED:
        return _DOCUMENTED[key]
    found: dict[int, str] = {}
    for name, entry in objects.items():
        if entry.objtype not in _DOCUMENTED_KINDS or entry.aliased:
            continue
        value = find_object(name)
        if value is not None:
            found.setdefault(id(value), name)
    _DOCUMENTED.clear()
    _DOCUMENTED[key] = found
    return found


def _candidates(node: pending_xref) -> list[str]:
    """What a reference may mean: as written, in the documented scope, in the defining one."""
    target: str = node["reftarget"].lstrip("~.")
    module = node.get("py:module")
    klass = node.get("py:class")
    names = [target]
    if module:
        if klass:
            names.append(f"{module}.{klass}.{target}")
            owner = find_object(f"{module}.{klass.split('.')[0]}")
            home = getattr(owner, "__module__", None)
            if isinstance(home, str):
                names.append(f"{home}.{target}")
        names.append(f"{module}.{target}")
    return names


def _unlinked(value: Any) -> bool:
    """Whether a name in a type hint stands for something with no page of its own: a type
    parameter, a type alias (``Literal[...]``, a union), or another library's class (no
    inventory of theirs is fetched); its name is then shown as it is written."""
    if isinstance(value, TypeVar):
        return True
    if inspect.isclass(value) or inspect.isroutine(value) or inspect.ismodule(value):
        return not getattr(value, "__module__", "").startswith(("smartem_ext", "smartem_api"))
    return type(value).__module__ in ("typing", "types")


def resolve_by_identity(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    if node.get("refdomain") != "py":
        return None
    documented = _documented(env)
    for name in _candidates(node):
        if not name.startswith(("smartem_ext", "smartem_api")):
            continue
        value = find_object(name)
        if value is None:
            continue
        if id(value) not in documented:
            if _unlinked(value):
                return contnode
            continue
        domain = env.get_domain("py")
        return domain.resolve_xref(  # type: ignore[no-any-return]
            env, node["refdoc"], app.builder, "obj", documented[id(value)], node, contnode
        )
    return None


def _is_public(cls: type) -> bool:
    """Whether a class of this project is one its users are meant to see."""
    module_name = getattr(cls, "__module__", "")
    if not module_name.startswith("smartem_ext"):
        return True
    module = importlib.import_module(module_name)
    return cls.__name__ in getattr(module, "__all__", ()) and not cls.__name__.startswith("_")


def public_bases(app: Sphinx, name: str, obj: object, options: Any, bases: list[type]) -> None:
    """Show a class's public ancestry: a helper base is replaced by its own bases."""
    shown: list[type] = []
    pending = list(bases)
    while pending:
        base = pending.pop(0)
        origin = getattr(base, "__origin__", base)
        if origin in (object, Generic) or origin in shown:
            continue
        if _is_public(origin):
            shown.append(origin)
        else:
            pending[:0] = list(getattr(origin, "__bases__", ()))
    bases[:] = shown


_INDENTED_SECTION = re.compile(r"^(\s+)(Attributes|Args|Returns|Raises):$")


def generated_docstring(
    app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    """Dedent the generated models' ``Attributes:`` section where the model's own
    description left it indented (napoleon reads only a section at the left margin)."""
    if not name.startswith("smartem_api."):
        return
    for number, line in enumerate(lines):
        match = _INDENTED_SECTION.match(line)
        if match:
            cut = len(match.group(1))
            lines[number:] = [
                text[cut:] if text[:cut].isspace() else text for text in lines[number:]
            ]
            return


def skip_generated_plumbing(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: Any
) -> bool | None:
    """A generated model's page shows its fields: its undocumented serialisation helpers
    (``to_dict``, ``from_dict``, ``additional_keys``...) are the same on every model."""
    module = getattr(getattr(obj, "fget", obj), "__module__", None) or ""
    if what == "class" and module.startswith("smartem_api.") and not getattr(obj, "__doc__", None):
        return True
    return None


def _napoleon_except_attributes(app: Sphinx) -> None:
    """Napoleon reads an attribute's docstring ``"Seconds for X: Y"`` as type ``Seconds for
    X``; this project's attribute docstrings are prose, so napoleon leaves them alone."""
    from sphinx.ext.napoleon import _process_docstring

    app.disconnect(
        next(
            listener.id
            for listener in app.events.listeners["autodoc-process-docstring"]
            if listener.handler is _process_docstring
        )
    )

    def process(
        app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]
    ) -> None:
        if what not in ("attribute", "data", "property"):
            _process_docstring(app, what, name, obj, options, lines)

    app.connect("autodoc-process-docstring", process)


def check_public_names(app: Sphinx, env: BuildEnvironment) -> None:
    """Every public name is documented, under its own name or (the same object re-exported)
    under another one."""
    objects = env.get_domain("py").objects  # type: ignore[attr-defined]
    documented = _documented(env)
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            if f"{module_name}.{name}" in objects:
                continue
            value = getattr(module, name)
            if inspect.isclass(value) and id(value) in documented:
                continue
            logger.warning("%s.%s is public but not documented", module_name, name)


class GeneratedModels(SphinxDirective):
    """Every model of ``smartem_api.models``, so the page follows each regeneration.

    A model with a docstring lists its fields there (napoleon's ``Attributes``); an
    enumeration has none, and lists its members.
    """

    def run(self) -> list[nodes.Node]:
        models = importlib.import_module("smartem_api.models")
        lines = []
        for name in sorted(models.__all__):
            documented = bool(getattr(models, name).__doc__)
            lines += [
                f".. autoclass:: smartem_api.models.{name}",
                "   :no-show-inheritance:",
                "   :no-undoc-members:" if documented else "   :undoc-members:",
                "",
            ]
        return self.parse_text_to_nodes("\n".join(lines))


class _AnyBody:
    """Stands for a request body: only the method and URL of a request are shown."""

    def to_dict(self) -> dict[str, Any]:
        return {}

    def __iter__(self) -> Any:
        return iter(())


class EndpointTable(SphinxDirective):
    """A table of the generated endpoint modules: module, HTTP method and path, summary."""

    def run(self) -> list[nodes.Node]:
        api = importlib.import_module("smartem_api.api")
        rows = []
        for group in sorted(m.name for m in pkgutil.iter_modules(api.__path__)):
            package = importlib.import_module(f"smartem_api.api.{group}")
            for found in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
                module = importlib.import_module(f"smartem_api.api.{group}.{found.name}")
                request = inspect.signature(module.build_request)
                placeholders = {p: "{" + p + "}" for p in module.PATH_PARAMETERS}
                needed = {
                    name: _AnyBody()
                    for name, parameter in request.parameters.items()
                    if name not in placeholders and parameter.default is inspect.Parameter.empty
                }
                built = module.build_request(**placeholders, **needed)
                summary = (module.sync_detailed.__doc__ or "").strip().splitlines()[0]
                rows.append(
                    (
                        f"``{group}.{found.name}``",
                        f"``{built['method'].upper()} {built['url']}``".replace("%7B", "{").replace(
                            "%7D", "}"
                        ),
                        summary,
                    )
                )
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 30 40 30",
            "",
            "   * - module (``smartem_api.api.``...)",
            "     - request",
            "     - what it does",
        ]
        for module_name, request_text, summary in rows:
            lines += [f"   * - {module_name}", f"     - {request_text}", f"     - {summary}"]
        return self.parse_text_to_nodes("\n".join(lines))


class ErrorTree(SphinxDirective):
    """The tree of ``smartem_ext``'s public errors, drawn from the classes themselves."""

    def run(self) -> list[nodes.Node]:
        package = importlib.import_module("smartem_ext")
        root = package.SmartEMError
        public = {
            getattr(package, name)
            for name in package.__all__
            if inspect.isclass(getattr(package, name)) and issubclass(getattr(package, name), root)
        }

        def shown_children(cls: type) -> list[type]:
            found: list[type] = []
            for child in cls.__subclasses__():
                for shown in [child] if child in public else shown_children(child):
                    if shown not in found:
                        found.append(shown)
            return found

        def lines_for(cls: type, depth: int) -> list[str]:
            doc = (cls.__doc__ or "").strip().splitlines()[0]
            also = [b.__name__ for b in cls.__mro__[1:] if b.__module__ == "builtins"]
            also = [name for name in also if name not in ("Exception", "BaseException", "object")]
            extra = f" (also ``{'``, ``'.join(also)}``)" if also else ""
            lines = [f"{'  ' * depth}- :py:exc:`~smartem_ext.{cls.__name__}`{extra}: {doc}", ""]
            for child in shown_children(cls):
                lines += lines_for(child, depth + 1)
            return lines

        return self.parse_text_to_nodes("\n".join(lines_for(root, 0)))


_ARG_LINE = re.compile(r"^(\s*)([\w, ]+?):\s+(.*)$")


def documented_arguments(doc: str) -> dict[str, str]:
    """The ``Args:`` section of a Google-style docstring: argument name -> description."""
    found: dict[str, str] = {}
    lines = inspect.cleandoc(doc).splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() in ("Args:", "Arguments:"))
    except StopIteration:
        return found
    names: list[str] = []
    indent: int | None = None
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip())
        if depth == 0:
            break
        match = _ARG_LINE.match(line)
        if match and (indent is None or depth == indent):
            indent = depth
            names = [name.strip() for name in match.group(2).split(",")]
            for name in names:
                found[name] = match.group(3).strip()
        elif indent is not None and depth > indent:
            for name in names:
                found[name] += " " + line.strip()
    return found


def _defaults_as_written(function: Any) -> dict[str, str]:
    """Each parameter's default as its source writes it (``DEFAULT_RETRY``, not its repr)."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return {}
    tree = ast.parse(textwrap.dedent(source))
    definition = next(
        node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )
    arguments = definition.args
    positional = [*arguments.posonlyargs, *arguments.args]
    written = {
        a.arg: ast.unparse(d)
        for a, d in zip(
            positional[len(positional) - len(arguments.defaults) :], arguments.defaults, strict=True
        )
    }
    written.update(
        {
            a.arg: ast.unparse(d)
            for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
            if d
        }
    )
    return written


def _attribute_docs(cls: type, known: dict[str, str]) -> dict[str, str]:
    """An attrs class's fields as their attribute docstrings describe them."""
    from sphinx.pycode import ModuleAnalyzer

    found: dict[str, str] = {}
    for klass in cls.__mro__:
        if not klass.__module__.startswith("smartem_"):
            continue
        try:
            docs = ModuleAnalyzer.for_module(klass.__module__).find_attr_docs()
        except Exception:
            continue
        for (owner, name), lines in docs.items():
            if owner == klass.__qualname__ and name not in known and name not in found:
                found[name] = " ".join(line.strip() for line in lines if line.strip())
    return found


def _module_part(path: str) -> str:
    """The longest importable module a dotted path starts with."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        return ".".join(parts[:cut])
    return parts[0]


class Settings(SphinxDirective):
    """A table of a constructor's (or function's) arguments: type, default and meaning,
    read from its signature and the ``Args:`` section of its docstring."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        target = find_object(self.arguments[0])
        if target is None:
            raise self.error(f"no object {self.arguments[0]}")
        function = target.__init__ if inspect.isclass(target) else target
        function = getattr(function, "__func__", function)
        signature = inspect.signature(function)
        meaning = documented_arguments(inspect.getdoc(target) or "")
        if inspect.isclass(target):
            meaning.update(documented_arguments(function.__doc__ or ""))
        if inspect.isclass(target):
            meaning.update(_attribute_docs(target, meaning))
        written = _defaults_as_written(function)
        lines = [
            # Names in the descriptions resolve as in the docstrings' own public module.
            f".. py:currentmodule:: {_module_part(self.arguments[0])}",
            "",
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 20 25 20 35",
            "",
            "   * - argument",
            "     - type",
            "     - default",
            "     - meaning",
        ]
        for name, parameter in signature.parameters.items():
            if name in ("self", "cls"):
                continue
            annotation = parameter.annotation
            shown_type = (
                ""
                if annotation is inspect.Parameter.empty
                else annotation
                if isinstance(annotation, str)
                else inspect.formatannotation(annotation)
            )
            keyword = parameter.kind is inspect.Parameter.KEYWORD_ONLY
            if parameter.default is inspect.Parameter.empty:
                default = "required"
            else:
                default = f"``{written.get(name, repr(parameter.default))}``"
            lines += [
                f"   * - ``{name}``" + (" (keyword)" if keyword else ""),
                f"     - ``{shown_type}``" if shown_type else "     -",
                f"     - {default}",
                f"     - {meaning.get(name, '')}".rstrip(),
            ]
        return self.parse_text_to_nodes("\n".join(lines))


def _type_namespace() -> dict[str, Any]:
    """The names the plans' hints use: smartem_ext's public names and the generated models."""
    package = importlib.import_module("smartem_ext")
    models = importlib.import_module("smartem_api.models")
    namespace = {name: getattr(models, name) for name in models.__all__}
    namespace.update({name: getattr(package, name) for name in package.__all__})
    return namespace


def client_method_hints(app: Sphinx) -> None:
    """Give each client method the types of the plan it was made from.

    The clients' methods are built from plans (``smartem_ext.client.operation``): each has
    the plan's ``__signature__`` but the annotations of the generic function behind it
    (``Any``), which autodoc prefers. The plan's parameter types and its answer type (the X
    of ``Call[X]``) become the method's annotations, for the API reference only.
    """
    client = importlib.import_module("smartem_ext.client")
    namespace = _type_namespace()
    for name, row in vars(client._Operations).items():
        if not isinstance(row, client.operation):
            continue
        hints = typing.get_type_hints(row.plan, globalns={**row.plan.__globals__, **namespace})
        answer = hints.pop("return", Any)
        plan_type = typing.get_origin(answer)  # Call[X] or Bulk[X]; a union of them: Any
        arguments = typing.get_args(answer) if inspect.isclass(plan_type) else ()
        hints["return"] = arguments[0] if arguments else Any
        for cls in (client.SmartEMAPIClient, client.AsyncSmartEMAPIClient):
            method = cls.__dict__.get(name)
            if method is not None:
                method.__annotations__ = dict(hints)


def viewcode_back_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Give each object the anchor its ``[docs]`` link on the source page points to.

    viewcode builds that link from the first name any object of the module was documented
    under (``smartem_ext`` for ``smartem_ext.IdCache``), so an object of the same module
    documented under another name (``smartem_ext.ids.GridContentsClient``) needs that
    anchor too.
    """
    from sphinx.ext.viewcode import _get_full_modname

    modules = getattr(app.env, "_viewcode_modules", {})
    for signode in doctree.findall(addnodes.desc_signature):
        module, fullname = signode.get("module"), signode.get("fullname")
        if not module or not fullname:
            continue
        entry = modules.get(_get_full_modname(module, fullname))
        if not entry:
            continue
        anchor = f"{entry[3]}.{fullname}"
        if anchor not in signode["ids"] and not doctree.ids.get(anchor):
            signode["ids"].append(anchor)
            doctree.ids[anchor] = signode


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", viewcode_back_anchors, priority=600)
    app.connect("builder-inited", client_method_hints)
    app.add_directive("smartem-settings", Settings)
    app.add_directive("smartem-error-tree", ErrorTree)
    app.add_directive("smartem-models", GeneratedModels)
    app.add_directive("smartem-endpoints", EndpointTable)
    app.connect("missing-reference", resolve_by_identity)
    app.connect("env-check-consistency", check_public_names)
    app.connect("autodoc-process-bases", public_bases)
    app.connect("autodoc-process-docstring", generated_docstring)
    app.connect("autodoc-skip-member", skip_generated_plumbing)
    app.setup_extension("sphinx.ext.napoleon")
    _napoleon_except_attributes(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
