"""Writes the gettext catalogues (bot/locale/{sv,en}/LC_MESSAGES/orat.po) from a Python
``TEXTS = {"key": Text(sv=..., en=...) | Plural(sv=(one, many), en=(one, many)), ...}`` dict,
then compiles the .mo files the bot loads.

The .po files are the source of the catalogue. This one-off converter turned the old
``bot/texts.py`` catalogue into them, and can be run again on an old copy of that file (e.g. one
another branch still adds keys to), merging its keys into the .po files::

    git show <commit>:bot/texts.py > /tmp/old_texts.py
    .venv/bin/python tools/texts_to_po.py --from /tmp/old_texts.py            # add missing keys
    .venv/bin/python tools/texts_to_po.py --from /tmp/old_texts.py --update   # … and take changed texts

Keys already in the .po files keep their text (unless ``--update``) and their place; a new key goes
right after the key it follows in ``TEXTS``. Each run lists what it added or would change. The file
is read with ``ast``, never imported or executed.

``python tools/texts_to_po.py --compile`` (what ``make messages`` runs) only recompiles the .mo files.
"""

from __future__ import annotations

import argparse
import ast
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "bot" / "locale"
DOMAIN = "orat"
LANGUAGES = ("sv", "en")
PLURAL_SUFFIX = ".plural"  # msgid_plural of a message with a count: its key + ".plural"
CREATED = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # fixed, so a rerun changes nothing
HEADER = """\
# Örat – the bot's texts, {language_name} ({language}).
# msgid is the key the code asks for (texts("agenda.text", when=...)); msgstr is the text, with
# str.format placeholders ({{when}}). A text with a count has msgid_plural (the key + ".plural")
# and msgstr[0] (one) / msgstr[1] (other), chosen by ngettext; {{n}} is the count.
# After editing: make messages (compiles the .mo files the bot loads).
#"""
LANGUAGE_NAMES = {"sv": "svenska", "en": "English"}

Entry = str | tuple[str, str]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def texts_from_source(path: Path) -> dict[str, dict[str, Entry]]:
    """``{"sv": {key: text or (one, many)}, "en": {...}}`` from the ``TEXTS`` dict in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = None
    for node in tree.body:
        target = (
            node.target
            if isinstance(node, ast.AnnAssign)
            else (node.targets[0] if isinstance(node, ast.Assign) else None)
        )
        if isinstance(target, ast.Name) and target.id == "TEXTS" and isinstance(node.value, ast.Dict):
            found = node.value
    if found is None:
        raise SystemExit(f"{path}: no TEXTS = {{...}} dict (the .po files are the source now; pass --from)")
    out: dict[str, dict[str, Entry]] = {language: {} for language in LANGUAGES}
    for key_node, value in zip(found.keys, found.values, strict=True):
        key = ast.literal_eval(key_node)
        if not (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in {"Text", "Plural"}
        ):
            raise SystemExit(f"{path}:{value.lineno}: {key} is not Text(...) or Plural(...)")
        fields = {kw.arg: ast.literal_eval(kw.value) for kw in value.keywords}
        for language in LANGUAGES:
            text = fields[language]
            if value.func.id == "Plural":
                one, many = text
                text = (one, many)
            out[language][key] = text
    return out


def read_catalogue(language: str) -> dict[str, Entry]:
    """The .po file's messages in file order (empty if there is none yet)."""
    path = po_path(language)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    return {
        (m.id[0] if isinstance(m.id, tuple) else m.id): (
            tuple(m.string) if isinstance(m.id, tuple) else m.string
        )
        for m in catalog
        if m.id
    }


def merged(
    existing: dict[str, Entry], source: dict[str, Entry], update: bool
) -> tuple[dict[str, Entry], list[str], list[str]]:
    """``existing`` with ``source``'s new keys (after the key they follow there) and, with
    ``update``, its changed texts. Returns (messages, added keys, changed keys)."""
    order = list(existing)
    added = [key for key in source if key not in existing]
    changed = [key for key in source if key in existing and existing[key] != source[key]]
    previous_of = {}
    last = None
    for key in source:
        previous_of[key] = last
        last = key
    for key in added:
        before = previous_of[key]
        while before is not None and before not in order:
            before = previous_of[before]
        order.insert(0 if before is None else order.index(before) + 1, key)
    messages = {
        key: (
            source[key] if key in source and (key in added or (update and key in changed)) else existing[key]
        )
        for key in order
    }
    return messages, added, changed


def write_catalogue(language: str, messages: dict[str, Entry]) -> None:
    catalog = Catalog(
        locale=language,
        domain=DOMAIN,
        header_comment=HEADER.format(language=language, language_name=LANGUAGE_NAMES[language]),
        project="Örat",
        version="1",
        creation_date=CREATED,
        revision_date=CREATED,
        language_team=f"Örat <{language}>",
        charset="utf-8",
        fuzzy=False,
    )
    for key, text in messages.items():
        if isinstance(text, tuple):
            catalog.add((key, key + PLURAL_SUFFIX), string=text)
        else:
            catalog.add(key, string=text)
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # No wrapping: one line per text, so a text is found with grep and edited in one place.
        write_po(handle, catalog, width=0, omit_header=False, ignore_obsolete=True, include_lineno=False)


def compiled(language: str) -> bytes:
    """The .mo file Babel compiles from the language's .po file (what ``pybabel compile`` writes)."""
    from io import BytesIO

    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    out = BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def compile_all() -> None:
    for language in LANGUAGES:
        mo_path(language).write_bytes(compiled(language))
        print(f"texts_to_po: {mo_path(language).relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, default=ROOT / "bot" / "texts.py")
    parser.add_argument(
        "--update", action="store_true", help="also take texts that differ from the .po files"
    )
    parser.add_argument("--compile", action="store_true", help="only compile the .po files into .mo files")
    args = parser.parse_args(argv)
    if not args.compile:
        source = texts_from_source(args.source)
        for language in LANGUAGES:
            messages, added, changed = merged(read_catalogue(language), source[language], args.update)
            write_catalogue(language, messages)
            where = po_path(language).relative_to(ROOT)
            print(f"texts_to_po: {where}: {len(messages)} texts, {len(added)} added")
            for key in added:
                print(f"  + {key}")
            for key in changed:
                note = "" if args.update else " differs (kept the .po text; --update takes it)"
                print(f"  {'~' if args.update else '!'} {key}{note}")
    compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
