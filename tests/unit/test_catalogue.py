"""The gettext catalogues: Swedish done properly – a count gets the right number ("1 ny rapport",
"2 nya rapporter"), no English in the Swedish texts, the .mo files compiled from the .po files."""

from __future__ import annotations

import gettext
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.domain.agenda import CarriedOver, OpenAction, compile_agenda
from bot.domain.statistics import WEEK, ActionFact, Period, ReportFact, compute, situation
from bot.files.lagesbild import lagesbild_markdown
from bot.results.actions import ActionView
from bot.results.common import ReportView
from bot.results.home import Page
from bot.results.outbox import Undelivered
from bot.results.responsibility import Minutes, MinutesEntry
from bot.texts import EN, SV, Texts
from handlers.blocks.actions import digest
from handlers.blocks.agenda import AgendaRenderer
from handlers.blocks.delivery import undelivered
from handlers.blocks.home import home_view
from handlers.blocks.mine import my_actions
from handlers.blocks.statistics import statistics_summary
from tests.unit.test_agenda import report
from tests.unit.test_home_blocks import full_home

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "bot" / "locale"
TZ = ZoneInfo("Europe/Stockholm")
TEXTS = Texts("sv")
TODAY = date(2026, 12, 1)
MEETING = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

# ------------------------------------------------------------------ "1 … -er/-or/-ar" slips

WORD = r"[A-Za-zÅÄÖåäöÉé]+"
# "1" (not part of a longer number, date or reference), markup, a word, and maybe the next word.
AFTER_ONE = re.compile(rf"(?<![\w.,:/–+-])1[*_]*\s+[*_]*({WORD})(?:\s+[*_]*({WORD}))?")
PLURAL_ENDING = re.compile(r"(er|or|ar|na)$")
NEUTER_PLURALS = {"meddelanden", "möten", "ärenden", "dagordningar"}  # plurals the endings miss
# Singular words that end like a plural: months after a day ("1 december"), nouns and small words.
SINGULAR_LOOKALIKES = {
    "september", "oktober", "november", "december",
    "kilometer", "meter", "nummer", "sommar", "vinter", "semester", "kvarter", "rektor",
    "eller", "efter", "under", "över", "sedan", "per", "klar",
}  # fmt: skip
# Verbs in the present tense end like a plural too: "{period} kommer som …", "{by_unit} menar att …".
VERBS = {"kommer", "ligger", "menar", "gäller", "väntar", "finns", "behöver", "svarar", "visar"}


def _plural_looking(word: str) -> bool:
    word = word.lower()
    if word in NEUTER_PLURALS:
        return True
    ordinary = word not in SINGULAR_LOOKALIKES and word not in VERBS
    return bool(PLURAL_ENDING.search(word)) and ordinary and len(word) > 3


def slips(text: str) -> list[str]:
    """Slips like "1 nya rapporter", "1 öppna åtgärder", "**1** åtgärder", "1 meddelanden".
    A capitalised word after the 1 starts a new sentence ("{reports} Rapporter och …"), not a noun."""
    found = []
    for match in AFTER_ONE.finditer(text):
        first, second = match.group(1), match.group(2)
        if first[0].isupper():
            continue
        adjective_then_plural = first.lower().endswith(("a", "e")) and second and _plural_looking(second)
        if _plural_looking(first) or adjective_then_plural:
            found.append(match.group(0))
    return found


def test_the_slip_finder_finds_the_slips_users_saw():
    for slip in (
        "1 nya rapporter",
        "1 öppna åtgärder",
        "1 beslutade punkter",
        "**1** åtgärder gavs ut",
        "2 punkter i 1 meddelanden",
        "om 1 arbetsdagar",
        "(1 dagar sen)",
        "1 rapporter",
    ):
        assert slips(slip), slip
    for fine in (
        "1 ny rapport",
        "1 öppen åtgärd (1 försenad)",
        "tisdag 1 december kl. 09:00",
        "ÖMM-2026-0001 ska",
        "del 2–11 punkter",
        "(+1 mot 5–25 okt.)",
        "1 Rapporter och åtgärder som skulle ha tagits upp",
        "2 nya rapporter",
    ):
        assert not slips(fine), fine


