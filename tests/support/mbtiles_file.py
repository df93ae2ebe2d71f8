"""Tiny MBTiles files made in the tests: solid-colour PNG tiles in an SQLite database.

Rows are stored TMS-style (from the south), as the MBTiles specification says.
"""

from __future__ import annotations

import sqlite3
import struct
import zlib
from pathlib import Path

from maps.mbtiles import tile_of

TILE_PX = 256


def png(rgb: tuple[int, int, int], size: int = TILE_PX) -> bytes:
    """A solid-colour RGB PNG of `size` x `size` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * size  # filter 0, then the pixels
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b""))  # fmt: skip


def make_mbtiles(
    path: Path,
    box: tuple[tuple[float, float], tuple[float, float]],
    zooms: range,
    rgb: tuple[int, int, int] = (230, 220, 190),
) -> dict[tuple[int, int, int], bytes]:
    """Write an MBTiles file with every tile of `box` ((south, west), (north, east)) at
    `zooms`; return the tiles by XYZ (z, x, y)."""
    (south, west), (north, east) = box
    written: dict[tuple[int, int, int], bytes] = {}
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                   "tile_row INTEGER, tile_data BLOB)")  # fmt: skip
        meta = [("name", "test"), ("format", "png"), ("attribution", "test tiles")]
        db.executemany("INSERT INTO metadata VALUES (?, ?)", meta)
        for z in zooms:
            x0, y0 = tile_of(north, west, z)
            x1, y1 = tile_of(south, east, z)
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    # A colour per tile, so that a row read upside down shows in the bytes.
                    data = png((rgb[0], (x * 7 + y) % 256, (z * 31) % 256))
                    written[(z, x, y)] = data
                    db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, 2**z - 1 - y, data))
    return written
