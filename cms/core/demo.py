"""Demo content: the shared taxonomy of topics, in Japanese with English translations."""

from wagtail.models import Locale

from cms.core import demo_languages
from cms.core.models import Topic

# (slug, kind, Japanese, English)
TOPICS = [
    ("children-youth", "group", "子ども・若者", "Children and young people"),
    ("older-people", "group", "高齢者", "Older people"),
    ("hikikomori", "group", "ひきこもり", "People in social withdrawal (hikikomori)"),
    ("young-carers", "group", "ヤングケアラー", "Young carers"),
    ("financial-hardship", "group", "生活困窮", "People in financial hardship"),
    ("disability", "group", "障害", "People with disabilities"),
    ("foreign-residents", "group", "外国人住民", "Foreign residents"),
    ("lgbtq", "group", "LGBTQ", "LGBTQ"),
    ("women", "group", "女性", "Women"),
    ("single-parents", "group", "ひとり親", "Single parents"),
    ("family-carers", "group", "介護する家族", "Family carers"),
    ("suicide-prevention", "field", "自殺対策", "Suicide prevention"),
    ("food-support", "field", "食支援", "Food support"),
    ("ibasho", "field", "居場所づくり", "Places to belong (ibasho)"),
    ("employment", "field", "就労", "Employment"),
    ("watching-over", "field", "見守り", "Watching over neighbours"),
    ("consultation", "field", "相談", "Consultation"),
    ("learning-support", "field", "学習支援", "Learning support"),
]


def load(command):
    ja, _ = Locale.objects.get_or_create(language_code="ja")
    en, _ = Locale.objects.get_or_create(language_code="en")
    for order, (slug, kind, name_ja, name_en) in enumerate(TOPICS):
        topic, _ = Topic.objects.update_or_create(
            locale=ja, slug=slug, defaults={"kind": kind, "name": name_ja, "sort_order": order}
        )
        translation = topic.get_translation_or_none(en)
        if translation is None:
            translation = topic.copy_for_translation(en)
        translation.name = name_en
        translation.kind = kind
        translation.sort_order = order
        translation.save()
    command.stdout.write(f"  core: {len(TOPICS)} topics (ja, en)")
    demo_languages.load_topics(command)
