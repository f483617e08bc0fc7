"""Photos on reports without Slack: reading a file_input's state (whatever it holds), which files a
report keeps, the count and list as people see them, and which hosts get the bot token."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.domain.photos import MAX_PHOTOS, PhotoInput, kept_photos
from bot.results.reports import PhotoLine
from bot.slack_notifier import SlackNotifier
from bot.texts import Texts
from handlers.blocks.report import photo_list
from handlers.ids import REPORT_BLOCKS, VALUE
from handlers.views.forms import FormState
from handlers.views.report import report_input
from tests.support.modal import report_values

SV = Texts("sv")
BLOCK = REPORT_BLOCKS["photos"]


def form_with(files: object) -> FormState:
    values = {**report_values(), BLOCK: {VALUE: {"type": "file_input", "files": files}}}
    return FormState({"state": {"values": values}})


def test_a_file_input_reads_each_file_as_slack_describes_it_and_anything_malformed_is_left_out():
    files = [
        {
            "id": "F1",
            "name": "ruta.jpg",
            "mimetype": "image/jpeg",
            "size": 1234,
            "url_private": "https://files.slack.com/files-pri/T-F1/ruta.jpg",
            "url_private_download": "https://files.slack.com/files-pri/T-F1/download/ruta.jpg",
        },
        {"id": "F2", "name": None, "size": True, "url_private": "https://files.slack.com/x"},
        {"name": "no-id.png"},
        "F3",
        None,
    ]
    assert form_with(files).files(BLOCK) == [
        PhotoInput(
            "F1", "ruta.jpg", "image/jpeg", 1234, "https://files.slack.com/files-pri/T-F1/download/ruta.jpg"
        ),
        PhotoInput("F2", "F2", None, None, "https://files.slack.com/x"),
    ]
    for malformed in (None, "files", {"id": "F1"}, 7):
        assert form_with(malformed).files(BLOCK) == []
    assert FormState({}).files(BLOCK) == []


def test_a_report_keeps_images_only_each_once_and_at_most_five():
    photos = [PhotoInput(f"F{i}", f"bild{i}.png") for i in range(8)]
    photos.insert(1, PhotoInput("F0", "bild0.png"))  # the same file twice
    photos.insert(2, PhotoInput("FX", "virus.exe", "application/octet-stream"))
    photos.insert(3, PhotoInput("FH", "IMG_0001", "image/heic"))  # no extension, an image type
    kept = kept_photos(photos)
    assert [p.file_id for p in kept] == ["F0", "FH", "F1", "F2", "F3"] and len(kept) == MAX_PHOTOS
    assert kept_photos([PhotoInput("F9", "x" * 400 + ".webp")])[0].name == "x" * 255
    state = form_with([{"id": "F1", "name": "a.png"}, {"id": "F2", "name": "b.pdf"}])
    assert [p.file_id for p in report_input(state).photos] == ["F1"]
    assert report_input(FormState({"state": {"values": report_values()}})).photos == ()


def test_the_photo_list_counts_escapes_and_links_only_to_slack_over_https():
    text = photo_list(
        (
            PhotoLine("<!channel> & barn.png", "https://orat.slack.com/files/UBOT/F1"),
            PhotoLine("ruta.jpg", None),
            PhotoLine("x|y.png", "javascript:alert(1)"),
        ),
        SV,
    )
    lines = text.split("\n")
    assert lines[0] == "*📷 3 bilder:*"
    assert lines[1] == "• <https://orat.slack.com/files/UBOT/F1|&lt;!channel&gt; &amp; barn.png>"
    assert "ruta.jpg" in lines[2] and "<" not in lines[2]
    assert "javascript" not in text
    assert photo_list((PhotoLine("a.png"),), SV).startswith("*📷 1 bild:*")
    assert SV.plural("agenda.photos", 1) == "📷 1 bild" and SV.plural("agenda.photos", 2) == "📷 2 bilder"


def test_the_bot_token_goes_only_to_slacks_file_hosts_or_the_api_it_talks_to():
    notifier = SlackNotifier(WebClient(token="xoxb-x", base_url="http://127.0.0.1:9/api/"))
    assert notifier._trusted("https://files.slack.com/files-pri/T-F1/download/a.png")
    assert notifier._trusted("http://127.0.0.1:9/api/files-pri/F1/a.png")
    for url in (
        "http://files.slack.com/a.png",
        "https://files.slack.com.evil.example/a.png",
        "https://evil.example/a.png",
        "http://127.0.0.1:10/a.png",
        "file:///etc/passwd",
    ):
        assert not notifier._trusted(url), url
