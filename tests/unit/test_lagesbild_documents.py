"""The lägesbild as Word and PDF, and the format words people type: the documents open in their
own libraries, hold the situation's figures and charts, state their provenance, and come out byte
for byte the same for the same situation and provenance, in this process or another."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import docx
import pypdf
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from bot.domain.documents import (
    DEFAULT_FORMATS,
    UnknownFormat,
    parse_formats,
    split_formats,
)
from bot.domain.statistics import DEFINITIONS_VERSION, ReportFact, Situation, situation
from bot.files import render
from bot.files.document import Provenance
from bot.files.labels import category_label
from bot.files.lagesbild import lagesbild_blocks, lagesbild_files, lagesbild_markdown
from bot.files.pdf import pdf_document
from bot.texts import Texts
from tests.unit.test_charts_and_exports import ACTIONS, GENERATED, PERIOD, REPORTS, SV, TODAY, TZ

ROOT = Path(__file__).resolve().parents[2]
STEM = "lagesbild-2026-11-02--2026-11-22"
MADE = Provenance(
    made_at=GENERATED,
    made_by="Anna Andersson",
    source="Örats databas för Malmö",
    definitions_version=DEFINITIONS_VERSION,
    snapshot=7,
)


@pytest.fixture(scope="module")
def picture() -> Situation:
    return situation(REPORTS, ACTIONS, PERIOD, TODAY)


@pytest.fixture(scope="module")
def files(picture: Situation) -> dict[str, bytes]:
    made = lagesbild_files(
        picture, SV, generated_at=GENERATED, tz=TZ, provenance=MADE, formats=("docx", "pdf", "md")
    )
    return dict(made)


def word(files: dict[str, bytes]) -> docx.document.Document:
    return docx.Document(io.BytesIO(files[f"{STEM}.docx"]))


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


# -------------------------------------------------------------------------------------------- files
def test_the_files_in_every_format_in_one_fixed_order(files: dict[str, bytes]):
    assert list(files) == [
        f"{STEM}.md",
        f"{STEM}-kategorier.png",
        f"{STEM}-omraden.png",
        f"{STEM}-aktorer.png",
        f"{STEM}.docx",
        f"{STEM}.pdf",
    ]


def test_word_and_pdf_alone_carry_their_charts_inside(picture: Situation):
    made = lagesbild_files(picture, SV, generated_at=GENERATED, tz=TZ, formats=("pdf", "docx"))
    names = [n for n, _ in made]
    assert names == [f"{STEM}.docx", f"{STEM}.pdf"]
    with pytest.raises(ValueError, match="xlsx"):
        lagesbild_files(picture, SV, generated_at=GENERATED, tz=TZ, formats=("xlsx",))


# --------------------------------------------------------------------------------------------- Word
def test_the_word_document_has_the_period_provenance_and_notes(files: dict[str, bytes]):
    document = word(files)
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "Lägesbild – Örat mot marken"
    assert document.paragraphs[0].style.name == "Title"
    assert "Period: 2–22 nov. 2026, jämförd med föregående period av samma längd (12 okt.–1 nov. 2026)." in (
        text
    )
    assert "Framtagen: 2026-11-30 09:15 av Anna Andersson" in text
    assert "Underlag: Örats databas för Malmö" in text
    assert "Definitioner: version 1;" in text and "Sparad lägesbild: nr 7;" in text
    assert "Så räknas siffrorna" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    period_line = next(p for p in document.paragraphs if p.text.startswith("Period:"))
    assert (period_line.runs[0].text, period_line.runs[0].bold) == ("Period:", True)


def test_the_word_tables_hold_the_situations_figures(files: dict[str, bytes], picture: Situation):
    document = word(files)
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    stats = picture.statistics
    assert rows[0] == ["Kategori", "Perioden", "Föregående", "Förändring"]
    assert rows[1:-1] == [
        [category_label(t.key, SV), str(t.current), str(t.previous), rows[1 + i][3]]
        for i, t in enumerate(stats.by_category)
    ]
    assert rows[-1] == ["Totalt", str(stats.total), str(stats.previous_total), "+4 (+200 %)"]
    actors = [[c.text for c in row.cells] for row in document.tables[3].rows]
    assert actors[1] == ["Polisen", "3", "2", "1", "50 %", "1", "0"]
    assert actors[-1] == ["Totalt", str(picture.taken), str(picture.done), "3", "75 %", "3", "2"]
    assert "Miljö|förvaltningen\n(tillsyn)" in [r[0] for r in actors]  # typed text as typed
    assert len(document.tables) == 5  # category, area, cross, actors, repeat places

    table = document.tables[0]
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None  # repeats on every page it runs onto
    assert table.style.name == "Table Grid"
    figure = table.rows[1].cells[1].paragraphs[0]
    assert figure.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[1].cells[0].paragraphs[0].alignment is None
    assert all(run.bold for cell in table.rows[-1].cells for run in cell.paragraphs[0].runs)


def test_the_word_document_holds_the_three_charts_with_captions(files: dict[str, bytes]):
    document = word(files)
    assert len(document.inline_shapes) == 3
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Figur 1. Rapporter per vecka och kategori",
        "Figur 2. Rapporter per stadsområde",
        "Figur 3. Åtgärder per aktör",
    ]
    images = [n for n in zipfile.ZipFile(io.BytesIO(files[f"{STEM}.docx"])).namelist() if n.endswith(".png")]
    assert len(images) == 3


def test_the_word_document_says_who_when_and_in_swedish(files: dict[str, bytes]):
    document = word(files)
    props = document.core_properties
    assert props.title == "Lägesbild – Örat mot marken, 2–22 nov. 2026"
    assert props.author == "Anna Andersson"
    assert props.created == props.modified == GENERATED
    assert props.language == "sv-SE"
    languages = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert languages == {"sv-SE"}
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and "Sida" in footer
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(files[f"{STEM}.docx"])).infolist()}
    assert stamps == {(2026, 11, 30, 8, 15, 0)}  # made_at, not the moment the zip was written


# ---------------------------------------------------------------------------------------------- PDF
def test_the_pdf_is_pdf_a_with_the_period_and_its_pages(files: dict[str, bytes]):
    data = files[f"{STEM}.pdf"]
    assert data.startswith(b"%PDF-1.7")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert 3 <= len(reader.pages) <= 7
    pages = pdf_text(data)
    assert pages[0].startswith("Lägesbild – Örat mot marken")
    assert "Period: 2–22 nov. 2026" in pages[0]
    assert "Framtagen: 2026-11-30 09:15 av Anna Andersson" in pages[0]
    whole = "\n".join(pages)
    assert "Väster 0 1 −1 (−100 %)" in whole  # the real minus sign, from the embedded font
    assert "Totalt 7 4 3 75 % 3 2" in whole
    assert "Så räknas siffrorna" in whole and "Figur 3. Åtgärder per aktör" in whole
    assert all(f"Sida {n}" in page for n, page in enumerate(pages, 1))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.rdf_root.toxml()
    assert "<pdfaid:part>2</pdfaid:part>" in raw and "<pdfaid:conformance>B</pdfaid:conformance>" in raw
    assert 'xmp:CreateDate="2026-11-30T08:15:00+00:00"' in raw and "Anna Andersson" in raw
    assert b"/FontFile2" in data and b"DejaVuSans" in data and b"/Helvetica" not in data
    assert b"/OutputIntents" in data  # sRGB, as PDF/A asks


def test_the_pdf_has_the_charts_page_wide(files: dict[str, bytes]):
    reader = pypdf.PdfReader(io.BytesIO(files[f"{STEM}.pdf"]))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 3


def test_a_long_table_repeats_its_header_on_the_next_page(picture: Situation):
    """Sixty hot spots: the table runs over pages, each starting with its header."""
    many = [
        ReportFact(date(2026, 11, 2) + timedelta(days=d % 20), "vandalism", "Norr", "Skolan", f"Plats {n}")
        for n in range(60)
        for d in (n, n + 1)
    ]
    long = situation(many, [], PERIOD, TODAY)
    assert len(long.statistics.repeat_places) == 60
    blocks = lagesbild_blocks(long, SV, provenance=MADE, tz=TZ)
    pages = pdf_text(pdf_document(blocks, {}, title="T", provenance=MADE, texts=SV, compress=False))
    holding = [page for page in pages if "Plats 1" in page or "Plats 5" in page]
    assert len(holding) >= 2
    assert all("Skola Stadsområde Plats Perioden" in page for page in holding)


# ------------------------------------------------------------------------------------ the same bytes
def test_the_same_situation_and_provenance_give_the_same_bytes_in_another_process(
    picture: Situation, files: dict[str, bytes]
):
    """Made again in the renderer's child process (as under ``serve``): byte for byte the same."""
    render.draw_in_child_process(True)
    try:
        again = lagesbild_files(
            picture, SV, generated_at=GENERATED, tz=TZ, provenance=MADE, formats=("md", "docx", "pdf")
        )
        once_more = lagesbild_files(
            picture, SV, generated_at=GENERATED, tz=TZ, provenance=MADE, formats=("md", "docx", "pdf")
        )
    finally:
        render.draw_in_child_process(False)
    assert dict(again) == files
    assert dict(once_more) == files


