"""``python -m bot privacy-report``: the record of processing (GDPR article 30) for the city's data
protection officer, written from the models, the permission table and the settings, so it says
what the code does rather than what someone remembered to write down."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.domain.permissions import PERMISSION_NOTES, permission_table
from bot.services.privacy import PrivacyService
from bot.services.reports import ReportService
from storage.models import Base
from storage.repositories.privacy import personal_columns, row_counts

KIND_LABELS = {
    "person_name": "En persons namn som Slack angav det (vem som gjorde en lägesbild)",
    "slack_user": "Slack-användar-id (pekar ut en anställd)",
    "slack_user_or_channel": "Slack-användar-id (direktmeddelande) eller kanal-id",
    "free_text": "Fritext som användare skrivit: kan trots anvisningen innehålla namn, uppgifter om barn "
    "eller om brott (personnummer maskeras innan något sparas)",
    "message_copy": "Kopia av ett meddelande boten ska posta (töms när det har skickats, utom dagordningar och protokoll)",
}
TABLE_LABELS = {
    "units": "Enheter (skolor, förvaltningar, aktörer)",
    "members": "Medlemmar (användare boten känner till) och deras enhet",
    "meetings": "Möten",
    "reports": "Rapporter",
    "report_drafts": "Utkast: kommandotext längre än formulärets fält, och en ifylld rapport medan "
    "rapportören svarar på om det är samma händelse som en öppen rapport",
    "report_occurrences": "Tillfällen: samma händelse eller problem rapporterat igen (datum, tid, plats, "
    "text, rapportör och enhet), under den rapport de hör till och gallrade med den",
    "report_photos": "Bilder bifogade rapporter: Slacks fil-id, filnamn och länk (bilderna själva ligger i "
    "Slack; botens kopior i mötets privata kanal raderas vid gallring)",
    "agenda_items": "Punkter på dagordningar och mötets beslut",
    "attendances": "Närvaro på möten (vem som antecknat sig som närvarande, och deras aktör)",
    "minutes_corrections": "Rättelser av publicerade protokoll (vilken punkt, texten, vem och när)",
    "round_answers": "Veckans runda: enheternas svar inför ett möte (Inget nytt), vem som svarade och när",
    "actions": "Åtgärder med ansvarig och deadline",
    "lagesbild_snapshots": "Sparade lägesbilder: period, siffrorna (med återkommande platser), vem som gjorde "
    "den (Slack-id och namnet som det stod i Slack) och när; platser i gallrade rapporter tas bort ur dem",
    "outbox": "Utkorg: meddelanden som ska skickas",
    "audit_events": "Logg (append-only) över skapande, ändringar och visningar",
    "unreachable_targets": "Personer och kanaler boten inte når (kontot avaktiverat, kanalen arkiverad)",
    "workspace_settings": "Arbetsytans inställningar (mötets kanal, tid och regler) med ordförandenas och "
    "administratörernas Slack-id, vem som sparade dem senast och när",
}


def privacy_report(settings: Settings, engine: Engine, now: datetime) -> str:
    columns: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, set[str]] = defaultdict(set)
    for table, column in personal_columns():
        kind = column.info["personal_data"]
        columns[table.name].append(f"`{column.name}`")
        kinds[kind].add(table.name)
    counts = row_counts(engine, list(columns))
    url = make_url(settings.database_url)
    where = f"{url.get_backend_name()}" + (f" på {url.host}" if url.host else f" ({url.database})")
    rules = settings.retention
    out = [
        "# Registerförteckning – Örat (Örat mot marken)",
        "",
        f"Framtagen {now.astimezone(settings.tz):%Y-%m-%d %H:%M} ur databasmodellen, behörighetstabellen och "
        "inställningarna i den här installationen (`python -m bot privacy-report`).",
        "",
        "## Ändamål",
        "",
        "Att skolor kan rapportera problem i skolors närmiljö (gäng, skadegörelse, bränder, droger m.m.) "
        "till veckomötet Örat mot marken, att mötet fördelar ansvar för åtgärder och att åtgärderna följs "
        "upp och återkopplas till skolan. Rättslig grund och konsekvensbedömning (DPIA) beslutas av "
        "personuppgiftsansvarig nämnd; den här förteckningen är underlaget.",
        "",
        "## Registrerade",
        "",
        "- Anställda och samarbetspartner som använder Slack-appen (rektorer, utbildningschefer, "
        "mötesdeltagare, ordförande): Slack-användar-id, roller, vad de gjort (logg).",
        "- Personer som nämns i rapporter (kan vara barn): bara i fritext, mot anvisning; personnummer "
        "maskeras innan texten sparas eller postas.",
        "",
        "## Personuppgifter och var de lagras",
        "",
        f"Databas: {where}. Tabeller med personuppgifter (antal rader nu):",
        "",
        "| Tabell | Vad | Kolumner med personuppgifter | Rader |",
        "|---|---|---|---|",
    ]
    for name in sorted(columns, key=lambda n: list(Base.metadata.tables).index(n)):
        label = TABLE_LABELS.get(name, name)
        out.append(f"| `{name}` | {label} | {', '.join(columns[name])} | {counts.get(name, 0)} |")
    if settings.oauth:
        out.append(
            "| `slack_installations`, `slack_bots` | Installationerna (flera arbetsytor, Lägg till i Slack) | "
            "installatörens användar-id; botens token (en hemlighet: loggas aldrig och lämnas aldrig ut) | "
            "– |"
        )
    out += ["", "Slags uppgifter:", ""]
    for kind, tables in sorted(kinds.items()):
        out.append(f"- **{KIND_LABELS.get(kind, kind)}** – i {', '.join(f'`{t}`' for t in sorted(tables))}")
    out += [
        "",
        "Utanför databasen: meddelanden som boten postat finns i Slack (mötets kanal "
        f"{settings.meeting_channel or '(inte satt: ordförandenas direktmeddelanden)'} och direktmeddelanden) "
        "och följer arbetsytans egna lagringsregler. Bilder som bifogas en rapport (högst fem, med en "
        "uppmaning att inte fotografera barn eller personer som kan identifieras) ligger i Slack; boten "
        "sparar bara fil-id, filnamn och länk, och kopierar bilderna till dagordningens tråd i mötets "
        "privata kanal när dagordningen publiceras. Loggar (stderr) innehåller aldrig rapporttext, namn, "
        "personnummer eller tokens; de innehåller id-nummer och händelsetyper.",
        "",
        "## Vem har åtkomst",
        "",
        "I Slack, enligt behörighetstabellen som tjänsterna kontrollerar vid varje anrop:",
        "",
        permission_table(),
        "",
        PERMISSION_NOTES,
        "",
        f"Ordförande enligt inställningen: {len(settings.chairs)} st (`ORAT_CHAIRS`) och de som en ordförande "
        f"lagt till; administratörer: {len(settings.admins)} st (`ORAT_ADMINS`) och tillagda. "
        f"Rapportera får: {'alla i arbetsytan' if settings.reporters == 'alla' else 'registrerade enheters personal'} "
        "(`ORAT_REPORTERS`). Rapporters innehåll postas bara i en privat kanal som inte delas med en annan "
        "organisation"
        + (" (undantag beslutat: `ORAT_ALLOW_OPEN_CHANNEL=on`)" if settings.allow_open_channel else "")
        + ". Utanför Slack: den som driftar servern och databasen.",
        "",
        "## Gallring",
        "",
    ]
    if rules:
        out += ["Regler (`ORAT_RETENTION`, första regel som passar gäller):", ""]
        out += [f"- {rule.describe()}" for rule in rules]
    else:
        out.append(
            "Ingen gallringsregel är satt (`ORAT_RETENTION`): rapporter och åtgärder sparas tills stadens "
            "gallringsbeslut säger något annat."
        )
    out += [
        "",
        "Alltid, oavsett regler:",
        "",
        f"- Utkast (lång kommandotext) raderas efter {int(ReportService.DRAFT_TTL.total_seconds() // 3600)} timmar.",
        "- Kopior av meddelanden töms när de skickats; dagordningar (som uppdateras under mötet) och "
        f"meddelanden som inte gick fram töms efter {PrivacyService.MESSAGE_COPY_DAYS} dagar.",
        "- När en rapport gallras (anonymiseras eller raderas) raderas också botens kopior av dess bilder "
        "i Slack (`files.delete`) och uppgifterna om bilderna glöms.",
        "- Sparade lägesbilder följer rapporterna de räknar: när en rapport gallras tas dess platser bort "
        "ur lägesbildernas siffror (lägesbilden märks avidentifierad), och när den raderas glöms dess "
        "fingeravtryck.",
        "- Användare som tagits bort ur Slack pseudonymiseras varje vecka: deras id byts överallt, även i "
        "loggen, mot en pseudonym som inget kopplar tillbaka till personen.",
        "- Gallringen körs varje måndag natt av schemaläggaren och kan köras för hand: "
        "`python -m bot retention [--dry-run]`.",
        "",
        "## Registrerades rättigheter och uppföljning",
        "",
        "- Registerutdrag: `python -m bot export-user U…` skriver allt som sparats om en användare som JSON "
        "(för bilder: fil-id och filnamn, inte bilderna själva).",
        "- Loggen: `/orat logg <referens>` (ordförande, administratörer) och `python -m bot audit --since …` "
        "för stadens loggkontroll. Loggen kan inte ändras i efterhand.",
        "",
        "## Mottagare och överföring",
        "",
        "Slack (Salesforce) är personuppgiftsbiträde för det som postas i Slack; staden bedömer "
        "överföringen till tredje land enligt sitt avtal med Slack. Boten själv skickar inget någon annanstans.",
        "",
        "## Säkerhetsåtgärder",
        "",
        "- Varje anrop från Slack kontrolleras mot appens signeringsnyckel och tidsstämpel; förfalskade, "
        "gamla eller för stora anrop avvisas innan något sparas.",
        "- Behörighet kontrolleras i tjänsterna (inte bara genom att dölja knappar); nekade försök loggas.",
        "- Användartext escapas och personnummer maskeras i allt som postas; länkar och omnämnanden i "
        "användartext blir inte levande.",
        "- Databasanslutningen loggar aldrig parametrar; tokens läses bara från miljön.",
        "",
    ]
    return "\n".join(out)
