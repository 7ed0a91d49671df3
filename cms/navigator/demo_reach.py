"""Demo content for finding help: how each demo window is reached beyond its numbers (the
address where its chat, LINE or web form starts, its counter's address) and whom it is only for
(issue 21), by its Japanese name. A window not named here is for anyone.

The national lines' addresses are their real public pages; the fictional local windows have
fictional counters and, for a LINE account, an address on example.jp (reserved, like their
0269-00 numbers)."""

CHILDREN = {"for_children": True}
ADULTS = {"for_young_adults": True, "for_adults": True, "for_older_people": True}
CITY_HALL = "長野県飯山市 飯山地区（飯山市役所 1階、架空）"
WELFARE_CENTRE = "長野県飯山市 飯山地区（飯山市福祉センター、架空）"

REACH = {
    "よりそいホットライン": {"url": "https://www.since2011.net/yorisoi/"},
    "いのちの電話": {"url": "https://www.inochinodenwa.org/"},
    "#いのちSOS": {"url": "https://www.lifelink.or.jp/inochisos/"},
    "あなたのいばしょチャット相談": {"url": "https://talkme.jp/"},
    "チャイルドライン": {"url": "https://childline.or.jp/", **CHILDREN},
    "24時間子供SOSダイヤル": {
        "url": "https://www.mext.go.jp/a_menu/shotou/seitoshidou/06112210.htm",
        **CHILDREN,
    },
    "児童相談所虐待対応ダイヤル「189」": {
        "url": "https://www.cfa.go.jp/policies/jidougyakutai/hotline/",
        **CHILDREN,
    },
    "DV相談＋（プラス）": {"url": "https://soudanplus.jp/"},
    "こころの健康相談統一ダイヤル": {"url": "https://www.mhlw.go.jp/mamorouyokokoro/"},
    "法テラス・サポートダイヤル": {"url": "https://www.houterasu.or.jp/"},
    "外国人在留支援センター（FRESC）": {
        "url": "https://www.moj.go.jp/isa/support/fresc/fresc01.html",
        "address": "東京都新宿区四谷1-6-1 四谷タワー13階",
        "for_foreign_residents": True,
    },
    "生活就労支援センター まいさぽ飯山": {"address": WELFARE_CENTRE},
    "飯山市 子ども家庭相談": {
        "address": CITY_HALL,
        "for_children": True,
        "for_young_adults": True,
        "for_adults": True,
    },
    "飯山市社会福祉協議会 心配ごと相談": {"address": WELFARE_CENTRE},
    "飯山市 地域包括支援センター": {
        "address": CITY_HALL,
        "for_older_people": True,
        "for_carers": True,
    },
    "飯山市 女性相談": {"address": CITY_HALL, "gender": "women", **ADULTS},
    "フードバンク飯山 食の相談": {"address": "長野県飯山市 木島地区（フードバンク飯山倉庫、架空）"},
    "飯山市 スクールカウンセラー（学校の相談室）": {
        "address": "市内の各小学校・中学校の相談室",
        **CHILDREN,
    },
    "長野県 多文化共生相談センター": {
        "address": "長野県長野市 南長野（架空）",
        "for_foreign_residents": True,
    },
    "長野県 子ども・若者LINE相談": {
        "url": "https://example.jp/nagano-kodomo-line/",
        "for_children": True,
        "for_young_adults": True,
    },
}

# The fields REACH may set, and what a window not named there has.
DEFAULTS = {
    "url": "",
    "address": "",
    "for_children": False,
    "for_young_adults": False,
    "for_adults": False,
    "for_older_people": False,
    "for_foreign_residents": False,
    "for_carers": False,
    "gender": "",
}


def reach(name):
    """The fields of the window named `name` (in Japanese) that REACH sets, every one of them."""
    return {**DEFAULTS, **REACH.get(name, {})}
