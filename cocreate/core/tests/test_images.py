"""Photos with too many pixels are refused as too large, before any pixel is decoded."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocreate.core.images import PhotoInvalid, PhotoTooLarge, process_photo


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims its size in its header and holds no pixels: enough for a decoder to judge it by its size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def upload(content: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.mark.parametrize(("width", "height"), [(8000, 8000), (20000, 20000)], ids=["over our limit", "a bomb"])
def test_a_photo_with_too_many_pixels_is_refused_as_too_large(width, height):
    with pytest.raises(PhotoTooLarge):
        process_photo(upload(png_header_only(width, height)))


def test_a_small_photo_is_kept_and_a_file_that_is_no_photo_is_refused_as_such():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    photo, thumbnail = process_photo(upload(buffer.getvalue()))
    assert (photo.name, thumbnail.name) == ("photo.png", "thumb.png")
    with pytest.raises(PhotoInvalid):
        process_photo(upload(b"just text, not a photo", "photo.txt"))
