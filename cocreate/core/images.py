"""Uploaded photos and images: checked, re-encoded without metadata (camera, time, GPS position), thumbnailed."""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import CocreateError


class PhotoInvalid(CocreateError):
    code = "photo_invalid"
    field = "photos"
    default_message = _("This file is not a JPEG, PNG or WebP photo.")


class PhotoTooLarge(CocreateError):
    code = "photo_too_large"
    field = "photos"
    status = 413
    default_message = _("This photo is too large.")


FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_SIDE = 2560
THUMBNAIL_SIDE = 480
MAX_PIXELS = 50_000_000  # refuse decompression bombs before decoding


def process_photo(upload) -> tuple[ContentFile, ContentFile]:
    """The photo and its thumbnail, both re-encoded from pixels only, so that no metadata survives."""
    if upload.size > settings.COCREATE_PHOTO_MAX_BYTES:
        raise PhotoTooLarge()
    try:
        with Image.open(upload) as probe:
            kind, pixels = probe.format, probe.width * probe.height
            if kind in FORMATS and pixels <= MAX_PIXELS:
                probe.verify()
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        raise PhotoTooLarge() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoInvalid() from None
    if kind not in FORMATS:
        raise PhotoInvalid()
    if pixels > MAX_PIXELS:
        raise PhotoTooLarge()
    try:
        upload.seek(0)
        with Image.open(upload) as original:
            image = ImageOps.exif_transpose(original)  # keep the orientation the camera recorded, then drop EXIF
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoInvalid() from None
    if image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert("RGBA" if kind != "JPEG" else "RGB")
    if kind == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    extension = FORMATS[kind]
    return ContentFile(_encode(image, kind), name=f"photo.{extension}"), ContentFile(
        _encode(thumbnail, kind), name=f"thumb.{extension}"
    )


def _encode(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    # Only pixels are written: no exif, no xmp, no comments.
    options = {"quality": 85, "optimize": True} if kind in {"JPEG", "WEBP"} else {"optimize": True}
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.save(buffer, format=kind, **options)
    return buffer.getvalue()
