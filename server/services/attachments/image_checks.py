"""Find where an image's own structure ends, to refuse files with data appended (polyglots).

Each function walks the container format (JPEG markers, PNG chunks, the RIFF
header of WebP) and returns the offset just past the image, or None when the
structure is broken. Pixels are Pillow's business; this only reads framing.
"""

from __future__ import annotations

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def _skip_entropy(data: bytes, i: int) -> int | None:
    """Return the offset of the marker that ends entropy-coded data starting at `i`."""
    n = len(data)
    while True:
        j = data.find(b"\xff", i)
        if j < 0 or j + 1 >= n:
            return None
        following = data[j + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            i = j + 1 if following == 0xFF else j + 2
            continue
        return j


def _next_marker(data: bytes, i: int) -> tuple[int, int] | None:
    """Read the marker at `i` (after any fill bytes): (marker, offset after it)."""
    n = len(data)
    if i >= n or data[i] != 0xFF:
        return None
    while i < n and data[i] == 0xFF:
        i += 1
    return (data[i], i + 1) if i < n else None


def jpeg_end(data: bytes) -> int | None:
    """Offset after the EOI marker of a baseline or progressive JPEG."""
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while (found := _next_marker(data, i)) is not None:
        marker, i = found
        if marker == 0xD9:
            return i
        if marker in _STANDALONE:
            continue
        length = int.from_bytes(data[i : i + 2], "big") if i + 2 <= len(data) else 0
        if length < 2:
            return None
        i += length
        if marker == 0xDA:
            scan_end = _skip_entropy(data, i)
            if scan_end is None:
                return None
            i = scan_end
    return None


def png_end(data: bytes) -> int | None:
    """Offset after the IEND chunk."""
    if not data.startswith(PNG_SIGNATURE):
        return None
    i, n = len(PNG_SIGNATURE), len(data)
    while i + 12 <= n:
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        i += 12 + length
        if kind == b"IEND":
            return i if i <= n else None
    return None


def webp_end(data: bytes) -> int | None:
    """Offset after the RIFF container (its size field plus padding)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    size = int.from_bytes(data[4:8], "little")
    end = 8 + size
    if end > len(data):
        return None
    return end + 1 if size & 1 and len(data) > end else end


def image_end(fmt: str, data: bytes) -> int | None:
    """Dispatch on the Pillow format name."""
    finder = {"JPEG": jpeg_end, "PNG": png_end, "WEBP": webp_end}.get(fmt)
    return finder(data) if finder else None
