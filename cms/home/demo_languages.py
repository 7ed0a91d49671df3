"""飯山市's home page in やさしい日本語 (with furigana) and in the languages of its foreign
residents, written for the people who read them (see cms.core.demo_languages)."""

from cms.core.demo_helpers import upsert_translation
from cms.core.demo_languages import locales


def _ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _body(heading, items, quote, attribution):
    return [
        {"type": "heading", "value": heading},
        {"type": "paragraph", "value": _ul(*items)},
        {"type": "quote", "value": {"text": quote, "attribution": attribution}},
    ]


HOMES = {
    # やさしい日本語: short sentences, words a beginner knows, readings on every kanji word
    # (<ruby> in rich text, 漢字（よみ） in plain fields).
    "ja-x-easy": {
        "title": "飯山市（いいやまし） ひとりで こまらない ための ネットワーク",
        "lead": (
            "ひとりで なやまないで ください。しやくしょと ちいきの グループが、"
            "あなたを たすけます。"
        ),
        "intro": (
            "<p><ruby>飯山市<rt>いいやまし</rt></ruby>では、<ruby>市役所<rt>しやくしょ</rt>"
            "</ruby>と ちいきの グループが いっしょに はたらいて います。</p>"
            "<p>この ウェブサイトで、<ruby>相談<rt>そうだん</rt></ruby>できる ところ、"
            "だれでも いける 「いばしょ」、イベント、ボランティアが わかります。</p>"
        ),
        "body": _body(
            "わたしたちが して いる こと",
            [
                "だれでも いける <ruby>食堂<rt>しょくどう</rt></ruby>"
                "（みんなで ごはんを たべる ところ）",
                "ちいきの サロン・カフェ（あつまって はなす ところ）",
                "わかい 人の ための <ruby>相談<rt>そうだん</rt></ruby>",
                "しごとを さがす <ruby>手伝<rt>てつだ</rt></ruby>い",
            ],
            "ちいきの みんなで、こまって いる 人を ささえます。",
            "わたしたちの めあて",
        ),
    },
    "zh-hans": {
        "title": "饭山市孤独·孤立对策官民合作平台",
        "lead": (
            "请不要独自烦恼。市政府、社会福利协议会、NPO、民生委员和本地团体携手合作，"
            "陪您一起面对困难。"
        ),
        "intro": (
            "<p>饭山市建立了“官民合作平台”，行政机关与民间团体在这里平等合作，"
            "共同预防孤独和孤立，并为需要的人提供支援。本网站介绍可以咨询的窗口、"
            "随时可以去坐坐的“居场所”，以及本地的活动和志愿者信息。</p>"
        ),
        "body": _body(
            "我们的工作",
            [
                "老少皆宜、谁都可以来吃饭的“大家食堂”",
                "村落沙龙、橙色咖啡馆等大家聚会聊天的地方",
                "面向年轻人的咨询窗口和上门支援",
                "与社会福利协议会、“Maisapo饭山”合作，为闭门不出的人提供就业支援",
            ],
            "全社区携手，构建无缝衔接、不间断的咨询支援体系。",
            "平台的目标",
        ),
    },
    "ko": {
        "title": "이이야마시 고독·고립 대책 민관협력 플랫폼",
        "lead": (
            "혼자 고민하지 마세요. 시, 사회복지협의회, NPO, 민생위원, 지역 단체가 함께 "
            "당신의 어려움에 귀 기울입니다."
        ),
        "intro": (
            "<p>이이야마시는 행정과 민간 단체가 대등하게 협력하는 '민관협력 플랫폼'을 만들어 "
            "고독·고립을 예방하고 지원하고 있습니다. 이 사이트에서는 상담할 수 있는 창구, "
            "부담 없이 들를 수 있는 '이바쇼'(마음 편히 머물 수 있는 곳), 지역 행사와 "
            "자원봉사 정보를 알려 드립니다.</p>"
        ),
        "body": _body(
            "우리가 하는 일",
            [
                "어린이부터 어르신까지 누구나 들를 수 있는 '누구나 식당'",
                "마을 살롱, 오렌지 카페 등 함께 모여 이야기하는 곳",
                "젊은 세대를 위한 상담 창구와 방문 지원",
                "사회복지협의회·마이사포 이이야마와 함께하는 은둔형 외톨이 취업 지원",
            ],
            "빈틈없이 이어지는 상담 지원 체계를 지역 모두가 함께 만듭니다.",
            "플랫폼이 지향하는 모습",
        ),
    },
    "vi": {
        "title": "Nền tảng hợp tác công – tư phòng chống cô đơn, cô lập thành phố Iiyama",
        "lead": (
            "Xin đừng lo lắng một mình. Thành phố, Hội đồng phúc lợi xã hội, các tổ chức NPO, "
            "ủy viên dân sinh và các đoàn thể địa phương luôn sẵn sàng đồng hành cùng bạn."
        ),
        "intro": (
            "<p>Thành phố Iiyama đã xây dựng một “nền tảng hợp tác công – tư”, nơi chính quyền "
            "và các tổ chức địa phương cùng làm việc bình đẳng để phòng ngừa tình trạng cô đơn, "
            "cô lập và hỗ trợ những người đang gặp khó khăn. Trang web này giới thiệu những nơi "
            "bạn có thể xin tư vấn, các “ibasho” (nơi bạn có thể ghé qua bất cứ lúc nào), cùng "
            "thông tin về sự kiện và hoạt động tình nguyện tại địa phương.</p>"
        ),
        "body": _body(
            "Hoạt động của chúng tôi",
            [
                "“Nhà ăn cho mọi người” – ai cũng có thể ghé, từ trẻ em đến người cao tuổi",
                "Các buổi sinh hoạt ở thôn xóm và “Orange Café” để mọi người gặp gỡ, trò chuyện",
                "Quầy tư vấn và thăm hỏi tại nhà dành cho người trẻ",
                "Hỗ trợ tìm việc cho người sống khép kín, phối hợp với Hội đồng phúc lợi xã hội "
                "và Maisapo Iiyama",
            ],
            "Cả cộng đồng cùng xây dựng một hệ thống tư vấn liền mạch, không để ai bị bỏ lại.",
            "Mục tiêu của nền tảng",
        ),
    },
    "pt-br": {
        "title": "Plataforma Público-Privada de Iiyama contra a Solidão e o Isolamento",
        "lead": (
            "Você não precisa enfrentar suas preocupações sozinho. A prefeitura, o conselho de "
            "bem-estar social, ONGs, agentes comunitários e grupos locais estão juntos para "
            "apoiar você."
        ),
        "intro": (
            "<p>A cidade de Iiyama criou uma plataforma em que a prefeitura e as organizações "
            "locais trabalham lado a lado para prevenir e aliviar a solidão e o isolamento. "
            "Neste site você encontra onde pedir ajuda, “ibasho” (lugares onde você pode "
            "passar quando quiser) e informações sobre eventos e trabalho voluntário na "
            "região.</p>"
        ),
        "body": _body(
            "O que fazemos",
            [
                "“Daredemo shokudō”: refeitório comunitário aberto a todos, de crianças a idosos",
                "Encontros nos bairros e “Orange Cafés”, onde as pessoas se reúnem para conversar",
                "Atendimento e visitas em casa para jovens",
                "Apoio para voltar ao trabalho para pessoas em isolamento social (hikikomori), "
                "com o conselho de bem-estar social e o Maisapo Iiyama",
            ],
            "Um apoio sem lacunas nem interrupções, construído por toda a comunidade.",
            "O que a plataforma busca",
        ),
    },
    "ne": {
        "title": "इइयामा सहर एक्लोपन तथा एकान्तता विरुद्ध सार्वजनिक–निजी सहकार्य मञ्च",
        "lead": (
            "आफ्ना चिन्ता एक्लै नबोक्नुहोस्। सहर, सामाजिक कल्याण परिषद्, गैरसरकारी संस्था, "
            "कल्याण स्वयंसेवक र स्थानीय समूहहरू मिलेर तपाईंलाई साथ दिन्छन्।"
        ),
        "intro": (
            "<p>इइयामा सहरमा सरकारी निकाय र स्थानीय संस्थाहरू बराबरीमा मिलेर एक्लोपन र "
            "एकान्तता रोक्न र त्यसबाट गुज्रिरहेका मानिसलाई सहयोग गर्न काम गर्छन्। यो "
            'वेबसाइटमा परामर्श लिन सकिने ठाउँ, जुनसुकै बेला जान सकिने "इबासो" (आफ्नोपन '
            "महसुस हुने ठाउँ), र स्थानीय कार्यक्रम तथा स्वयंसेवाको जानकारी पाउन सकिन्छ।</p>"
        ),
        "body": _body(
            "हाम्रा काम",
            [
                'बालबालिकादेखि ज्येष्ठ नागरिकसम्म सबैका लागि खुला "सबैको भोजनालय"',
                'गाउँका भेटघाट कार्यक्रम र "अरेन्ज क्याफे" जहाँ मानिसहरू भेटेर कुरा गर्छन्',
                "युवाहरूका लागि परामर्श र घरमै आएर गरिने सहयोग",
                "सामाजिक कल्याण परिषद् र माइसापो इइयामासँग मिलेर घरभित्रै सीमित व्यक्तिहरूलाई रोजगार सहयोग",
            ],
            "सम्पूर्ण समुदाय मिलेर, कोही नछुट्ने र नटुट्ने परामर्श सहयोग बनाऔं।",
            "मञ्चको लक्ष्य",
        ),
    },
}


def load(command, home):
    """The home's translations into every language of HOMES."""
    found = locales()
    for code, fields in HOMES.items():
        upsert_translation(home, found[code], **fields)
    command.stdout.write(f"  home: the home page in {len(HOMES)} more languages")
