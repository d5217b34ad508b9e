from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.micrograph_status import MicrographStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="MicrographUpdateRequest")


@_attrs_define
class MicrographUpdateRequest:
    """
    Attributes:
        uuid (None | str | Unset):
        foilhole_uuid (None | str | Unset):
        foilhole_id (None | str | Unset):
        location_id (None | str | Unset):
        high_res_path (None | str | Unset):
        manifest_file (None | str | Unset):
        acquisition_datetime (None | str | Unset):
        defocus (float | None | Unset):
        detector_name (None | str | Unset):
        energy_filter (bool | None | Unset):
        phase_plate (bool | None | Unset):
        image_size_x (int | None | Unset):
        image_size_y (int | None | Unset):
        binning_x (int | None | Unset):
        binning_y (int | None | Unset):
        total_motion (float | None | Unset):
        average_motion (float | None | Unset):
        ctf_max_resolution_estimate (float | None | Unset):
        number_of_particles_selected (int | None | Unset):
        number_of_particles_rejected (int | None | Unset):
        selection_distribution (None | str | Unset):
        number_of_particles_picked (int | None | Unset):
        pick_distribution (None | str | Unset):
        status (MicrographStatus | Unset):
    """

    uuid: None | str | Unset = UNSET
    foilhole_uuid: None | str | Unset = UNSET
    foilhole_id: None | str | Unset = UNSET
    location_id: None | str | Unset = UNSET
    high_res_path: None | str | Unset = UNSET
    manifest_file: None | str | Unset = UNSET
    acquisition_datetime: None | str | Unset = UNSET
    defocus: float | None | Unset = UNSET
    detector_name: None | str | Unset = UNSET
    energy_filter: bool | None | Unset = UNSET
    phase_plate: bool | None | Unset = UNSET
    image_size_x: int | None | Unset = UNSET
    image_size_y: int | None | Unset = UNSET
    binning_x: int | None | Unset = UNSET
    binning_y: int | None | Unset = UNSET
    total_motion: float | None | Unset = UNSET
    average_motion: float | None | Unset = UNSET
    ctf_max_resolution_estimate: float | None | Unset = UNSET
    number_of_particles_selected: int | None | Unset = UNSET
    number_of_particles_rejected: int | None | Unset = UNSET
    selection_distribution: None | str | Unset = UNSET
    number_of_particles_picked: int | None | Unset = UNSET
    pick_distribution: None | str | Unset = UNSET
    status: MicrographStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid: None | str | Unset
        if isinstance(self.uuid, Unset):
            uuid = UNSET
        else:
            uuid = self.uuid

        foilhole_uuid: None | str | Unset
        if isinstance(self.foilhole_uuid, Unset):
            foilhole_uuid = UNSET
        else:
            foilhole_uuid = self.foilhole_uuid

        foilhole_id: None | str | Unset
        if isinstance(self.foilhole_id, Unset):
            foilhole_id = UNSET
        else:
            foilhole_id = self.foilhole_id

        location_id: None | str | Unset
        if isinstance(self.location_id, Unset):
            location_id = UNSET
        else:
            location_id = self.location_id

        high_res_path: None | str | Unset
        if isinstance(self.high_res_path, Unset):
            high_res_path = UNSET
        else:
            high_res_path = self.high_res_path

        manifest_file: None | str | Unset
        if isinstance(self.manifest_file, Unset):
            manifest_file = UNSET
        else:
            manifest_file = self.manifest_file

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

        detector_name: None | str | Unset
        if isinstance(self.detector_name, Unset):
            detector_name = UNSET
        else:
            detector_name = self.detector_name

        energy_filter: bool | None | Unset
        if isinstance(self.energy_filter, Unset):
            energy_filter = UNSET
        else:
            energy_filter = self.energy_filter

        phase_plate: bool | None | Unset
        if isinstance(self.phase_plate, Unset):
            phase_plate = UNSET
        else:
            phase_plate = self.phase_plate

        image_size_x: int | None | Unset
        if isinstance(self.image_size_x, Unset):
            image_size_x = UNSET
        else:
            image_size_x = self.image_size_x

        image_size_y: int | None | Unset
        if isinstance(self.image_size_y, Unset):
            image_size_y = UNSET
        else:
            image_size_y = self.image_size_y

        binning_x: int | None | Unset
        if isinstance(self.binning_x, Unset):
            binning_x = UNSET
        else:
            binning_x = self.binning_x

        binning_y: int | None | Unset
        if isinstance(self.binning_y, Unset):
            binning_y = UNSET
        else:
            binning_y = self.binning_y

        total_motion: float | None | Unset
        if isinstance(self.total_motion, Unset):
            total_motion = UNSET
        else:
            total_motion = self.total_motion

        average_motion: float | None | Unset
        if isinstance(self.average_motion, Unset):
            average_motion = UNSET
        else:
            average_motion = self.average_motion

        ctf_max_resolution_estimate: float | None | Unset
        if isinstance(self.ctf_max_resolution_estimate, Unset):
            ctf_max_resolution_estimate = UNSET
        else:
            ctf_max_resolution_estimate = self.ctf_max_resolution_estimate

        number_of_particles_selected: int | None | Unset
        if isinstance(self.number_of_particles_selected, Unset):
            number_of_particles_selected = UNSET
        else:
            number_of_particles_selected = self.number_of_particles_selected

        number_of_particles_rejected: int | None | Unset
        if isinstance(self.number_of_particles_rejected, Unset):
            number_of_particles_rejected = UNSET
        else:
            number_of_particles_rejected = self.number_of_particles_rejected

        selection_distribution: None | str | Unset
        if isinstance(self.selection_distribution, Unset):
            selection_distribution = UNSET
        else:
            selection_distribution = self.selection_distribution

        number_of_particles_picked: int | None | Unset
        if isinstance(self.number_of_particles_picked, Unset):
            number_of_particles_picked = UNSET
        else:
            number_of_particles_picked = self.number_of_particles_picked

        pick_distribution: None | str | Unset
        if isinstance(self.pick_distribution, Unset):
            pick_distribution = UNSET
        else:
            pick_distribution = self.pick_distribution

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if uuid is not UNSET:
            field_dict["uuid"] = uuid
        if foilhole_uuid is not UNSET:
            field_dict["foilhole_uuid"] = foilhole_uuid
        if foilhole_id is not UNSET:
            field_dict["foilhole_id"] = foilhole_id
        if location_id is not UNSET:
            field_dict["location_id"] = location_id
        if high_res_path is not UNSET:
            field_dict["high_res_path"] = high_res_path
        if manifest_file is not UNSET:
            field_dict["manifest_file"] = manifest_file
        if acquisition_datetime is not UNSET:
            field_dict["acquisition_datetime"] = acquisition_datetime
        if defocus is not UNSET:
            field_dict["defocus"] = defocus
        if detector_name is not UNSET:
            field_dict["detector_name"] = detector_name
        if energy_filter is not UNSET:
            field_dict["energy_filter"] = energy_filter
        if phase_plate is not UNSET:
            field_dict["phase_plate"] = phase_plate
        if image_size_x is not UNSET:
            field_dict["image_size_x"] = image_size_x
        if image_size_y is not UNSET:
            field_dict["image_size_y"] = image_size_y
        if binning_x is not UNSET:
            field_dict["binning_x"] = binning_x
        if binning_y is not UNSET:
            field_dict["binning_y"] = binning_y
        if total_motion is not UNSET:
            field_dict["total_motion"] = total_motion
        if average_motion is not UNSET:
            field_dict["average_motion"] = average_motion
        if ctf_max_resolution_estimate is not UNSET:
            field_dict["ctf_max_resolution_estimate"] = ctf_max_resolution_estimate
        if number_of_particles_selected is not UNSET:
            field_dict["number_of_particles_selected"] = number_of_particles_selected
        if number_of_particles_rejected is not UNSET:
            field_dict["number_of_particles_rejected"] = number_of_particles_rejected
        if selection_distribution is not UNSET:
            field_dict["selection_distribution"] = selection_distribution
        if number_of_particles_picked is not UNSET:
            field_dict["number_of_particles_picked"] = number_of_particles_picked
        if pick_distribution is not UNSET:
            field_dict["pick_distribution"] = pick_distribution
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

        def _parse_foilhole_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        foilhole_uuid = _parse_foilhole_uuid(d.pop("foilhole_uuid", UNSET))

        def _parse_foilhole_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        foilhole_id = _parse_foilhole_id(d.pop("foilhole_id", UNSET))

        def _parse_location_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        location_id = _parse_location_id(d.pop("location_id", UNSET))

        def _parse_high_res_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        high_res_path = _parse_high_res_path(d.pop("high_res_path", UNSET))

        def _parse_manifest_file(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        manifest_file = _parse_manifest_file(d.pop("manifest_file", UNSET))

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

        def _parse_detector_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detector_name = _parse_detector_name(d.pop("detector_name", UNSET))

        def _parse_energy_filter(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        energy_filter = _parse_energy_filter(d.pop("energy_filter", UNSET))

        def _parse_phase_plate(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        phase_plate = _parse_phase_plate(d.pop("phase_plate", UNSET))

        def _parse_image_size_x(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        image_size_x = _parse_image_size_x(d.pop("image_size_x", UNSET))

        def _parse_image_size_y(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        image_size_y = _parse_image_size_y(d.pop("image_size_y", UNSET))

        def _parse_binning_x(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        binning_x = _parse_binning_x(d.pop("binning_x", UNSET))

        def _parse_binning_y(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        binning_y = _parse_binning_y(d.pop("binning_y", UNSET))

        def _parse_total_motion(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_motion = _parse_total_motion(d.pop("total_motion", UNSET))

        def _parse_average_motion(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        average_motion = _parse_average_motion(d.pop("average_motion", UNSET))

        def _parse_ctf_max_resolution_estimate(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        ctf_max_resolution_estimate = _parse_ctf_max_resolution_estimate(
            d.pop("ctf_max_resolution_estimate", UNSET)
        )

        def _parse_number_of_particles_selected(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        number_of_particles_selected = _parse_number_of_particles_selected(
            d.pop("number_of_particles_selected", UNSET)
        )

        def _parse_number_of_particles_rejected(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        number_of_particles_rejected = _parse_number_of_particles_rejected(
            d.pop("number_of_particles_rejected", UNSET)
        )

        def _parse_selection_distribution(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        selection_distribution = _parse_selection_distribution(
            d.pop("selection_distribution", UNSET)
        )

        def _parse_number_of_particles_picked(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        number_of_particles_picked = _parse_number_of_particles_picked(
            d.pop("number_of_particles_picked", UNSET)
        )

        def _parse_pick_distribution(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pick_distribution = _parse_pick_distribution(d.pop("pick_distribution", UNSET))

        _status = d.pop("status", UNSET)
        status: MicrographStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = MicrographStatus(_status)

        micrograph_update_request = cls(
            uuid=uuid,
            foilhole_uuid=foilhole_uuid,
            foilhole_id=foilhole_id,
            location_id=location_id,
            high_res_path=high_res_path,
            manifest_file=manifest_file,
            acquisition_datetime=acquisition_datetime,
            defocus=defocus,
            detector_name=detector_name,
            energy_filter=energy_filter,
            phase_plate=phase_plate,
            image_size_x=image_size_x,
            image_size_y=image_size_y,
            binning_x=binning_x,
            binning_y=binning_y,
            total_motion=total_motion,
            average_motion=average_motion,
            ctf_max_resolution_estimate=ctf_max_resolution_estimate,
            number_of_particles_selected=number_of_particles_selected,
            number_of_particles_rejected=number_of_particles_rejected,
            selection_distribution=selection_distribution,
            number_of_particles_picked=number_of_particles_picked,
            pick_distribution=pick_distribution,
            status=status,
        )

        micrograph_update_request.additional_properties = d
        return micrograph_update_request

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