def test_another_moment_or_maker_gives_other_bytes(picture: Situation, files: dict[str, bytes]):
    later = replace(MADE, made_at=GENERATED + timedelta(days=1))
    for kind in ("docx", "pdf"):
        other = dict(
            lagesbild_files(picture, SV, generated_at=GENERATED, tz=TZ, provenance=later, formats=(kind,))
        )
        assert other[f"{STEM}.{kind}"] != files[f"{STEM}.{kind}"]


def test_word_and_pdf_libraries_are_not_loaded_by_the_handlers():
    """lxml, python-docx and fpdf2 cost a worker memory: only the renderer loads them."""
    code = (
        "import sys\n"
        "import handlers.commands.orat, bot.services.statistics, bot.files.lagesbild, bot.files.render\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'fpdf', 'lxml', 'matplotlib'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------- in English
def test_the_documents_in_english(picture: Situation):
    en = Texts("en")
    made = dict(lagesbild_files(picture, en, generated_at=GENERATED, tz=TZ, formats=("docx", "pdf")))
    document = docx.Document(io.BytesIO(made[f"{STEM}.docx"]))
    assert document.core_properties.language == "en-GB"
    shown = [p.text for p in document.paragraphs]
    assert "Produced: 2026-11-30 09:15 by Örat, from the command line" in shown
    assert "How the figures are counted" in "\n".join(pdf_text(made[f"{STEM}.pdf"]))


# ------------------------------------------------------------------------------------- format words
def test_format_words_after_the_period():
    assert split_formats(("förra", "månaden", "pdf")) == (("förra", "månaden"), ("pdf",))
    assert split_formats(("vecka", "47", "Word", "md")) == (("vecka", "47"), ("md", "docx"))
    assert split_formats(("q3", "pdf,docx")) == (("q3",), ("docx", "pdf"))
    assert split_formats(("alla",)) == ((), ("md", "docx", "pdf"))
    assert split_formats(("markdown",)) == ((), ("md",))
    assert split_formats(("november",)) == (("november",), DEFAULT_FORMATS)
    assert split_formats(()) == ((), DEFAULT_FORMATS)
    assert split_formats(("november", "excel")) == (("november", "excel"), DEFAULT_FORMATS)
    assert DEFAULT_FORMATS == ("docx", "pdf")


def test_format_options_on_the_command_line():
    assert parse_formats([]) == DEFAULT_FORMATS
    assert parse_formats(["docx,pdf"]) == ("docx", "pdf")
    assert parse_formats(["pdf", "md"]) == ("md", "pdf")
    assert parse_formats(["all"]) == ("md", "docx", "pdf")
    assert parse_formats(["word, .pdf"]) == ("docx", "pdf")
    with pytest.raises(UnknownFormat) as refused:
        parse_formats(["docx,odt"])
    assert refused.value.word == "odt"


def test_provenance_made_without_one_says_the_command_line(picture: Situation):
    md = dict(lagesbild_files(picture, SV, generated_at=datetime(2026, 12, 1, 7, 0, tzinfo=UTC), tz=TZ))
    text = md[f"{STEM}.md"].decode()
    assert "**Framtagen:** 2026-12-01 08:00 av Örat, från kommandoraden" in text
    assert "Sparad lägesbild" not in text  # no snapshot number without a snapshot


def test_last_week_month_and_year_are_periods():
    from bot.domain.parsing import read_period

    friday = date(2026, 11, 20)
    cases = {
        "förra månaden": (date(2026, 10, 1), date(2026, 10, 31)),
        "Förra  veckan": (date(2026, 11, 9), date(2026, 11, 15)),
        "förra året": (date(2025, 1, 1), date(2025, 12, 31)),
        "last month": (date(2026, 10, 1), date(2026, 10, 31)),
    }
    for text, (start, end) in cases.items():
        found = read_period(text, friday)
        assert found is not None and not isinstance(found, Exception)
        assert (found.start, found.end) == (start, end), text
    january = read_period("förra månaden", date(2027, 1, 3))
    assert january is not None and (january.start, january.end) == (date(2026, 12, 1), date(2026, 12, 31))


def test_events_reported_again_are_said_apart_from_the_reports(picture: Situation):
    again = [
        ReportFact(date(2026, 11, 4), "gangs", "Norr", "Rosengårdsskolan", "Entrén", occurrence=True),
        ReportFact(date(2026, 11, 5), "gangs", "Norr", "Polisen", "Entrén", occurrence=True),
    ]
    more = situation([*REPORTS, *again], ACTIONS, PERIOD, TODAY)
    assert more.statistics.total == picture.statistics.total == 6
    md = lagesbild_markdown(more, SV, charts={}, generated_at=GENERATED, tz=TZ)
    said = "- **2** gånger rapporterades en händelse igen: nya tillfällen under tidigare rapporter"
    assert said in md
    assert "rapporterades en händelse igen" not in lagesbild_markdown(
        picture, SV, charts={}, generated_at=GENERATED, tz=TZ
    )
