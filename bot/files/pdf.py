"""The lägesbild's blocks as PDF/A-2B (fpdf2): for the city's case register, which keeps documents
for decades. DejaVu Sans, the font matplotlib ships, is embedded (å ä ö and the real minus sign
without any system font); the same blocks and provenance give the same bytes."""

from __future__ import annotations

import io
import logging
from datetime import UTC
from html import escape
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from bot.files.document import Block, Bullets, Heading, Image, Paragraph, Provenance, Table, Text, runs
from bot.files.word import LANGUAGE_TAGS
from bot.texts import Texts

if TYPE_CHECKING:  # fpdf2 is imported only to write a document
    from fpdf import FPDF

# fontTools logs every glyph it keeps at INFO: the letters of the document, in the service's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

COMPLIANCE = "PDF/A-2B"
FONT = "DejaVu"
_LINE = 5.0  # mm: one line of body text
CHART_HEIGHT = 85.0  # mm: a chart leaves room for its table on the page


def font_directory() -> Path:
    """matplotlib's own TTF fonts, found without importing matplotlib (its import costs memory)."""
    spec = find_spec("matplotlib")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def pdf_document(
    blocks: list[Block],
    pngs: dict[str, bytes],
    *,
    title: str,
    provenance: Provenance,
    texts: Texts,
    compress: bool = True,
) -> bytes:
    """``blocks`` as PDF/A; an Image is the PNG ``pngs`` holds for its chart, page wide, captioned.
    ``compress=False`` leaves the page streams readable (tests)."""
    from fpdf import FPDF, FontFace, __version__

    footer_text = f"{title} · {texts('lagesbild.page')}"

    class _Document(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(FONT, "", 8)
            self.cell(0, 8, f"{footer_text} {self.page_no()}", align="C")

    pdf = _Document(orientation="portrait", unit="mm", format="A4", enforce_compliance=COMPLIANCE)
    pdf.set_compression(compress)
    fonts = font_directory()
    for style, file in (("", "Sans"), ("B", "Sans-Bold"), ("I", "Sans-Oblique")):
        pdf.add_font(FONT, style, str(fonts / f"DejaVu{file}.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    language = LANGUAGE_TAGS.get(texts.language, texts.language)
    pdf.set_lang(language)
    pdf.set_title(title)
    pdf.set_author(provenance.made_by)
    pdf.set_creator("Örat")
    pdf.set_creation_date(provenance.made_at)
    producer = f"fpdf2 {__version__}"
    pdf.set_producer(producer)
    pdf.set_xmp_metadata(_xmp(title, provenance, producer))
    pdf.add_page()
    pdf.set_font(FONT, "", 10)

    figures = 0
    for block in blocks:
        if isinstance(block, Heading):
            size = 18 if block.level == 1 else 13
            _room_for(pdf, 30)  # a heading is not left alone at the foot of a page
            if block.level > 1:
                pdf.ln(3)
            pdf.set_font(FONT, "B", size)
            pdf.multi_cell(0, size * 0.5, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif isinstance(block, Paragraph):
            _write(pdf, block.text)
            pdf.ln(_LINE + 2)
        elif isinstance(block, Bullets):
            for item in block.items:
                pdf.set_font(FONT, "", 10)
                pdf.cell(5, _LINE, "•")
                left = pdf.l_margin
                pdf.set_left_margin(left + 5)
                _write(pdf, item)
                pdf.set_left_margin(left)
                pdf.ln(_LINE + 1)
            pdf.ln(1)
        elif isinstance(block, Table):
            pdf.set_font(FONT, "", 8.5)
            bold = FontFace(emphasis="BOLD")
            with pdf.table(
                col_widths=_widths(pdf, block),
                text_align=tuple("RIGHT" if numeric else "LEFT" for numeric in block.numeric),
                headings_style=FontFace(emphasis="BOLD", fill_color=(225, 225, 225)),
                repeat_headings=1,  # a table running onto the next page repeats its header there
                line_height=4.5,
                padding=1,
                width=pdf.epw,
            ) as table:
                for cells in (block.header, *block.rows):
                    row = table.row()
                    for text in cells:
                        row.cell(text)
                if block.total is not None:
                    row = table.row(style=bold)
                    for text in block.total:
                        row.cell(text)
            pdf.ln(4)
        elif isinstance(block, Image) and block.chart in pngs:
            figures += 1
            png = pngs[block.chart]
            # Page wide, unless that is taller than CHART_HEIGHT: then narrower, centred.
            width = min(pdf.epw, CHART_HEIGHT / _aspect(png))
            _room_for(pdf, width * _aspect(png) + 10)  # the chart and its caption on one page
            x = pdf.l_margin + (pdf.epw - width) / 2
            pdf.image(io.BytesIO(png), x=x, w=width, alt_text=block.caption)
            pdf.set_font(FONT, "I", 9)
            pdf.multi_cell(
                0,
                4.5,
                texts("lagesbild.caption", number=figures, title=block.caption),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(3)
    return bytes(pdf.output())


def _write(pdf: FPDF, text: Text) -> None:
    for words, bold in runs(text):
        pdf.set_font(FONT, "B" if bold else "", 10)
        pdf.write(_LINE, words)
    pdf.set_font(FONT, "", 10)


def _widths(pdf: FPDF, table: Table) -> tuple[float, ...]:
    """Each column as wide as its widest cell (at most 60 mm) and never narrower than its longest
    word, measured in the font; when that is wider than the page, the figures keep their width and
    the text columns give up room above their longest word."""
    columns = zip(table.header, *table.rows, *([table.total] if table.total else []), strict=True)
    least, wanted = [], []
    for header, *cells in columns:
        pdf.set_font(FONT, "B", 8.5)
        words = [pdf.get_string_width(w) for w in header.split()]
        pdf.set_font(FONT, "", 8.5)
        words += [pdf.get_string_width(w) for c in cells for w in c.split()]
        whole = max((pdf.get_string_width(c) for c in cells), default=0.0)
        longest = max(words, default=0.0) + 3
        least.append(longest)
        wanted.append(max(longest, min(60.0, max(whole, *words, 0.0)) + 3))
    if sum(wanted) <= pdf.epw:
        return tuple(wanted)
    spare = pdf.epw - sum(least)
    above = sum(w - m for w, m in zip(wanted, least, strict=True))
    if spare <= 0 or above <= 0:
        return tuple(least)  # the table scales them down to the page
    return tuple(m + (w - m) * spare / above for w, m in zip(wanted, least, strict=True))


def _room_for(pdf: FPDF, height: float) -> None:
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _aspect(png: bytes) -> float:
    """Height over width, read from the PNG's header (IHDR)."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return height / width


def _xmp(title: str, provenance: Provenance, producer: str) -> str:
    """The metadata PDF/A asks for, dated ``made_at`` (fpdf2's own would date the change "now")."""
    made = provenance.made_at.astimezone(UTC).isoformat(timespec="seconds")
    return "\n".join(
        [
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
            '  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
            '    <rdf:Description rdf:about=""',
            '        xmlns:dc="http://purl.org/dc/elements/1.1/"',
            '        xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
            '        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
            '        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
            '        xmp:CreatorTool="Örat"',
            f'        xmp:CreateDate="{made}"',
            f'        xmp:ModifyDate="{made}"',
            f'        xmp:MetadataDate="{made}"',
            f'        pdf:Producer="{escape(producer)}">',
            "      <pdfaid:part>2</pdfaid:part>",
            "      <pdfaid:conformance>B</pdfaid:conformance>",
            '      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{escape(title)}</rdf:li></rdf:Alt></dc:title>",
            "      <dc:creator><rdf:Seq>"
            f"<rdf:li>{escape(provenance.made_by)}</rdf:li></rdf:Seq></dc:creator>",
            "    </rdf:Description>",
            "  </rdf:RDF>",
            "</x:xmpmeta>",
        ]
    )
