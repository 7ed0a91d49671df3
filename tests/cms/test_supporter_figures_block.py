"""Any page can show the public figures of a qualification with a StreamField block."""

import datetime

from cms.home.models import StandardPage
from cms.home.services import ensure_site
from cms.people.models import Person, Qualification
from cms.people.services import grant_qualification
from tests.platforms import default_platform


def test_a_standard_page_shows_counts_per_year_and_valid_today_and_no_names(client, db):
    supporter = Qualification.objects.create(
        platform=default_platform(),
        name="つながりサポーター",
        slug="tsunagari-supporter",
        validity_years=3,
    )
    today = datetime.date.today()
    for n, year in enumerate([today.year - 1, today.year, today.year]):
        person = Person.objects.create(platform=default_platform(), name=f"匿名 桜子{n}")
        grant_qualification(person, supporter, on=today.replace(year=year, month=1, day=1))
    page = StandardPage(
        title="サポーターについて",
        slug="supporters-page",
        body=[("supporter_figures", {"qualification": supporter})],
    )
    ensure_site().add_child(instance=page)
    page.save_revision().publish()

    html = client.get("/ja/supporters-page/").content.decode()
    assert "つながりサポーター" in html
    assert f"<td>{today.year}</td><td>2</td>" in html
    assert f"<td>{today.year - 1}</td><td>1</td>" in html
    assert "桜子" not in html
