from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidationError")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "loc",
        "msg",
        "type",
        "input",
        "ctx",
    }
)


@_attrs_define
class ValidationError:
    """
    Attributes:
        loc (list[int | str]):
        msg (str):
        type_ (str):
        input_ (Any | Unset):
        ctx (ValidationErrorCtx | Unset):
    """

    loc: list[int | str]
    msg: str
    type_: str
    input_: Any | Unset = UNSET
    ctx: ValidationErrorCtx | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        loc = []
        for loc_item_data in self.loc:
            loc_item: int | str
            loc_item = loc_item_data
            loc.append(loc_item)

        msg = self.msg

        type_ = self.type_

        input_ = self.input_

        ctx: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ctx, Unset):
            ctx = self.ctx.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "loc": loc,
                "msg": msg,
                "type": type_,
            }
        )
        if input_ is not UNSET:
            field_dict["input"] = input_
        if ctx is not UNSET:
            field_dict["ctx"] = ctx

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "ValidationError")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            loc = _d["loc"]
            msg = _d["msg"]
            type_ = _d["type"]
            input_ = _d["input"]
            ctx = _d["ctx"]
            _more = len(_d) != 5
        except KeyError:
            _more = True
            loc = _d["loc"]
            msg = _d["msg"]
            type_ = _d["type"]
            input_ = _d.get("input", UNSET)
            ctx = _d.get("ctx", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(msg),
            type(type_),
        )
        if _types not in _PASSED:
            if type(msg) is not str:
                raise InvalidData("ValidationError", "msg", wrong("str", msg))

            if type(type_) is not str:
                raise InvalidData("ValidationError", "type_", wrong("str", type_))

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(loc) is list:
            _loc_items: list[Any] = []
            for _loc_index, _loc_item in enumerate(loc):
                if type(_loc_item) not in _ACCEPTS_str_int:
                    raise InvalidData(
                        "ValidationError", "loc", f"[{_loc_index}] " + wrong("int | str", _loc_item)
                    )

                _loc_items.append(_loc_item)
            loc = _loc_items
        if type(loc) is not list:
            raise InvalidData("ValidationError", "loc", wrong("list[int | str]", loc))

        if type(ctx) is dict:
            try:
                ctx = ValidationErrorCtx.from_dict(ctx)
            except InvalidData as _error:
                raise InvalidData("ValidationError", "ctx", str(_error)) from None
        if type(ctx) not in _ACCEPTS_ValidationErrorCtx_Unset:
            raise InvalidData("ValidationError", "ctx", wrong("ValidationErrorCtx | Unset", ctx))

        _built = cls(loc, msg, type_, input_, ctx)
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


# The models this one holds are imported last: models that hold each other import each
# other, and from_dict does not pay for an import statement on each call.
from ..models.validation_error_ctx import ValidationErrorCtx  # noqa: E402

# The types each field takes as they are, where it takes several.
_ACCEPTS_str_int = frozenset({str, int})
_ACCEPTS_ValidationErrorCtx_Unset = frozenset({ValidationErrorCtx, Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
