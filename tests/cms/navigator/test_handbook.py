"""The printable worry handbook: an A4 PDF with real text, an embedded Japanese font, QR codes."""

import io

import pytest
from pypdf import PdfReader

from cms.navigator import handbook
from tests.cms.navigator.factories import ibasho, topic, window

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not handbook.available(), reason="needs the Noto Sans JP font from npm: run make vendor"
    ),
]


@pytest.fixture
def windows():
    topic("suicide-prevention", "field")
    topic("financial-hardship", "field")
    window(
        "よりそいホットライン",
        topics=["suicide-prevention"],
        is_24h=True,
        phone_numbers="0120-279-338",
    )
    window("まいさぽ飯山", topics=["financial-hardship"], phone_numbers="0269-00-1001")
    ibasho("秋津ふれあいサロン", area="秋津地区")


def test_the_handbook_is_an_a4_pdf_with_the_window_names_as_text(client, windows):
    response = client.get("/ja/navigator/handbook.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = "".join(p.extract_text() for p in reader.pages)
    for expected in ("よりそいホットライン", "まいさぽ飯山", "0120-279-338", "秋津ふれあいサロン"):
        assert expected in text
    # The 24-hour window comes before the topics.
    assert text.index("よりそいホットライン") < text.index("まいさぽ飯山")


def test_the_japanese_font_is_embedded_and_codes_are_images(client, windows):
    reader = PdfReader(io.BytesIO(client.get("/ja/navigator/handbook.pdf").content))
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    descriptors = [
        font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        for font in fonts.values()
    ]
    assert any("NotoSansJP" in str(d["/FontName"]) for d in descriptors)
    assert all("/FontFile2" in d for d in descriptors)
    assert len(page.images) >= 2  # one QR code per entry


def test_the_navigator_links_the_handbook(client, windows):
    assert "/ja/navigator/handbook.pdf" in client.get("/ja/navigator/").content.decode()
