"""Write a synthetic EPU session folder that the existing agent's parser reads.

Layout (as EPU writes it, and as ``smartem_agent.fs_parser.EpuParser`` reads it)::

    <root>/<session>/EpuSession.dm
    <root>/<session>/Metadata/GridSquare_<gs>.dm                     grid-square targets
    <root>/<session>/Images-Disc1/GridSquare_<gs>/GridSquare_<date>_<time>.xml
    <root>/<session>/Images-Disc1/GridSquare_<gs>/FoilHoles/FoilHole_<fh>_<date>_<time>.xml
    <root>/<session>/Images-Disc1/GridSquare_<gs>/Data/FoilHole_<fh>_Data_<loc>_<n>_<date>_<time>.xml
    <root>/atlas/Supervisor_<session>/Sample1/Atlas/Atlas.dm          tiles and grid-square nodes

Every time carries a local UTC offset, as real files do (``2024-04-06T10:24:20+01:00``).
The documents use prefixed namespaces only, so the un-namespaced ``KeyValuePairs`` element
of the atlas stays un-namespaced, as the parser expects.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

EPU = "http://schemas.datacontract.org/2004/07/Applications.Epu.Persistence"
COMMON = "http://schemas.datacontract.org/2004/07/Fei.Applications.Common.Types"
ATLAS = (
    "http://schemas.datacontract.org/2004/07/Applications.SciencesAppsShared.GridAtlas.Persistence"
)
ATLAS_MODEL = (
    "http://schemas.datacontract.org/2004/07/Applications.SciencesAppsShared.GridAtlas.Datamodel"
)
GENERIC = "http://schemas.datacontract.org/2004/07/System.Collections.Generic"
DRAWING = "http://schemas.datacontract.org/2004/07/System.Drawing"
SHARED = "http://schemas.datacontract.org/2004/07/Fei.SharedObjects"
ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
FEI_TYPES = "http://schemas.datacontract.org/2004/07/Fei.Types"

STORAGE = r"Z:\DoseFractions\bi23047-106"
TILE_SIZE = 4096


@dataclass(frozen=True)
class EpuSession:
    """What was written: the folder to watch and the natural ids in it."""

    root: Path
    session_dir: Path
    atlas_file: Path
    tiles: list[str]
    gridsquares: list[str]
    acquired_gridsquares: list[str]
    foilholes: dict[str, list[str]] = field(default_factory=dict)
    near_grid_bar: set[str] = field(default_factory=set)
    micrographs: list[str] = field(default_factory=list)


def write_epu_session(
    root: Path,
    *,
    name: str = "bi23047-106_Grid1",
    tiles: int = 3,
    gridsquares: int = 6,
    acquired: int = 3,
    foilholes: int = 8,
    near_grid_bar_every: int = 4,
    micrographs: int = 1,
    offset: timedelta = timedelta(hours=1),
    start: datetime = datetime(2024, 4, 6, 10, 24, 20),
) -> EpuSession:
    """Write one EPU session (one grid) under ``root``.

    Args:
        tiles: atlas tiles; grid squares are spread over them in turn.
        gridsquares: grid squares on the atlas; the first ``acquired`` of them also get
            target metadata and images.
        foilholes: foil-hole targets per acquired grid square; every
            ``near_grid_bar_every``-th is near the grid bar (no image, as EPU skips it).
        micrographs: micrographs per imaged foil hole.
        offset: the local UTC offset written into every time.
    """
    if not 0 <= acquired <= gridsquares or tiles < 1:
        raise ValueError("need 0 <= acquired <= gridsquares and at least one tile")
    zone = timezone(offset)
    clock = _Clock(start.replace(tzinfo=zone))
    session_dir = root / name
    atlas_dir = root / "atlas" / f"Supervisor_{name}" / "Sample1" / "Atlas"
    for folder in (session_dir / "Metadata", session_dir / "Images-Disc1", atlas_dir):
        folder.mkdir(parents=True, exist_ok=True)

    tile_ids = [str(1 + n) for n in range(tiles)]
    square_ids = [str(1832500 + 7 * n) for n in range(gridsquares)]
    atlas_windows = rf"{STORAGE}\atlas\Supervisor_{name}\Sample1\Atlas\Atlas.dm"
    _write(session_dir / "EpuSession.dm", _session_xml(name, clock.next(), atlas_windows))
    _write(atlas_dir / "Atlas.dm", _atlas_xml(name, clock.next(), tile_ids, square_ids))

    session = EpuSession(
        root=root,
        session_dir=session_dir,
        atlas_file=atlas_dir / "Atlas.dm",
        tiles=tile_ids,
        gridsquares=square_ids,
        acquired_gridsquares=square_ids[:acquired],
    )
    for index, square in enumerate(session.acquired_gridsquares):
        holes = [f"{square}{n:03d}" for n in range(1, foilholes + 1)]
        near = {hole for n, hole in enumerate(holes, 1) if n % near_grid_bar_every == 0}
        session.foilholes[square] = holes
        session.near_grid_bar.update(near)
        _write(
            session_dir / "Metadata" / f"GridSquare_{square}.dm",
            _gridsquare_metadata_xml(name, index, square, holes, near),
        )
        square_dir = session_dir / "Images-Disc1" / f"GridSquare_{square}"
        when = clock.next()
        _write(square_dir / f"GridSquare_{_stamp(when)}.xml", _image_xml(when, square))
        for number, hole in enumerate(holes):
            if hole in near:
                continue
            when = clock.next()
            found = _foilhole_found(number)
            _write(
                square_dir / "FoilHoles" / f"FoilHole_{hole}_{_stamp(when)}.xml",
                _image_xml(when, f"{hole}-fh", found=found),
            )
            for shot in range(1, micrographs + 1):
                when = clock.next()
                location = f"{hole[-3:]}{shot:02d}"
                unique = f"{hole}-{location}-{shot}"
                _write(
                    square_dir
                    / "Data"
                    / f"FoilHole_{hole}_Data_{location}_{shot}_{_stamp(when)}.xml",
                    _image_xml(when, unique, micrograph=True),
                )
                session.micrographs.append(unique)
    return session


class _Clock:
    def __init__(self, start: datetime) -> None:
        self._now = start

    def next(self) -> datetime:
        self._now += timedelta(seconds=7, microseconds=250000)
        return self._now


def _stamp(when: datetime) -> str:
    return when.strftime("%Y%m%d_%H%M%S")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + text, encoding="utf-8")


def _session_xml(name: str, start: datetime, atlas_windows: str) -> str:
    return (
        f'<ns:EpuSessionXml xmlns:ns="{EPU}" xmlns:common="{COMMON}">'
        f"<common:Id>{zlib.crc32(name.encode()) % 10**7}</common:Id>"
        f"<ns:Name>{escape(name)}</ns:Name>"
        f"<ns:StartDateTime>{start.isoformat()}</ns:StartDateTime>"
        "<ns:ClusteringMode>ClusteringWithImageBeamShift</ns:ClusteringMode>"
        "<ns:ClusteringRadius>6</ns:ClusteringRadius>"
        "<ns:Samples><ns:_items><ns:SampleXml>"
        f"<ns:AtlasId>{escape(atlas_windows)}</ns:AtlasId>"
        "</ns:SampleXml></ns:_items></ns:Samples>"
        "<ns:StorageFolders><ns:_items><ns:StorageFolderXml>"
        f"<ns:Path>{escape(STORAGE)}</ns:Path>"
        "</ns:StorageFolderXml></ns:_items></ns:StorageFolders>"
        "</ns:EpuSessionXml>"
    )


def _square_geometry(index: int, tiles: int) -> tuple[int, int, int, int, int]:
    """(tile index, centre x, centre y on the atlas, centre x, centre y on the tile)."""
    tile = index % tiles
    on_tile_x, on_tile_y = 300 + 500 * (index // tiles), 700 + 90 * index
    return tile, tile * TILE_SIZE + on_tile_x, on_tile_y, on_tile_x, on_tile_y


def _atlas_xml(name: str, when: datetime, tile_ids: list[str], square_ids: list[str]) -> str:
    nodes: dict[int, list[str]] = {n: [] for n in range(len(tile_ids))}
    for index, square in enumerate(square_ids):
        tile, atlas_x, atlas_y, tile_x, tile_y = _square_geometry(index, len(tile_ids))
        size = 60 + index
        nodes[tile].append(
            f"<gen:KeyValuePairOfintNodeXmlx4fdfkc><gen:key>{square}</gen:key><gen:value>"
            "<p:PositionOnTheAtlas>"
            f"<m:Center><d:x>{atlas_x}</d:x><d:y>{atlas_y}</d:y></m:Center>"
            f"<m:Physical><d:x>{atlas_x * 1e-9}</d:x><d:y>{atlas_y * 1e-9}</d:y></m:Physical>"
            f"<m:Rotation>0</m:Rotation>"
            f"<m:Size><d:width>{size}</d:width><d:height>{size}</d:height></m:Size>"
            "</p:PositionOnTheAtlas>"
            "<p:TilePositions><p:_items><p:TilePositionXml>"
            f"<p:NodePosition><m:Center><d:x>{tile_x}</d:x><d:y>{tile_y}</d:y></m:Center>"
            f"<m:Size><d:width>{size}</d:width><d:height>{size}</d:height></m:Size>"
            "</p:NodePosition>"
            f"<p:TileId>{tile_ids[tile]}</p:TileId>"
            "</p:TilePositionXml></p:_items></p:TilePositions>"
            "</gen:value></gen:KeyValuePairOfintNodeXmlx4fdfkc>"
        )
    tiles = "".join(
        "<p:TileXml>"
        f"<p:AtlasPixelPosition><d:height>{TILE_SIZE}</d:height><d:width>{TILE_SIZE}</d:width>"
        f"<d:x>{n * TILE_SIZE}</d:x><d:y>0</d:y></p:AtlasPixelPosition>"
        f"<common:Id>{tile_id}</common:Id>"
        f"<p:Nodes><KeyValuePairs>{''.join(nodes[n])}</KeyValuePairs></p:Nodes>"
        "<p:TileImageReference><common:BaseFileName>"
        f"Tile_{tile_id}-0-0-1-{tile_id}</common:BaseFileName>"
        "<common:FileFormat>Mrc</common:FileFormat></p:TileImageReference>"
        "</p:TileXml>"
        for n, tile_id in enumerate(tile_ids)
    )
    return (
        f'<p:AtlasSessionXml xmlns:p="{ATLAS}" xmlns:common="{COMMON}" xmlns:gen="{GENERIC}" '
        f'xmlns:m="{ATLAS_MODEL}" xmlns:d="{DRAWING}">'
        f"<p:Atlas><p:AcquisitionDateTime>{when.isoformat()}</p:AcquisitionDateTime>"
        f"<p:TilesEfficient><p:_items>{tiles}</p:_items></p:TilesEfficient></p:Atlas>"
        f"<p:Description>Atlas of {escape(name)}</p:Description>"
        "<p:Name>Atlas</p:Name>"
        f"<p:StorageFolder>{escape(STORAGE)}\\atlas\\Supervisor_{escape(name)}</p:StorageFolder>"
        f"<common:Id>{zlib.crc32(('atlas' + name).encode()) % 10**7}</common:Id>"
        "</p:AtlasSessionXml>"
    )


def _gridsquare_metadata_xml(
    name: str, index: int, square: str, holes: list[str], near: set[str]
) -> str:
    targets = "".join(
        "<b:KeyValuePairOfintTargetLocationXmlBpPBwDTt>"
        f"<b:key>{hole}</b:key><b:value>"
        f"<def:IsNearGridBar>{'true' if hole in near else 'false'}</def:IsNearGridBar>"
        "<def:PixelCenter>"
        f"<c:x>{100 + 37 * n}</c:x><c:y>{200 + 11 * n}</c:y></def:PixelCenter>"
        f"<def:PixelWidthHeight><c:height>{30 + n % 3}</c:height>"
        f"<c:width>{30 + n % 3}</c:width></def:PixelWidthHeight>"
        f"<def:StagePosition><shared:X>{(n + 1) * 1.5e-6}</shared:X>"
        f"<shared:Y>{-(n + 1) * 2.5e-6}</shared:Y><shared:Z>0</shared:Z></def:StagePosition>"
        "</b:value></b:KeyValuePairOfintTargetLocationXmlBpPBwDTt>"
        for n, hole in enumerate(holes)
    )
    image = rf"{STORAGE}\{name}\Images-Disc1\GridSquare_{square}\GridSquare_{square}.jpg"
    return (
        f'<def:GridSquareXml xmlns:def="{EPU}" xmlns:shared="{SHARED}" xmlns:a="{ARRAYS}" '
        f'xmlns:b="{GENERIC}" xmlns:c="{DRAWING}">'
        f"<def:AtlasNodeId>{40 + index}</def:AtlasNodeId>"
        f"<def:GridSquareImagePath>{escape(image)}</def:GridSquareImagePath>"
        f"<def:Position><shared:X>{(index + 1) * 1.25e-4}</shared:X>"
        f"<shared:Y>{-(index + 1) * 3.5e-5}</shared:Y><shared:Z>{2e-6}</shared:Z></def:Position>"
        f"<def:Rotation>{0.25 * index}</def:Rotation>"
        f"<def:Selected>{'true' if index % 2 == 0 else 'false'}</def:Selected>"
        "<def:State>Completed</def:State>"
        "<def:TargetLocations><def:TargetLocationsEfficient>"
        f"<a:m_serializationArray>{targets}</a:m_serializationArray>"
        "</def:TargetLocationsEfficient></def:TargetLocations>"
        "<def:Unusable>false</def:Unusable>"
        "</def:GridSquareXml>"
    )


def _foilhole_found(number: int) -> str:
    return (
        f"<ft:Center><draw:x>{512.5 + number}</draw:x>"
        f"<draw:y>{498.25 - number}</draw:y></ft:Center>"
        f"<ft:Quality>{0.5 + number / 100}</ft:Quality><ft:Rotation>{0.1 * number}</ft:Rotation>"
        f"<ft:Size><draw:height>{40.5}</draw:height><draw:width>{41.5}</draw:width></ft:Size>"
    )


def _custom(key: str, value: str) -> str:
    return (
        "<arr:KeyValueOfstringanyType>"
        f"<arr:Key>{key}</arr:Key><arr:Value>{value}</arr:Value>"
        "</arr:KeyValueOfstringanyType>"
    )


def _image_xml(when: datetime, unique: str, *, found: str = "", micrograph: bool = False) -> str:
    detector = "Falcon 4i" if micrograph else "EF-CCD"
    custom = _custom("DetectorCommercialName", detector) + _custom("AppliedDefocus", "-1.8E-06")
    custom += _custom("PhasePlateUsed", "false")
    if found:
        custom += _custom("FindFoilHoleCenterResults", found)
    return (
        f'<ms:MicroscopeImage xmlns:ms="{SHARED}" xmlns:arr="{ARRAYS}" xmlns:draw="{DRAWING}" '
        f'xmlns:ft="{FEI_TYPES}">'
        f"<ms:CustomData>{custom}</ms:CustomData>"
        "<ms:SpatialScale><ms:pixelSize><ms:x><ms:numericValue>"
        f"{1.2e-10 if micrograph else 3.7e-9}"
        "</ms:numericValue></ms:x></ms:pixelSize></ms:SpatialScale>"
        "<ms:microscopeData><ms:acquisition>"
        f"<ms:acquisitionDateTime>{when.isoformat()}</ms:acquisitionDateTime>"
        "<ms:camera><ms:Binning><draw:x>1</draw:x><draw:y>1</draw:y></ms:Binning>"
        "<ms:ReadoutArea><draw:height>4096</draw:height><draw:width>4096</draw:width>"
        "</ms:ReadoutArea></ms:camera></ms:acquisition>"
        "<ms:instrument><ms:ComputerName>M12-EPU</ms:ComputerName>"
        "<ms:InstrumentID>3777</ms:InstrumentID>"
        "<ms:InstrumentModel>TITAN KRIOS</ms:InstrumentModel></ms:instrument>"
        "<ms:optics><ms:Defocus>-2.2E-06</ms:Defocus><ms:EFTEMOn>true</ms:EFTEMOn>"
        "<ms:TemMagnification><ms:NominalMagnification>"
        f"{130000 if micrograph else 2250}"
        "</ms:NominalMagnification></ms:TemMagnification></ms:optics>"
        "</ms:microscopeData>"
        f"<ms:uniqueID>{escape(unique)}</ms:uniqueID>"
        "</ms:MicroscopeImage>"
    )
