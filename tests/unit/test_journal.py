"""The outbox journal's payloads: what a write stores reads back as the same arguments."""

from __future__ import annotations

import os
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartem_ext._journal import decode, encode
from smartem_ext.epu import FoilHoleData
from tests.support import epu_data as epu

_FINITE = st.floats(allow_nan=False, allow_infinity=False)
_IDS = st.text(alphabet="0123456789", min_size=1, max_size=12)


@st.composite
def _foilholes(draw: st.DrawFn) -> FoilHoleData:
    optional = st.none() | _FINITE
    whole = st.none() | st.integers(-(2**40), 2**40)
    return FoilHoleData(
        id=draw(_IDS),
        gridsquare_id=draw(st.none() | _IDS),
        gridsquare_uuid=draw(st.none() | st.uuids().map(str)),
        center_x=draw(optional),
        center_y=draw(optional),
        quality=draw(optional),
        rotation=draw(optional),
        size_width=draw(optional),
        size_height=draw(optional),
        x_location=draw(whole),
        y_location=draw(whole),
        x_stage_position=draw(optional),
        y_stage_position=draw(optional),
        diameter=draw(whole),
        is_near_grid_bar=draw(st.booleans()),
    )


def _same(read: tuple[object, ...], written: tuple[object, ...]) -> None:
    assert read == written
    assert [type(value) for value in read] == [type(value) for value in written]
    for got, sent in zip(read, written, strict=True):
        if attrs.has(type(sent)):
            for field in attrs.fields(type(sent)):
                assert type(getattr(got, field.name)) is type(getattr(sent, field.name))


@given(hole=_foilholes(), square=st.uuids().map(str), allow=st.booleans())
def test_a_foil_hole_write_reads_back_as_the_same_arguments(
    hole: FoilHoleData, square: str, allow: bool
) -> None:
    args = (square, hole, allow)
    _same(decode(encode(args)), args)


def test_a_foil_hole_payload_is_smaller_than_the_pickled_objects() -> None:
    hole = epu.foilhole(epu.new_uuid(), "1", "2")
    args = (hole.gridsquare_uuid, hole, False)
    assert len(encode(args)) < 0.6 * len(pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL))


def test_objects_with_nested_values_read_back_as_written() -> None:
    acquisition = epu.acquisition()
    grid = epu.grid(acquisition)
    square = epu.gridsquare(grid.uuid, "12")
    for args in [(acquisition,), (grid, True), (grid.uuid, square, False)]:
        _same(decode(encode(args)), args)


def test_payloads_written_as_pickled_objects_still_read() -> None:
    hole = epu.foilhole(epu.new_uuid(), "1", "2")
    args = (hole.gridsquare_uuid, hole, True)
    _same(decode(pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)), args)


class _Float(float):
    """A float subclass from outside the EPU model, as numpy's float64 is."""


def test_a_subclass_of_a_scalar_is_stored_as_the_scalar_so_it_reads_back() -> None:
    hole = attrs.evolve(epu.foilhole(epu.new_uuid(), "1", "2"), quality=_Float(0.5))
    read = decode(encode((hole.gridsquare_uuid, hole, False)))[1]
    assert type(read.quality) is float and read.quality == 0.5
    assert attrs.evolve(read, quality=hole.quality) == hole


def test_a_payload_naming_anything_but_the_epu_model_is_refused() -> None:
    hole = epu.foilhole(epu.new_uuid(), "1", "2")
    compact = pickle.loads(encode((hole,)))
    forged = (compact[0], ("system", *compact[1][1:]))
    with pytest.raises(pickle.UnpicklingError, match="may not hold 'system'"):
        decode(pickle.dumps(forged))
    short = (compact[0], compact[1][:-1])
    with pytest.raises(pickle.UnpicklingError, match="FoilHoleData"):
        decode(pickle.dumps(short))
    with pytest.raises(pickle.UnpicklingError, match=r"may not hold \w+\.system"):
        decode(pickle.dumps((os.system, hole)))
