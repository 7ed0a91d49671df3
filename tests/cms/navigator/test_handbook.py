"""The printable worry handbook: an A4 PDF with real text, an embedded Japanese font, QR codes."""

import pytest

from tests.cms.navigator.factories import ibasho, topic, window
from tests.documents import a4, pdf_fonts, pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db


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
    assert a4(response.content)
    text = pdf_text(response.content)
    for expected in ("よりそいホットライン", "まいさぽ飯山", "0120-279-338", "秋津ふれあいサロン"):
        assert expected in text
    # The 24-hour window comes before the topics.
    assert text.index("よりそいホットライン") < text.index("まいさぽ飯山")


def test_the_japanese_font_is_embedded_and_each_entry_has_a_code_to_its_page(client, windows):
    data = client.get("/ja/navigator/handbook.pdf").content
    fonts = pdf_fonts(data)
    assert any("NotoSans" in name for name in fonts)
    assert all(fonts.values())  # every font's glyphs travel in the file
    codes = pdf_qr_codes(data)
    # Two windows and one ibasho (a window printed twice reuses its image).
    assert len(set(codes)) == 3
    assert all(code.startswith("http://testserver/ja/") for code in codes)


def test_the_navigator_links_the_handbook(client, windows):
    assert "/ja/navigator/handbook.pdf" in client.get("/ja/navigator/").content.decode()
