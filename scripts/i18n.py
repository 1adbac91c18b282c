"""Keep the translation catalogues complete and compiled.

    python scripts/i18n.py update [TRANSLATIONS.json ...]   extract, merge translations, compile
    python scripts/i18n.py check                            fail if anything is missing or stale

Source strings are English. ``locale/vi`` must translate every one; ``locale/en`` repeats the
English so that both catalogues are complete. A JSON file maps English msgids to Vietnamese
(for plural entries: a list of forms). Runs under a file lock so that parallel edits do not
overwrite each other.
"""

import fcntl
import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGS = ("vi", "en")
# templates/simple_history copies django-simple-history's templates: locale_thirdparty has them.
IGNORES = [
    ".venv",
    "venv",
    "staticfiles",
    "static/vendor",
    "node_modules",
    "locale_thirdparty",
    "templates/simple_history",
]


@contextmanager
def locked():
    with open(tempfile.gettempdir() + "/longbien-i18n.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def po_path(lang: str, root: Path = LOCALE) -> Path:
    return root / lang / "LC_MESSAGES" / "django.po"


def extract(target: Path) -> None:
    """Run makemessages so that ``target``'s catalogues hold exactly the current msgids."""
    for lang in LANGS:
        po_path(lang, target).parent.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "manage.py", "makemessages", "--no-location", "--no-obsolete"]
    for lang in LANGS:
        args += ["-l", lang]
    for ignore in IGNORES:
        args += ["-i", ignore]
    env = {"DJANGO_SETTINGS_MODULE": "longbien_eval.settings.base", "PATH": "/usr/bin:/bin"}
    if target == LOCALE:
        subprocess.run(args, cwd=ROOT, check=True, env=env, capture_output=True)
        return
    # makemessages writes into LOCALE_PATHS[0] (pointed at the copy) but also into the
    # ./locale it finds in the working directory: keep the real catalogues as they were, so
    # that ``check`` changes nothing.
    env["I18N_LOCALE_DIR"] = str(target)
    real = {path: path.read_bytes() for path in LOCALE.glob("*/LC_MESSAGES/django.po")}
    try:
        subprocess.run(args, cwd=ROOT, check=True, env=env, capture_output=True)
    finally:
        for path, content in real.items():
            if path.read_bytes() != content:
                path.write_bytes(content)


HEADER = {
    "Project-Id-Version": "longbien-eval",
    "PO-Revision-Date": "2026-11-22 00:00+0700",
    "Last-Translator": "longbien-eval developers",
    "Language-Team": "longbien-eval developers",
}


def fill(translations: dict) -> list[str]:
    """Apply Vietnamese translations; make English complete; return untranslated msgids."""
    vi = polib.pofile(str(po_path("vi")))
    vi.metadata.update(HEADER)
    for entry in vi:
        if entry.msgid in translations:
            value = translations[entry.msgid]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = dict(enumerate(forms[:1]))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    vi.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    vi.metadata["Language"] = "vi"
    vi.save()
    en = polib.pofile(str(po_path("en")))
    en.metadata.update(HEADER)
    for entry in en:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    en.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    en.metadata["Language"] = "en"
    en.save()
    return [e.msgid for e in vi if not e.translated() or "fuzzy" in e.flags]


def compile_all() -> None:
    for lang in LANGS:
        po = po_path(lang)
        subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    third = ROOT / "locale_thirdparty" / "vi" / "LC_MESSAGES" / "django.po"
    if third.exists():
        subprocess.run(
            ["msgfmt", "--check", "-o", str(third.with_suffix(".mo")), str(third)], check=True
        )


def update(json_files: list[str]) -> int:
    translations = {}
    for name in json_files:
        translations.update(json.loads(Path(name).read_text(encoding="utf-8")))
    with locked():
        extract(LOCALE)
        missing = fill(translations)
        compile_all()
    for msgid in missing:
        print(f"untranslated (vi): {msgid!r}")
    print(f"{len(missing)} untranslated msgids in locale/vi")
    return 0


def check() -> int:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "locale"
        shutil.copytree(LOCALE, copy)
        extract(copy)
        for lang in LANGS:
            fresh = {e.msgid for e in polib.pofile(str(po_path(lang, copy)))}
            committed = {e.msgid for e in polib.pofile(str(po_path(lang)))}
            for msgid in sorted(fresh - committed):
                problems.append(f"{lang}: not in the catalogue: {msgid!r}")
            for msgid in sorted(committed - fresh):
                problems.append(f"{lang}: no longer in the code: {msgid!r}")
        for lang in LANGS:
            po = po_path(lang)
            for entry in polib.pofile(str(po)):
                if not entry.translated() or "fuzzy" in entry.flags:
                    problems.append(f"{lang}: untranslated: {entry.msgid!r}")
            compiled = Path(tmp) / f"{lang}.mo"
            subprocess.run(["msgfmt", "-o", str(compiled), str(po)], check=True)
            if not filecmp.cmp(compiled, po.with_suffix(".mo"), shallow=False):
                problems.append(f"{lang}: django.mo is not compiled from django.po")
    for problem in problems:
        print(problem)
    print("translations: " + ("OK" if not problems else f"{len(problems)} problems"))
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        sys.exit(update(sys.argv[2:]))
    if command == "check":
        sys.exit(check())
    print(__doc__)
    sys.exit(2)
