"""The navigator's worries in やさしい日本語 and the languages of 飯山市's foreign residents, and
three consultation windows in やさしい日本語 (see cms.core.demo_languages)."""

from wagtail.models import Locale

from cms.core.demo_languages import OTHER_LANGUAGES, locales
from cms.core.models import Topic
from cms.directory.models import ConsultationWindow, OpeningHours
from cms.navigator.models import Worry

# slug: (やさしい日本語, 简体中文, 한국어, Tiếng Việt, Português, नेपाली) — as a person would say it.
WORRIES = {
    "want-to-die": (
        "しにたい・きえたい",
        "想死，想消失",
        "죽고 싶다, 사라지고 싶다",
        "Tôi muốn chết, muốn biến mất",
        "Quero morrer ou desaparecer",
        "मर्न मन लाग्छ, हराउन मन लाग्छ",
    ),
    "violence": (
        "たたかれる・こわい ことを される",
        "有人对我施暴",
        "폭력을 당하고 있다",
        "Tôi đang bị bạo lực",
        "Alguém está me agredindo",
        "मलाई कसैले कुटपिट वा हिंसा गरिरहेको छ",
    ),
    "cannot-sleep": (
        "ねむれない",
        "睡不着",
        "잠을 잘 수 없다",
        "Tôi không ngủ được",
        "Não consigo dormir",
        "निद्रा लाग्दैन",
    ),
    "money": (
        "お金が なくて こまって いる",
        "为钱发愁",
        "돈 문제로 힘들다",
        "Tôi đang khó khăn về tiền bạc",
        "Estou com problemas de dinheiro",
        "पैसाको समस्यामा छु",
    ),
    "no-food": (
        "たべる ものが ない",
        "没有东西吃",
        "먹을 것이 없다",
        "Tôi không có gì để ăn",
        "Não tenho o que comer",
        "खानेकुरा छैन",
    ),
    "family": (
        "かぞくの ことで なやんで いる",
        "为家里的事烦恼",
        "가족 문제로 고민하고 있다",
        "Tôi đang lo lắng chuyện gia đình",
        "Estou preocupado com a minha família",
        "परिवारको कुराले चिन्तित छु",
    ),
    "lonely": (
        "ひとりで さみしい",
        "一个人，很孤单",
        "혼자라서 외롭다",
        "Tôi thấy cô đơn",
        "Eu me sinto sozinho",
        "एक्लो भएर नरमाइलो लाग्छ",
    ),
    "school": (
        "がっこうに いくのが つらい",
        "很难去上学",
        "학교에 가기 힘들다",
        "Tôi thấy khó đến trường",
        "Está difícil ir à escola",
        "विद्यालय जान गाह्रो भइरहेको छ",
    ),
    "work": (
        "しごとが みつからない",
        "找不到工作",
        "일자리를 찾지 못하고 있다",
        "Tôi không tìm được việc làm",
        "Não consigo encontrar trabalho",
        "काम पाइरहेको छैन",
    ),
    "caring": (
        "かぞくの かいごで つかれた",
        "照护家人太累了",
        "가족 간병에 지쳤다",
        "Tôi kiệt sức vì chăm sóc người thân",
        "Estou esgotado de cuidar de um familiar",
        "परिवारको हेरचाह गर्दागर्दा थाकेँ",
    ),
    "young-carer": (
        "かぞくの せわで じぶんの じかんが ない",
        "要照顾家人，没有自己的时间",
        "가족을 돌보느라 내 시간이 없다",
        "Chăm sóc gia đình khiến tôi không còn thời gian cho mình",
        "Cuidar da família não me deixa tempo para mim",
        "परिवारको हेरचाहले आफ्नै लागि समय छैन",
    ),
    "cannot-go-out": (
        "いえから でられない",
        "出不了家门",
        "집 밖으로 나갈 수 없다",
        "Tôi không thể ra khỏi nhà",
        "Não consigo sair de casa",
        "घरबाट बाहिर निस्कन सक्दिनँ",
    ),
    "language": (
        "にほんごで そうだんするのが しんぱい",
        "用日语咨询，我没有把握",
        "일본어로 상담하는 것이 불안하다",
        "Tôi lo không nói được tiếng Nhật khi xin tư vấn",
        "Tenho receio de pedir ajuda em japonês",
        "जापानी भाषामा परामर्श गर्न डर लाग्छ",
    ),
    "identity": (
        "からだや こころの せいの ことで なやんで いる",
        "为性别或性取向的事烦恼",
        "성별이나 성적 지향 문제로 고민하고 있다",
        "Tôi băn khoăn về giới tính hoặc xu hướng tính dục",
        "Tenho dúvidas sobre minha sexualidade ou identidade de gênero",
        "लैङ्गिकता वा यौनिकताबारे चिन्तित छु",
    ),
}

