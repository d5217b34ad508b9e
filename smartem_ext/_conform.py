"""Whether a parsed answer holds the types its generated models declare.

The generated ``from_dict`` functions copy JSON values into the model without checking
them: ``{"uuid": 5}`` becomes ``AcquisitionResponse(uuid=5)``, and a datetime field that
does not parse keeps the raw text. :func:`problem` finds such values, so that a broken
answer is an ``InvalidResponse`` and never reaches the ID cache or the caller.

Enum fields accept any text besides their members: a backend that adds a state must not
make every read of that entity fail.
"""

from __future__ import annotations

import datetime
import enum
import functools
import operator
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from smartem_api import models
from smartem_api.types import UNSET, Unset

__all__ = ["Broken", "problem", "read_many", "reader"]

_Check = Callable[[Any], str | None]
"""Returns what is wrong with a value, or None when it conforms."""


class _Names(dict[str, Any]):
    """The names a model's annotations use: the generated models load on first use."""

    def __missing__(self, name: str) -> Any:
        if name not in models.__all__:
            raise KeyError(name)
        value = self[name] = getattr(models, name)
        return value


_NAMES = _Names({"datetime": datetime, "Unset": Unset, "Any": Any})
_MODEL_CHECKS: dict[type, _Check | None] = {}


def problem(value: Any) -> str | None:
    """What breaks the declared types in a parsed answer (a model or a list of them)."""
    if type(value) is list:
        for index, item in enumerate(value):
            found = problem(item)
            if found is not None:
                return f"[{index}] {found}"
        return None
    check = _model_check(type(value))
    return None if check is None else check(value)


def _model_check(cls: type) -> _Check | None:
    """The check of a generated model class; None for any other class."""
    try:
        return _MODEL_CHECKS[cls]
    except KeyError:
        check = _build_model_check(cls) if _is_model(cls) else None
        _MODEL_CHECKS[cls] = check
        return check


def _is_model(cls: type) -> bool:
    return attrs.has(cls) and cls.__module__.startswith("smartem_api.models.")


def _build_model_check(cls: type) -> _Check:
    hints = typing.get_type_hints(cls, localns=_NAMES)
    names = [field.name for field in attrs.fields(cls) if field.name != "additional_properties"]
    rules = [(name, *_rule(hints[name])) for name in names]
    if not rules:
        return lambda value: None
    # attrgetter returns a tuple only for several names: the first one, asked for twice,
    # makes that so for a model of one field too (zip stops at the end of the rules).
    read: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names, names[0])

    # Most values are of an exact allowed type: that test is inlined, the rest is a call.
    def check(value: Any) -> str | None:
        for item, (name, allowed, item_check) in zip(read(value), rules, strict=False):
            if type(item) in allowed:
                continue
            found = item_check(item)
            if found is not None:
                return f"{cls.__name__}.{name}: {found}"
        return None

    return check


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def _check_for(hint: Any) -> _Check:
    return _rule(hint)[1]


@functools.cache
def _rule(hint: Any) -> tuple[frozenset[type], _Check]:
    """The types a declared type accepts as they are, and the full check of a value."""
    if hint is Any:
        return frozenset(), _anything
    origin = typing.get_origin(hint)
    arms = typing.get_args(hint) if origin in (types.UnionType, typing.Union) else (hint,)
    exact: set[type] = set()
    nested: list[tuple[type, _Check]] = []
    for arm in arms:
        arm_origin = typing.get_origin(arm)
        if arm is Any:
            return frozenset(), _anything
        if arm_origin is list:
            nested.append((list, _list_check(typing.get_args(arm)[0])))
        elif arm_origin is dict:
            nested.append((dict, _dict_check(typing.get_args(arm)[1])))
        elif arm is float:
            exact.update((float, int))
        elif isinstance(arm, type) and issubclass(arm, enum.Enum):
            exact.update((arm, str) if issubclass(arm, str) else (arm,))
        elif isinstance(arm, type) and _is_model(arm):
            nested.append((arm, _NestedModel(arm)))
        elif isinstance(arm, type):
            exact.add(arm)
    allowed = frozenset(exact)
    expected = " | ".join(_name(arm) for arm in arms)

    def check(value: Any) -> str | None:
        if type(value) in allowed:
            return None
        for cls, nested_check in nested:
            if type(value) is cls:
                return nested_check(value)
        return f"expected {expected}, got {_describe(value)}"

    return allowed, check


