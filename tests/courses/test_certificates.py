"""The certificate PDF: Japanese text embedded, the number, and a QR code to verification."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.core.era import era_year_ja
from events.courses import services
from events.courses.certificates import certificate_pdf, verification_url
from events.courses.models import CourseCompletion
from tests.documents import pdf_fonts, pdf_qr_codes, pdf_text

from .conftest import sessions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def completion(course, person):
    registration, _ = services.enrol(course, person)
    regular, _ = sessions_of(course)
    services.record_attendance(regular[0], {registration: ("present", "")})
    services.record_attendance(regular[1], {registration: ("make_up", "動画視聴")})
    services.record_attendance(regular[2], {registration: ("late", "")})
    return CourseCompletion.objects.get(registration=registration)


def test_the_certificate_has_the_name_course_number_and_date_as_text(completion):
    data = certificate_pdf(completion)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "鳥取花子様" in text
    assert "つながりサポーター養成講座" in text
    assert completion.grant.certificate_number in text
    day = completion.completed_on
    # the era year with the Western year alongside (cms.core.era)
    assert f"{era_year_ja(day)}（{day.year}年）{day.month}月{day.day}日" in text
    assert "修了証" in text


def test_the_font_is_embedded(completion):
    fonts = pdf_fonts(certificate_pdf(completion))
    assert fonts and all(fonts.values())


def test_the_qr_code_leads_to_the_verification_page(client, completion):
    url = verification_url(completion.grant.certificate_number)
    assert url.startswith("http://testserver" + reverse("people:verify_certificate"))
    assert pdf_qr_codes(certificate_pdf(completion)) == [url]
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert "鳥取 花子" in response.content.decode()


def test_a_revoked_grant_has_no_certificate(client, completion, supporter):
    from cms.core.roles import SECRETARIAT
    from tests.platforms import default_platform, staff_of

    client.force_login(staff_of(default_platform(), SECRETARIAT))
    url = reverse("courses:certificate", args=[completion.course_id, completion.pk])
    assert client.get(url).status_code == 200
    completion.grant.revoked_at = timezone.now()
    completion.grant.save()
    assert client.get(url).status_code == 404
