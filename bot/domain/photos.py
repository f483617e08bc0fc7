"""Photos on reports: what the report form accepts, and which of the submitted files are kept."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_PHOTOS = 5  # Slack's file_input allows up to 10; a report needs no more than this
PHOTO_FILETYPES = ("jpg", "jpeg", "png", "heic", "webp")
NAME_MAX = 255


@dataclass(frozen=True)
class PhotoInput:
    """One image as Slack describes it in the submitted form (the bytes stay in Slack)."""

    file_id: str
    name: str
    mimetype: str | None = None
    size: int | None = None
    url: str | None = None  # url_private_download (or url_private): read with the bot token


def _is_image(photo: PhotoInput) -> bool:
    extension = photo.name.rsplit(".", 1)[-1].lower() if "." in photo.name else ""
    mimetype = (photo.mimetype or "").lower()
    return extension in PHOTO_FILETYPES or mimetype.startswith("image/")


def kept_photos(photos: Iterable[PhotoInput]) -> tuple[PhotoInput, ...]:
    """The photos a report keeps: images only, each file once, at most ``MAX_PHOTOS``, names cut to
    fit. Slack's form already enforces type and number; a forged payload is not trusted."""
    seen: set[str] = set()
    kept: list[PhotoInput] = []
    for photo in photos:
        if photo.file_id in seen or not _is_image(photo):
            continue
        seen.add(photo.file_id)
        kept.append(PhotoInput(photo.file_id, photo.name[:NAME_MAX], photo.mimetype, photo.size, photo.url))
    return tuple(kept[:MAX_PHOTOS])
