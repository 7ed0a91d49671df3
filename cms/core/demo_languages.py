"""The demo's other languages: やさしい日本語 and the languages of the foreign residents of
飯山市 (Chinese, Korean, Vietnamese, Brazilian Portuguese, Nepali), written for the people who
read them, not word for word. Each app's demo module holds its own texts; this one holds the
languages' order, the Locale rows, and the shared taxonomy's names (cms.core owns topics)."""

from wagtail.models import Locale

from cms.core.models import Topic

# The languages the demo writes besides Japanese and English, in the switcher's order.
OTHER_LANGUAGES = ("ja-x-easy", "zh-hans", "ko", "vi", "pt-br", "ne")

# slug: (やさしい日本語, 简体中文, 한국어, Tiếng Việt, Português, नेपाली)
TOPICS = {
    "children-youth": (
        "こども・わかもの",
        "儿童・青少年",
        "어린이·청년",
        "Trẻ em và thanh thiếu niên",
        "Crianças e jovens",
        "बालबालिका र युवा",
    ),
    "older-people": (
        "おとしより",
        "老年人",
        "어르신",
        "Người cao tuổi",
        "Idosos",
        "ज्येष्ठ नागरिक",
    ),
    "hikikomori": (
        "ひきこもり（いえから でにくい 人）",
        "闭门不出的人（蛰居族）",
        "은둔형 외톨이(히키코모리)",
        "Người sống khép kín (hikikomori)",
        "Pessoas em isolamento social (hikikomori)",
        "घरभित्रै सीमित व्यक्ति (हिकिकोमोरी)",
    ),
    "young-carers": (
        "かぞくの せわを する こども（ヤングケアラー）",
        "照顾家人的青少年（青少年照护者）",
        "가족을 돌보는 청소년(영 케어러)",
        "Trẻ em chăm sóc người thân (young carer)",
        "Jovens cuidadores",
        "परिवारको हेरचाह गर्ने किशोरकिशोरी (यङ केयरर)",
    ),
    "financial-hardship": (
        "お金に こまって いる 人",
        "生活困难的人",
        "생활이 어려운 분",
        "Người gặp khó khăn về sinh kế",
        "Pessoas em dificuldade financeira",
        "आर्थिक कठिनाइमा परेका व्यक्ति",
    ),
    "disability": (
        "しょうがいの ある 人",
        "残障人士",
        "장애가 있는 분",
        "Người khuyết tật",
        "Pessoas com deficiência",
        "अपाङ्गता भएका व्यक्ति",
    ),
    "foreign-residents": (
        "がいこくから きた 人",
        "外国居民",
        "외국인 주민",
        "Cư dân nước ngoài",
        "Residentes estrangeiros",
        "विदेशी बासिन्दा",
    ),
    "lgbtq": ("LGBTQ", "LGBTQ", "LGBTQ", "LGBTQ", "LGBTQ", "LGBTQ"),
    "women": (
        "おんなの 人",
        "女性",
        "여성",
        "Phụ nữ",
        "Mulheres",
        "महिला",
    ),
    "single-parents": (
        "ひとりで こどもを そだてる 人",
        "单亲家庭",
        "한부모 가정",
        "Gia đình đơn thân",
        "Famílias monoparentais",
        "एकल अभिभावक",
    ),
    "family-carers": (
        "かぞくの かいごを する 人",
        "照护家人的人",
        "가족을 간병하는 분",
        "Người chăm sóc người thân",
        "Familiares cuidadores",
        "परिवारको हेरचाह गर्ने व्यक्ति",
    ),
    "suicide-prevention": (
        "いのちを まもる",
        "预防自杀",
        "자살 예방",
        "Phòng chống tự tử",
        "Prevenção do suicídio",
        "आत्महत्या रोकथाम",
    ),
    "food-support": (
        "たべものの たすけ",
        "食物援助",
        "식품 지원",
        "Hỗ trợ thực phẩm",
        "Apoio alimentar",
        "खाद्य सहयोग",
    ),
    "ibasho": (
        "いばしょ（あんしんして いられる ところ）",
        "居场所（安心的去处）",
        "이바쇼(마음 편히 머물 수 있는 곳)",
        "Nơi thuộc về (ibasho)",
        "Lugares de convivência (ibasho)",
        "आफ्नोपनको ठाउँ (इबासो)",
    ),
    "employment": (
        "しごと",
        "就业",
        "취업",
        "Việc làm",
        "Trabalho",
        "रोजगार",
    ),
    "watching-over": (
        "みまもり",
        "邻里守望",
        "이웃 돌봄",
        "Quan tâm, dõi theo hàng xóm",
        "Cuidado com os vizinhos",
        "छिमेकीको हेरचाह",
    ),
    "consultation": (
        "そうだん",
        "咨询",
        "상담",
        "Tư vấn",
        "Atendimento e orientação",
        "परामर्श",
    ),
    "learning-support": (
        "べんきょうの たすけ",
        "学习支援",
        "학습 지원",
        "Hỗ trợ học tập",
        "Apoio aos estudos",
        "पढाइ सहयोग",
    ),
}


def locales():
    """{language code: Locale} of OTHER_LANGUAGES, made when missing."""
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in OTHER_LANGUAGES}


def load_topics(command):
    """The taxonomy in every other language, so that a worry or a window in one of them can
    point at topics of its own language (the navigator compares them by slug)."""
    ja = Locale.objects.get(language_code="ja")
    for code, locale in locales().items():
        column = OTHER_LANGUAGES.index(code)
        for topic in Topic.objects.filter(locale=ja):
            names = TOPICS.get(topic.slug)
            if names is None:
                continue
            translation = topic.get_translation_or_none(locale) or topic.copy_for_translation(
                locale
            )
            translation.name = names[column]
            translation.kind = topic.kind
            translation.sort_order = topic.sort_order
            translation.save()
    command.stdout.write(f"  core: topics in {len(OTHER_LANGUAGES)} more languages")
