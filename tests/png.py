"""A small reader of the PNG files pdftoppm writes (8-bit gray or RGB, no interlace), so the
reference pictures can be compared without an imaging library."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def read_gray(path: Path) -> tuple[int, int, bytes]:
    """(width, height, one gray byte per pixel) of an 8-bit grayscale or RGB PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (0, 2) and interlace == 0, f"{path}: not 8-bit gray or RGB"
            bpp = 1 if colour == 0 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for x in range(stride):
            left = row[x - bpp] if x >= bpp else 0
            up, up_left = previous[x], previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                row[x] = (row[x] + left) & 255
            elif kind == 2:
                row[x] = (row[x] + up) & 255
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                row[x] = (row[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        rows.append(bytes(row) if bpp == 1 else bytes(sum(row[i:i + 3]) // 3 for i in range(0, stride, 3)))
        previous = row
    return width, height, b"".join(rows)


def difference(a: Path, b: Path) -> float:
    """Mean absolute difference of two same-sized grayscale pictures, 0 (same) to 1."""
    wa, ha, pa = read_gray(a)
    wb, hb, pb = read_gray(b)
    assert (wa, ha) == (wb, hb), f"sizes differ: {wa}×{ha} and {wb}×{hb}"
    return sum(abs(x - y) for x, y in zip(pa, pb, strict=True)) / (255 * len(pa))
