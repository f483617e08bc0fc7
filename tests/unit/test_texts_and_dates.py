from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.dates import long_date, meeting_when
from bot.domain.reports import Category
from bot.texts import EN, SV, Texts

TZ = ZoneInfo("Europe/Stockholm")


def test_both_languages_have_the_same_keys_and_placeholders():
    assert SV.keys() == EN.keys()
    for key in SV:
        sv, en = SV[key], EN[key]
        assert isinstance(sv, tuple) == isinstance(en, tuple), key
        sv_forms, en_forms = (sv, en) if isinstance(sv, tuple) else ((sv,), (en,))
        placeholders = {f for form in sv_forms + en_forms for f in re.findall(r"{(\w+)}", form)}
        for form in sv_forms + en_forms:  # a plural's one-form may spell out its count ("1 …")
            assert set(re.findall(r"{(\w+)}", form)) | {"n"} >= placeholders, (key, form)
            assert set(re.findall(r"{(\w+)}", form)) - {"n"} == placeholders - {"n"}, (key, form)


def test_every_category_and_validation_error_has_a_text():
    import ast
    from pathlib import Path

    from tests.support.source import parse

    source = (Path(__file__).resolve().parents[2] / "bot/domain/reports.py").read_text(encoding="utf-8")
    codes = {
        node.value
        for node in ast.walk(parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"[a-z_]+_[a-z_]+", node.value)
        and (
            "missing" in node.value
            or "empty" in node.value
            or "too_long" in node.value
            or "future" in node.value
        )
    }
    assert codes, "the scan found no error codes"
    for code in codes:
        assert f"error.{code}" in SV, code
    for category in Category:
        assert f"category.{category.value}" in SV


def test_swedish_dates_come_from_babel():
    assert long_date(date(2026, 12, 1), "sv") == "tisdag 1 december"
    assert long_date(date(2026, 12, 1), "en") == "Tuesday 1 December"
    assert (
        meeting_when(datetime(2026, 12, 1, 8, 0, tzinfo=ZoneInfo("UTC")), TZ, "sv")
        == "tisdag 1 december kl. 09:00"
    )


def test_texts_format_values():
    assert Texts("sv")("receipt.reference", reference="ÖMM-2026-0001") == "*Referens*\nÖMM-2026-0001"
    assert Texts("en")("report_modal.title") == "Report"
