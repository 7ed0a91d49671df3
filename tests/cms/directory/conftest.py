import pytest
from wagtail.models import Locale

from cms.core.models import Topic
from cms.directory.models import MemberOrganisationIndexPage
from cms.home.services import ensure_site


@pytest.fixture
def member_index(db):
    page = MemberOrganisationIndexPage(title="参画団体", slug="members")
    ensure_site().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def food_topic(db):
    ja = Locale.objects.get_or_create(language_code="ja")[0]
    return Topic.objects.create(locale=ja, slug="food-support", name="食支援", kind="field")
