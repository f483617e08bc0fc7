"""``/orat lagesbild [period] [pdf|word|md]`` and ``python -m bot lagesbild --format`` end to end:
signed commands in, the PDF and Word files out to the user's DM through the fake Slack, read back
with pypdf and python-docx and checked against the known dataset."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf

from tests.conftest import RunningApp
from tests.e2e.test_cli import run_bot
from tests.e2e.test_statistics_flow import CHAIR, PERIOD, seed_known
from tests.support.fake_slack import FakeSlack

FILE_CALLS = ("files.getUploadURLExternal", "files.completeUploadExternal")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_lagesbild_last_month_as_pdf_goes_to_the_dm(app_server: RunningApp, fake_slack: FakeSlack):
    """The clock says Friday 20 November 2026: last month is October."""
    seed_known(app_server)
    fake_slack.reset()
    fake_slack.real_names[CHAIR] = "Åsa Ordförande"

    assert app_server.slack.command("/orat", "lagesbild förra månaden pdf", user=CHAIR).status == 200
    said = fake_slack.wait_for("response_url")[0].args["text"].splitlines()
    assert said[0] == "Lägesbilden för 1–31 okt. 2026 kommer som PDF i ditt direktmeddelande med Örat."
    assert said[1].startswith("Sparad som lägesbild nr 1;")
    fake_slack.wait_for("files.completeUploadExternal", timeout=60)  # Word and PDF take seconds
    [upload] = fake_slack.completed_uploads()
    assert upload["channel"] == "D" + CHAIR[1:]
    [sent] = upload["files"]
    assert sent["filename"] == "lagesbild-2026-10-01--2026-10-31.pdf"
    data = sent["bytes"]
    assert data.startswith(b"%PDF")
    assert 3 <= len(pypdf.PdfReader(io.BytesIO(data)).pages) <= 8
    text = pdf_text(data)
    # October holds three of the known reports (27 and 28 Oct, and the drug sales of 10 Oct).
    assert "Period: 1–31 okt. 2026" in text and "3 rapporter under perioden" in text
    assert "Framtagen: 2026-11-20 10:00 av Åsa Ordförande" in text
    assert "Så räknas siffrorna" in text


def test_lagesbild_comes_as_word_and_pdf_unless_asked_otherwise(
    app_server: RunningApp, fake_slack: FakeSlack
):
    seed_known(app_server)
    fake_slack.reset()

    assert app_server.slack.command("/orat", f"lagesbild {PERIOD}", user=CHAIR).status == 200
    said = fake_slack.wait_for("response_url")[0].args["text"]
    assert said.startswith("Lägesbilden för 26 okt.–15 nov. 2026 kommer som Word-dokument och PDF")
    fake_slack.wait_for("files.completeUploadExternal", timeout=60)  # Word and PDF take seconds
    files = fake_slack.uploaded_files()
    stem = "lagesbild-2026-10-26--2026-11-15"
    assert sorted(files) == [f"{stem}.docx", f"{stem}.pdf"]
    document = docx.Document(io.BytesIO(files[f"{stem}.docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    assert any(p.startswith("Period: 26 okt.–15 nov. 2026") for p in paragraphs)
    assert "Framtagen: 2026-11-20 10:00 av Slack-användaren UCHAIR1" in paragraphs  # no name in Slack
    by_category = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert by_category["Anlagd brand"] == "3" and by_category["Störande gäng/grupper"] == "2"
    assert by_category["Totalt"] == "6"  # the merged duplicate is not counted
    repeat = [[c.text for c in row.cells] for row in document.tables[-1].rows]  # no actions: no actor table
    assert ["Rosengårdsskolan", "Öster", "Cykelstället", "3"] == repeat[1][:4]
    assert len(document.inline_shapes) == 3
    assert "26 okt.–15 nov. 2026" in pdf_text(files[f"{stem}.pdf"])


def test_an_unknown_format_is_named_and_nothing_is_sent(app_server: RunningApp, fake_slack: FakeSlack):
    seed_known(app_server)
    fake_slack.reset()

    assert app_server.slack.command("/orat", "lagesbild november excel", user=CHAIR).status == 200
    said = fake_slack.wait_for("response_url")[0].args["text"]
    assert said.startswith("Okänt format ”excel”. Skriv `pdf`, `word`, `md` eller `alla` efter perioden")
    assert not any(fake_slack.calls_to(method) for method in FILE_CALLS)


def test_the_command_line_writes_word_and_pdf_or_refuses_an_unknown_format(
    app_server: RunningApp, database_url: str, tmp_path: Path
):
    seed_known(app_server)
    env = {"DATABASE_URL": database_url, "ORAT_CHAIRS": CHAIR}
    days = ["--from", "2026-10-26", "--to", "2026-11-15"]

    result = run_bot("lagesbild", *days, "--out", str(tmp_path / "ut"), "--format", "docx,pdf", env=env)
    assert result.returncode == 0, result.stderr
    stem = "lagesbild-2026-10-26--2026-11-15"
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == [f"{stem}.docx", f"{stem}.pdf"]
    document = docx.Document(str(tmp_path / "ut" / f"{stem}.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert any(p.startswith("Framtagen: ") and p.endswith("av Örat, från kommandoraden") for p in paragraphs)
    assert {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}["Totalt"] == "6"
    assert "Period: 26 okt.–15 nov. 2026" in pdf_text((tmp_path / "ut" / f"{stem}.pdf").read_bytes())
    assert f"skrev {tmp_path / 'ut' / stem}.pdf" in result.stdout

    refused = run_bot("lagesbild", *days, "--out", str(tmp_path / "inget"), "--format", "pdf,odt", env=env)
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert lines == [
        "orat: --format: okänt format ”odt”. Skriv docx, pdf, md eller alla, gärna flera med komma: "
        "--format docx,pdf."
    ]
    assert not (tmp_path / "inget").exists()
