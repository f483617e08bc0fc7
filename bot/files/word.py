"""The lägesbild's blocks as a Word document (.docx, python-docx), byte for byte the same for the
same blocks and provenance: a filed copy and a snapshot reopened later must not differ."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC
from typing import TYPE_CHECKING

from bot.files.document import Block, Bullets, Heading, Image, Paragraph, Provenance, Table, Text, runs
from bot.texts import Texts

if TYPE_CHECKING:  # python-docx is imported only to write a document (lxml is heavy)
    from docx.document import Document as DocxDocument
    from docx.section import Section
    from docx.table import _Row
    from docx.text.paragraph import Paragraph as DocxParagraph

LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
_PAGE_CM = (21.0, 29.7)  # A4, as the city prints
_MARGIN_CM = 2.0


def word_document(
    blocks: list[Block], pngs: dict[str, bytes], *, title: str, provenance: Provenance, texts: Texts
) -> bytes:
    """``blocks`` as .docx; an Image shows the PNG ``pngs`` holds for its chart, with a caption."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(_PAGE_CM[0]), Cm(_PAGE_CM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(_MARGIN_CM))
    language = LANGUAGE_TAGS.get(texts.language, texts.language)
    _set_language(document, language)
    _core_properties(document, title=title, provenance=provenance, language=language)
    _footer(section, title, texts("lagesbild.page"))

    figures = 0
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, 0 if block.level == 1 else block.level - 1)
        elif isinstance(block, Paragraph):
            _add_runs(document.add_paragraph(), block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                _add_runs(document.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Table):
            table = document.add_table(rows=0, cols=len(block.header))
            table.style = "Table Grid"  # black lines: prints the same in black and white
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            rows = [(block.header, True), *((row, False) for row in block.rows)]
            if block.total is not None:
                rows.append((block.total, True))
            for index, (cells, bold) in enumerate(rows):
                row = table.add_row()
                _keep_row_whole(row, header=index == 0)
                for cell, text, numeric in zip(row.cells, cells, block.numeric, strict=True):
                    paragraph = cell.paragraphs[0]
                    paragraph.add_run(text).bold = bold or None
                    if numeric:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            document.add_paragraph()  # air before what follows
        elif isinstance(block, Image) and block.chart in pngs:
            figures += 1
            width = Cm(_PAGE_CM[0] - 2 * _MARGIN_CM)
            document.add_picture(io.BytesIO(pngs[block.chart]), width=width)
            document.paragraphs[-1].paragraph_format.keep_with_next = True  # the caption stays under it
            document.add_paragraph(
                texts("lagesbild.caption", number=figures, title=block.caption), style="Caption"
            )

    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue(), provenance)


def _add_runs(paragraph: DocxParagraph, text: Text) -> None:
    for words, bold in runs(text):
        paragraph.add_run(words).bold = bold or None


def _keep_row_whole(row: _Row, *, header: bool) -> None:
    """A row never splits across pages; the header row repeats on every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)


def _set_language(document: DocxDocument, language: str) -> None:
    """Proofing and hyphenation in the document's language: every w:lang of the styles, and Normal."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)
    normal = document.styles["Normal"].element.get_or_add_rPr()
    if normal.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        normal.append(lang)


def _core_properties(document: DocxDocument, *, title: str, provenance: Provenance, language: str) -> None:
    made_at = provenance.made_at.astimezone(UTC).replace(tzinfo=None)  # written as …Z
    props = document.core_properties
    props.title = title
    props.author = provenance.made_by
    props.last_modified_by = provenance.made_by
    props.created = made_at
    props.modified = made_at
    props.revision = 1
    props.language = language
    props.comments = provenance.source[:255]  # Word's limit for a core property
    props.keywords = ""
    props.subject = ""
    props.category = ""


def _footer(section: Section, title: str, page_word: str) -> None:
    """The title and the page number (a PAGE field Word fills in) at the foot of every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{title} · {page_word} ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def fixed_zip(data: bytes, provenance: Provenance) -> bytes:
    """The .docx rewritten with every entry dated ``made_at`` and the same attributes, in the order
    python-docx wrote them: a zip otherwise carries the moment it was written."""
    stamp = provenance.made_at.astimezone(UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
