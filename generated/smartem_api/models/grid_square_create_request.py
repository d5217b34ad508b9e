from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grid_square_status import GridSquareStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="GridSquareCreateRequest")


@_attrs_define
class GridSquareCreateRequest:
    """
    Attributes:
        uuid (str):
        gridsquare_id (str):
        grid_uuid (str):
        data_dir (None | str | Unset):
        atlas_node_id (int | None | Unset):
        state (None | str | Unset):
        rotation (float | None | Unset):
        image_path (None | str | Unset):
        selected (bool | None | Unset):
        unusable (bool | None | Unset):
        stage_position_x (float | None | Unset):
        stage_position_y (float | None | Unset):
        stage_position_z (float | None | Unset):
        center_x (int | None | Unset):
        center_y (int | None | Unset):
        physical_x (float | None | Unset):
        physical_y (float | None | Unset):
        size_width (int | None | Unset):
        size_height (int | None | Unset):
        acquisition_datetime (None | str | Unset):
        defocus (float | None | Unset):
        magnification (float | None | Unset):
        pixel_size (float | None | Unset):
        detector_name (None | str | Unset):
        applied_defocus (float | None | Unset):
        status (GridSquareStatus | None | Unset):
        lowmag (bool | Unset):  Default: False.
    """

    uuid: str
    gridsquare_id: str
    grid_uuid: str
    data_dir: None | str | Unset = UNSET
    atlas_node_id: int | None | Unset = UNSET
    state: None | str | Unset = UNSET
    rotation: float | None | Unset = UNSET
    image_path: None | str | Unset = UNSET
    selected: bool | None | Unset = UNSET
    unusable: bool | None | Unset = UNSET
    stage_position_x: float | None | Unset = UNSET
    stage_position_y: float | None | Unset = UNSET
    stage_position_z: float | None | Unset = UNSET
    center_x: int | None | Unset = UNSET
    center_y: int | None | Unset = UNSET
    physical_x: float | None | Unset = UNSET
    physical_y: float | None | Unset = UNSET
    size_width: int | None | Unset = UNSET
    size_height: int | None | Unset = UNSET
    acquisition_datetime: None | str | Unset = UNSET
    defocus: float | None | Unset = UNSET
    magnification: float | None | Unset = UNSET
    pixel_size: float | None | Unset = UNSET
    detector_name: None | str | Unset = UNSET
    applied_defocus: float | None | Unset = UNSET
    status: GridSquareStatus | None | Unset = UNSET
    lowmag: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        gridsquare_id = self.gridsquare_id

        grid_uuid = self.grid_uuid

        data_dir: None | str | Unset
        if isinstance(self.data_dir, Unset):
            data_dir = UNSET
        else:
            data_dir = self.data_dir

        atlas_node_id: int | None | Unset
        if isinstance(self.atlas_node_id, Unset):
            atlas_node_id = UNSET
        else:
            atlas_node_id = self.atlas_node_id

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        else:
            state = self.state

        rotation: float | None | Unset
        if isinstance(self.rotation, Unset):
            rotation = UNSET
        else:
            rotation = self.rotation

        image_path: None | str | Unset
        if isinstance(self.image_path, Unset):
            image_path = UNSET
        else:
            image_path = self.image_path

        selected: bool | None | Unset
        if isinstance(self.selected, Unset):
            selected = UNSET
        else:
            selected = self.selected

        unusable: bool | None | Unset
        if isinstance(self.unusable, Unset):
            unusable = UNSET
        else:
            unusable = self.unusable

        stage_position_x: float | None | Unset
        if isinstance(self.stage_position_x, Unset):
            stage_position_x = UNSET
        else:
            stage_position_x = self.stage_position_x

        stage_position_y: float | None | Unset
        if isinstance(self.stage_position_y, Unset):
            stage_position_y = UNSET
        else:
            stage_position_y = self.stage_position_y

        stage_position_z: float | None | Unset
        if isinstance(self.stage_position_z, Unset):
            stage_position_z = UNSET
        else:
            stage_position_z = self.stage_position_z

        center_x: int | None | Unset
        if isinstance(self.center_x, Unset):
            center_x = UNSET
        else:
            center_x = self.center_x

        center_y: int | None | Unset
        if isinstance(self.center_y, Unset):
            center_y = UNSET
        else:
            center_y = self.center_y

        physical_x: float | None | Unset
        if isinstance(self.physical_x, Unset):
            physical_x = UNSET
        else:
            physical_x = self.physical_x

        physical_y: float | None | Unset
        if isinstance(self.physical_y, Unset):
            physical_y = UNSET
        else:
            physical_y = self.physical_y

        size_width: int | None | Unset
        if isinstance(self.size_width, Unset):
            size_width = UNSET
        else:
            size_width = self.size_width

        size_height: int | None | Unset
        if isinstance(self.size_height, Unset):
            size_height = UNSET
        else:
            size_height = self.size_height

        acquisition_datetime: None | str | Unset
        if isinstance(self.acquisition_datetime, Unset):
            acquisition_datetime = UNSET
        else:
            acquisition_datetime = self.acquisition_datetime

        defocus: float | None | Unset
        if isinstance(self.defocus, Unset):
            defocus = UNSET
        else:
            defocus = self.defocus

        magnification: float | None | Unset
        if isinstance(self.magnification, Unset):
            magnification = UNSET
        else:
            magnification = self.magnification

        pixel_size: float | None | Unset
        if isinstance(self.pixel_size, Unset):
            pixel_size = UNSET
        else:
            pixel_size = self.pixel_size

        detector_name: None | str | Unset
        if isinstance(self.detector_name, Unset):
            detector_name = UNSET
        else:
            detector_name = self.detector_name

        applied_defocus: float | None | Unset
        if isinstance(self.applied_defocus, Unset):
            applied_defocus = UNSET
        else:
            applied_defocus = self.applied_defocus

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, GridSquareStatus):
            status = self.status.value
        else:
            status = self.status

        lowmag = self.lowmag

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "gridsquare_id": gridsquare_id,
                "grid_uuid": grid_uuid,
            }
        )
        if data_dir is not UNSET:
            field_dict["data_dir"] = data_dir
        if atlas_node_id is not UNSET:
            field_dict["atlas_node_id"] = atlas_node_id
        if state is not UNSET:
            field_dict["state"] = state
        if rotation is not UNSET:
            field_dict["rotation"] = rotation
        if image_path is not UNSET:
            field_dict["image_path"] = image_path
        if selected is not UNSET:
            field_dict["selected"] = selected
        if unusable is not UNSET:
            field_dict["unusable"] = unusable
        if stage_position_x is not UNSET:
            field_dict["stage_position_x"] = stage_position_x
        if stage_position_y is not UNSET:
            field_dict["stage_position_y"] = stage_position_y
        if stage_position_z is not UNSET:
            field_dict["stage_position_z"] = stage_position_z
        if center_x is not UNSET:
            field_dict["center_x"] = center_x
        if center_y is not UNSET:
            field_dict["center_y"] = center_y
        if physical_x is not UNSET:
            field_dict["physical_x"] = physical_x
        if physical_y is not UNSET:
            field_dict["physical_y"] = physical_y
        if size_width is not UNSET:
            field_dict["size_width"] = size_width
        if size_height is not UNSET:
            field_dict["size_height"] = size_height
        if acquisition_datetime is not UNSET:
            field_dict["acquisition_datetime"] = acquisition_datetime
        if defocus is not UNSET:
            field_dict["defocus"] = defocus
        if magnification is not UNSET:
            field_dict["magnification"] = magnification
        if pixel_size is not UNSET:
            field_dict["pixel_size"] = pixel_size
        if detector_name is not UNSET:
            field_dict["detector_name"] = detector_name
        if applied_defocus is not UNSET:
            field_dict["applied_defocus"] = applied_defocus
        if status is not UNSET:
            field_dict["status"] = status
        if lowmag is not UNSET:
            field_dict["lowmag"] = lowmag

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uuid = d.pop("uuid")

        gridsquare_id = d.pop("gridsquare_id")

        grid_uuid = d.pop("grid_uuid")

        def _parse_data_dir(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        data_dir = _parse_data_dir(d.pop("data_dir", UNSET))

        def _parse_atlas_node_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        atlas_node_id = _parse_atlas_node_id(d.pop("atlas_node_id", UNSET))

        def _parse_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        def _parse_rotation(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rotation = _parse_rotation(d.pop("rotation", UNSET))

        def _parse_image_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_path = _parse_image_path(d.pop("image_path", UNSET))

        def _parse_selected(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        selected = _parse_selected(d.pop("selected", UNSET))

        def _parse_unusable(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        unusable = _parse_unusable(d.pop("unusable", UNSET))

        def _parse_stage_position_x(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        stage_position_x = _parse_stage_position_x(d.pop("stage_position_x", UNSET))

        def _parse_stage_position_y(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        stage_position_y = _parse_stage_position_y(d.pop("stage_position_y", UNSET))

        def _parse_stage_position_z(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        stage_position_z = _parse_stage_position_z(d.pop("stage_position_z", UNSET))

        def _parse_center_x(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        center_x = _parse_center_x(d.pop("center_x", UNSET))

        def _parse_center_y(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        center_y = _parse_center_y(d.pop("center_y", UNSET))

        def _parse_physical_x(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        physical_x = _parse_physical_x(d.pop("physical_x", UNSET))

        def _parse_physical_y(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        physical_y = _parse_physical_y(d.pop("physical_y", UNSET))

        def _parse_size_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size_width = _parse_size_width(d.pop("size_width", UNSET))

        def _parse_size_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size_height = _parse_size_height(d.pop("size_height", UNSET))

        def _parse_acquisition_datetime(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acquisition_datetime = _parse_acquisition_datetime(d.pop("acquisition_datetime", UNSET))

        def _parse_defocus(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        defocus = _parse_defocus(d.pop("defocus", UNSET))

        def _parse_magnification(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        magnification = _parse_magnification(d.pop("magnification", UNSET))

        def _parse_pixel_size(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        pixel_size = _parse_pixel_size(d.pop("pixel_size", UNSET))

        def _parse_detector_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detector_name = _parse_detector_name(d.pop("detector_name", UNSET))

        def _parse_applied_defocus(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        applied_defocus = _parse_applied_defocus(d.pop("applied_defocus", UNSET))

        def _parse_status(data: object) -> GridSquareStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = GridSquareStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GridSquareStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        lowmag = d.pop("lowmag", UNSET)

        grid_square_create_request = cls(
            uuid=uuid,
            gridsquare_id=gridsquare_id,
            grid_uuid=grid_uuid,
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
            status=status,
            lowmag=lowmag,
        )

        grid_square_create_request.additional_properties = d
        return grid_square_create_request

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
