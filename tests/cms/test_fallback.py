"""A visitor reading a language that not everything is translated into sees each item in their
language where it is, and in Japanese where it is not (cms.core.fallback)."""

from wagtail.models import Locale

from cms.core.fallback import in_language
from cms.directory.queries import windows_in, windows_open_day_and_night
from cms.directory.windows.models import ConsultationWindow
from cms.home.services import ensure_site
from tests.platforms import default_platform


def windows():
    ensure_site()
    ja = Locale.objects.get(language_code="ja")
    vi, _ = Locale.objects.get_or_create(language_code="vi")
    both = ConsultationWindow.objects.create(
        platform=default_platform(), locale=ja, name="よりそいホットライン", is_24h=True
    )
    translated = both.copy_for_translation(vi)
    translated.name = "Đường dây Yorisoi"
    translated.save()
    only_japanese = ConsultationWindow.objects.create(
        platform=default_platform(), locale=ja, name="市役所の窓口", is_24h=True
    )
    return ja, vi, translated, only_japanese


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_each_item_once_in_the_visitors_language_or_else_in_japanese(db):
    ja, vi, _translated, _only = windows()
    everything = ConsultationWindow.objects.all()
    assert names(in_language(everything, vi)) == ["Đường dây Yorisoi", "市役所の窓口"]
    assert names(in_language(everything, vi.pk)) == ["Đường dây Yorisoi", "市役所の窓口"]
    assert names(in_language(everything, ja)) == ["よりそいホットライン", "市役所の窓口"]
    assert names(in_language(everything, ja.pk)) == ["よりそいホットライン", "市役所の窓口"]


def test_a_translation_filtered_out_does_not_bring_back_its_japanese(db):
    _ja, vi, translated, _only = windows()
    ConsultationWindow.objects.filter(pk=translated.pk).update(is_24h=False)
    chosen = in_language(ConsultationWindow.objects.filter(is_24h=True), vi)
    assert names(chosen) == ["市役所の窓口"]


def test_the_windows_of_a_language_with_few_translations_are_all_there(
    db, django_assert_num_queries
):
    _ja, vi, _translated, _only = windows()
    site = default_platform().site
    assert names(windows_in(vi, site)) == ["Đường dây Yorisoi", "市役所の窓口"]
    with django_assert_num_queries(1):
        found = windows_open_day_and_night(vi.pk, site, 5)
    assert sorted(w.name for w in found) == ["Đường dây Yorisoi", "市役所の窓口"]


def test_the_navigator_of_a_language_without_worries_offers_the_japanese_ones(db):
    from cms.core.models import Topic
    from cms.navigator.models import Worry
    from cms.navigator.queries import find_help, worries_of

    ja, vi, _translated, _only = windows()
    site = default_platform().site
    topic = Topic.objects.create(locale=ja, slug="consultation", name="相談", kind="field")
    ConsultationWindow.objects.filter(locale=ja).update(by_visit=False)
    for window in ConsultationWindow.objects.all():
        window.topics = [topic]
        window.save()
    worry = Worry.objects.create(
        platform=default_platform(), locale=ja, phrase="眠れない", slug="sleep"
    )
    worry.topics = [topic]
    worry.save()
    assert [w.phrase for w in worries_of(site, vi)] == ["眠れない"]
    found = find_help(vi, site, worry_slugs=["sleep"])
    assert sorted(w.name for w in found.windows) == ["Đường dây Yorisoi", "市役所の窓口"]
