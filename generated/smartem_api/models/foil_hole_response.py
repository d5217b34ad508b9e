from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.foil_hole_status import FoilHoleStatus

T = TypeVar("T", bound="FoilHoleResponse")


@_attrs_define
class FoilHoleResponse:
    """
    Attributes:
        uuid (str):
        gridsquare_id (None | str):
        foilhole_id (str):
        status (FoilHoleStatus | None):
        center_x (float | None):
        center_y (float | None):
        quality (float | None):
        rotation (float | None):
        size_width (float | None):
        size_height (float | None):
        x_location (int | None):
        y_location (int | None):
        x_stage_position (float | None):
        y_stage_position (float | None):
        diameter (int | None):
        is_near_grid_bar (bool):
    """

    uuid: str
    gridsquare_id: None | str
    foilhole_id: str
    status: FoilHoleStatus | None
    center_x: float | None
    center_y: float | None
    quality: float | None
    rotation: float | None
    size_width: float | None
    size_height: float | None
    x_location: int | None
    y_location: int | None
    x_stage_position: float | None
    y_stage_position: float | None
    diameter: int | None
    is_near_grid_bar: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        gridsquare_id: None | str
        gridsquare_id = self.gridsquare_id

        foilhole_id = self.foilhole_id

        status: None | str
        if isinstance(self.status, FoilHoleStatus):
            status = self.status.value
        else:
            status = self.status

        center_x: float | None
        center_x = self.center_x

        center_y: float | None
        center_y = self.center_y

        quality: float | None
        quality = self.quality

        rotation: float | None
        rotation = self.rotation

        size_width: float | None
        size_width = self.size_width

        size_height: float | None
        size_height = self.size_height

        x_location: int | None
        x_location = self.x_location

        y_location: int | None
        y_location = self.y_location

        x_stage_position: float | None
        x_stage_position = self.x_stage_position

        y_stage_position: float | None
        y_stage_position = self.y_stage_position

        diameter: int | None
        diameter = self.diameter

        is_near_grid_bar = self.is_near_grid_bar

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "gridsquare_id": gridsquare_id,
                "foilhole_id": foilhole_id,
                "status": status,
                "center_x": center_x,
                "center_y": center_y,
                "quality": quality,
                "rotation": rotation,
                "size_width": size_width,
                "size_height": size_height,
                "x_location": x_location,
                "y_location": y_location,
                "x_stage_position": x_stage_position,
                "y_stage_position": y_stage_position,
                "diameter": diameter,
                "is_near_grid_bar": is_near_grid_bar,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uuid = d.pop("uuid")

        def _parse_gridsquare_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gridsquare_id = _parse_gridsquare_id(d.pop("gridsquare_id"))

        foilhole_id = d.pop("foilhole_id")

        def _parse_status(data: object) -> FoilHoleStatus | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = FoilHoleStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FoilHoleStatus | None, data)

        status = _parse_status(d.pop("status"))

        def _parse_center_x(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        center_x = _parse_center_x(d.pop("center_x"))

        def _parse_center_y(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        center_y = _parse_center_y(d.pop("center_y"))

        def _parse_quality(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        quality = _parse_quality(d.pop("quality"))

        def _parse_rotation(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rotation = _parse_rotation(d.pop("rotation"))

        def _parse_size_width(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        size_width = _parse_size_width(d.pop("size_width"))

        def _parse_size_height(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        size_height = _parse_size_height(d.pop("size_height"))

        def _parse_x_location(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        x_location = _parse_x_location(d.pop("x_location"))

        def _parse_y_location(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        y_location = _parse_y_location(d.pop("y_location"))

        def _parse_x_stage_position(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        x_stage_position = _parse_x_stage_position(d.pop("x_stage_position"))

        def _parse_y_stage_position(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        y_stage_position = _parse_y_stage_position(d.pop("y_stage_position"))

        def _parse_diameter(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        diameter = _parse_diameter(d.pop("diameter"))

        is_near_grid_bar = d.pop("is_near_grid_bar")

        foil_hole_response = cls(
            uuid=uuid,
            gridsquare_id=gridsquare_id,
            foilhole_id=foilhole_id,
            status=status,
            center_x=center_x,
            center_y=center_y,
            quality=quality,
            rotation=rotation,
            size_width=size_width,
            size_height=size_height,
            x_location=x_location,
            y_location=y_location,
            x_stage_position=x_stage_position,
            y_stage_position=y_stage_position,
            diameter=diameter,
            is_near_grid_bar=is_near_grid_bar,
        )

        foil_hole_response.additional_properties = d
        return foil_hole_response

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
