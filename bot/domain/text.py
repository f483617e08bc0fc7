"""Text helpers for what the bot posts."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.domain.identity_numbers import mask_identity_numbers

# Unicode's bidirectional controls (embeddings, overrides, isolates, marks). U+202E typed into a
# place name turns what follows around on screen ("txt.exe" shows as "exe.txt"): a way to make a
# posted name or place read as something else. Swedish text never needs them.
BIDI_CONTROLS = dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


_ANY_BIDI_CONTROL = re.compile("[" + "".join(map(chr, BIDI_CONTROLS)) + "]")


def without_bidi_controls(text: str) -> str:
    # The search is some ten times faster than translate, and almost no text has one.
    return text.translate(BIDI_CONTROLS) if _ANY_BIDI_CONTROL.search(text) else text


# The same names, places and action texts come back in every reminder of a morning's sweep (some
# 2,000 messages): the masking's scan is done once for each.
@lru_cache(maxsize=4096)
def escape_mrkdwn(text: str) -> str:
    """Make user text safe to post: personal identity numbers masked, bidirectional controls
    removed, and the three characters Slack's mrkdwn treats as control characters escaped.

    Without this, ``<!channel>`` typed into a report would ping a whole channel,
    ``<https://evil|harmless>`` would become a disguised link, and a child's personnummer typed
    despite the advice would reach everyone who reads the agenda.
    """
    masked = mask_identity_numbers(without_bidi_controls(text))
    return masked.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def escape_markdown(text: str) -> str:
    """User text in a Markdown file (the agenda export): identity numbers masked, and what Markdown
    would read as markup, an autolink or HTML (``<…>``) escaped with a backslash."""
    return mask_identity_numbers(without_bidi_controls(text)).translate(_MARKDOWN_SPECIALS)


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"
