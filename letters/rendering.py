"""A letter to PDF bytes, through the one PDF seam (programmes.pdf)."""

import qrcode
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from letters.content import letter_context
from programmes.pdf import render_pdf

TEMPLATE = "letters/award_letter.html"


def qr_svg(url):
    """The QR code of `url` as inline SVG: drawn from the matrix, so nothing is fetched."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    path = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return format_html(
        '<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {0}" '
        'shape-rendering="crispEdges" role="img" aria-label="QR"><rect width="{0}" height="{0}" '
        'fill="#fff"/><path d="{1}" fill="#000"/></svg>',
        size,
        mark_safe(path),  # noqa: S308 - digits and letters we generated
    )


def render_letter_pdf(context):
    return render_pdf(TEMPLATE, {**context, "qr": qr_svg(context["verify_url"])})


def render_award_letter(letter):
    """The PDF bytes of `letter` as it stands (its number, code and the award's figures)."""
    return render_letter_pdf(letter_context(letter))