def _anything(value: Any) -> None:
    return None


class _NestedModel:
    """The check of a model inside another, built when first used (models may nest)."""

    def __init__(self, cls: type) -> None:
        self._cls = cls

    def __call__(self, value: Any) -> str | None:
        check = _model_check(self._cls)
        return None if check is None else check(value)


def _list_check(item_hint: Any) -> _Check:
    item_check = _check_for(item_hint)

    def check(value: list[Any]) -> str | None:
        for index, item in enumerate(value):
            found = item_check(item)
            if found is not None:
                return f"[{index}] {found}"
        return None

    return check


def _dict_check(value_hint: Any) -> _Check:
    value_check = _check_for(value_hint)

    def check(value: dict[Any, Any]) -> str | None:
        for key, item in value.items():
            if type(key) is not str:
                return f"expected text keys, got {_describe(key)}"
            found = value_check(item)
            if found is not None:
                return f"[{key!r}] {found}"
        return None

    return check


def _name(hint: Any) -> str:
    if hint is type(None):
        return "None"
    return str(getattr(hint, "__name__", hint))


# ---------------------------------------------------------------------------- one-pass reading


class Broken(Exception):
    """A JSON value that the declared type of its field cannot hold."""


_Read = Callable[[Any], Any]
_READERS: dict[type, _Read | None] = {}


def reader(cls: type) -> _Read | None:
    """A function that turns JSON into ``cls`` and checks every value in the same pass.

    It builds what the generated ``cls.from_dict`` builds (UNSET for missing optional
    fields, enum members for known texts, datetimes, nested models, unknown keys in
    ``additional_properties``) and raises :class:`Broken` where :func:`problem` would
    find one, ``KeyError`` for a missing required field. None for a class it cannot read
    so (a field renamed from its key): then ``from_dict`` and :func:`problem` serve.
    """
    try:
        return _READERS[cls]
    except KeyError:
        _READERS[cls] = None  # a model that holds itself is read by from_dict
        built = _build_reader(cls) if _is_model(cls) else None
        _READERS[cls] = built
        return built


def _build_reader(cls: type) -> _Read | None:
    fields = [field for field in attrs.fields(cls) if field.name != "additional_properties"]
    if any(field.name.endswith("_") for field in fields):
        return None  # the generator renamed the key (``type`` -> ``type_``)
    hints = typing.get_type_hints(cls, localns=_NAMES)
    rest_hint = hints.get("additional_properties")
    if rest_hint is not None and rest_hint != dict[str, Any]:
        return None  # typed extra properties: from_dict converts each one
    if any(reader(nested) is None for field in fields for nested in _models_in(hints[field.name])):
        return None
    keeps_the_rest = any(field.name == "additional_properties" for field in attrs.fields(cls))
    # Like attrs, the reader of each class is written out as source once: one statement
    # per field and no loop is what makes reading a list of a thousand models cheap.
    namespace: dict[str, Any] = {
        "cls": cls,
        "UNSET": UNSET,
        "TypeError": TypeError,
        "_describe": _describe,
        "_field": _field,
    }
    namespace["known"] = frozenset(field.name for field in fields)
    lines = [
        "def read(data):",
        "    if type(data) is not dict:",
        f"        raise TypeError('expected a {cls.__name__} object, got ' + _describe(data))",
    ]
    # The backend writes every field, null or not: all are taken by key first, and only
    # an answer without some optional field pays for looking each one up.
    if fields:
        lines.append("    try:")
        lines += [f"        v{index} = data[{field.name!r}]" for index, field in enumerate(fields)]
        lines.append("    except KeyError:")
        for index, field in enumerate(fields):
            take = (
                f"data[{field.name!r}]"
                if field.default is attrs.NOTHING
                else f"data.get({field.name!r}, UNSET)"
            )
            lines.append(f"        v{index} = {take}")
    for index, field in enumerate(fields):
        allowed, convert = _value_reader(hints[field.name])
        namespace[f"allowed_{index}"], namespace[f"convert_{index}"] = allowed, convert
        members = _members(hints[field.name])
        if members is not None:  # an enum's text becomes its member without a call
            namespace[f"members_{index}"] = members
            lines.append(
                f"    if type(v{index}) is str: v{index} = members_{index}.get(v{index}, v{index})"
            )
        lines += [
            f"    if type(v{index}) not in allowed_{index}:",
            f"        v{index} = _field(cls, {field.name!r}, convert_{index}, v{index})",
        ]
    # In declaration order the fields are __init__'s parameters: positional is cheaper.
    positional = all(field.init and not field.kw_only for field in fields)
    arguments = ", ".join(
        f"v{i}" if positional else f"{field.name}=v{i}" for i, field in enumerate(fields)
    )
    lines.append(f"    built = cls({arguments})")
    if keeps_the_rest:
        # Answers seldom hold keys the contract does not name: test for that in one go.
        lines += [
            "    if not known.issuperset(data):",
            "        built.additional_properties = {",
            "            key: value for key, value in data.items() if key not in known",
            "        }",
        ]
    lines.append("    return built")
    exec("\n".join(lines), namespace)
    read: _Read = namespace["read"]
    return read


def _members(hint: Any) -> Mapping[Any, enum.Enum] | None:
    """The members of the one enum a declared type allows, by value; None for no enum."""
    origin = typing.get_origin(hint)
    arms = typing.get_args(hint) if origin in (types.UnionType, typing.Union) else (hint,)
    enums = [arm for arm in arms if isinstance(arm, type) and issubclass(arm, enum.Enum)]
    return enums[0]._value2member_map_ if len(enums) == 1 else None


def _field(cls: type, name: str, convert: _Read, value: Any) -> Any:
    try:
        return convert(value)
    except Broken as broken:
        raise Broken(f"{cls.__name__}.{name}: {broken}") from None


def _models_in(hint: Any) -> list[type]:
    """The generated models a declared type holds, directly or as list items."""
    origin = typing.get_origin(hint)
    arms = typing.get_args(hint) if origin in (types.UnionType, typing.Union) else (hint,)
    found: list[type] = []
    for arm in arms:
        if typing.get_origin(arm) is list:
            found.extend(_models_in(typing.get_args(arm)[0]))
        elif isinstance(arm, type) and _is_model(arm):
            found.append(arm)
    return found


@functools.cache
def _value_reader(hint: Any) -> tuple[frozenset[type], _Read]:
    """The types taken as they are, and the conversion (or refusal) of any other value."""
    allowed, check = _rule(hint)
    origin = typing.get_origin(hint)
    arms = typing.get_args(hint) if origin in (types.UnionType, typing.Union) else (hint,)
    models = [arm for arm in arms if isinstance(arm, type) and _is_model(arm)]
    lists = [typing.get_args(arm)[0] for arm in arms if typing.get_origin(arm) is list]
    enums = [arm for arm in arms if isinstance(arm, type) and issubclass(arm, enum.Enum)]
    moments = datetime.datetime in arms
    # Where null is allowed the generated parser keeps an unknown text; elsewhere it fails.
    keeps_unknown_text = type(None) in arms
    # Texts are read as an enum member or a datetime where the type says so.
    exact = allowed - {str} if (enums or moments) else allowed

    def convert(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            for member_of in enums:
                try:
                    return member_of(value)
                except ValueError:
                    if not keeps_unknown_text:
                        raise
            if moments:
                try:
                    return datetime.datetime.fromisoformat(value)
                except ValueError:
                    pass
            if str in allowed:
                return value
        elif kind is dict and models:
            model_reader = reader(models[0])
            if model_reader is not None:
                return model_reader(value)
        elif kind is list and lists:
            return _read_list(lists[0], value)
        found = check(value)
        if found is not None:
            raise Broken(found)
        return value

    return exact, convert


def _read_list(item_hint: Any, value: list[Any]) -> list[Any]:
    allowed, convert = _value_reader(item_hint)
    items = []
    for index, item in enumerate(value):
        if type(item) not in allowed:
            try:
                item = convert(item)
            except Broken as broken:
                raise Broken(f"[{index}] {broken}") from None
        items.append(item)
    return items


def read_many(model_reader: _Read, data: Any) -> list[Any]:
    """A JSON list of models, each read by ``model_reader``."""
    if type(data) is not list:
        raise TypeError(f"expected a list, got {_describe(data)}")
    items = []
    for index, item in enumerate(data):
        try:
            items.append(model_reader(item))
        except Broken as broken:
            raise Broken(f"[{index}] {broken}") from None
    return items