# Three windows in やさしい日本語: Japanese name: (name, what you can talk about, hours).
EASY_WINDOWS = {
    "よりそいホットライン": (
        "よりそいホットライン",
        "どんな ことでも はなせます。がいこくごでも はなせます。お金は かかりません。",
        "いつでも（24じかん、まいにち）",
    ),
    "24時間子供SOSダイヤル": (
        "24時間（じかん） こどもSOSダイヤル",
        "こどもと わかい 人の ための でんわです。いじめ や こまった ことを はなせます。",
        "いつでも（24じかん、まいにち）",
    ),
    "飯山市社会福祉協議会 心配ごと相談": (
        "飯山市（いいやまし） しゃかいふくし きょうぎかい しんぱいごと そうだん",
        "くらしの しんぱいを きいて、いっしょに かんがえます。",
        "げつようび から きんようび、あさ 9じ から ゆうがた 4じ",
    ),
}


def _topics(topics, locale):
    """The topics of `locale` with the same slugs as `topics`."""
    return list(Topic.objects.filter(locale=locale, slug__in=[t.slug for t in topics]))


def load_worries(platform):
    """The platform's worries in every other language, pointing at the topics of each."""
    ja = Locale.objects.get(language_code="ja")
    for code, locale in locales().items():
        column = OTHER_LANGUAGES.index(code)
        for source in Worry.objects.filter(platform=platform, locale=ja):
            phrases = WORRIES.get(source.slug)
            if phrases is None:
                continue
            worry = source.get_translation_or_none(locale) or source.copy_for_translation(locale)
            worry.phrase = phrases[column]
            worry.is_urgent = source.is_urgent
            worry.sort_order = source.sort_order
            worry.topics = _topics(source.topics.all(), locale)
            worry.save()


def load_easy_windows(platform):
    """Three of the platform's windows in やさしい日本語."""
    ja = Locale.objects.get(language_code="ja")
    easy = locales()["ja-x-easy"]
    sources = ConsultationWindow.objects.filter(locale=ja, name__in=EASY_WINDOWS, platform=platform)
    for source in sources:
        name, summary, hours = EASY_WINDOWS[source.name]
        window = source.get_translation_or_none(easy) or source.copy_for_translation(easy)
        for field in ConsultationWindow._meta.concrete_fields:
            if field.name not in ("id", "locale", "translation_key", "name", "summary", "hours"):
                setattr(window, field.attname, getattr(source, field.attname))
        window.name, window.summary, window.hours = name, summary, hours
        window.topics = _topics(source.topics.all(), easy)
        window.target_groups = _topics(source.target_groups.all(), easy)
        # the hours are the same in every language (synchronised, as wagtail-localize does)
        window.opening_hours = [
            OpeningHours(days=row.days, opens=row.opens, closes=row.closes)
            for row in source.opening_hours.all()
        ]
        window.save()


def load(command, platform):
    load_worries(platform)
    load_easy_windows(platform)
    command.stdout.write(
        f"  navigator: worries in {len(OTHER_LANGUAGES)} more languages, "
        f"{len(EASY_WINDOWS)} windows in やさしい日本語"
    )
