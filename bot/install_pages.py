"""The pages a municipality's Slack admin sees while adding Örat ("Lägg till i Slack"):
``GET /slack/install`` and the answer to ``GET /slack/oauth_redirect``. Small, self-contained
HTML in the configured language; every value put in is escaped."""

from __future__ import annotations

from html import escape

from bot.texts import Texts

# Slack's own "Add to Slack" button image, as its documentation gives it.
BUTTON_IMAGE = "https://platform.slack-edge.com/img/add_to_slack.png"

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;"
    "color:#1d1c1d;line-height:1.5}h1{color:#1f4e79;font-size:1.6rem}"
)


def _page(texts: Texts, title: str, body: str) -> str:
    lang = escape(texts.language)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>\n"
    )


def install_page(texts: Texts, authorize_url: str) -> str:
    """The page with the button; ``authorize_url`` is Slack's, with this browser's state."""
    button = escape(texts("install.button"))
    return _page(
        texts,
        texts("install.page_title"),
        f"<p>{escape(texts('install.lead'))}</p>"
        f'<p><a href="{escape(authorize_url)}" id="add-to-slack">'
        f'<img alt="{button}" height="40" width="139" src="{BUTTON_IMAGE}" '
        f'srcset="{BUTTON_IMAGE} 1x, https://platform.slack-edge.com/img/add_to_slack@2x.png 2x">'
        "</a></p>",
    )


def installed_page(texts: Texts, workspace: str) -> str:
    return _page(
        texts,
        texts("install.success_title"),
        f"<p>{escape(texts('install.success_body', workspace=workspace))}</p>",
    )


def failed_page(texts: Texts, install_path: str) -> str:
    return _page(
        texts,
        texts("install.failure_title"),
        f"<p>{escape(texts('install.failure_body'))}</p>"
        f'<p><a href="{escape(install_path)}">{escape(texts("install.start_again"))}</a></p>',
    )
