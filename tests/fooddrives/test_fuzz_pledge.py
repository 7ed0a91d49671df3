"""Whatever is posted to the pledge form, the answer is the page with its errors or the
thank-you redirect: never a server error, and nothing stored unless the pledge was made."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.fooddrives.models import FoodDrivePage, Pledge
from tests.contact import assert_people_clean, typed
from tests.fooddrives.conftest import item, make_drive
from tests.fooddrives.test_public_pledge import form_data

numbers = st.integers(-5, 2000).map(str) | st.text(max_size=8)
days = st.dates().map(lambda day: day.isoformat()) | st.text(max_size=12)


def maybe(strategy):
    """None stands for what a visitor would send (the first point, a day in the period)."""
    return st.none() | strategy


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    quantity=numbers,
    best_before=days,
    day=maybe(days),
    point=maybe(st.text(max_size=6)),
    name=typed(200),
    kana=typed(120),
    email=st.emails() | typed(300),
    phone=typed(40),
    language=st.text(max_size=5),
)
@pytest.mark.django_db
def test_the_pledge_form_never_fails_with_a_server_error(
    run, client, quantity, best_before, day, point, name, kana, email, phone, language
):
    drive = FoodDrivePage.objects.first() or make_drive()
    rice = item(drive, "お米")
    before = Pledge.objects.count()
    fields = (quantity, best_before, day, point, name, kana, email, phone, language)
    typed = {"drop_off_on": day, "point": point}
    response = run(
        client.post,
        drive.url,
        form_data(
            drive,
            **{
                f"item_{rice.pk}": quantity,
                f"best_before_{rice.pk}": best_before,
                **{key: value for key, value in typed.items() if value is not None},
                "name": name,
                "name_kana": kana,
                "email": email,
                "phone": phone,
                "language": language,
                "submission_key": f"k{hash(fields)}",
            },
        ),
    )
    assert response.status_code in (200, 302)
    assert_people_clean()
    if response.status_code == 200:
        assert Pledge.objects.count() == before
