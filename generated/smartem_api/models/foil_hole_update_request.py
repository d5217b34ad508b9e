from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.foil_hole_status import FoilHoleStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="FoilHoleUpdateRequest")


@_attrs_define
class FoilHoleUpdateRequest:
    """
    Attributes:
        uuid (None | str | Unset):
        foilhole_id (None | str | Unset):
        gridsquare_id (None | str | Unset):
        gridsquare_uuid (None | str | Unset):
        center_x (float | None | Unset):
        center_y (float | None | Unset):
        quality (float | None | Unset):
        rotation (float | None | Unset):
        size_width (float | None | Unset):
        size_height (float | None | Unset):
        x_location (int | None | Unset):
        y_location (int | None | Unset):
        x_stage_position (float | None | Unset):
        y_stage_position (float | None | Unset):
        diameter (int | None | Unset):
        is_near_grid_bar (bool | Unset):  Default: False.
        status (FoilHoleStatus | None | Unset):
    """

    uuid: None | str | Unset = UNSET
    foilhole_id: None | str | Unset = UNSET
    gridsquare_id: None | str | Unset = UNSET
    gridsquare_uuid: None | str | Unset = UNSET
    center_x: float | None | Unset = UNSET
    center_y: float | None | Unset = UNSET
    quality: float | None | Unset = UNSET
    rotation: float | None | Unset = UNSET
    size_width: float | None | Unset = UNSET
    size_height: float | None | Unset = UNSET
    x_location: int | None | Unset = UNSET
    y_location: int | None | Unset = UNSET
    x_stage_position: float | None | Unset = UNSET
    y_stage_position: float | None | Unset = UNSET
    diameter: int | None | Unset = UNSET
    is_near_grid_bar: bool | Unset = False
    status: FoilHoleStatus | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid: None | str | Unset
        if isinstance(self.uuid, Unset):
            uuid = UNSET
        else:
            uuid = self.uuid

        foilhole_id: None | str | Unset
        if isinstance(self.foilhole_id, Unset):
            foilhole_id = UNSET
        else:
            foilhole_id = self.foilhole_id

        gridsquare_id: None | str | Unset
        if isinstance(self.gridsquare_id, Unset):
            gridsquare_id = UNSET
        else:
            gridsquare_id = self.gridsquare_id

        gridsquare_uuid: None | str | Unset
        if isinstance(self.gridsquare_uuid, Unset):
            gridsquare_uuid = UNSET
        else:
            gridsquare_uuid = self.gridsquare_uuid

        center_x: float | None | Unset
        if isinstance(self.center_x, Unset):
            center_x = UNSET
        else:
            center_x = self.center_x

        center_y: float | None | Unset
        if isinstance(self.center_y, Unset):
            center_y = UNSET
        else:
            center_y = self.center_y

        quality: float | None | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        else:
            quality = self.quality

        rotation: float | None | Unset
        if isinstance(self.rotation, Unset):
            rotation = UNSET
        else:
            rotation = self.rotation

        size_width: float | None | Unset
        if isinstance(self.size_width, Unset):
            size_width = UNSET
        else:
            size_width = self.size_width

        size_height: float | None | Unset
        if isinstance(self.size_height, Unset):
            size_height = UNSET
        else:
            size_height = self.size_height

        x_location: int | None | Unset
        if isinstance(self.x_location, Unset):
            x_location = UNSET
        else:
            x_location = self.x_location

        y_location: int | None | Unset
        if isinstance(self.y_location, Unset):
            y_location = UNSET
        else:
            y_location = self.y_location

        x_stage_position: float | None | Unset
        if isinstance(self.x_stage_position, Unset):
            x_stage_position = UNSET
        else:
            x_stage_position = self.x_stage_position

        y_stage_position: float | None | Unset
        if isinstance(self.y_stage_position, Unset):
            y_stage_position = UNSET
        else:
            y_stage_position = self.y_stage_position

        diameter: int | None | Unset
        if isinstance(self.diameter, Unset):
            diameter = UNSET
        else:
            diameter = self.diameter

        is_near_grid_bar = self.is_near_grid_bar

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, FoilHoleStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if uuid is not UNSET:
            field_dict["uuid"] = uuid
        if foilhole_id is not UNSET:
            field_dict["foilhole_id"] = foilhole_id
        if gridsquare_id is not UNSET:
            field_dict["gridsquare_id"] = gridsquare_id
        if gridsquare_uuid is not UNSET:
            field_dict["gridsquare_uuid"] = gridsquare_uuid
        if center_x is not UNSET:
            field_dict["center_x"] = center_x
        if center_y is not UNSET:
            field_dict["center_y"] = center_y
        if quality is not UNSET:
            field_dict["quality"] = quality
        if rotation is not UNSET:
            field_dict["rotation"] = rotation
        if size_width is not UNSET:
            field_dict["size_width"] = size_width
        if size_height is not UNSET:
            field_dict["size_height"] = size_height
        if x_location is not UNSET:
            field_dict["x_location"] = x_location
        if y_location is not UNSET:
            field_dict["y_location"] = y_location
        if x_stage_position is not UNSET:
            field_dict["x_stage_position"] = x_stage_position
        if y_stage_position is not UNSET:
            field_dict["y_stage_position"] = y_stage_position
        if diameter is not UNSET:
            field_dict["diameter"] = diameter
        if is_near_grid_bar is not UNSET:
            field_dict["is_near_grid_bar"] = is_near_grid_bar
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uuid = _parse_uuid(d.pop("uuid", UNSET))

        def _parse_foilhole_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        foilhole_id = _parse_foilhole_id(d.pop("foilhole_id", UNSET))

        def _parse_gridsquare_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gridsquare_id = _parse_gridsquare_id(d.pop("gridsquare_id", UNSET))

        def _parse_gridsquare_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gridsquare_uuid = _parse_gridsquare_uuid(d.pop("gridsquare_uuid", UNSET))

        def _parse_center_x(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        center_x = _parse_center_x(d.pop("center_x", UNSET))

        def _parse_center_y(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        center_y = _parse_center_y(d.pop("center_y", UNSET))

        def _parse_quality(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        quality = _parse_quality(d.pop("quality", UNSET))

        def _parse_rotation(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rotation = _parse_rotation(d.pop("rotation", UNSET))

        def _parse_size_width(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        size_width = _parse_size_width(d.pop("size_width", UNSET))

        def _parse_size_height(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        size_height = _parse_size_height(d.pop("size_height", UNSET))

        def _parse_x_location(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        x_location = _parse_x_location(d.pop("x_location", UNSET))

        def _parse_y_location(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        y_location = _parse_y_location(d.pop("y_location", UNSET))

        def _parse_x_stage_position(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        x_stage_position = _parse_x_stage_position(d.pop("x_stage_position", UNSET))

        def _parse_y_stage_position(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        y_stage_position = _parse_y_stage_position(d.pop("y_stage_position", UNSET))

        def _parse_diameter(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        diameter = _parse_diameter(d.pop("diameter", UNSET))

        is_near_grid_bar = d.pop("is_near_grid_bar", UNSET)

        def _parse_status(data: object) -> FoilHoleStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = FoilHoleStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FoilHoleStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        foil_hole_update_request = cls(
            uuid=uuid,
            foilhole_id=foilhole_id,
            gridsquare_id=gridsquare_id,
            gridsquare_uuid=gridsquare_uuid,
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
            status=status,
        )

        foil_hole_update_request.additional_properties = d
        return foil_hole_update_request

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
