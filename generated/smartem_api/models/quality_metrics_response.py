from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QualityMetricsResponse")


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
        d = dict(src_dict)
        total_predictions = d.pop("total_predictions")

        def _parse_average_quality(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        average_quality = _parse_average_quality(d.pop("average_quality"))

        def _parse_min_quality(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        min_quality = _parse_min_quality(d.pop("min_quality"))

        def _parse_max_quality(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        max_quality = _parse_max_quality(d.pop("max_quality"))

        models_count = d.pop("models_count")

        quality_metrics_response = cls(
            total_predictions=total_predictions,
            average_quality=average_quality,
            min_quality=min_quality,
            max_quality=max_quality,
            models_count=models_count,
        )

        quality_metrics_response.additional_properties = d
        return quality_metrics_response

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
