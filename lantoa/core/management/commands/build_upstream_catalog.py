"""Build (or refresh) the Vietnamese catalog that overrides Wagtail's and Django's own.

Upstream catalogs translate about a fifth of Wagtail's admin into Vietnamese. This command
collects every message of the upstream apps Lan Tỏa uses into
`locale_upstream/vi/LC_MESSAGES/{django,djangojs}.po`: a message keeps our translation when
the catalog already has one, else takes upstream's Vietnamese, else is left empty for a
translator. Run it after upgrading Wagtail or Django, then translate what it reports.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

# (package, path of the catalog folder inside it); English sources are read from the
# "en" catalog where upstream ships one, else from any catalog (msgids are the same).
SOURCES = [
    ("wagtail", "locale"),
    ("wagtail", "admin/locale"),
    ("wagtail", "users/locale"),
    ("wagtail", "images/locale"),
    ("wagtail", "documents/locale"),
    ("wagtail", "snippets/locale"),
    ("wagtail", "sites/locale"),
    ("wagtail", "search/locale"),
    ("wagtail", "embeds/locale"),
    ("wagtail", "contrib/redirects/locale"),
    ("wagtail", "contrib/forms/locale"),
    ("wagtail", "contrib/settings/locale"),
    ("django", "conf/locale"),
    ("django", "contrib/auth/locale"),
    ("django", "contrib/contenttypes/locale"),
    ("django", "contrib/humanize/locale"),
    ("django_filters", "locale"),
    ("taggit", "locale"),
]
DOMAINS = ("django", "djangojs")


def package_dir(name: str) -> Path:
    return Path(importlib.util.find_spec(name).origin).parent


def source_catalogs(domain: str):
    """Yield (english_catalog, vietnamese_catalog_or_None) per upstream catalog folder."""
    for package, folder in SOURCES:
        base = package_dir(package) / folder
        english = base / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not english.exists():
            candidates = sorted(base.glob(f"*/LC_MESSAGES/{domain}.po"))
            if not candidates:
                continue
            english = candidates[0]
        vietnamese = base / "vi" / "LC_MESSAGES" / f"{domain}.po"
        yield polib.pofile(str(english)), polib.pofile(str(vietnamese)) if vietnamese.exists() else None


def key(entry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def is_translated(entry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def new_catalog() -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = {
        "Project-Id-Version": "Lan Tỏa (Wagtail and Django messages)",
        "Language": "vi",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return catalog


def build(domain: str, target: Path) -> tuple[int, int]:
    catalog = polib.pofile(str(target)) if target.exists() else new_catalog()
    ours = {key(e): e for e in catalog if not e.obsolete}
    for english, vietnamese in source_catalogs(domain):
        upstream = {key(e): e for e in vietnamese} if vietnamese else {}
        for source in english:
            if source.obsolete or not source.msgid or key(source) in ours:
                continue
            entry = polib.POEntry(msgctxt=source.msgctxt, msgid=source.msgid, msgid_plural=source.msgid_plural)
            translated = upstream.get(key(source))
            if translated is not None and is_translated(translated):
                entry.msgstr, entry.msgstr_plural = translated.msgstr, dict(translated.msgstr_plural)
            elif source.msgid_plural:
                entry.msgstr_plural = {0: ""}
            catalog.append(entry)
            ours[key(source)] = entry
    target.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(target))
    missing = sum(1 for e in catalog if not e.obsolete and not is_translated(e))
    return len(ours), missing


class Command(BaseCommand):
    help = "Collect upstream (Wagtail, Django) messages into locale_upstream/vi for translation."

    def handle(self, **options):
        root = Path(settings.BASE_DIR) / "locale_upstream" / "vi" / "LC_MESSAGES"
        for domain in DOMAINS:
            total, missing = build(domain, root / f"{domain}.po")
            self.stdout.write(f"{domain}.po: {total} messages, {missing} without a Vietnamese translation")
