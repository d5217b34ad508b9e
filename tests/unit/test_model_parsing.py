"""The generated models' from_dict: it checks every value against the declared types while
it builds the model, for every generated model, and names what is wrong."""

from __future__ import annotations

import datetime
import enum
import inspect
import json
import types
import typing
from typing import Any

import attrs
import httpx
import pytest

from smartem_api import api, models
from smartem_api.errors import InvalidData
from smartem_api.types import Unset
from smartem_ext import _calls

MODEL_NAMES = {name: getattr(models, name) for name in models.__all__}
NAMES: dict[str, Any] = {**MODEL_NAMES, "datetime": datetime, "Unset": Unset, "Any": Any}
MODELS = sorted(
    (cls for cls in MODEL_NAMES.values() if inspect.isclass(cls) and attrs.has(cls)),
    key=lambda cls: cls.__name__,
)
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
    }[arm]


def fields(cls: type) -> list[tuple[str, Any, bool]]:
    """(JSON key, declared type, required) of each field; ``type_`` is the key ``type``."""
    hints = typing.get_type_hints(cls, localns=NAMES)
    return [
        (field.name.removesuffix("_"), hints[field.name], field.default is attrs.NOTHING)
        for field in attrs.fields(cls)
        if field.name != "additional_properties"
    ]


def body(cls: type, variant: int, optional: bool = True) -> dict[str, Any]:
    return {
        key: example(hint, variant) for key, hint, required in fields(cls) if required or optional
    }


def accepts(hint: Any, value: Any) -> bool:
    """Whether the declared type takes the JSON value: the rules from_dict must follow."""
    nullable = type(None) in arms(hint)
    for arm in arms(hint):
        origin = typing.get_origin(arm)
        if arm is Any or origin is dict:
            return True
        if arm is type(None):
            taken = value is None
        elif arm is float:
            taken = type(value) in (float, int)  # an int is a float; a bool is neither
        elif arm in (str, int, bool):
            taken = type(value) is arm
        elif arm is datetime.datetime:
            taken = type(value) is str and parses(value)
        elif isinstance(arm, type) and issubclass(arm, enum.Enum):
            # A backend that adds a state must not make reads fail where null is allowed.
            values = {member.value for member in arm}
            taken = type(value) is str and (value in values or nullable)
        elif origin is list:
            item = typing.get_args(arm)[0]
            taken = type(value) is list and all(accepts(item, each) for each in value)
        elif isinstance(arm, type) and attrs.has(arm):
            taken = type(value) is dict and object_accepted(arm, value)
        else:
            taken = False
        if taken:
            return True
    return False


def object_accepted(cls: type, data: dict[str, Any]) -> bool:
    return all(
        accepts(hint, data[key]) if key in data else not required
        for key, hint, required in fields(cls)
    )


def parses(text: str) -> bool:
    try:
        datetime.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def refusal(cls: Any, data: Any) -> InvalidData | KeyError | None:
    """The error from_dict raises for ``data``; None when it builds the model."""
    try:
        cls.from_dict(data)
    except (InvalidData, KeyError) as error:
        return error
    return None


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("variant", [0, 1, 2])
@pytest.mark.parametrize("optional", [True, False], ids=["all fields", "required only"])
def test_from_dict_builds_what_to_dict_writes_back(cls: Any, variant: int, optional: bool) -> None:
    data = body(cls, variant, optional)
    rest = typing.get_type_hints(cls, localns=NAMES).get("additional_properties")
    kept = {"added_by_a_newer_backend": [1]} if rest == dict[str, Any] else {}
    built = cls.from_dict({**data, **kept} if kept or rest is None else data)
    assert json.loads(json.dumps(built.to_dict())) == {**data, **kept}
    if rest is not None:
        assert built.additional_properties == kept
    assert cls.from_dict(built.to_dict()) == built


OPEN_MODELS = [
    cls
    for cls in MODELS
    if typing.get_type_hints(cls, localns=NAMES).get("additional_properties") == dict[str, Any]
]


