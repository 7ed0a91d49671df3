"""Tiers, sponsors, sponsorships and the sponsors page for the sponsors' tests."""

from wagtail.models import Locale

from sponsors.models import Sponsor, SponsorIndexPage, Sponsorship, SponsorTier
from tests.platforms import default_platform


def tier(name, order, english=None, platform=None):
    made = SponsorTier.objects.create(
        platform=platform or default_platform(), name=name, sort_order=order
    )
    if english:
        translated = made.copy_for_translation(Locale.objects.get(language_code="en"))
        translated.name = english
        translated.save()
    return made


def sponsor(name, kind=Sponsor.Kind.SPONSORSHIP, english=None, platform=None, **fields):
    made = Sponsor.objects.create(
        platform=platform or default_platform(), name=name, kind=kind, **fields
    )
    if english:
        translated = made.copy_for_translation(Locale.objects.get(language_code="en"))
        translated.name = english
        translated.save()
    return made


def sponsorship(sponsor, tier=None, **fields):
    if not {"event", "food_drive", "course"} & set(fields):
        fields.setdefault("whole_platform", True)
    return Sponsorship.objects.create(sponsor=sponsor, tier=tier, **fields)


def sponsors_page(platform=None, english=False):
    """The platform's published sponsors page (and its English translation, published)."""
    home = (platform or default_platform()).site.root_page
    page = home.add_child(instance=SponsorIndexPage(title="協賛・協力のみなさま", slug="sponsors"))
    page.save_revision().publish()
    if english:
        translated = page.copy_for_translation(Locale.objects.get(language_code="en"))
        translated.title = "Our sponsors"
        translated.save_revision().publish()
        return page, SponsorIndexPage.objects.get(pk=translated.pk)
    return page
