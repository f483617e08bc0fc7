"""Text as people type it after ``/orat statistik``, ``/orat lagesbild`` and ``/orat möte flytta``,
and the odd text they (or a cat on the keyboard) type instead: hypothesis strategies shared by the
parser fuzz tests (``tests/unit/test_command_parsers_fuzz.py``) and the end-to-end ones
(``tests/e2e/test_odd_command_text.py``)."""

from __future__ import annotations

from hypothesis import strategies as st

MONTH_WORDS = ["jan", "januari", "feb", "mars", "maj", "juni", "aug.", "sept", "november", "Nov", "dec"]
PERIOD_WORDS = [
    "q",
    "q1",
    "Q4",
    "kv",
    "kvartal",
    "vt",
    "ht",
    "vecka",
    "v",
    "v.",
    "w",
    "week",
    "veckor",
    "mån",
    "månader",
    "dagar",
    "days",
    "senaste",
    "last",
    "i år",
    "this year",
    "till",
    "to",
]
DAY_WORDS = ["idag", "i dag", "imorgon", "i morgon", "tisdag", "fredag", "kl", "kl.", "till"]
SEPARATORS = ["", " ", "  ", "-", "–", "—", "..", "/", ".", ":", "\t", "\u00a0"]
# Years as typed: the two from the issue, the edges of the calendar and of Örat's range, and huge ones.
YEARS = st.one_of(
    st.sampled_from(["0000", "0001", "1999", "2000", "2026", "2100", "2101", "9999", "10000"]),
    st.integers(0, 10**12).map(str),
    st.integers(0, 9999).map(lambda n: f"{n:04d}"),
)
NUMBERS = st.one_of(
    st.integers(-5, 100).map(str),
    st.sampled_from(["00", "0", "31", "32", "53", "54", "99", "999", "1000", "٣", "１２"]),
    st.integers(0, 10**30).map(str),
)
WORDS = st.one_of(
    YEARS,
    NUMBERS,
    st.sampled_from(MONTH_WORDS + PERIOD_WORDS + DAY_WORDS),
    st.builds(lambda y, m: f"{y}-{m}", YEARS, NUMBERS),  # 2026-11, 0001-01
    st.builds(lambda y, m, d: f"{y}-{m}-{d}", YEARS, NUMBERS, NUMBERS),  # 2026-11-01
    st.builds(lambda d, m: f"{d}/{m}", NUMBERS, NUMBERS),  # 31/12
    st.builds(lambda h, m: f"{h}:{m}", NUMBERS, NUMBERS),  # 23:59
    st.text(max_size=6),
)
# Mostly words glued the way a period, a day or a time is written; sometimes anything at all.
COMMAND_TEXT = st.one_of(
    st.builds(
        lambda words, seps: "".join(w + s for w, s in zip(words, seps, strict=False)).strip(),
        st.lists(WORDS, max_size=5),
        st.lists(st.sampled_from(SEPARATORS), min_size=5, max_size=5),
    ),
    st.text(max_size=40),
)
# What follows `/orat möte flytta`: [<day> till] <day> <time>, the parts often right, sometimes not.
SMALL = st.one_of(st.integers(0, 32).map(str), st.integers(0, 60).map(lambda n: f"{n:02d}"), NUMBERS)
DAY_TEXT = st.one_of(
    st.sampled_from(
        ["8/12", "9/12", "2 dec", "15 december", "2026-12-09", "15/12 2026", "tisdag", "imorgon"]
    ),
    st.builds(lambda d, m: f"{d}/{m}", SMALL, SMALL),
    st.builds(lambda d, m, y: f"{d}/{m} {y}", SMALL, SMALL, YEARS),
    st.builds(lambda y, m, d: f"{y}-{m}-{d}", YEARS, SMALL, SMALL),
    st.builds(lambda d, m: f"{d} {m}", SMALL, st.sampled_from(MONTH_WORDS)),
    st.builds(lambda d, m, y: f"{d} {m} {y}", SMALL, st.sampled_from(MONTH_WORDS), YEARS),
    st.sampled_from(DAY_WORDS),
    st.text(max_size=8),
)
CLOCK_TEXT = st.one_of(
    st.sampled_from(["10:00", "9.30", "kl 9", "13", "23:59", "00:00"]),
    st.builds(lambda h, m: f"{h}:{m}", SMALL, SMALL),
    st.builds(lambda h, m: f"kl {h}.{m}", SMALL, SMALL),
    SMALL,
    st.text(max_size=5),
)
MOVE_TEXT = st.one_of(
    st.builds(lambda day, clock: f"{day} {clock}", DAY_TEXT, CLOCK_TEXT),
    st.builds(lambda origin, day, clock: f"{origin} till {day} {clock}", DAY_TEXT, DAY_TEXT, CLOCK_TEXT),
    COMMAND_TEXT,
)
# The strings of issue 14, defect 7.
DEFECT_PERIODS = ["0000", "0001-01", "q1 0000", "vt 0001", "november 0000"]
