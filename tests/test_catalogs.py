import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from cms.core import catalogs

BASE_DIR = Path(settings.BASE_DIR)
OTHERS = [code for code, _name in settings.LANGUAGES if code not in ("ja", "en")]
MAKEMESSAGES = (
    ".venv/bin/python manage.py makemessages -l ja -l en -l ja_X-easy -l zh_Hans -l ko -l vi "
    "-l pt_BR -l ne --ignore=.venv --ignore=node_modules --ignore=tests --no-obsolete"
)


def project_catalogs(language):
    return [
        path
        for path in BASE_DIR.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]


def missing_entries(language, public_only=False):
    po = polib.pofile(str(catalogs.catalog_path(language)))
    return [
        entry.msgid
        for entry in po
        if not entry.obsolete
        and (catalogs.is_public(entry) or not public_only)
        and catalogs.missing(entry, language)
    ]


def test_the_japanese_catalogs_are_complete():
    catalogs_found = project_catalogs("ja")
    assert catalogs_found
    for path in catalogs_found:
        po = polib.pofile(str(path))
        missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
        assert missing == [], f"{path.relative_to(BASE_DIR)} lacks Japanese for {missing}"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_japanese_and_english_translate_every_entry(language):
    """English only needs a translation where the source string is not English."""
    missing = missing_entries(language)
    assert missing == [], f"{language}: {len(missing)} untranslated or fuzzy: {missing}"


# Finding the code's strings needs GNU xgettext, as makemessages does; CI installs it.
needs_xgettext = pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext's xgettext is not installed (Debian: apt-get install gettext)",
)


@needs_xgettext
def test_the_catalogs_hold_every_string_of_the_code():
    missing = catalogs.not_in_catalog("ja")
    assert missing == [], (
        f"{len(missing)} string(s) of the code are not in the catalogs: run `{MAKEMESSAGES}`, "
        f"then translate them: {[msgid for _context, msgid in missing]}"
    )


@needs_xgettext
def test_the_code_strings_are_found_as_makemessages_finds_them(tmp_path, settings):
    """The check above sees a new string in a template, in Python, and with a context."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% load i18n %}{% translate "A template string" %}'
        "{% blocktranslate with n=1 %}Hello {{ n }}{% endblocktranslate %}"
    )
    (tmp_path / "views.py").write_text(
        "from django.utils.translation import gettext_lazy as _, pgettext\n"
        "_('A Python string')\npgettext('month', 'May')\n"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("_('Only a test')\n")
    settings.BASE_DIR = tmp_path
    assert catalogs.code_msgids() == {
        (None, "A template string"),
        (None, "Hello %(n)s"),
        (None, "A Python string"),
        ("month", "May"),
    }


@pytest.mark.parametrize("language", OTHERS)
def test_the_other_languages_translate_everything_a_resident_reads(language):
    missing = missing_entries(language, public_only=True)
    assert missing == [], (
        f"{language}: {len(missing)} public string(s) untranslated or fuzzy "
        f"(cms.core.catalogs.is_public): {missing[:20]}"
    )


def test_catalog_coverage_prints_every_language(capsys):
    call_command("catalog_coverage")
    lines = capsys.readouterr().out.splitlines()
    for code, _name in settings.LANGUAGES:
        row = next(line for line in lines if line.split()[0] == code)
        public = catalogs.coverage(code)["public"]
        assert f"{public[0]}/{public[1]}" in row