@pytest.mark.parametrize("cls", OPEN_MODELS, ids=lambda cls: cls.__name__)
def test_from_dict_keeps_unknown_keys_whatever_the_object_length(cls: Any) -> None:
    data = body(cls, 0)
    optional = [key for key, _, required in fields(cls) if not required]
    # As many keys as the model has fields, one of them unknown: the length does not tell.
    same_length = {k: v for k, v in data.items() if k not in optional[:1]}
    for data_with_extra in ({**data, "newer": 1}, {**same_length, "newer": 1}):
        built = cls.from_dict(data_with_extra)
        assert built.additional_properties == {"newer": 1}
    assert cls.from_dict(data).additional_properties == {}


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_from_dict_refuses_a_value_exactly_when_the_declared_type_does(cls: Any) -> None:
    cls.from_dict(body(cls, 0))
    # Twice: the second round meets the plain fields' type combinations the first passed.
    for _ in range(2):
        for (key, hint, _), name in zip(fields(cls), attrs.fields_dict(cls), strict=False):
            for wrong in [*WRONG_VALUES, "unknown-state", [None], [{"x": 1}], ["2025-13-99"]]:
                data = {**body(cls, 0), key: wrong}
                error = refusal(cls, data)
                assert (error is not None) == (not accepts(hint, wrong)), (key, wrong)
                if not isinstance(error, KeyError):  # else a nested object misses a field
                    assert error is None or (error.model, error.field) == (cls.__name__, name)


WITH_REQUIRED = [cls for cls in MODELS if any(required for _, _, required in fields(cls))]


@pytest.mark.parametrize("cls", WITH_REQUIRED, ids=lambda cls: cls.__name__)
def test_missing_required_field_is_a_key_error(cls: Any) -> None:
    required = [key for key, _hint, is_required in fields(cls) if is_required]
    data = body(cls, 0)
    del data[required[0]]
    with pytest.raises(KeyError):
        cls.from_dict(data)


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_anything_but_an_object_is_a_type_error(cls: Any) -> None:
    for value in (5, "text", [], None):
        with pytest.raises(TypeError, match=f"expected a {cls.__name__} object"):
            cls.from_dict(value)


def test_the_error_names_the_model_the_field_and_the_problem() -> None:
    data = {**body(models.FoilHoleResponse, 0), "foilhole_id": 5}
    with pytest.raises(
        InvalidData, match=r"^FoilHoleResponse\.foilhole_id: expected str, got int 5$"
    ):
        models.FoilHoleResponse.from_dict(data)
    atlas = {**body(models.AtlasResponse, 0), "tiles": [body(models.AtlasTileResponse, 0), 3]}
    with pytest.raises(InvalidData, match=r"^AtlasResponse\.tiles: \[1\] expected AtlasTileRes"):
        models.AtlasResponse.from_dict(atlas)
    atlas["tiles"] = [{**body(models.AtlasTileResponse, 0), "uuid": None}]
    with pytest.raises(InvalidData, match=r"^AtlasResponse\.tiles: \[0\] AtlasTileResponse\.uuid"):
        models.AtlasResponse.from_dict(atlas)


def test_an_unknown_state_is_kept_where_null_is_allowed_and_refused_elsewhere() -> None:
    square = models.GridSquareResponse.from_dict(
        {**body(models.GridSquareResponse, 0), "status": "a state added later"}
    )
    assert square.status == "a state added later"
    known = models.GridSquareResponse.from_dict({**body(models.GridSquareResponse, 0)})
    assert isinstance(known.status, models.GridSquareStatus)
    micrograph = {**body(models.MicrographResponse, 0), "status": "a state added later"}
    with pytest.raises(
        InvalidData, match=r"^MicrographResponse\.status: expected MicrographStatus"
    ):
        models.MicrographResponse.from_dict(micrograph)


def test_a_listing_names_the_index_of_the_broken_item() -> None:
    read = _calls.many(models.FoilHoleResponse)
    good = body(models.FoilHoleResponse, 0)
    broken = httpx.Response(200, json=[good, {**good, "uuid": None}])
    with pytest.raises(_calls.UnexpectedAnswer, match=r"^\[1\] FoilHoleResponse\.uuid"):
        read(api.list_foilholes, broken)
    with pytest.raises(TypeError, match="expected a list, got dict"):
        read(api.list_foilholes, httpx.Response(200, json={"not": "a list"}))
    assert read(api.list_foilholes, httpx.Response(200, json=[good])) == [
        models.FoilHoleResponse.from_dict(good)
    ]
