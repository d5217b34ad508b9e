from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="QualityPredictionModelWeight")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "grid_uuid",
        "prediction_model_name",
        "weight",
        "id",
        "micrograph_uuid",
        "micrograph_quality",
        "timestamp",
        "metric_name",
        "prediction_value",
        "quality_score",
    }
)


@_attrs_define
class QualityPredictionModelWeight:
    """
    Attributes:
        grid_uuid (str):
        prediction_model_name (str):
        weight (float):
        id (int | None | Unset):
        micrograph_uuid (None | str | Unset):
        micrograph_quality (bool | None | Unset):
        timestamp (datetime.datetime | Unset):
        metric_name (None | str | Unset):
        prediction_value (float | None | Unset):
        quality_score (float | None | Unset):
    """

    grid_uuid: str
    prediction_model_name: str
    weight: float
    id: int | None | Unset = UNSET
    micrograph_uuid: None | str | Unset = UNSET
    micrograph_quality: bool | None | Unset = UNSET
    timestamp: datetime.datetime | Unset = UNSET
    metric_name: None | str | Unset = UNSET
    prediction_value: float | None | Unset = UNSET
    quality_score: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grid_uuid = self.grid_uuid

        prediction_model_name = self.prediction_model_name

        weight = self.weight

        id: int | None | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        micrograph_uuid: None | str | Unset
        if isinstance(self.micrograph_uuid, Unset):
            micrograph_uuid = UNSET
        else:
            micrograph_uuid = self.micrograph_uuid

        micrograph_quality: bool | None | Unset
        if isinstance(self.micrograph_quality, Unset):
            micrograph_quality = UNSET
        else:
            micrograph_quality = self.micrograph_quality

        timestamp: str | Unset = UNSET
        if not isinstance(self.timestamp, Unset):
            timestamp = self.timestamp.isoformat()

        metric_name: None | str | Unset
        if isinstance(self.metric_name, Unset):
            metric_name = UNSET
        else:
            metric_name = self.metric_name

        prediction_value: float | None | Unset
        if isinstance(self.prediction_value, Unset):
            prediction_value = UNSET
        else:
            prediction_value = self.prediction_value

        quality_score: float | None | Unset
        if isinstance(self.quality_score, Unset):
            quality_score = UNSET
        else:
            quality_score = self.quality_score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grid_uuid": grid_uuid,
                "prediction_model_name": prediction_model_name,
                "weight": weight,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if micrograph_uuid is not UNSET:
            field_dict["micrograph_uuid"] = micrograph_uuid
        if micrograph_quality is not UNSET:
            field_dict["micrograph_quality"] = micrograph_quality
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if metric_name is not UNSET:
            field_dict["metric_name"] = metric_name
        if prediction_value is not UNSET:
            field_dict["prediction_value"] = prediction_value
        if quality_score is not UNSET:
            field_dict["quality_score"] = quality_score

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "QualityPredictionModelWeight")
        )
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            grid_uuid = _d["grid_uuid"]
            prediction_model_name = _d["prediction_model_name"]
            weight = _d["weight"]
            id = _d["id"]
            micrograph_uuid = _d["micrograph_uuid"]
            micrograph_quality = _d["micrograph_quality"]
            timestamp = _d["timestamp"]
            metric_name = _d["metric_name"]
            prediction_value = _d["prediction_value"]
            quality_score = _d["quality_score"]
            _more = len(_d) != 10
        except KeyError:
            _more = True
            grid_uuid = _d["grid_uuid"]
            prediction_model_name = _d["prediction_model_name"]
            weight = _d["weight"]
            id = _d.get("id", UNSET)
            micrograph_uuid = _d.get("micrograph_uuid", UNSET)
            micrograph_quality = _d.get("micrograph_quality", UNSET)
            timestamp = _d.get("timestamp", UNSET)
            metric_name = _d.get("metric_name", UNSET)
            prediction_value = _d.get("prediction_value", UNSET)
            quality_score = _d.get("quality_score", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(grid_uuid),
            type(prediction_model_name),
            type(weight),
            type(id),
            type(micrograph_uuid),
            type(micrograph_quality),
            type(metric_name),
            type(prediction_value),
            type(quality_score),
        )
        if _types not in _PASSED:
            if type(grid_uuid) is not str:
                raise InvalidData(
                    "QualityPredictionModelWeight", "grid_uuid", wrong("str", grid_uuid)
                )

            if type(prediction_model_name) is not str:
                raise InvalidData(
                    "QualityPredictionModelWeight",
                    "prediction_model_name",
                    wrong("str", prediction_model_name),
                )

            if type(weight) not in _ACCEPTS_float_int:
                raise InvalidData("QualityPredictionModelWeight", "weight", wrong("float", weight))

            if type(id) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "QualityPredictionModelWeight", "id", wrong("int | None | Unset", id)
                )

            if type(micrograph_uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "QualityPredictionModelWeight",
                    "micrograph_uuid",
                    wrong("None | str | Unset", micrograph_uuid),
                )

            if type(micrograph_quality) not in _ACCEPTS_bool_None_Unset:
                raise InvalidData(
                    "QualityPredictionModelWeight",
                    "micrograph_quality",
                    wrong("bool | None | Unset", micrograph_quality),
                )

            if type(metric_name) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "QualityPredictionModelWeight",
                    "metric_name",
                    wrong("None | str | Unset", metric_name),
                )

            if type(prediction_value) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "QualityPredictionModelWeight",
                    "prediction_value",
                    wrong("float | None | Unset", prediction_value),
                )

            if type(quality_score) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "QualityPredictionModelWeight",
                    "quality_score",
                    wrong("float | None | Unset", quality_score),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(timestamp) is str:
            try:
                timestamp = datetime.datetime.fromisoformat(timestamp)
            except ValueError:
                pass
        if type(timestamp) not in _ACCEPTS_datetime_Unset:
            raise InvalidData(
                "QualityPredictionModelWeight", "timestamp", wrong("datetime | Unset", timestamp)
            )

        _built = cls(
            grid_uuid,
            prediction_model_name,
            weight,
            id,
            micrograph_uuid,
            micrograph_quality,
            timestamp,
            metric_name,
            prediction_value,
            quality_score,
        )
        if _more and not _KNOWN_KEYS.issuperset(_d):
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
_ACCEPTS_float_int = frozenset({float, int})
_ACCEPTS_int_None_Unset = frozenset({int, type(None), Unset})
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})
_ACCEPTS_bool_None_Unset = frozenset({bool, type(None), Unset})
_ACCEPTS_float_int_None_Unset = frozenset({float, int, type(None), Unset})
_ACCEPTS_datetime_Unset = frozenset({datetime.datetime, Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
