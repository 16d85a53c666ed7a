"""Pictures made for tests: real images built with Pillow, and files that only pretend."""

import io
import struct
import zlib

from PIL import ExifTags, Image

RED = (220, 20, 20)
BLUE = (20, 20, 220)

# EXIF tag numbers (TIFF/EXIF standard).
ORIENTATION = 0x0112
MAKE = 0x010F
GPS_LATITUDE_REF = 1
GPS_LATITUDE = 2
GPS_LONGITUDE_REF = 3
GPS_LONGITUDE = 4


def two_colour_image(size: tuple[int, int] = (400, 200), mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: shows where the pixels went after a rotation."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image.convert(mode) if mode != "RGB" else image


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    output = io.BytesIO()
    image.save(output, format=fmt, **options)
    return output.getvalue()


def png(size: tuple[int, int] = (64, 48), colour: tuple[int, ...] = RED) -> bytes:
    return encode(Image.new("RGB", size, colour), "PNG")


def jpeg_with_gps(size: tuple[int, int] = (400, 200), orientation: int = 1) -> bytes:
    """A JPEG as phones write it: camera make, GPS position, orientation and a comment."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        GPS_LATITUDE_REF: "N",
        GPS_LATITUDE: (48.0, 46.0, 33.0),
        GPS_LONGITUDE_REF: "E",
        GPS_LONGITUDE: (9.0, 10.0, 55.0),
    }
    return encode(two_colour_image(size), "JPEG", exif=exif, comment=b"Lindenstrasse 5")


def gif() -> bytes:
    return encode(Image.new("P", (32, 32)), "GIF")


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge picture: a decompression bomb's opening,
    without the memory it would take to build a real one."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )
