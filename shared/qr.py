"""QR codes as SVG, cached: a code for a URL never changes, and drawing one costs ~8 ms of CPU."""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
import qrcode.image.svg


@lru_cache(maxsize=1024)
def qr_svg(url: str) -> bytes:
    """The SVG of a QR code that leads to `url`."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
