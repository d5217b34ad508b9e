"""smartem_ext._conform: the one-pass reader builds what from_dict builds and refuses what
the checker after from_dict refuses, for every generated model."""

from __future__ import annotations

import datetime
import enum
import inspect
import types
import typing
from typing import Any

import attrs
import pytest

from smartem_api import models
from smartem_api.types import Unset
from smartem_ext import _conform

MODEL_NAMES = {name: getattr(models, name) for name in models.__all__}
NAMES: dict[str, Any] = {**MODEL_NAMES, "datetime": datetime, "Unset": Unset, "Any": Any}
MODELS = sorted(
    (cls for cls in MODEL_NAMES.values() if inspect.isclass(cls) and attrs.has(cls)),
    key=lambda cls: cls.__name__,
)
READABLE = [cls for cls in MODELS if _conform.reader(cls) is not None]
WRONG_VALUES: list[Any] = [7, 2.5, "text", True, None, [], {}, [1], {"x": 1}, "2025-13-99"]


def arms(hint: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(hint)
    return typing.get_args(hint) if origin in (types.UnionType, typing.Union) else (hint,)


def example(hint: Any, variant: int) -> Any:
    """A JSON value the declared type holds; ``variant`` picks among the union's arms."""
    choices = [arm for arm in arms(hint) if arm is not Unset]
    arm = choices[variant % len(choices)]
    if arm is type(None):
        return None
    if typing.get_origin(arm) is list:
        return [example(typing.get_args(arm)[0], variant), example(typing.get_args(arm)[0], 0)]
    if typing.get_origin(arm) is dict or arm is Any:
        return {"key": [1, "two"]}
    if isinstance(arm, type) and issubclass(arm, enum.Enum):
        return list(arm)[variant % len(arm)].value
    if isinstance(arm, type) and attrs.has(arm):
        return body(arm, variant)
    return {
        str: "text",
        int: 3,
        float: 1.5,
        bool: True,
        datetime.datetime: "2025-06-02T09:00:00+00:00",
        datetime.date: "2025-06-02",
    }[arm]


def fields(cls: type) -> list[tuple[str, Any, bool]]:
    hints = typing.get_type_hints(cls, localns=NAMES)
    return [
        (field.name, hints[field.name], field.default is attrs.NOTHING)
        for field in attrs.fields(cls)
        if field.name != "additional_properties"
    ]


def body(cls: type, variant: int, optional: bool = True) -> dict[str, Any]:
    return {
        name: example(hint, variant) for name, hint, required in fields(cls) if required or optional
    }


def refused_by_from_dict(cls: type, data: Any) -> bool:
    try:
        return _conform.problem(cls.from_dict(data)) is not None
    except (KeyError, TypeError, ValueError, AttributeError):
        return True


def refused_by_reader(cls: type, data: Any) -> bool:
    read = _conform.reader(cls)
    assert read is not None
    try:
        read(data)
    except (_conform.Broken, KeyError, TypeError, ValueError, AttributeError):
        return True
    return False


def test_every_answer_model_has_a_one_pass_reader() -> None:
    answers = [cls for cls in MODELS if cls.__name__.endswith("Response")]
    assert len(answers) > 10
    assert [cls.__name__ for cls in answers if cls not in READABLE] == []
    # The stream's events carry a ``type`` key, which the generator renames to ``type_``.
    assert _conform.reader(models.InstructionStreamHeartbeatEvent) is None


@pytest.mark.parametrize("cls", READABLE, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("variant", [0, 1, 2])
@pytest.mark.parametrize("optional", [True, False], ids=["all fields", "required only"])
def test_reader_builds_what_from_dict_builds(cls: type, variant: int, optional: bool) -> None:
    data = {**body(cls, variant, optional), "added_by_a_newer_backend": [1]}
    read = _conform.reader(cls)
    assert read is not None
    built, expected = read(data), cls.from_dict(data)
    assert built == expected
    if hasattr(expected, "additional_properties"):
        assert built.additional_properties == {"added_by_a_newer_backend": [1]}
    assert _conform.problem(built) is None


@pytest.mark.parametrize("cls", READABLE, ids=lambda cls: cls.__name__)
def test_reader_refuses_a_value_exactly_when_the_checker_would(cls: type) -> None:
    for name, hint, _required in fields(cls):
        lists = any(typing.get_origin(arm) is list for arm in arms(hint))
        for wrong in WRONG_VALUES:
            data = {**body(cls, 0), name: wrong}
            if lists and type(wrong) is dict:
                # from_dict iterates an object's keys as if it were the list; the reader refuses.
                assert refused_by_reader(cls, data), (name, wrong)
                continue
            assert refused_by_reader(cls, data) == refused_by_from_dict(cls, data), (name, wrong)


WITH_REQUIRED = [cls for cls in READABLE if any(required for _, _, required in fields(cls))]


@pytest.mark.parametrize("cls", WITH_REQUIRED, ids=lambda cls: cls.__name__)
def test_missing_required_field_is_a_key_error(cls: type) -> None:
    required = [name for name, _hint, is_required in fields(cls) if is_required]
    data = body(cls, 0)
    del data[required[0]]
    read = _conform.reader(cls)
    assert read is not None
    with pytest.raises(KeyError):
        read(data)


def test_reader_names_the_model_and_field() -> None:
    read = _conform.reader(models.FoilHoleResponse)
    assert read is not None
    data = {**body(models.FoilHoleResponse, 0), "foilhole_id": 5}
    with pytest.raises(_conform.Broken, match=r"FoilHoleResponse\.foilhole_id: expected str"):
        read(data)


def test_many_names_the_index_of_the_broken_item() -> None:
    read = _conform.reader(models.FoilHoleResponse)
    assert read is not None
    good = body(models.FoilHoleResponse, 0)
    with pytest.raises(_conform.Broken, match=r"^\[1\] FoilHoleResponse\.uuid"):
        _conform.read_many(read, [good, {**good, "uuid": None}])
    with pytest.raises(TypeError):
        _conform.read_many(read, {"not": "a list"})
