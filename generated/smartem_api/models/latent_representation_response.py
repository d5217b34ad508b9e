from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LatentRepresentationResponse")


@_attrs_define
class LatentRepresentationResponse:
    """
    Attributes:
        x (float | None):
        y (float | None):
        index (int | None):
        gridsquare_uuid (str | Unset):  Default: ''.
        foilhole_uuid (str | Unset):  Default: ''.
    """

    x: float | None
    y: float | None
    index: int | None
    gridsquare_uuid: str | Unset = ""
    foilhole_uuid: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        x: float | None
        x = self.x

        y: float | None
        y = self.y

        index: int | None
        index = self.index

        gridsquare_uuid = self.gridsquare_uuid

        foilhole_uuid = self.foilhole_uuid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "x": x,
                "y": y,
                "index": index,
            }
        )
        if gridsquare_uuid is not UNSET:
            field_dict["gridsquare_uuid"] = gridsquare_uuid
        if foilhole_uuid is not UNSET:
            field_dict["foilhole_uuid"] = foilhole_uuid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_x(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        x = _parse_x(d.pop("x"))

        def _parse_y(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        y = _parse_y(d.pop("y"))

        def _parse_index(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        index = _parse_index(d.pop("index"))

        gridsquare_uuid = d.pop("gridsquare_uuid", UNSET)

        foilhole_uuid = d.pop("foilhole_uuid", UNSET)

        latent_representation_response = cls(
            x=x,
            y=y,
            index=index,
            gridsquare_uuid=gridsquare_uuid,
            foilhole_uuid=foilhole_uuid,
        )

        latent_representation_response.additional_properties = d
        return latent_representation_response

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
