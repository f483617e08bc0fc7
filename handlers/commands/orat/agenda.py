"""``/orat agenda [publicera|export]`` and ``/orat protokoll``."""

from __future__ import annotations

from bot.domain.dates import meeting_when
from bot.domain.permissions import Permission
from bot.results.common import Denied
from handlers.blocks.agenda import AgendaRenderer
from handlers.blocks.common import ephemeral
from handlers.commands.orat.common import Invocation
from handlers.views.forms import deliver

RESPONSE_URL_USES = 5  # Slack allows five posts to a command's response_url
PUBLISH_WORDS = ("publicera", "publish")
EXPORT_WORDS = ("export", "exportera", "fil")


def agenda(inv: Invocation) -> None:
    inv.ack()
    action = inv.args[0].lower() if inv.args else ""
    if action in PUBLISH_WORDS:
        publish(inv)
    elif action in EXPORT_WORDS:
        export(inv)
    elif not action:
        preview(inv)
    elif inv.may(Permission.RUN_MEETING):
        raise Denied("agenda_usage")
    else:
        inv.usage("agenda_usage_participant", Permission.SEE_AGENDA)


def publish(inv: Invocation) -> None:
    delivery = inv.hc.services.agenda.publish_now(inv.team, inv.user, inv.now)
    deliver(inv.hc, delivery.notification_keys)
    messages = inv.texts.plural("count.messages", delivery.messages)
    inv.say(inv.texts.plural("agenda.published_now", delivery.items, messages=messages))


def export(inv: Invocation) -> None:
    """The coming agenda as a Markdown file in the user's DM."""
    hc = inv.hc
    agenda, _ = hc.services.agenda.preview(inv.team, inv.user, inv.now, surface="file")
    when = meeting_when(agenda.meeting_starts_at, hc.tz, hc.texts.language)
    day = agenda.meeting_starts_at.astimezone(hc.tz).date().isoformat()
    channel = inv.client.conversations_open(users=inv.user)["channel"]["id"]
    inv.client.files_upload_v2(
        channel=channel,
        content=AgendaRenderer(hc.texts, hc.tz).markdown(agenda),
        filename=f"dagordning-{day}.md",
        title=hc.texts("agenda.file_title", when=when),
        initial_comment=hc.texts("agenda.file_comment", when=when),
    )
    inv.say(hc.texts("agenda.file_sent"))


def preview(inv: Invocation) -> None:
    """The coming agenda as the channel will see it, in as many answers as Slack allows."""
    hc = inv.hc
    agenda, meeting_id = hc.services.agenda.preview(inv.team, inv.user, inv.now, surface="command")
    parts = AgendaRenderer(hc.texts, hc.tz).messages(agenda, mode="preview", meeting_id=meeting_id)
    if len(parts) > RESPONSE_URL_USES:
        parts = parts[: RESPONSE_URL_USES - 1]
        more = ephemeral(hc.texts.plural("agenda.preview_more", len(parts)))
    else:
        more = None
    for part in parts:
        inv.show(part)
    if more:
        inv.respond(**more)


def minutes(inv: Invocation) -> None:
    """``/orat protokoll``: the decisions so far, posted in the meeting's channel now."""
    inv.ack()
    delivery = inv.hc.services.agenda.post_minutes_now(inv.team, inv.user, inv.now)
    deliver(inv.hc, delivery.notification_keys)
    messages = inv.texts.plural("count.messages", delivery.messages)
    inv.say(inv.texts.plural("minutes.posted_now", delivery.items, messages=messages))
