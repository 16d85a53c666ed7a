"""Profile pictures: whatever a member uploads is decoded and drawn again as a small JPEG.

Nothing of the uploaded file survives but its pixels: camera data, GPS position, comments,
colour profiles and any bytes hidden after the image are gone, and a file that only looks
like a picture (by its name or the browser's content type) is refused because it does not
decode.
"""

import io
import logging
import warnings
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Checked here once the file is in; a request body larger than REQUEST_BODY_MAX_BYTES
# (settings, a little above this) is refused before it is read (core/uploads.py).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Far above any phone camera, far below what it takes to exhaust memory while decoding.
MAX_PIXELS = 40_000_000
MAX_SIDE = 512
JPEG_QUALITY = 85
# Pillow picks the decoder by the file's content; no other decoder is ever tried, which
# also keeps the many rarely used ones (and their bugs) away from uploads.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
BACKGROUND = (255, 255, 255)


class PictureError(StrEnum):
    TOO_LARGE = "picture_too_large"
    WRONG_TYPE = "picture_wrong_type"
    TOO_MANY_PIXELS = "picture_too_many_pixels"
    DAMAGED = "picture_damaged"


MESSAGES = {
    PictureError.TOO_LARGE: _("The picture is larger than 5 MB. Please choose a smaller one."),
    PictureError.WRONG_TYPE: _(
        "This file is not a picture we can use. Please choose a JPEG, PNG or WebP picture."
    ),
    PictureError.TOO_MANY_PIXELS: _(
        "The picture has too many pixels (more than 40 megapixels). Please choose a smaller one."
    ),
    PictureError.DAMAGED: _("The picture could not be read. The file may be damaged."),
}


def refuse(error: PictureError) -> ValidationError:
    return ValidationError(MESSAGES[error], code=error.value)


def process_picture(upload: Any) -> ContentFile[bytes]:
    """The upload as a JPEG of at most MAX_SIDE x MAX_SIDE pixels without any metadata,
    named "picture.jpg" (the storage name comes from `picture_path`, never from the
    upload). Raises ValidationError with a PictureError code."""
    size = getattr(upload, "size", None)
    if size is None or size > MAX_UPLOAD_BYTES:
        raise refuse(PictureError.TOO_LARGE)
    upload.seek(0)
    image = _decode(upload)
    try:
        picture = _redraw(image)
    finally:
        image.close()
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(output.getvalue(), name="picture.jpg")


def _decode(upload: Any) -> Image.Image:
    # Pillow warns above Image.MAX_IMAGE_PIXELS and raises above twice that. That
    # setting is process-wide and its default is higher than ours, so it stays as it
    # is: our own check below is stricter, and the warning becomes an error here.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise refuse(PictureError.TOO_MANY_PIXELS) from error
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
            raise refuse(PictureError.WRONG_TYPE) from error
        width, height = image.size
        if width < 1 or height < 1 or width * height > MAX_PIXELS:
            image.close()
            raise refuse(PictureError.TOO_MANY_PIXELS)
        try:
            # JPEG can decode at a fraction of its size: far less memory for big photos.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
        except Exception as error:
            # Pillow's decoders fail on broken input with many exception types; for the
            # member they all mean the same.
            image.close()
            logger.info("profile picture not decodable: %s", type(error).__name__)
            raise refuse(PictureError.DAMAGED) from error
    return image


def _redraw(image: Image.Image) -> Image.Image:
    try:
        # Phones store portrait photos sideways with an orientation tag; the tag goes
        # with the metadata, so the pixels are turned now.
        upright = ImageOps.exif_transpose(image)
        upright = _to_srgb(upright)
        upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    except (OSError, ValueError, SyntaxError, TypeError, KeyError) as error:
        raise refuse(PictureError.DAMAGED) from error
    # A new image carries nothing over: Pillow would otherwise write a JPEG comment
    # (and, for some formats, other `info` entries) of the original into the output.
    clean = Image.new("RGB", upright.size, BACKGROUND)
    if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
        rgba = upright.convert("RGBA")
        clean.paste(rgba, mask=rgba.getchannel("A"))
    else:
        clean.paste(upright.convert("RGB"))
    return clean


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB, so that a photo in a wide colour space (many phones) keeps its
    colours once its colour profile is dropped."""
    icc_profile = image.info.get("icc_profile")
    if not icc_profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile: the colours may be a little off, the picture is still fine.
        return image
    return converted if converted is not None else image


def delete_picture_file(storage: Any, name: str) -> None:
    """Remove a stored picture; a file that is already gone is fine."""
    if not name:
        return
    try:
        storage.delete(name)
    except OSError:
        logger.warning("could not delete a replaced profile picture", exc_info=True)
