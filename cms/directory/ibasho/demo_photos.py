"""Demo photos of three ibasho (cms.navigator's demo makes the ibasho): generated pictures
with their alternative text, the Japanese one as the image's description, the English one on
the English page."""

from cms.core.demo_helpers import demo_photo, update_page, upsert_translation
from cms.directory.ibasho.models import IbashoPage

# slug: (gradient top, bottom, shape colour), shape, Japanese alt, English alt
PHOTOS = {
    "ekimae-daredemo": (
        ((255, 236, 214), (250, 206, 170), (196, 98, 45)),
        "table",
        "テーブルを囲む3人のイラスト。淡いオレンジ色の背景",
        "Drawing of three people around a table, on a soft orange background",
    ),
    "kijima-kodomo": (
        ((226, 244, 228), (186, 222, 196), (46, 110, 72)),
        "house",
        "三角屋根の小さな家のイラスト。淡い緑色の背景",
        "Drawing of a small house with a pointed roof, on a soft green background",
    ),
    "akitsu-salon": (
        ((222, 238, 250), (250, 232, 206), (214, 120, 60)),
        "sun",
        "地平線にのぼる太陽のイラスト。水色から淡い黄色へのグラデーション",
        "Drawing of the sun rising over the horizon, on a sky from light blue to pale yellow",
    ),
}


def load(index, en):
    for slug, (colours, shape, alt_ja, alt_en) in PHOTOS.items():
        page = IbashoPage.objects.child_of(index).filter(slug=slug).first()
        if page is None:
            continue
        image = demo_photo(f"ibasho-{slug}", f"demo: ibasho {slug}", colours, alt_ja, shape)
        update_page(page, image=image, image_alt="", image_decorative=False)
        upsert_translation(page, en, image=image, image_alt=alt_en, image_decorative=False)
