"""The enrolment QR code as inline SVG: drawn on the server, no image file, no script."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, label: str) -> SafeString:
    """An accessible SVG of `data` (role img with a label), scaled by its viewBox."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    # The library writes a size in millimetres; the page decides the size instead.
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)
    svg = svg.replace(
        "<svg ",
        f'<svg width="240" height="240" role="img" aria-label="{escape(label)}" ',
        1,
    )
    # Generated here from our own data (escaped label, path coordinates only).
    return mark_safe(svg)  # noqa: S308 # nosec B308 B703
