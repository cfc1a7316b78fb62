"""Every user-facing string is translated into German and Spanish, and the compiled catalogues are current."""

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[3] / "locale"


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_string_is_translated_and_compiled(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po if not e.translated()]
    assert untranslated == [], f"untranslated or fuzzy in {language}: {untranslated[:10]}"
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    def compiled_text(entry):
        if entry.msgid_plural:
            return compiled.ngettext(entry.msgid, entry.msgid_plural, 2)
        if entry.msgctxt:
            return compiled.pgettext(entry.msgctxt, entry.msgid)
        return compiled.gettext(entry.msgid)

    stale = [e.msgid for e in po if compiled_text(e) != (e.msgstr_plural[1] if e.msgid_plural else e.msgstr)]
    assert stale == [], f"run `make messages`: the compiled catalogue is older than the .po file ({stale[:5]})"
