from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QualityPredictionModelWeight")


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
        d = dict(src_dict)
        grid_uuid = d.pop("grid_uuid")

        prediction_model_name = d.pop("prediction_model_name")

        weight = d.pop("weight")

        def _parse_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_micrograph_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        micrograph_uuid = _parse_micrograph_uuid(d.pop("micrograph_uuid", UNSET))

        def _parse_micrograph_quality(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        micrograph_quality = _parse_micrograph_quality(d.pop("micrograph_quality", UNSET))

        _timestamp = d.pop("timestamp", UNSET)
        timestamp: datetime.datetime | Unset
        if isinstance(_timestamp, Unset):
            timestamp = UNSET
        else:
            timestamp = datetime.datetime.fromisoformat(_timestamp)

        def _parse_metric_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        metric_name = _parse_metric_name(d.pop("metric_name", UNSET))

        def _parse_prediction_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        prediction_value = _parse_prediction_value(d.pop("prediction_value", UNSET))

        def _parse_quality_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        quality_score = _parse_quality_score(d.pop("quality_score", UNSET))

        quality_prediction_model_weight = cls(
            grid_uuid=grid_uuid,
            prediction_model_name=prediction_model_name,
            weight=weight,
            id=id,
            micrograph_uuid=micrograph_uuid,
            micrograph_quality=micrograph_quality,
            timestamp=timestamp,
            metric_name=metric_name,
            prediction_value=prediction_value,
            quality_score=quality_score,
        )

        quality_prediction_model_weight.additional_properties = d
        return quality_prediction_model_weight

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
