"""Reading generated documents back as a person's software would: a PDF's text and fonts with
pypdf, its QR codes with zxing-cpp (an independent decoder), spreadsheets with openpyxl."""

import io
import re

import zxingcpp
from PIL import Image
from pypdf import PdfReader


def pdf_reader(data):
    assert data.startswith(b"%PDF"), "not a PDF"
    return PdfReader(io.BytesIO(data))


def pdf_text(data):
    """All text of a PDF without spaces and line breaks (they fall where the layout put them).
    pypdf reads fpdf2's two-byte ToUnicode entries with a NUL before each character."""
    text = "".join(page.extract_text() for page in pdf_reader(data).pages)
    return re.sub(r"[\s\x00]+", "", text)


def pdf_fonts(data):
    """{font name: whether the font program is embedded} over every page."""
    fonts = {}
    for page in pdf_reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(descriptor["/FontName"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def decode_qr(image):
    """The texts of the QR codes in an image (a PIL image, or PNG bytes or buffer)."""
    if isinstance(image, bytes):
        image = io.BytesIO(image)
    if not isinstance(image, Image.Image):
        image = Image.open(image)
    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]


def pdf_qr_codes(data):
    """The texts of every QR code drawn in a PDF, page by page."""
    return [
        text
        for page in pdf_reader(data).pages
        for image in page.images
        for text in decode_qr(image.image)
    ]


def a4(data):
    page = pdf_reader(data).pages[0]
    return (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def xlsx_sheet(data):
    """The first sheet of an .xlsx file, read by openpyxl."""
    from openpyxl import load_workbook

    assert data.startswith(b"PK"), "not an .xlsx (zip) file"
    return load_workbook(io.BytesIO(data)).worksheets[0]


def csv_rows(response):
    """The rows of a CSV download, which must start with the byte-order mark."""
    import csv

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