def _fields(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def _filled(text: str, value: object = 1, **values: object) -> str:
    return text.format(**{name: values.get(name, value) for name in _fields(text)})


def test_every_swedish_message_with_a_count_is_a_plural_message():
    """Every placeholder of every plain message filled with 1: a count written as a plain
    placeholder ("{n} rapporter", "{antal} åtgärder", "{days} dagar") shows as a slip."""
    plain = {key: text for key, text in SV.items() if isinstance(text, str)}
    assert len(plain) > 500
    found = {key: slips(_filled(text)) for key, text in plain.items()}
    assert {key: s for key, s in found.items() if s} == {}


@pytest.mark.parametrize("n", [0, 1, 2])
def test_every_message_with_counts_0_1_and_2_has_no_plural_slip(n: int):
    plurals = [key for key, text in SV.items() if isinstance(text, tuple)]
    assert len(plurals) >= 25
    for key, text in SV.items():
        if isinstance(text, tuple):
            fields = _fields(text[0]) | _fields(text[1])
            shown = TEXTS.plural(key, n, **{name: 1 for name in fields - {"n"}})
            assert str(n) in shown or n == 1, (key, shown)  # one may be "En rapport …"
        else:
            shown = _filled(text, n)
        assert not slips(shown), (key, shown)


def test_a_plural_message_says_one_in_its_one_form_and_the_count_in_its_other():
    for catalog in (SV, EN):
        for key, text in catalog.items():
            if isinstance(text, tuple):
                one, other = text
                assert "{n}" in other, key
                assert "{n}" not in one, (key, "the one form spells out its count: '1 …' or 'En …'")


# ------------------------------------------------------------------ the builders, with 0, 1, 2


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _shown(*parts: object) -> str:
    text = "\n".join(_strings(list(parts)))
    assert not slips(text), slips(text)
    return text


def _action(n: int, due: date) -> ActionView:
    return ActionView(
        n, f"ÖMM-2026-{n:04d}", "Polisen", "UCOP1", f"Åtgärd {n}", due, "open", "Entrén", "Skolan", "U1"
    )


def _report_view(n: int) -> ReportView:
    return ReportView(
        n, f"ÖMM-2026-{n:04d}", "UHEAD1", "arson", "Rosengårdsskolan", "Öster", "Entrén", date(2026, 11, 20),
        None, False, "Brand.", "new",
    )  # fmt: skip


def test_the_agenda_header_counts_new_reports_actions_and_carried_items():
    render = AgendaRenderer(TEXTS, TZ)
    said = []
    for n in (0, 1, 2):
        agenda = compile_agenda(
            meeting_starts_at=MEETING,
            today=TODAY,
            new_reports=[report(i, minutes=i) for i in range(1, n + 1)],
            open_actions=[
                OpenAction(i, f"ÖMM-2026-{i:04d}", "Polisen", None, "Besök", TODAY - timedelta(days=1))
                for i in range(101, 101 + n)
            ],
            carried=[
                CarriedOver(report(200 + i, minutes=-10000), "tabled", MEETING - timedelta(days=7))
                for i in range(n)
            ],
        )
        said.append(
            _shown([(m.text, m.blocks) for m in render.messages(agenda, mode="preview", meeting_id=7)])
        )
    assert "0 nya rapporter" in said[0]
    assert "1 ny rapport ·" in said[1] and "1 öppen åtgärd (1 försenad)" in said[1]
    assert "1 bordlagd eller ej avgjord" in said[1]
    assert "2 nya rapporter" in said[2] and "2 öppna åtgärder (2 försenade)" in said[2]
    assert "2 bordlagda eller ej avgjorda" in said[2]


def test_the_minutes_header_counts_decided_items():
    render = AgendaRenderer(TEXTS, TZ)
    said = []
    for n in (0, 1, 2):
        decided = tuple(MinutesEntry(i, _report_view(i), ()) for i in range(1, n + 1))
        said.append(_shown([(m.text, m.blocks) for m in render.minutes(Minutes(MEETING, decided, ()))]))
    assert "· 0 beslutade punkter · 0 tas upp igen" in said[0]
    assert "· 1 beslutad punkt · 0 tas upp igen" in said[1]
    assert "· 2 beslutade punkter ·" in said[2]


def test_the_digest_and_mina_count_open_actions():
    for n, count in ((0, "0 öppna åtgärder"), (1, "1 öppen åtgärd"), (2, "2 öppna åtgärder")):
        actions = [_action(i, TODAY + timedelta(days=i)) for i in range(1, n + 1)]
        sent = digest(actions, TODAY, TEXTS)
        mine = my_actions(actions, TODAY, TEXTS)
        assert count in _shown(sent.text, sent.blocks) and count in _shown(mine.text, mine.blocks)
        assert f"Du har {count}" == sent.text
    two_groups = my_actions(
        [_action(1, TODAY - timedelta(days=1)), _action(2, TODAY + timedelta(days=30))], TODAY, TEXTS
    )
    assert "*Försenade* – 1 åtgärd" in _shown(two_groups.blocks)


def test_the_delivery_summary_counts_messages_and_hours():
    due = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    for n in (1, 2):
        failures = [
            Undelivered("reminder", f"U{i}", "horizon:fatal_error", due, "Påminnelse") for i in range(n)
        ]
        text, blocks = undelivered(failures, timedelta(hours=1), TEXTS, TZ)
        shown = _shown(text, blocks)
        assert ("Ett meddelande från Örat kom inte fram" if n == 1 else "2 meddelanden från Örat") in shown
        assert "på 1 timme" in shown


def test_the_statistics_summary_and_the_lagesbild_count_reports_and_actions():
    period = Period(date(2026, 11, 2), date(2026, 11, 15), WEEK)
    for n in (0, 1, 2):
        facts = [ReportFact(date(2026, 11, 3), "arson", "Öster", "Holma", "Entrén") for _ in range(n)]
        actions = [
            ActionFact("Polisen", date(2026, 11, 3), date(2026, 11, 5), "open", None) for _ in range(n)
        ]
        stats = compute(facts, period)
        summary = statistics_summary(stats, TEXTS)
        shown = _shown(summary.text, summary.blocks)
        markdown = _shown(
            lagesbild_markdown(
                situation(facts, actions, period, date(2026, 11, 15)),
                TEXTS,
                charts={"categories": "a.png", "areas": "b.png", "actors": "c.png"},
                generated_at=MEETING,
                tz=TZ,
            )
        )
        if n == 1:
            assert "– 1 rapport (" in shown
            assert (
                "**1** rapport under perioden" in markdown
                and "**1** åtgärd gavs ut; **0** blev klara" in markdown
            )
            assert "**1** öppen åtgärd, varav **1** försenad." in markdown
        if n == 2:
            assert "– 2 rapporter (" in shown and "**2** åtgärder gavs ut" in markdown


def test_the_chairs_home_says_how_many_days_an_action_is_late():
    home = full_home()
    for days, said in ((1, "(1 dag sen)"), (2, "(2 dagar sen)")):
        late = [_action(1, home.today - timedelta(days=days))]
        view = home_view(replace(home, overdue=Page(tuple(late), 8, 1, 0)), TEXTS, TZ)
        assert said in _shown(view["blocks"])


def test_publishing_says_items_and_messages_in_the_right_number():
    def published(items: int, messages: int) -> str:
        return TEXTS.plural("agenda.published_now", items, messages=TEXTS.plural("count.messages", messages))

    assert published(2, 1) == "Dagordningen är publicerad: 2 punkter i 1 meddelande."
    assert published(1, 1) == "Dagordningen är publicerad: 1 punkt i 1 meddelande."
    assert published(300, 4) == "Dagordningen är publicerad: 300 punkter i 4 meddelanden."


# ------------------------------------------------------------------ no English in Swedish

# English UI words that must not appear in a Swedish text (case-insensitive, whole words).
# ("status" and "logg" are Swedish too; "agenda" is English usage here: the UI says dagordning.)
ENGLISH = {
    "deadline", "deadlines", "deadlinen", "report", "reports", "meeting", "meetings", "action", "actions",
    "owner", "chair", "chairs", "draft", "agenda", "agendan", "done", "due", "review", "reviewer", "issue",
    "update", "save", "cancel", "submit", "edit", "delete", "settings", "please", "click", "button",
    "user", "item", "items", "minutes", "summary", "overdue", "help", "workspace", "the", "and", "of",
    "to", "for", "with", "you", "your", "is", "are", "not", "new", "open", "close", "back", "next",
    "show", "more", "email", "mail", "feedback", "follow-up", "followup", "team",
}  # fmt: skip
# Names Swedish users see as they are: the products, file formats and the "Home" tab.
ALLOWED = {"slack", "home", "outlook", "excel", "markdown", "csv", "png", "ics", "icalendar"}
NOT_PROSE = re.compile(
    r"`[^`]*`"  # commands and code: `/orat agenda`, `python -m bot audit`
    r"|<[^>]*>"  # mentions and links: <@{user}>, <https://…|…>
    r"|:[a-z0-9_+-]+:"  # emoji codes: :white_check_mark:
    r"|\{\w+\}"  # placeholders
    r"|https?://\S+"
    r"|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"  # settings: ORAT_MEETING_CHANNEL
    r"|/orat\b[^.\n]*|/rapportera"  # a command written without backticks
)


def test_no_english_word_in_swedish_texts():
    found = {}
    for key, text in SV.items():
        for form in text if isinstance(text, tuple) else (text,):
            words = {w.lower() for w in re.findall(r"[A-Za-zÅÄÖåäöÉé-]+", NOT_PROSE.sub(" ", form))}
            english = (words & ENGLISH) - ALLOWED
            if english:
                found[key] = sorted(english)
    assert found == {}


def test_the_swedish_texts_never_say_deadline():
    assert [key for key, text in SV.items() if "deadline" in str(text).lower()] == []


# ------------------------------------------------------------------ the .po and .mo files


def test_sv_and_en_have_the_same_keys_placeholders_and_plural_messages():
    assert SV.keys() == EN.keys()
    for key in SV:
        sv, en = SV[key], EN[key]
        assert isinstance(sv, tuple) == isinstance(en, tuple), key
        forms = (sv, en) if isinstance(sv, str) else (*sv, *en)
        assert len({frozenset(_fields(form) - {"n"}) for form in forms}) == 1, key


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_mo_file_is_what_babel_compiles_from_the_po_file(language: str):
    """A .po change without ``make messages`` leaves a stale .mo: this fails until it is compiled."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "orat.po").open("rb") as handle:
        catalog = read_po(handle, locale=language, domain="orat")
    out = BytesIO()
    write_mo(out, catalog)
    committed = (folder / "orat.mo").read_bytes()
    fresh = gettext.GNUTranslations(BytesIO(out.getvalue()))
    loaded = gettext.GNUTranslations(BytesIO(committed))
    header = "Generated-By"  # the Babel version that compiled it: the only part allowed to differ
    assert {k: v for k, v in loaded._catalog.items() if k} == {
        k: v for k, v in fresh._catalog.items() if k
    }, "stale .mo file: run `make messages`"
    assert {k: v for k, v in loaded.info().items() if k != header.lower()} == {
        k: v for k, v in fresh.info().items() if k != header.lower()
    }
    if loaded.info().get(header.lower()) == fresh.info().get(header.lower()):
        assert committed == out.getvalue(), "stale .mo file: run `make messages`"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_po_header_names_the_language_and_its_plural_forms(language: str):
    po = (LOCALE / language / "LC_MESSAGES" / "orat.po").read_text(encoding="utf-8")
    assert f'"Language: {language}\\n"' in po
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in po
    assert '"Content-Type: text/plain; charset=utf-8\\n"' in po


def test_texts_come_from_the_compiled_catalogue_through_gettext():
    with (LOCALE / "sv" / "LC_MESSAGES" / "orat.mo").open("rb") as handle:
        sv = gettext.GNUTranslations(handle)
    assert TEXTS("agenda.header") == sv.gettext("agenda.header")
    for n in (0, 1, 2, 21):
        assert TEXTS.plural("agenda.count_new", n) == sv.ngettext("agenda.count_new", "", n).format(n=n)
    assert TEXTS.plural("agenda.count_new", 1) == "1 ny rapport"
    assert Texts("en").plural("agenda.count_new", 1) == "1 new report"
    with pytest.raises(TypeError):
        TEXTS("agenda.count_new")
    with pytest.raises(KeyError):
        TEXTS("no.such.key")
