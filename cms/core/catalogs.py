"""The project's gettext catalogs and what of them a resident reads.

Japanese and English are complete: every string of the code has its Japanese, and English,
the language of the source strings, only needs a translation where a source string is not
English. The other languages must at least cover what a resident reads — navigation, the
navigator, every public form with its errors, mails and PDFs — which is every string whose
source is public: a template that is not the admin's, a form, a view, a mail and the task
that sends it (its subject), a printed document, or a refusal (the services', the spam
trap's, the rate limit's). Strings only the admin shows (viewsets, hooks, reports, the dashboard,
management commands, model help texts) are translated there when someone has the time.
"""

import re
import subprocess
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

# A source file is admin-only when its path contains one of these.
ADMIN_ONLY = (
    "/admin/",
    "admin_views.py",
    "viewsets.py",
    "wagtail_hooks.py",
    "panels.py",
    "management/",
    "apps.py",
    "cms/settings/",
    "cms/reports/",
    "templates/reports/",
    "roles.py",
    "dashboard.py",
    "yearly.py",
    "sections.py",
    "exports.py",
    "reports.py",
)
# ... and public when it matches one of these (and is not admin-only).
PUBLIC = re.compile(
    r"^templates/"
    r"|(^|/)forms(\.py|/)"
    r"|(^|/)views(\.py|/)"
    r"|^cms/navigator/"
    r"|^cms/search/"
    r"|(^|/)errors\.py$"
    r"|(^|/)capacity\.py$"
    r"|(^|/)services(\.py|/)"
    r"|(^|/)mail"
    r"|(^|/)(flyer|certificates|pdf|feeds|private_feeds|handbook)\.py$"
    r"|(^|/)templates/"
    r"|(^|/)tasks\.py$"
    r"|(^|/)messages\.py$"
    r"|(^|/)(honeypot|ratelimit)\.py$"
    r"|(^|/)mypage\.py$"
)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def is_public(entry):
    """Whether a resident reads this catalog entry somewhere (see the module)."""
    return any(
        PUBLIC.search(path) and not any(part in path for part in ADMIN_ONLY)
        for path, _line in entry.occurrences
    )


def catalog_path(language):
    """The project's catalog of a language code of settings.LANGUAGES."""
    return Path(settings.LOCALE_PATHS[0]) / to_locale(language) / "LC_MESSAGES" / "django.po"


def missing(entry, language):
    """Whether the entry has no usable translation in that language: untranslated or fuzzy.
    An English entry needs none where its source string is English already."""
    if "fuzzy" in entry.flags:
        return True
    if entry.translated():
        return False
    return not (language == "en" and not JAPANESE.search(entry.msgid))


def coverage(language):
    """(translated, total) over every entry, and over the public ones, of a language."""
    po = polib.pofile(str(catalog_path(language)))
    entries = [e for e in po if not e.obsolete]
    public = [e for e in entries if is_public(e)]
    return {
        "all": (sum(not missing(e, language) for e in entries), len(entries)),
        "public": (sum(not missing(e, language) for e in public), len(public)),
    }


# What makemessages reads: the README's command ignores these folders.
IGNORED = {".venv", "node_modules", "tests", "staticfiles", "media", "private-media"}
KEYWORDS = (
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy:1,2",
    "pgettext:1c,2",
    "npgettext:1c,2,3",
    "pgettext_lazy:1c,2",
    "npgettext_lazy:1c,2,3",
)


def source_files(base):
    """The files makemessages reads under base: Python and templates (.html, .txt)."""
    for path in sorted(base.rglob("*")):
        parts = path.relative_to(base).parts
        if any(p in IGNORED or p.startswith(".") for p in parts[:-1]) or not path.is_file():
            continue
        if path.suffix in (".py", ".html", ".txt") and not path.name.startswith("."):
            yield path


def code_msgids():
    """The (msgctxt, msgid) of every translatable string of the code, found as makemessages
    finds them (templates turned into Python by Django's templatize, then GNU xgettext)."""
    base = Path(settings.BASE_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for path in source_files(base):
            if path.suffix == ".py":
                inputs.append(str(path))
                continue
            relative = path.relative_to(base)
            target = Path(tmp) / f"{relative}.py"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(relative)))
            inputs.append(str(target))
        listing = Path(tmp) / "files.txt"
        listing.write_text("\n".join(inputs) + "\n")
        output = Path(tmp) / "code.pot"
        subprocess.run(  # noqa: S603 (fixed arguments, our own files)
            ["xgettext", "--language=Python", "--from-code=UTF-8", "--force-po"]
            + [f"--keyword={k}" for k in KEYWORDS]
            + ["--files-from", str(listing), "--output", str(output)],
            check=True,
            capture_output=True,
        )
        return {(e.msgctxt, e.msgid) for e in polib.pofile(str(output))}


def not_in_catalog(language="ja"):
    """The code's translatable strings that the language's catalog does not hold, sorted."""
    po = polib.pofile(str(catalog_path(language)))
    held = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
    return sorted(code_msgids() - held, key=lambda k: (k[0] or "", k[1]))
