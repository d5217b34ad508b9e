from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.micrograph_status import MicrographStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="MicrographCreateRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "foilhole_id",
        "foilhole_uuid",
        "location_id",
        "high_res_path",
        "manifest_file",
        "acquisition_datetime",
        "defocus",
        "detector_name",
        "energy_filter",
        "phase_plate",
        "image_size_x",
        "image_size_y",
        "binning_x",
        "binning_y",
        "total_motion",
        "average_motion",
        "ctf_max_resolution_estimate",
        "number_of_particles_selected",
        "number_of_particles_rejected",
        "selection_distribution",
        "number_of_particles_picked",
        "pick_distribution",
        "status",
    }
)


@_attrs_define
class MicrographCreateRequest:
    """
    Attributes:
        uuid (str):
        foilhole_id (str):
        foilhole_uuid (None | str | Unset):
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

    uuid: str
    foilhole_id: str
    foilhole_uuid: None | str | Unset = UNSET
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
        uuid = self.uuid

        foilhole_id = self.foilhole_id

        foilhole_uuid: None | str | Unset
        if isinstance(self.foilhole_uuid, Unset):
            foilhole_uuid = UNSET
        else:
            foilhole_uuid = self.foilhole_uuid

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
        field_dict.update(
            {
                "uuid": uuid,
                "foilhole_id": foilhole_id,
            }
        )
        if foilhole_uuid is not UNSET:
            field_dict["foilhole_uuid"] = foilhole_uuid
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
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "MicrographCreateRequest")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            uuid = _d["uuid"]
            foilhole_id = _d["foilhole_id"]
            foilhole_uuid = _d["foilhole_uuid"]
            location_id = _d["location_id"]
            high_res_path = _d["high_res_path"]
            manifest_file = _d["manifest_file"]
            acquisition_datetime = _d["acquisition_datetime"]
            defocus = _d["defocus"]
            detector_name = _d["detector_name"]
            energy_filter = _d["energy_filter"]
            phase_plate = _d["phase_plate"]
            image_size_x = _d["image_size_x"]
            image_size_y = _d["image_size_y"]
            binning_x = _d["binning_x"]
            binning_y = _d["binning_y"]
            total_motion = _d["total_motion"]
            average_motion = _d["average_motion"]
            ctf_max_resolution_estimate = _d["ctf_max_resolution_estimate"]
            number_of_particles_selected = _d["number_of_particles_selected"]
            number_of_particles_rejected = _d["number_of_particles_rejected"]
            selection_distribution = _d["selection_distribution"]
            number_of_particles_picked = _d["number_of_particles_picked"]
            pick_distribution = _d["pick_distribution"]
            status = _d["status"]
            _more = len(_d) != 24
        except KeyError:
            _more = True
            uuid = _d["uuid"]
            foilhole_id = _d["foilhole_id"]
            foilhole_uuid = _d.get("foilhole_uuid", UNSET)
            location_id = _d.get("location_id", UNSET)
            high_res_path = _d.get("high_res_path", UNSET)
            manifest_file = _d.get("manifest_file", UNSET)
            acquisition_datetime = _d.get("acquisition_datetime", UNSET)
            defocus = _d.get("defocus", UNSET)
            detector_name = _d.get("detector_name", UNSET)
            energy_filter = _d.get("energy_filter", UNSET)
            phase_plate = _d.get("phase_plate", UNSET)
            image_size_x = _d.get("image_size_x", UNSET)
            image_size_y = _d.get("image_size_y", UNSET)
            binning_x = _d.get("binning_x", UNSET)
            binning_y = _d.get("binning_y", UNSET)
            total_motion = _d.get("total_motion", UNSET)
            average_motion = _d.get("average_motion", UNSET)
            ctf_max_resolution_estimate = _d.get("ctf_max_resolution_estimate", UNSET)
            number_of_particles_selected = _d.get("number_of_particles_selected", UNSET)
            number_of_particles_rejected = _d.get("number_of_particles_rejected", UNSET)
            selection_distribution = _d.get("selection_distribution", UNSET)
            number_of_particles_picked = _d.get("number_of_particles_picked", UNSET)
            pick_distribution = _d.get("pick_distribution", UNSET)
            status = _d.get("status", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(foilhole_id),
            type(foilhole_uuid),
            type(location_id),
            type(high_res_path),
            type(manifest_file),
            type(acquisition_datetime),
            type(defocus),
            type(detector_name),
            type(energy_filter),
            type(phase_plate),
            type(image_size_x),
            type(image_size_y),
            type(binning_x),
            type(binning_y),
            type(total_motion),
            type(average_motion),
            type(ctf_max_resolution_estimate),
            type(number_of_particles_selected),
            type(number_of_particles_rejected),
            type(selection_distribution),
            type(number_of_particles_picked),
            type(pick_distribution),
        )
        if _types not in _PASSED:
            if type(uuid) is not str:
                raise InvalidData("MicrographCreateRequest", "uuid", wrong("str", uuid))

            if type(foilhole_id) is not str:
                raise InvalidData(
                    "MicrographCreateRequest", "foilhole_id", wrong("str", foilhole_id)
                )

            if type(foilhole_uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "foilhole_uuid",
                    wrong("None | str | Unset", foilhole_uuid),
                )

            if type(location_id) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "location_id",
                    wrong("None | str | Unset", location_id),
                )

            if type(high_res_path) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "high_res_path",
                    wrong("None | str | Unset", high_res_path),
                )

            if type(manifest_file) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "manifest_file",
                    wrong("None | str | Unset", manifest_file),
                )

            if type(acquisition_datetime) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "acquisition_datetime",
                    wrong("None | str | Unset", acquisition_datetime),
                )

            if type(defocus) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest", "defocus", wrong("float | None | Unset", defocus)
                )

            if type(detector_name) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "detector_name",
                    wrong("None | str | Unset", detector_name),
                )

            if type(energy_filter) not in _ACCEPTS_bool_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "energy_filter",
                    wrong("bool | None | Unset", energy_filter),
                )

            if type(phase_plate) not in _ACCEPTS_bool_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "phase_plate",
                    wrong("bool | None | Unset", phase_plate),
                )

            if type(image_size_x) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "image_size_x",
                    wrong("int | None | Unset", image_size_x),
                )

            if type(image_size_y) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "image_size_y",
                    wrong("int | None | Unset", image_size_y),
                )

            if type(binning_x) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest", "binning_x", wrong("int | None | Unset", binning_x)
                )

            if type(binning_y) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest", "binning_y", wrong("int | None | Unset", binning_y)
                )

            if type(total_motion) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "total_motion",
                    wrong("float | None | Unset", total_motion),
                )

            if type(average_motion) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "average_motion",
                    wrong("float | None | Unset", average_motion),
                )

            if type(ctf_max_resolution_estimate) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "ctf_max_resolution_estimate",
                    wrong("float | None | Unset", ctf_max_resolution_estimate),
                )

            if type(number_of_particles_selected) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "number_of_particles_selected",
                    wrong("int | None | Unset", number_of_particles_selected),
                )

            if type(number_of_particles_rejected) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "number_of_particles_rejected",
                    wrong("int | None | Unset", number_of_particles_rejected),
                )

            if type(selection_distribution) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "selection_distribution",
                    wrong("None | str | Unset", selection_distribution),
                )

            if type(number_of_particles_picked) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "number_of_particles_picked",
                    wrong("int | None | Unset", number_of_particles_picked),
                )

            if type(pick_distribution) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MicrographCreateRequest",
                    "pick_distribution",
                    wrong("None | str | Unset", pick_distribution),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = MicrographStatus._value2member_map_.get(status, status)
        if type(status) not in _ACCEPTS_MicrographStatus_Unset:
            raise InvalidData(
                "MicrographCreateRequest", "status", wrong("MicrographStatus | Unset", status)
            )

        _built = cls(
            uuid,
            foilhole_id,
            foilhole_uuid,
            location_id,
            high_res_path,
            manifest_file,
            acquisition_datetime,
            defocus,
            detector_name,
            energy_filter,
            phase_plate,
            image_size_x,
            image_size_y,
            binning_x,
            binning_y,
            total_motion,
            average_motion,
            ctf_max_resolution_estimate,
            number_of_particles_selected,
            number_of_particles_rejected,
            selection_distribution,
            number_of_particles_picked,
            pick_distribution,
            status,
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
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})
_ACCEPTS_float_int_None_Unset = frozenset({float, int, type(None), Unset})
_ACCEPTS_bool_None_Unset = frozenset({bool, type(None), Unset})
_ACCEPTS_int_None_Unset = frozenset({int, type(None), Unset})
_ACCEPTS_MicrographStatus_Unset = frozenset({MicrographStatus, Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
