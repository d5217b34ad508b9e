from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="QualityMetricsResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "total_predictions",
        "average_quality",
        "min_quality",
        "max_quality",
        "models_count",
    }
)


@_attrs_define
class QualityMetricsResponse:
    """
    Attributes:
        total_predictions (int):
        average_quality (float | None):
        min_quality (float | None):
        max_quality (float | None):
        models_count (int):
    """

    total_predictions: int
    average_quality: float | None
    min_quality: float | None
    max_quality: float | None
    models_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_predictions = self.total_predictions

        average_quality: float | None
        average_quality = self.average_quality

        min_quality: float | None
        min_quality = self.min_quality

        max_quality: float | None
        max_quality = self.max_quality

        models_count = self.models_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_predictions": total_predictions,
                "average_quality": average_quality,
                "min_quality": min_quality,
                "max_quality": max_quality,
                "models_count": models_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "QualityMetricsResponse")
        total_predictions = _d["total_predictions"]
        average_quality = _d["average_quality"]
        min_quality = _d["min_quality"]
        max_quality = _d["max_quality"]
        models_count = _d["models_count"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(total_predictions),
            type(average_quality),
            type(min_quality),
            type(max_quality),
            type(models_count),
        )
        if _types not in _PASSED:
            if type(total_predictions) is not int:
                raise InvalidData(
                    "QualityMetricsResponse", "total_predictions", wrong("int", total_predictions)
                )

            if type(average_quality) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "QualityMetricsResponse",
                    "average_quality",
                    wrong("float | None", average_quality),
                )

            if type(min_quality) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "QualityMetricsResponse", "min_quality", wrong("float | None", min_quality)
                )

            if type(max_quality) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "QualityMetricsResponse", "max_quality", wrong("float | None", max_quality)
                )

            if type(models_count) is not int:
                raise InvalidData(
                    "QualityMetricsResponse", "models_count", wrong("int", models_count)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(total_predictions, average_quality, min_quality, max_quality, models_count)
        if len(_d) != 5 and not _KNOWN_KEYS.issuperset(_d):
            _built.additional_properties = {
                _key: _value for _key, _value in _d.items() if _key not in _KNOWN_KEYS
            }
        return _built

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The types each field takes as they are, where it takes several.
_ACCEPTS_float_int_None = frozenset({float, int, type(None)})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
