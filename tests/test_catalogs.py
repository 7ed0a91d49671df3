from pathlib import Path

import polib
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def project_catalogs(language):
    return [
        path
        for path in BASE_DIR.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]


def test_the_japanese_catalogs_are_complete():
    catalogs = project_catalogs("ja")
    assert catalogs
    for path in catalogs:
        po = polib.pofile(str(path))
        missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
        assert missing == [], f"{path.relative_to(BASE_DIR)} lacks Japanese for {missing}"
