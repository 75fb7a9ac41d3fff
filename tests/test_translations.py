"""Both catalogues are complete, current, and Polish plurals have every form."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import ngettext

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("pl", "en")
# Every app's code; an app with its own ``locale/`` keeps its strings there (``make messages``
# puts them there), the others in the project's ``locale/``.
SOURCE_DIRS = tuple(
    name
    for name in ("config", "network", "cms", "chat", "visits", "monitoring", "opinions", "demo")
    if (ROOT / name).is_dir()
)
LOCALE_DIRS = (
    "locale",
    *(f"{name}/locale" for name in SOURCE_DIRS if (ROOT / name / "locale").is_dir()),
)
CATALOGUES = {
    (locale, lang): ROOT / locale / lang / "LC_MESSAGES" / "django.po"
    for locale in LOCALE_DIRS
    for lang in LANGUAGES
}


@pytest.mark.parametrize(("locale", "language"), sorted(CATALOGUES))
def test_catalogue_is_complete(locale, language):
    catalogue = polib.pofile(str(CATALOGUES[locale, language]))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {language}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:10]}"
    for entry in catalogue:
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
            assert all(forms), f"{language}: a plural form of {entry.msgid!r} is empty"


@pytest.mark.parametrize(("locale", "language"), sorted(CATALOGUES))
def test_catalogue_compiles(locale, language, tmp_path):
    """``msgfmt --check`` (what ``compilemessages`` runs) accepts it: format specifications
    of a translation match its message's, so ``make setup`` cannot fail on a catalogue."""
    result = subprocess.run(
        [
            "msgfmt",
            "--check-format",
            "--check-header",
            "-o",
            str(tmp_path / "django.mo"),
            str(CATALOGUES[locale, language]),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("locale", LOCALE_DIRS)
def test_polish_plurals_declare_the_polish_forms(locale):
    catalogue = polib.pofile(str(CATALOGUES[locale, "pl"]))
    assert "nplurals=4" in catalogue.metadata["Plural-Forms"]
    for entry in catalogue:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == 4, entry.msgid


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """makemessages on a copy of the code finds nothing the catalogues lack."""
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "pl", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path / "var")},
    )
    assert result.returncode == 0, result.stderr
    for locale in LOCALE_DIRS:
        fresh_file = tmp_path / locale / "pl/LC_MESSAGES/django.po"
        fresh = {entry.msgid for entry in polib.pofile(str(fresh_file))}
        current = {
            entry.msgid
            for entry in polib.pofile(str(CATALOGUES[locale, "pl"]))
            if not entry.obsolete
        }
        missing = sorted(fresh - current)
        assert not missing, f"missing from {locale} (run `make messages`): {missing[:10]}"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 osoba"),
        (3, "3 osoby"),
        (5, "5 osób"),
        (14, "14 osób"),
        (24, "24 osoby"),
        (101, "101 osób"),
    ],
)
def test_polish_plural_forms_render(count, expected):
    with translation.override("pl"):
        text = ngettext("%(counter)s member", "%(counter)s members", count) % {"counter": count}
    assert text == expected
