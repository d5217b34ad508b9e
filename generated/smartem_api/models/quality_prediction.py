from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QualityPrediction")


@_attrs_define
class QualityPrediction:
    """
    Attributes:
        value (float):
        prediction_model_name (str):
        id (int | None | Unset):
        timestamp (datetime.datetime | Unset):
        metric_name (None | str | Unset):
        foilhole_uuid (None | str | Unset):
        gridsquare_uuid (None | str | Unset):
    """

    value: float
    prediction_model_name: str
    id: int | None | Unset = UNSET
    timestamp: datetime.datetime | Unset = UNSET
    metric_name: None | str | Unset = UNSET
    foilhole_uuid: None | str | Unset = UNSET
    gridsquare_uuid: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        prediction_model_name = self.prediction_model_name

        id: int | None | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        timestamp: str | Unset = UNSET
        if not isinstance(self.timestamp, Unset):
            timestamp = self.timestamp.isoformat()

        metric_name: None | str | Unset
        if isinstance(self.metric_name, Unset):
            metric_name = UNSET
        else:
            metric_name = self.metric_name

        foilhole_uuid: None | str | Unset
        if isinstance(self.foilhole_uuid, Unset):
            foilhole_uuid = UNSET
        else:
            foilhole_uuid = self.foilhole_uuid

        gridsquare_uuid: None | str | Unset
        if isinstance(self.gridsquare_uuid, Unset):
            gridsquare_uuid = UNSET
        else:
            gridsquare_uuid = self.gridsquare_uuid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
                "prediction_model_name": prediction_model_name,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if metric_name is not UNSET:
            field_dict["metric_name"] = metric_name
        if foilhole_uuid is not UNSET:
            field_dict["foilhole_uuid"] = foilhole_uuid
        if gridsquare_uuid is not UNSET:
            field_dict["gridsquare_uuid"] = gridsquare_uuid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = d.pop("value")

        prediction_model_name = d.pop("prediction_model_name")

        def _parse_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

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

        def _parse_foilhole_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        foilhole_uuid = _parse_foilhole_uuid(d.pop("foilhole_uuid", UNSET))

        def _parse_gridsquare_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gridsquare_uuid = _parse_gridsquare_uuid(d.pop("gridsquare_uuid", UNSET))

        quality_prediction = cls(
            value=value,
            prediction_model_name=prediction_model_name,
            id=id,
            timestamp=timestamp,
            metric_name=metric_name,
            foilhole_uuid=foilhole_uuid,
            gridsquare_uuid=gridsquare_uuid,
        )

        quality_prediction.additional_properties = d
        return quality_prediction

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
