"""A small agent program that tests/frozen/test_frozen.py freezes with PyInstaller.

    smoke_program URL JOURNAL

It registers a little session through smartem_ext's client, its outbox and compat, reads
it back, and prints one JSON line: what it stored and read, and for every generated model
whether its generated from_dict refuses a value of the wrong type (the reading path), so
the frozen program and the plain one can be compared.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import attrs
import requests

from smartem_api import models
from smartem_api.errors import InvalidData
from smartem_ext import (
    FoilHoleData,
    GridData,
    GridSquareData,
    Outbox,
    SmartEMAPIClient,
    compat,
)
from smartem_ext.epu import AcquisitionData


def main() -> int:
    url, journal = sys.argv[1], sys.argv[2]
    report: dict[str, object] = {"frozen": bool(getattr(sys, "frozen", False))}
    with SmartEMAPIClient(url, 10.0) as client:
        acquisition = AcquisitionData(id="frozen-1", name="frozen smoke")
        client.create_acquisition(acquisition)
        grid = GridData(data_dir="/data/frozen/Grid1", acquisition_data=acquisition)
        client.create_acquisition_grid(grid)
        square = GridSquareData(gridsquare_id="1", grid_uuid=grid.uuid, center_x=10, center_y=20)
        client.create_grid_gridsquares(grid.uuid, [square])
        holes = [
            FoilHoleData(id=str(n), gridsquare_id="1", gridsquare_uuid=square.uuid)
            for n in range(5)
        ]
        client.create_gridsquare_foilholes(square.uuid, holes)
        with Outbox(client, journal, linger=0) as outbox:
            later = GridSquareData(gridsquare_id="2", grid_uuid=grid.uuid)
            outbox.create_grid_gridsquare(later)
            outbox.create_gridsquare_foilholes(
                later.uuid,
                [FoilHoleData(id="9", gridsquare_id="2", gridsquare_uuid=later.uuid)],
            )
            report["flushed"] = outbox.flush(30)
            report["delivered"] = outbox.stats().delivered
        report["squares"] = sorted(s.gridsquare_id for s in client.get_grid_gridsquares(grid.uuid))
        report["holes"] = len(client.get_gridsquare_foilholes(square.uuid))
    with compat.SmartEMAPIClient(url) as old:
        report["compat_acquisition"] = old.get_acquisition(acquisition.uuid).name
        try:
            old.get_grid("00000000-0000-0000-0000-000000000000")
        except requests.HTTPError as error:
            report["compat_missing"] = error.response.status_code
    report["one_pass_readers"] = sorted(
        name for name in models.__all__ if refuses_wrong_types(getattr(models, name))
    )
    print(json.dumps(report, sort_keys=True))
    return 0


def refuses_wrong_types(cls: Any) -> bool:
    """Whether a generated model's from_dict refuses a value no field's type holds."""
    if not attrs.has(cls):
        return False
    try:
        cls.from_dict({field.name.removesuffix("_"): 5j for field in attrs.fields(cls)})
    except InvalidData:
        return True
    return False


if __name__ == "__main__":
    sys.exit(main())
