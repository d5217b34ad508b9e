from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grid_square_status import GridSquareStatus

T = TypeVar("T", bound="GridSquareResponse")


@_attrs_define
class GridSquareResponse:
    """
    Attributes:
        uuid (str):
        gridsquare_id (str):
        grid_uuid (None | str):
        status (GridSquareStatus | None):
        data_dir (None | str):
        atlas_node_id (int | None):
        state (None | str):
        rotation (float | None):
        image_path (None | str):
        selected (bool | None):
        unusable (bool | None):
        stage_position_x (float | None):
        stage_position_y (float | None):
        stage_position_z (float | None):
        center_x (int | None):
        center_y (int | None):
        physical_x (float | None):
        physical_y (float | None):
        size_width (int | None):
        size_height (int | None):
        acquisition_datetime (datetime.datetime | None):
        defocus (float | None):
        magnification (float | None):
        pixel_size (float | None):
        detector_name (None | str):
        applied_defocus (float | None):
    """

    uuid: str
    gridsquare_id: str
    grid_uuid: None | str
    status: GridSquareStatus | None
    data_dir: None | str
    atlas_node_id: int | None
    state: None | str
    rotation: float | None
    image_path: None | str
    selected: bool | None
    unusable: bool | None
    stage_position_x: float | None
    stage_position_y: float | None
    stage_position_z: float | None
    center_x: int | None
    center_y: int | None
    physical_x: float | None
    physical_y: float | None
    size_width: int | None
    size_height: int | None
    acquisition_datetime: datetime.datetime | None
    defocus: float | None
    magnification: float | None
    pixel_size: float | None
    detector_name: None | str
    applied_defocus: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        gridsquare_id = self.gridsquare_id

        grid_uuid: None | str
        grid_uuid = self.grid_uuid

        status: None | str
        if isinstance(self.status, GridSquareStatus):
            status = self.status.value
        else:
            status = self.status

        data_dir: None | str
        data_dir = self.data_dir

        atlas_node_id: int | None
        atlas_node_id = self.atlas_node_id

        state: None | str
        state = self.state

        rotation: float | None
        rotation = self.rotation

        image_path: None | str
        image_path = self.image_path

        selected: bool | None
        selected = self.selected

        unusable: bool | None
        unusable = self.unusable

        stage_position_x: float | None
        stage_position_x = self.stage_position_x

        stage_position_y: float | None
        stage_position_y = self.stage_position_y

        stage_position_z: float | None
        stage_position_z = self.stage_position_z

        center_x: int | None
        center_x = self.center_x

        center_y: int | None
        center_y = self.center_y

        physical_x: float | None
        physical_x = self.physical_x

        physical_y: float | None
        physical_y = self.physical_y

        size_width: int | None
        size_width = self.size_width

        size_height: int | None
        size_height = self.size_height

        acquisition_datetime: None | str
        if isinstance(self.acquisition_datetime, datetime.datetime):
            acquisition_datetime = self.acquisition_datetime.isoformat()
        else:
            acquisition_datetime = self.acquisition_datetime

        defocus: float | None
        defocus = self.defocus

        magnification: float | None
        magnification = self.magnification

        pixel_size: float | None
        pixel_size = self.pixel_size

        detector_name: None | str
        detector_name = self.detector_name

        applied_defocus: float | None
        applied_defocus = self.applied_defocus

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "gridsquare_id": gridsquare_id,
                "grid_uuid": grid_uuid,
                "status": status,
                "data_dir": data_dir,
                "atlas_node_id": atlas_node_id,
                "state": state,
                "rotation": rotation,
                "image_path": image_path,
                "selected": selected,
                "unusable": unusable,
                "stage_position_x": stage_position_x,
                "stage_position_y": stage_position_y,
                "stage_position_z": stage_position_z,
                "center_x": center_x,
                "center_y": center_y,
                "physical_x": physical_x,
                "physical_y": physical_y,
                "size_width": size_width,
                "size_height": size_height,
                "acquisition_datetime": acquisition_datetime,
                "defocus": defocus,
                "magnification": magnification,
                "pixel_size": pixel_size,
                "detector_name": detector_name,
                "applied_defocus": applied_defocus,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uuid = d.pop("uuid")

        gridsquare_id = d.pop("gridsquare_id")

        def _parse_grid_uuid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        grid_uuid = _parse_grid_uuid(d.pop("grid_uuid"))

        def _parse_status(data: object) -> GridSquareStatus | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = GridSquareStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GridSquareStatus | None, data)

        status = _parse_status(d.pop("status"))

        def _parse_data_dir(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        data_dir = _parse_data_dir(d.pop("data_dir"))

        def _parse_atlas_node_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        atlas_node_id = _parse_atlas_node_id(d.pop("atlas_node_id"))

        def _parse_state(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        state = _parse_state(d.pop("state"))

        def _parse_rotation(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rotation = _parse_rotation(d.pop("rotation"))

        def _parse_image_path(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image_path = _parse_image_path(d.pop("image_path"))

        def _parse_selected(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        selected = _parse_selected(d.pop("selected"))

        def _parse_unusable(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        unusable = _parse_unusable(d.pop("unusable"))

        def _parse_stage_position_x(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        stage_position_x = _parse_stage_position_x(d.pop("stage_position_x"))

        def _parse_stage_position_y(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        stage_position_y = _parse_stage_position_y(d.pop("stage_position_y"))

        def _parse_stage_position_z(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        stage_position_z = _parse_stage_position_z(d.pop("stage_position_z"))

        def _parse_center_x(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        center_x = _parse_center_x(d.pop("center_x"))

        def _parse_center_y(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        center_y = _parse_center_y(d.pop("center_y"))

        def _parse_physical_x(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        physical_x = _parse_physical_x(d.pop("physical_x"))

        def _parse_physical_y(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        physical_y = _parse_physical_y(d.pop("physical_y"))

        def _parse_size_width(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size_width = _parse_size_width(d.pop("size_width"))

        def _parse_size_height(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size_height = _parse_size_height(d.pop("size_height"))

        def _parse_acquisition_datetime(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acquisition_datetime_type_0 = datetime.datetime.fromisoformat(data)

                return acquisition_datetime_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        acquisition_datetime = _parse_acquisition_datetime(d.pop("acquisition_datetime"))

        def _parse_defocus(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        defocus = _parse_defocus(d.pop("defocus"))

        def _parse_magnification(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        magnification = _parse_magnification(d.pop("magnification"))

        def _parse_pixel_size(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        pixel_size = _parse_pixel_size(d.pop("pixel_size"))

        def _parse_detector_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        detector_name = _parse_detector_name(d.pop("detector_name"))

        def _parse_applied_defocus(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        applied_defocus = _parse_applied_defocus(d.pop("applied_defocus"))

        grid_square_response = cls(
            uuid=uuid,
            gridsquare_id=gridsquare_id,
            grid_uuid=grid_uuid,
            status=status,
            data_dir=data_dir,
            atlas_node_id=atlas_node_id,
            state=state,
            rotation=rotation,
            image_path=image_path,
            selected=selected,
            unusable=unusable,
            stage_position_x=stage_position_x,
            stage_position_y=stage_position_y,
            stage_position_z=stage_position_z,
            center_x=center_x,
            center_y=center_y,
            physical_x=physical_x,
            physical_y=physical_y,
            size_width=size_width,
            size_height=size_height,
            acquisition_datetime=acquisition_datetime,
            defocus=defocus,
            magnification=magnification,
            pixel_size=pixel_size,
            detector_name=detector_name,
            applied_defocus=applied_defocus,
        )

        grid_square_response.additional_properties = d
        return grid_square_response

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
