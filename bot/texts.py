"""Every user-facing sentence, in one catalog. Swedish is the language; English is a setting.

Placeholders are ``str.format`` fields. Values put into mrkdwn texts must already be escaped
by the caller (the Block Kit builders do it).
"""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    sv: str
    en: str


class Plural(NamedTuple):
    """A sentence with a count: (one, many) in each language; ``{n}`` is the count."""

    sv: tuple[str, str]
    en: tuple[str, str]


# Each key's Swedish beside its English, so a change to one is seen next to the other.
TEXTS: dict[str, Text | Plural] = {
    # Categories (kategori)
    "category.gangs": Text(sv="Störande gäng/grupper", en="Disruptive gangs/groups"),
    "category.vandalism": Text(sv="Skadegörelse", en="Vandalism"),
    "category.arson": Text(sv="Anlagd brand", en="Arson"),
    "category.drug_sales": Text(sv="Drogförsäljning", en="Drug sales"),
    "category.threats": Text(sv="Hot och våld", en="Threats and violence"),
    "category.unsafe_environment": Text(sv="Otrygg miljö", en="Unsafe environment"),
    "category.other": Text(sv="Annat", en="Other"),
    # Unit kinds
    "unit_kind.school": Text(sv="Skola", en="School"),
    "unit_kind.department": Text(sv="Förvaltning", en="Department"),
    "unit_kind.actor": Text(sv="Aktör", en="Actor"),
    "unit_group.schools_in": Text(sv="Skolor – {area}", en="Schools – {area}"),
    "unit_group.schools_no_area": Text(sv="Skolor", en="Schools"),
    "unit_group.departments": Text(sv="Förvaltningar", en="Departments"),
    "unit_group.actors": Text(sv="Andra aktörer", en="Other actors"),
    # The report modal
    "report_modal.title": Text(sv="Rapportera", en="Report"),
    "report_modal.submit": Text(sv="Skicka", en="Send"),
    "report_modal.close": Text(sv="Avbryt", en="Cancel"),
    "report_modal.emergency": Text(
        sv=":rotating_light: *Vid akut fara – ring 112.* "
        "Örat mot marken är ett veckomöte, inte en larmcentral.",
        en=":rotating_light: *In an emergency – call 112.* Örat mot marken is a weekly "
        "meeting, not an emergency service.",
    ),
    "report_modal.intro": Text(
        sv="Rapporten tas upp på nästa möte i *Örat mot marken* ({meeting}).",
        en="The report goes to the next *Örat mot marken* meeting ({meeting}).",
    ),
    "report_modal.category": Text(sv="Vad gäller det?", en="What is it about?"),
    "report_modal.category_placeholder": Text(sv="Välj kategori", en="Choose a category"),
    "report_modal.unit": Text(sv="Din skola eller enhet", en="Your school or unit"),
    "report_modal.unit_placeholder": Text(sv="Sök eller välj", en="Search or choose"),
    "report_modal.unit_hint": Text(
        sv="Vi kommer ihåg ditt val till nästa gång.", en="We remember your choice for next time."
    ),
    "report_modal.new_unit_name": Text(
        sv="Finns inte din skola i listan? Skriv dess namn", en="School not in the list? Type its name"
    ),
    "report_modal.new_unit_name_first": Text(sv="Din skola eller enhet", en="Your school or unit"),
    "report_modal.new_unit_placeholder": Text(sv="t.ex. Rosengårdsskolan", en="e.g. Rosengårdsskolan"),
    "report_modal.new_unit_area": Text(sv="Stadsområde för den nya enheten", en="City area of the new unit"),
    "report_modal.area_placeholder": Text(sv="Välj stadsområde", en="Choose a city area"),
    "report_modal.place": Text(sv="Plats", en="Place"),
    "report_modal.place_placeholder": Text(
        sv="t.ex. vid entrén mot Ystadvägen", en="e.g. at the entrance facing Ystadvägen"
    ),
    "report_modal.occurred_on": Text(sv="När hände det?", en="When did it happen?"),
    "report_modal.occurred_time": Text(sv="Ungefär vilken tid?", en="Roughly what time?"),
    "report_modal.description": Text(sv="Vad har hänt?", en="What happened?"),
    "report_modal.description_hint": Text(
        sv="Skriv inte namn eller personnummer på barn eller andra personer. "
        "Beskriv vad som hänt, hur ofta och hur det påverkar skolan.",
        en="Do not write names or personal identity numbers of children or others. "
        "Describe what happened, how often and how it affects the school.",
    ),
    "report_modal.recurring_label": Text(sv="Återkommande?", en="Recurring?"),
    "report_modal.recurring_option": Text(
        sv="Det har hänt flera gånger eller pågår fortfarande",
        en="It has happened several times or is still going on",
    ),
    "report_modal.overflow_note": Text(
        sv=":information_source: Texten du skrev efter kommandot var {length} tecken, "
        "mer än fältet rymmer ({limit}). Fältet visar början; hela texten sparas med rapporten.",
        en=":information_source: The text after the command was {length} characters, "
        "more than the field holds ({limit}). The field shows the start; the whole text is kept with the report.",
    ),
    # Validation errors (inline)
    "error.category_missing": Text(sv="Välj vad rapporten gäller.", en="Choose what the report is about."),
    "error.unit_missing": Text(
        sv="Välj din skola eller enhet, eller skriv dess namn nedan.",
        en="Choose your school or unit, or type its name below.",
    ),
    "error.unit_kind_missing": Text(
        sv="Välj vilken sorts enhet det är.", en="Choose what kind of unit it is."
    ),
    "error.unit_name_taken": Text(
        sv="Det finns redan en enhet med det namnet.", en="There already is a unit with that name."
    ),
    "error.member_user_missing": Text(sv="Välj en person.", en="Choose a person."),
    "error.unit_not_offered": Text(
        sv="Den enheten går inte att välja (den finns inte eller är inte aktiv). Välj en i listan.",
        en="That unit cannot be chosen (it does not exist or is not active). Choose one from the list.",
    ),
    "denied.admin_content_access": Text(
        sv="Bara en ordförande kan ge en administratör tillgång till rapporternas innehåll: som deltagare, som granskare av en enhet eller som kontaktperson vid en förvaltning eller aktör.",
        en="Only a chair can give an administrator access to the reports' contents: as a participant, as a unit's reviewer or as a contact at a department or actor.",
    ),
    "denied.unit_not_found": Text(sv="Enheten finns inte längre.", en="The unit no longer exists."),
    # Administration (/orat admin)
    "admin.title": Text(sv="Administrera Örat", en="Administer Örat"),
    "admin.close": Text(sv="Stäng", en="Close"),
    "admin.back": Text(sv="Tillbaka", en="Back"),
    "admin.save": Text(sv="Spara", en="Save"),
    "admin.units_header": Text(sv="Enheter", en="Units"),
    "admin.no_units": Text(
        sv="Inga enheter än. Lägg till skolor, förvaltningar och aktörer, eller läs in en fil med `python -m bot seed`.",
        en="No units yet. Add schools, departments and actors, or load a file with `python -m bot seed`.",
    ),
    "admin.more_units": Text(
        sv="… och {count} enheter till (välj i listan för att ändra).",
        en="… and {count} more units (choose in the list to change).",
    ),
    "admin.reviewer_is": Text(sv="granskare <@{user}>", en="reviewer <@{user}>"),
    "admin.inactive": Text(sv="_inaktiv_", en="_inactive_"),
    "admin.unit_new": Text(sv="Lägg till enhet", en="Add unit"),
    "admin.unit_edit": Text(sv="Ändra enhet…", en="Change unit…"),
    "admin.member": Text(sv="Medlemmar och roller", en="Members and roles"),
    "admin.meetings_header": Text(sv="Möten", en="Meetings"),
    "admin.meetings_help": Text(
        sv="Flytta eller ställ in ett möte med `/orat möte flytta <datum> <tid>` och `/orat möte ställ in <datum>`; `/orat möte` visar de kommande. Veckotiden sätts i ORAT_MEETING.",
        en="Move or cancel a meeting with `/orat möte flytta <date> <time>` and `/orat möte ställ in <date>`; `/orat möte` shows the coming ones. The weekly time is set in ORAT_MEETING.",
    ),
    "admin.footer": Text(
        sv="Alla ändringar loggas (`/orat logg`, `python -m bot audit`).",
        en="Every change is logged (`/orat logg`, `python -m bot audit`).",
    ),
    "admin.unit_title": Text(sv="Enhet", en="Unit"),
    "admin.unit_name": Text(sv="Namn", en="Name"),
    "admin.unit_kind": Text(sv="Sort", en="Kind"),
    "admin.unit_area": Text(sv="Stadsområde (skolor)", en="City area (schools)"),
    "admin.unit_reviewer": Text(sv="Granskare (utbildningschef)", en="Reviewer (education chief)"),
    "admin.unit_active": Text(sv="Status", en="Status"),
    "admin.active_option": Text(
        sv="Aktiv – kan väljas i rapporter och åtgärder", en="Active – can be chosen in reports and actions"
    ),
    "admin.member_title": Text(sv="Medlem", en="Member"),
    "admin.member_user": Text(sv="Person", en="Person"),
    "admin.member_unit": Text(sv="Enhet", en="Unit"),
    "admin.member_roles": Text(sv="Roller", en="Roles"),
    "admin.member_help": Text(
        sv="Markera de roller personen ska ha; en roll som inte är markerad tas bort. Deltagare får se dagordningen och ta ansvar; den som tillhör en förvaltning eller aktör är deltagare ändå. Bara ordförande kan göra någon till ordförande.",
        en="Check the roles the person is to have; a role left unchecked is removed. Participants see the agenda and take responsibility; whoever belongs to a department or actor is a participant anyway. Only chairs can make someone a chair.",
    ),
    "admin.role.participant": Text(sv="Deltagare", en="Participant"),
    "admin.role.chair": Text(sv="Ordförande", en="Chair"),
    "admin.role.admin": Text(sv="Administratör", en="Administrator"),
    "error.unit_name_too_long": Text(
        sv="Namnet får vara högst {limit} tecken.", en="The name may be at most {limit} characters."
    ),
    "error.area_missing": Text(
        sv="Välj stadsområde för den nya enheten.", en="Choose the city area of the new unit."
    ),
    "error.place_empty": Text(
        sv="Skriv var det hände, t.ex. skolgården eller en gata.",
        en="Say where it happened, e.g. the schoolyard or a street.",
    ),
    "error.place_too_long": Text(
        sv="Platsen får vara högst {limit} tecken.", en="The place may be at most {limit} characters."
    ),
    "error.date_missing": Text(sv="Välj vilket datum det hände.", en="Choose the date it happened."),
    "error.date_in_future": Text(
        sv="Datumet kan inte ligga i framtiden.", en="The date cannot be in the future."
    ),
    "error.time_in_future": Text(
        sv="Tiden kan inte ligga i framtiden.", en="The time cannot be in the future."
    ),
    "error.identity_number": Text(
        sv="Texten ser ut att innehålla ett personnummer. Ta bort det, eller skicka igen så döljs numret "
        "i rapporten.",
        en="The text seems to contain a personal identity number. Remove it, or send again and the number "
        "is hidden in the report.",
    ),
    "error.description_empty": Text(
        sv="Beskriv kort vad som har hänt.", en="Briefly describe what happened."
    ),
    "error.description_too_long": Text(
        sv="Beskrivningen får vara högst {limit} tecken (nu {length}).",
        en="The description may be at most {limit} characters (now {length}).",
    ),
    # After submit
    "report_received.title": Text(sv="Rapport mottagen", en="Report received"),
    "report_received.close": Text(sv="Stäng", en="Close"),
    "report_received.body": Text(
        sv=":white_check_mark: Tack! Din rapport har referens *{reference}*.\n"
        "Den tas upp på *Örat mot marken* {meeting}. Du får också ett kvitto som direktmeddelande.",
        en=":white_check_mark: Thank you! Your report's reference is *{reference}*.\n"
        "It goes to *Örat mot marken* {meeting}. You will also get a receipt as a direct message.",
    ),
    "receipt.text": Text(
        sv="Rapport {reference} mottagen – tas upp {meeting}",
        en="Report {reference} received – on the agenda {meeting}",
    ),
    "receipt.header": Text(sv="Tack – din rapport är mottagen", en="Thank you – your report was received"),
    "receipt.reference": Text(sv="*Referens*\n{reference}", en="*Reference*\n{reference}"),
    "receipt.meeting": Text(sv="*Tas upp på mötet*\n{meeting}", en="*Meeting*\n{meeting}"),
    "receipt.category": Text(sv="*Kategori*\n{category}", en="*Category*\n{category}"),
    "receipt.unit": Text(sv="*Enhet*\n{unit}", en="*Unit*\n{unit}"),
    "receipt.place": Text(sv="*Plats*\n{place}", en="*Place*\n{place}"),
    "receipt.occurred": Text(sv="*När*\n{occurred}", en="*When*\n{occurred}"),
    "receipt.recurring": Text(sv="Återkommande", en="Recurring"),
    "receipt.description": Text(sv="*Beskrivning*\n{description}", en="*Description*\n{description}"),
    "receipt.late": Text(
        sv=":hourglass: Rapporten kom efter sista dag för mötet {missed} och tas därför upp "
        "på mötet därefter.",
        en=":hourglass: The report came after the deadline for the meeting {missed} and goes to the "
        "meeting after it.",
    ),
    "receipt.footer": Text(
        sv="Ange referensen {reference} om du har frågor. Vid akut fara – ring 112.",
        en="Quote {reference} if you have questions. In an emergency – call 112.",
    ),
    # Help
    "help.rapportera": Text(
        sv="*Så rapporterar du ett problem till Örat mot marken*\n"
        "• `/rapportera` öppnar ett formulär: kategori, plats, när det hände och vad som hänt.\n"
        "• `/rapportera <text>` öppnar formuläret med texten redan ifylld som beskrivning.\n"
        "• Du får ett kvitto med referensnummer (t.ex. ÖMM-2026-0042) och datum för mötet som tar upp "
        "rapporten.\n"
        "• Skriv inte namn eller personnummer på barn.\n"
        ":rotating_light: Vid akut fara – ring 112. Örat mot marken är ett veckomöte, inte en larmcentral.",
        en="*How to report a problem to Örat mot marken*\n"
        "• `/rapportera` opens a form: category, place, when it happened and what happened.\n"
        "• `/rapportera <text>` opens the form with the text already filled in as the description.\n"
        "• You get a receipt with a reference (e.g. ÖMM-2026-0042) and the date of the meeting that will "
        "hear it.\n"
        "• Do not write names or personal identity numbers of children.\n"
        ":rotating_light: In an emergency – call 112. Örat mot marken is a weekly meeting, not an emergency "
        "service.",
    ),
    # /orat hjälp: a heading per group, a line per command; each person sees what they may do.
    "help.title": Text(
        sv="*Örat mot marken – det här kan du göra*", en="*Örat mot marken – what you can do*"
    ),
    "help.group_everyone": Text(sv="*Alla*", en="*Everyone*"),
    "help.group_participant": Text(sv="*Mötets deltagare*", en="*The meeting's participants*"),
    "help.group_owner": Text(sv="*Åtgärder*", en="*Actions*"),
    "help.group_reviewer": Text(sv="*Granskare*", en="*Reviewers*"),
    "help.group_chair": Text(sv="*Ordförande och samordnare*", en="*Chairs and coordinators*"),
    "help.group_admin": Text(sv="*Administration*", en="*Administration*"),
    "help.rapportera_command": Text(
        sv="• `/rapportera` – rapportera ett problem runt en skola (`/rapportera hjälp` berättar hur).",
        en="• `/rapportera` – report a problem around a school (`/rapportera hjälp` tells how).",
    ),
    "help.report": Text(
        sv="• `/orat rapport <referens>` – visa en rapport du har rätt att se.",
        en="• `/orat rapport <reference>` – show a report you may see.",
    ),
    "help.mine": Text(sv="• `/orat mina` – mina öppna åtgärder.", en="• `/orat mina` – my open actions."),
    "help.meetings": Text(sv="• `/orat möte` – kommande möten.", en="• `/orat möte` – coming meetings."),
    "help.calendar": Text(
        sv="• `/orat kalender` – mötena och dina åtgärders slutdatum som kalenderfil för Outlook.",
        en="• `/orat kalender` – the meetings and your actions' due dates as a calendar file for Outlook.",
    ),
    "help.home": Text(
        sv="• Fliken *Hem* i appen Örat visar dina rapporter, åtgärder och det som väntar på dig.",
        en="• The *Home* tab of the Örat app shows your reports, actions and what is waiting for you.",
    ),
    "help.help": Text(sv="• `/orat hjälp` – den här hjälpen.", en="• `/orat hjälp` – this help."),
    "help.agenda": Text(
        sv="• `/orat agenda` – förhandsvisa dagordningen för nästa möte; `/orat agenda export` ger den som Markdown-fil.",
        en="• `/orat agenda` – preview the agenda of the next meeting; `/orat agenda export` gives it as a Markdown file.",
    ),
    "help.take": Text(
        sv="• *Ta ansvar* eller *Inte vår fråga* – knapparna vid varje punkt på den publicerade dagordningen.",
        en="• *Take responsibility* or *Not our question* – the buttons on each item of the published agenda.",
    ),
    "help.statistics": Text(
        sv="• `/orat statistik [period]` – rapporter per kategori, stadsområde och vecka, med diagram och CSV.\n"
        "• `/orat lagesbild [period]` – lägesbild för styrgruppen som Markdown med diagram.",
        en="• `/orat statistik [period]` – reports by category, city area and week, with a chart and CSV.\n"
        "• `/orat lagesbild [period]` – a situation report for the steering group as Markdown with charts.",
    ),
    "help.actions": Text(
        sv="• Markera en åtgärd som klar, flytta dess slutdatum eller lämna över den – knapparna i påminnelserna, i `/orat mina` och på fliken *Hem*.",
        en="• Mark an action done, move its due date or hand it over – the buttons in the reminders, in `/orat mina` and on the *Home* tab.",
    ),
    "help.review": Text(
        sv="• Rapporter från din enhet kommer till dig för granskning innan de går till mötet – i ett direktmeddelande och under *Att granska* på fliken *Hem*.",
        en="• Reports from your unit come to you for review before they go to the meeting – in a direct message and under *To review* on the *Home* tab.",
    ),
    "help.publish": Text(
        sv="• `/orat agenda publicera` – publicera dagordningen i mötets kanal nu.",
        en="• `/orat agenda publicera` – publish the agenda in the meeting's channel now.",
    ),
    "help.minutes": Text(
        sv="• `/orat protokoll` – publicera protokollet från senaste mötet nu.",
        en="• `/orat protokoll` – publish the minutes of the latest meeting now.",
    ),
    "help.move": Text(
        sv="• `/orat möte flytta <datum> <tid>` – flytta nästa möte (eller `flytta <datum> till <datum> <tid>`).",
        en="• `/orat möte flytta <date> <time>` – move the next meeting (or `flytta <date> till <date> <time>`).",
    ),
    "help.cancel": Text(
        sv="• `/orat möte ställ in <datum>` – ställ in ett möte.",
        en="• `/orat möte ställ in <date>` – cancel a meeting.",
    ),
    "help.log": Text(
        sv="• `/orat logg <referens>` – vem som gjort och sett vad med en rapport.",
        en="• `/orat logg <reference>` – who did and saw what with a report.",
    ),
    "help.admin": Text(
        sv="• `/orat admin` – enheter, granskare, medlemmar och roller.",
        en="• `/orat admin` – units, reviewers, members and roles.",
    ),
    "orat.unknown": Text(
        sv="Okänt kommando `{command}`. Skriv `/orat hjälp` för att se vad som finns.",
        en="Unknown command `{command}`. Type `/orat hjälp` to see what there is.",
    ),
    "error.generic": Text(
        sv="Något gick fel hos Örat. Försök igen om en stund; kvarstår felet, kontakta mötets samordnare.",
        en="Something went wrong in Örat. Try again in a while; if it persists, contact the "
        "meeting's coordinator.",
    ),
    # Editing a returned report
    "report_modal.edit_title": Text(sv="Redigera rapport", en="Edit report"),
    "report_modal.resubmit": Text(sv="Skicka igen", en="Send again"),
    "report_modal.question": Text(
        sv=":question: *Fråga från granskaren:*\n{question}",
        en=":question: *Question from the reviewer:*\n{question}",
    ),
    "receipt.header_resent": Text(
        sv="Tack – din ändrade rapport är skickad", en="Thank you – your edited report was sent"
    ),
    "receipt.in_review": Text(
        sv=":mag: Rapporten granskas först av utbildningschefen <@{reviewer}> innan den når mötet. "
        "Granskas den inte i tid tas den ändå upp, märkt ej granskad.",
        en=":mag: The report is first reviewed by the education chief <@{reviewer}> before it "
        "reaches the meeting. If it is not reviewed in time it is still heard, marked not reviewed.",
    ),
    # Review by the education chief
    "review.header": Text(sv="Rapport att granska", en="Report to review"),
    "review.intro": Text(
        sv="<@{reporter}> har rapporterat ett problem. Lyft det till mötet {meeting}, slå ihop det "
        "med en tidigare rapport eller returnera det med en fråga.",
        en="<@{reporter}> reported a problem. Raise it to the meeting {meeting}, merge it with an "
        "earlier report or return it with a question.",
    ),
    "review.raise": Text(sv="Lyft till mötet", en="Raise to the meeting"),
    "review.merge": Text(sv="Slå ihop med …", en="Merge with …"),
    "review.return": Text(sv="Returnera med fråga", en="Return with a question"),
    "review.deadline": Text(
        sv="Det som inte är granskat vid sista dag kommer ändå med på dagordningen, märkt _ej granskad_.",
        en="What is not reviewed by the deadline still reaches the agenda, marked _not reviewed_.",
    ),
    "review.text": Text(sv="Rapport {reference} att granska", en="Report {reference} to review"),
    "review.text_done": Text(sv="Rapporten är granskad", en="The report was reviewed"),
    "review.done_raised": Text(
        sv=":white_check_mark: Lyft till mötet av <@{reviewer}>.",
        en=":white_check_mark: Raised to the meeting by <@{reviewer}>.",
    ),
    "review.done_merged": Text(
        sv=":link: Sammanslagen med {merged_into} av <@{reviewer}>.",
        en=":link: Merged with {merged_into} by <@{reviewer}>.",
    ),
    "review.done_returned": Text(
        sv=":leftwards_arrow_with_hook: Returnerad med en fråga av <@{reviewer}>.",
        en=":leftwards_arrow_with_hook: Returned with a question by <@{reviewer}>.",
    ),
    "review_notice.raised": Text(
        sv=":white_check_mark: Din rapport *{reference}* är granskad av <@{reviewer}> och "
        "tas upp på mötet {meeting}.",
        en=":white_check_mark: Your report *{reference}* was reviewed by <@{reviewer}> and "
        "goes to the meeting {meeting}.",
    ),
    "review_notice.merged": Text(
        sv=":link: Din rapport *{reference}* är sammanslagen med *{merged_into}* av "
        "<@{reviewer}>: samma problem tas upp en gång, med båda rapporterna.",
        en=":link: Your report *{reference}* was merged with *{merged_into}* by "
        "<@{reviewer}>: the same problem is heard once, with both reports.",
    ),
    "review_notice.returned": Text(
        sv=":question: <@{reviewer}> har en fråga om din rapport *{reference}*:\n{question}",
        en=":question: <@{reviewer}> has a question about your report *{reference}*:\n{question}",
    ),
    "review_notice.edit": Text(sv="Redigera och skicka igen", en="Edit and send again"),
    "review_notice.returned_footer": Text(
        sv="Rapporten är inte borta: svarar du inte före mötets sista dag tas den "
        "ändå upp, märkt ej granskad.",
        en="The report is not lost: if you do not answer before the meeting's "
        "deadline it is still heard, marked not reviewed.",
    ),
    "review_notice.text_raised": Text(
        sv="Rapport {reference} är granskad och lyft till mötet",
        en="Report {reference} was reviewed and raised to the meeting",
    ),
    "review_notice.text_merged": Text(
        sv="Rapport {reference} är sammanslagen med en tidigare rapport",
        en="Report {reference} was merged with an earlier report",
    ),
    "review_notice.text_returned": Text(
        sv="Fråga om din rapport {reference}", en="A question about your report {reference}"
    ),
    "merge_modal.title": Text(sv="Slå ihop rapporter", en="Merge reports"),
    "merge_modal.intro": Text(
        sv="Vilken tidigare rapport handlar *{reference}* om? Den tas då upp tillsammans med den.",
        en="Which earlier report is *{reference}* about? It is then heard together with it.",
    ),
    "merge_modal.none": Text(
        sv="Det finns inga öppna rapporter från samma skola eller stadsområde de senaste sex "
        "veckorna att slå ihop med (en rapport som redan stått på en publicerad dagordning går inte att slå ihop med).",
        en="There are no open reports from the same school or city area in the last six weeks "
        "to merge with (a report that has been on a published agenda cannot be merged with).",
    ),
    "merge_modal.submit": Text(sv="Slå ihop", en="Merge"),
    "merge_modal.label": Text(sv="Tidigare rapport", en="Earlier report"),
    "return_modal.title": Text(sv="Returnera med fråga", en="Return with a question"),
    "return_modal.submit": Text(sv="Skicka frågan", en="Send the question"),
    "return_modal.intro": Text(
        sv="Frågan skickas till <@{reporter}>, som kan ändra rapporten *{reference}* och skicka den igen.",
        en="The question goes to <@{reporter}>, who can change the report *{reference}* and send it again.",
    ),
    "return_modal.label": Text(sv="Din fråga", en="Your question"),
    "error.merge_target_missing": Text(
        sv="Välj en tidigare rapport att slå ihop med.", en="Choose an earlier report to merge with."
    ),
    "error.merge_target_not_offered": Text(
        sv="Den rapporten går inte att slå ihop med. Välj en i listan: från samma skola eller stadsområde, de senaste sex veckorna, och inte redan på en publicerad dagordning.",
        en="That report cannot be merged with. Choose one from the list: from the same school or city area, of the last six weeks, and not already on a published agenda.",
    ),
    "error.question_empty": Text(
        sv="Skriv frågan till rapportören.", en="Write the question to the reporter."
    ),
    "error.question_too_long": Text(
        sv="Frågan får vara högst 1000 tecken.", en="The question may be at most 1000 characters."
    ),
    # Refusals (ephemeral)
    "denied.chair_only": Text(
        sv="Det här kan bara mötets ordförande och samordnare göra.",
        en="Only the meeting's chairs and coordinators can do this.",
    ),
    "denied.reporters_restricted": Text(
        sv="Här kan bara personal vid de registrerade enheterna rapportera, och bara för sin egen enhet. Hör av dig till mötets ordförande om du ska kunna rapportera.",
        en="Only staff of the registered units can report here, and only for their own unit. Ask the meeting's chair if you should be able to report.",
    ),
    "denied.not_allowed_report": Text(
        sv="Du har inte behörighet att se den rapporten. Rapporter visas för den som skrev dem, enhetens granskare, mötets deltagare (när dagordningen är publicerad), den som har en åtgärd och ordförande.",
        en="You may not see that report. Reports are shown to the person who wrote them, the unit's reviewer, the meeting's participants (once the agenda is published), action owners and the chairs.",
    ),
    "denied.participants_only": Text(
        sv="Det här kan bara mötets deltagare göra: medlemmar i mötets kanal och registrerade kontaktpersoner hos aktörerna.",
        en="Only the meeting's participants can do this: members of the meeting channel and registered contacts of the actors.",
    ),
    "denied.chair_or_admin_only": Text(
        sv="Det här kan bara mötets ordförande och administratörer göra.",
        en="Only the meeting's chairs and administrators can do this.",
    ),
    "denied.not_allowed": Text(
        sv="Du har inte behörighet att göra det.", en="You are not allowed to do that."
    ),
    "denied.report_usage": Text(
        sv="Skriv rapportens referens, t.ex. `/orat rapport ÖMM-2026-0001`.",
        en="Give the report's reference, e.g. `/orat rapport ÖMM-2026-0001`.",
    ),
    "denied.log_usage": Text(
        sv="Skriv rapportens referens, t.ex. `/orat logg ÖMM-2026-0001`.",
        en="Give the report's reference, e.g. `/orat logg ÖMM-2026-0001`.",
    ),
    # One report on request (/orat rapport)
    "report_card.header": Text(sv="Rapport {reference}", en="Report {reference}"),
    "report_card.status": Text(sv="Status: {status}", en="Status: {status}"),
    "report_status.new": Text(sv="inkommen, väntar på mötet", en="filed, waiting for the meeting"),
    "report_status.in_review": Text(sv="hos granskaren", en="with the reviewer"),
    "report_status.returned": Text(
        sv="tillbaka hos rapportören med en fråga", en="back with the reporter with a question"
    ),
    "report_status.on_agenda": Text(sv="på dagordningen", en="on the agenda"),
    "report_status.closed": Text(sv="avslutad", en="closed"),
    "report_card.footer": Text(
        sv="Bara du ser det här. Att du tittade på rapporten loggas.",
        en="Only you see this. That you looked at the report is logged.",
    ),
    # The audit log (/orat logg)
    "audit.header": Text(sv="Logg för {reference}", en="Log of {reference}"),
    "audit.empty": Text(sv="Inga händelser loggade.", en="No events logged."),
    "audit.more": Text(
        sv="… och {count} händelser till; hela loggen får man med `python -m bot audit`.",
        en="… and {count} more events; `python -m bot audit` gives the whole log.",
    ),
    "audit.footer": Text(
        sv="Loggen kan inte ändras i efterhand. Rapporttext visas aldrig i loggen.",
        en="The log cannot be changed afterwards. Report text is never shown in the log.",
    ),
    "audit.bot": Text(sv="Örat", en="Örat"),
    "audit.event.report.created": Text(sv="skapade rapporten", en="filed the report"),
    "audit.event.report.resubmitted": Text(
        sv="ändrade och skickade rapporten igen", en="edited and resent the report"
    ),
    "audit.event.report.review_raised": Text(
        sv="granskade: lyfte till mötet", en="reviewed: raised to the meeting"
    ),
    "audit.event.report.review_merged": Text(
        sv="granskade: slog ihop med en annan rapport", en="reviewed: merged into another report"
    ),
    "audit.event.report.review_returned": Text(
        sv="granskade: skickade tillbaka med en fråga", en="reviewed: returned with a question"
    ),
    "audit.event.report.viewed": Text(sv="tittade på rapporten", en="looked at the report"),
    "audit.event.report.anonymised": Text(
        sv="gallrade rapporten (anonymiserad)", en="retention: anonymised the report"
    ),
    "audit.event.report.solved": Text(
        sv="svarade att problemet är löst", en="answered that the problem is solved"
    ),
    "audit.event.report.reopened": Text(
        sv="svarade att problemet inte är löst", en="answered that the problem is not solved"
    ),
    "audit.event.audit.read": Text(sv="läste loggen", en="read the log"),
    "audit.event.action.created": Text(sv="registrerade en åtgärd", en="recorded an action"),
    "audit.event.action.done": Text(sv="markerade åtgärden som klar", en="marked the action done"),
    "audit.event.action.deadline_changed": Text(
        sv="ändrade åtgärdens deadline", en="changed the action's deadline"
    ),
    "audit.event.action.handover_requested": Text(
        sv="ville lämna över åtgärden", en="asked to hand the action over"
    ),
    "audit.event.action.handover_accepted": Text(sv="tog över åtgärden", en="took the action over"),
    "audit.event.action.handover_declined": Text(
        sv="tackade nej till att ta över åtgärden", en="declined to take the action over"
    ),
    "audit.event.agenda_item.no_action": Text(sv="beslutade: ingen åtgärd", en="decided: no action"),
    "audit.event.agenda_item.tabled": Text(sv="bordlade punkten", en="tabled the item"),
    "audit.event.agenda_item.untabled": Text(sv="ångrade bordläggningen", en="undid the tabling"),
    "audit.event.agenda_item.not_ours": Text(sv="sa: inte vår fråga", en="said: not our question"),
    "audit.surface.modal": Text(sv="formulär", en="form"),
    "audit.surface.button": Text(sv="knapp", en="button"),
    "audit.surface.command": Text(sv="kommando", en="command"),
    "audit.surface.file": Text(sv="fil", en="file"),
    "audit.surface.scheduler": Text(sv="schemalagt", en="scheduled"),
    "audit.surface.retention": Text(sv="gallring", en="retention"),
    "audit.surface.cli": Text(sv="kommandorad", en="command line"),
    # Where report contents may be posted
    "channel.refused": Text(
        sv=":lock: Örat publicerade *inte* rapporternas innehåll i {channel}: {reason} Ni ordförande får det i stället här. {fix}",
        en=":lock: Örat did *not* post the reports' contents in {channel}: {reason} You, the chairs, get them here instead. {fix}",
    ),
    "channel.fix": Text(
        sv="Gör kanalen privat (eller, om staden beslutat det, sätt ORAT_ALLOW_OPEN_CHANNEL=on).",
        en="Make the channel private (or, if the city has decided so, set ORAT_ALLOW_OPEN_CHANNEL=on).",
    ),
    "channel.fix_archived": Text(
        sv="Återställ kanalen (eller ändra ORAT_MEETING_CHANNEL); så länge får ni dagordning och protokoll här, och ni får inte veta det här igen förrän något ändras.",
        en="Restore the channel (or change ORAT_MEETING_CHANNEL); until then you get agendas and minutes here, and you will not be told this again until something changes.",
    ),
    "channel.public": Text(
        sv="kanalen är offentlig, så alla i arbetsytan kan läsa den.",
        en="the channel is public, so everyone in the workspace can read it.",
    ),
    "channel.shared": Text(
        sv="kanalen delas med en annan organisation (Slack Connect).",
        en="the channel is shared with another organisation (Slack Connect).",
    ),
    "channel.archived": Text(
        sv="kanalen är arkiverad, så Örat kan inte posta där.",
        en="the channel is archived, so Örat cannot post there.",
    ),
    "channel.unchecked": Text(
        sv="Örat kunde inte kontrollera att kanalen är privat (Slack svarade inte, eller appen saknar behörigheten channels:read/groups:read).",
        en="Örat could not check that the channel is private (Slack did not answer, or the app lacks the channels:read/groups:read scope).",
    ),
    "denied.reviewer_only": Text(
        sv="Bara enhetens granskare (utbildningschef) eller mötets ordförande kan granska den här rapporten.",
        en="Only the unit's reviewer (education chief) or the meeting's chair can review this report.",
    ),
    "denied.already_reviewed": Text(
        sv="Rapporten är redan granskad eller har redan tagits upp på mötet.",
        en="The report has already been reviewed or heard at the meeting.",
    ),
    "denied.report_not_found": Text(sv="Rapporten finns inte längre.", en="The report no longer exists."),
    "denied.not_your_report": Text(
        sv="Det är bara den som skrev rapporten som kan ändra den.",
        en="Only the person who wrote the report can change it.",
    ),
    "denied.report_not_returned": Text(
        sv="Rapporten väntar inte längre på ändringar; den är redan granskad eller upptagen på mötet.",
        en="The report is no longer waiting for changes; it has been reviewed or heard.",
    ),
    "denied.meeting_not_found": Text(
        sv="Hittar inget sådant möte. Skriv `/orat möte` för att se de kommande mötena.",
        en="No such meeting. Type `/orat möte` to see the coming meetings.",
    ),
    "denied.meeting_in_past": Text(sv="Den tiden har redan passerat.", en="That time has already passed."),
    "denied.meeting_clash": Text(sv="Det finns redan ett möte då.", en="There already is a meeting then."),
    "denied.meeting_already_published": Text(
        sv="Dagordningen för det mötet är redan publicerad; mötet kan inte "
        "flyttas eller ställas in längre här.",
        en="The agenda of that meeting is already published; it can no longer be moved or cancelled here.",
    ),
    "denied.agenda_already_published": Text(
        sv="Dagordningen för mötet är redan publicerad.", en="The agenda of the meeting is already published."
    ),
    "denied.agenda_usage": Text(
        sv="Använd `/orat agenda`, `/orat agenda publicera` eller `/orat agenda export`.",
        en="Use `/orat agenda`, `/orat agenda publicera` or `/orat agenda export`.",
    ),
    "denied.agenda_usage_participant": Text(
        sv="Använd `/orat agenda` eller `/orat agenda export`.",
        en="Use `/orat agenda` or `/orat agenda export`.",
    ),
    "denied.meeting_usage_anyone": Text(
        sv="Skriv `/orat möte` för att se de kommande mötena.",
        en="Type `/orat möte` to see the coming meetings.",
    ),
    "denied.meeting_usage": Text(
        sv="Använd `/orat möte`, `/orat möte flytta <datum> <tid>` eller `/orat möte ställ in <datum>`.",
        en="Use `/orat möte`, `/orat möte flytta <date> <time>` or `/orat möte ställ in <date>`.",
    ),
    "denied.move_usage": Text(
        sv="Skriv t.ex. `/orat möte flytta 2 dec 10:00` (nästa möte) eller "
        "`/orat möte flytta 1 dec till 2 dec 10:00`.",
        en="Type e.g. `/orat möte flytta 2 dec 10:00` (the next meeting) or "
        "`/orat möte flytta 1 dec till 2 dec 10:00`.",
    ),
    "denied.cancel_usage": Text(
        sv="Skriv t.ex. `/orat möte ställ in 22 dec`.", en="Type e.g. `/orat möte ställ in 22 dec`."
    ),
    # Meetings
    "meeting.moved": Text(
        sv=":calendar: Mötet {regular} är flyttat till *{moved}* (<@{chair}>).",
        en=":calendar: The meeting {regular} is moved to *{moved}* (<@{chair}>).",
    ),
    "meeting.cancelled": Text(
        sv=":calendar: Mötet {regular} är *inställt* (<@{chair}>). Rapporterna tas upp på nästa möte.",
        en=":calendar: The meeting {regular} is *cancelled* (<@{chair}>). Reports go to the next meeting.",
    ),
    "meeting.moved_ok": Text(
        sv="Klart: mötet {regular} är flyttat till {moved}.",
        en="Done: the meeting {regular} is moved to {moved}.",
    ),
    "meeting.cancelled_ok": Text(
        sv="Klart: mötet {regular} är inställt. Rapporterna tas upp på nästa möte.",
        en="Done: the meeting {regular} is cancelled. Reports go to the next meeting.",
    ),
    "meeting.calendar_header": Text(
        sv="*Kommande möten – Örat mot marken*", en="*Coming meetings – Örat mot marken*"
    ),
    "meeting.calendar_held": Text(sv="• {regular}", en="• {regular}"),
    "meeting.calendar_moved": Text(
        sv="• ~{regular}~ → *{moved}* (flyttat)", en="• ~{regular}~ → *{moved}* (moved)"
    ),
    "meeting.calendar_none": Text(sv="• ~{regular}~ – {reason}", en="• ~{regular}~ – {reason}"),
    "meeting.calendar_usage": Text(
        sv="_Ordförande: `/orat möte flytta <datum> <tid>`, `/orat möte ställ in <datum>`._",
        en="_Chairs: `/orat möte flytta <date> <time>`, `/orat möte ställ in <date>`._",
    ),
    # Agenda
    "agenda.header": Text(sv="Dagordning – Örat mot marken", en="Agenda – Örat mot marken"),
    "agenda.text": Text(sv="Dagordning – Örat mot marken {when}", en="Agenda – Örat mot marken {when}"),
    "agenda.count_new": Text(sv="{n} nya rapporter", en="{n} new reports"),
    "agenda.count_actions": Text(
        sv="{n} öppna åtgärder ({overdue} försenade)", en="{n} open actions ({overdue} overdue)"
    ),
    "agenda.count_carried": Text(sv="{n} bordlagda eller ej avgjorda", en="{n} tabled or undecided"),
    "agenda.draft_intro": Text(
        sv=":memo: *Utkast till ordförande.* Dagordningen publiceras automatiskt i mötets "
        "kanal en stund före mötet – eller nu, med knappen.",
        en=":memo: *Draft for the chairs.* The agenda is published in the meeting's channel "
        "shortly before the meeting – or now, with the button.",
    ),
    "agenda.publish_now": Text(sv="Publicera nu", en="Publish now"),
    "agenda.move_item": Text(sv="Flytta till nästa möte", en="Move to next meeting"),
    "agenda.item_up": Text(sv="▲ Upp", en="▲ Up"),
    "agenda.item_down": Text(sv="▼ Ned", en="▼ Down"),
    "agenda.other": Text(sv="*Övrigt*", en="*Other business*"),
    "agenda.other_plain": Text(sv="Övrigt", en="Other business"),
    "agenda.other_item": Text(
        sv=":pushpin: *{title}* · tillagd av <@{user}>{body}",
        en=":pushpin: *{title}* · added by <@{user}>{body}",
    ),
    "agenda.add_other": Text(sv="Lägg till övrig punkt", en="Add other item"),
    "agenda.other_modal_title": Text(sv="Övrig punkt", en="Other item"),
    "agenda.other_modal_intro": Text(
        sv="Punkten hamnar under *Övrigt* på dagordningen som publiceras.",
        en="The item goes under *Other business* on the agenda that is published.",
    ),
    "agenda.other_title": Text(sv="Rubrik", en="Title"),
    "agenda.other_body": Text(sv="Text (valfritt)", en="Text (optional)"),
    "agenda.other_submit": Text(sv="Lägg till", en="Add"),
    "agenda.move_title": Text(sv="Flytta punkten", en="Move the item"),
    "agenda.move_submit": Text(sv="Flytta", en="Move"),
    "agenda.move_intro": Text(
        sv="Punkt {number} ({reference}) tas bort från det här mötets dagordning och kommer "
        "tillbaka på nästa möte. Rapporten ligger kvar.",
        en="Item {number} ({reference}) is taken off this meeting's agenda and comes back at the "
        "next meeting. The report stays filed.",
    ),
    "agenda.move_reason": Text(sv="Varför? (valfritt)", en="Why? (optional)"),
    "agenda.moved_line": Text(
        sv=":arrow_right: *{number}.* {reference} flyttad till nästa möte av <@{user}>.{reason}",
        en=":arrow_right: *{number}.* {reference} moved to the next meeting by <@{user}>.{reason}",
    ),
    "agenda.moved_reason": Text(sv=" Skäl: _{reason}_", en=" Reason: _{reason}_"),
    "agenda.moved_done": Text(
        sv="Punkt {number} är flyttad till nästa möte. Dagordningen som publiceras har den inte.",
        en="Item {number} is moved to the next meeting. The published agenda leaves it out.",
    ),
    "agenda.preview_note": Text(
        sv=":eyes: Förhandsvisning, bara för dig. Rapporter kan tillkomma fram till sista dag.",
        en=":eyes: Preview, only for you. Reports may still arrive until the deadline.",
    ),
    "agenda.empty": Text(
        sv="*Inga nya rapporter* den här veckan och inget att följa upp.",
        en="*No new reports* this week and nothing to follow up.",
    ),
    "agenda.follow_up": Text(sv="*Uppföljning*", en="*Follow-up*"),
    "agenda.follow_up_plain": Text(sv="Uppföljning", en="Follow-up"),
    "agenda.new_reports": Text(sv="*Nya rapporter*", en="*New reports*"),
    "agenda.new_reports_plain": Text(sv="Nya rapporter", en="New reports"),
    "agenda.area": Text(sv=":round_pushpin: *{area}* – {n} st", en=":round_pushpin: *{area}* – {n}"),
    "agenda.action": Text(
        sv="• `{reference}` {owner}: {description} – senast {due}",
        en="• `{reference}` {owner}: {description} – due {due}",
    ),
    "agenda.action_overdue": Text(
        sv="• :red_circle: `{reference}` {owner}: {description} – *försenad*, skulle vara klar {due}",
        en="• :red_circle: `{reference}` {owner}: {description} – *overdue*, was due {due}",
    ),
    "agenda.overdue_word": Text(sv="försenad", en="overdue"),
    "agenda.due_word": Text(sv="senast", en="due"),
    "agenda.item_where_when": Text(sv="Plats: {place} · När: {when}", en="Place: {place} · When: {when}"),
    "agenda.carried_tabled": Text(sv="bordlagd {previous}", en="tabled {previous}"),
    "agenda.carried_undecided": Text(sv="ej avgjord {previous}", en="undecided {previous}"),
    "agenda.unreviewed": Text(sv="_ej granskad_", en="_not reviewed_"),
    # A carried or reopened item's history, newest first: one line per earlier event.
    "agenda.history_tabled": Text(sv="{meeting}: bordlagd", en="{meeting}: tabled"),
    "agenda.history_no_action": Text(sv="{meeting}: ingen åtgärd", en="{meeting}: no action"),
    "agenda.history_undecided": Text(sv="{meeting}: ej avgjord", en="{meeting}: not decided"),
    "agenda.history_not_ours": Text(
        sv="{meeting}: inte vår fråga enligt {who}", en="{meeting}: not ours according to {who}"
    ),
    "agenda.history_suggested": Text(sv="föreslår {unit}", en="suggests {unit}"),
    "agenda.history_action": Text(
        sv="{when}: {who} ({unit}) åtog sig {what}, klart senast {due}",
        en="{when}: {who} ({unit}) took on {what}, due {due}",
    ),
    "agenda.history_done": Text(sv="klar {day}", en="done {day}"),
    "agenda.history_open": Text(sv="pågår", en="ongoing"),
    "agenda.history_reopened": Text(
        sv="{when}: skolan svarade att problemet inte är löst",
        en="{when}: the school answered that the problem is not solved",
    ),
    "agenda.history_quote": Text(sv="”{text}”", en="“{text}”"),
    "agenda.history_more": Text(sv="… och {n} tidigare", en="… and {n} earlier"),
    "agenda.merged": Text(sv="sammanslagen med {references}", en="merged with {references}"),
    "agenda.repeat": Text(
        sv=":repeat: *{ordinal} rapporten om {category} vid {where} på 6 veckor*",
        en=":repeat: *{ordinal} report of {category} at {where} in 6 weeks*",
    ),
    "agenda.take_responsibility": Text(sv="Ta ansvar", en="Take responsibility"),
    "agenda.continues": Text(
        sv="Dagordningen fortsätter i tråden (del 2–{total}).",
        en="The agenda continues in the thread (parts 2–{total}).",
    ),
    "agenda.part": Text(
        sv="Dagordning {when} – del {part} av {total}", en="Agenda {when} – part {part} of {total}"
    ),
    "agenda.published_now": Text(
        sv="Dagordningen är publicerad: {items} punkter i {messages} meddelanden.",
        en="The agenda is published: {items} items in {messages} messages.",
    ),
    "agenda.file_title": Text(sv="Dagordning {when}", en="Agenda {when}"),
    "agenda.file_comment": Text(
        sv="Dagordningen för Örat mot marken {when}, för protokollarkivet.",
        en="The agenda of Örat mot marken {when}, for the minutes archive.",
    ),
    "agenda.file_sent": Text(
        sv="Dagordningen skickas som Markdown-fil i ett direktmeddelande till dig.",
        en="The agenda is sent as a Markdown file in a direct message to you.",
    ),
    "agenda.preview_more": Text(
        sv="Dagordningen är längre än vad som får plats här ({total} delar visas). "
        "`/orat agenda export` ger hela som fil.",
        en="The agenda is longer than fits here ({total} parts shown). "
        "`/orat agenda export` gives all of it as a file.",
    ),
    "agenda.assign": Text(sv="Tilldela", en="Assign"),
    "agenda.outcome_no_action": Text(sv="Ingen åtgärd", en="No action"),
    "agenda.outcome_tabled": Text(sv="Bordlägg", en="Table"),
    "agenda.outcome_untable": Text(sv="Ångra bordläggning", en="Undo tabling"),
    "agenda.present": Text(sv="Jag är här", en="I'm here"),
    "agenda.present_noted": Text(
        sv=":wave: Du är antecknad som närvarande på mötet {when}. Protokollet listar dig under *Närvarande*.",
        en=":wave: You are noted as present at the meeting on {when}. The minutes list you under *Present*.",
    ),
    "agenda.present_already": Text(
        sv="Du är redan antecknad som närvarande på mötet {when}.",
        en="You are already noted as present at the meeting on {when}.",
    ),
    "agenda.attendance": Text(sv="Närvaro…", en="Attendance…"),
    "attendance.title": Text(sv="Närvaro", en="Attendance"),
    "attendance.submit": Text(sv="Spara", en="Save"),
    "attendance.intro": Text(
        sv="Mötet {when}. Välj alla som är närvarande: protokollet listar exakt dem under *Närvarande*.",
        en="The meeting on {when}. Choose everyone present: the minutes list exactly them under *Present*.",
    ),
    "attendance.label": Text(sv="Närvarande", en="Present"),
    "attendance.placeholder": Text(sv="Välj personer", en="Choose people"),
    "attendance.saved_none": Text(
        sv="Närvaron är sparad: ingen är antecknad som närvarande.",
        en="Attendance saved: nobody is noted as present.",
    ),
    "attendance.saved_one": Text(
        sv="Närvaron är sparad: 1 person är antecknad som närvarande.",
        en="Attendance saved: 1 person is noted as present.",
    ),
    "attendance.saved_many": Text(
        sv="Närvaron är sparad: {n} personer är antecknade som närvarande.",
        en="Attendance saved: {n} people are noted as present.",
    ),
    "agenda.outcome_not_ours": Text(sv="Inte vår fråga", en="Not our question"),
    "agenda.status_action": Text(
        sv=":white_check_mark: Ansvar: *{unit}* – {who}: {what} – senast {due}",
        en=":white_check_mark: Responsible: *{unit}* – {who}: {what} – due {due}",
    ),
    "agenda.status_no_action": Text(
        sv=":no_entry_sign: Ingen åtgärd ({who})", en=":no_entry_sign: No action ({who})"
    ),
    "agenda.status_tabled": Text(
        sv=":hourglass: Bordlagd ({who}) – kommer tillbaka nästa möte",
        en=":hourglass: Tabled ({who}) – comes back next meeting",
    ),
    "agenda.status_not_ours": Text(
        sv=":leftwards_arrow_with_hook: {who}: inte vår fråga – föreslår {suggested}",
        en=":leftwards_arrow_with_hook: {who}: not our question – suggests {suggested}",
    ),
    "agenda.no_suggestion": Text(sv="ingen annan aktör", en="no other actor"),
    "responsibility.item": Text(
        sv="Punkt {number} · `{reference}` · {category} – {unit} · {place}",
        en="Item {number} · `{reference}` · {category} – {unit} · {place}",
    ),
    "responsibility.title": Text(sv="Ta ansvar", en="Take responsibility"),
    "responsibility.title_assign": Text(sv="Tilldela ansvar", en="Assign responsibility"),
    "responsibility.submit": Text(sv="Spara", en="Save"),
    "responsibility.unit": Text(sv="Aktör som tar ansvar", en="Actor taking responsibility"),
    "responsibility.unit_placeholder": Text(
        sv="Välj förvaltning eller aktör", en="Choose a department or actor"
    ),
    "responsibility.owner": Text(sv="Ansvarig person", en="Responsible person"),
    "responsibility.owner_you": Text(
        sv="Ansvarig: <@{user}> (du). Ska någon annan vara ansvarig ber du mötets ordförande att tilldela ansvaret.",
        en="Responsible: <@{user}> (you). Should someone else be responsible, ask the meeting's chair to assign it.",
    ),
    "responsibility.description": Text(sv="Vad ska göras?", en="What will be done?"),
    "responsibility.due_on": Text(sv="Klart senast", en="Done by"),
    "responsibility.note": Text(sv="Anteckning", en="Note"),
    "responsibility.reporter_told": Text(
        sv=":handshake: *{unit}* har tagit ansvar för din rapport *{reference}* ({place}).\nÅtgärd:\n{what}\nAnsvarig: <@{owner}> · klart senast {due}.",
        en=":handshake: *{unit}* has taken responsibility for your report *{reference}* ({place}).\nAction:\n{what}\nResponsible: <@{owner}> · done by {due}.",
    ),
    "responsibility.reporter_text": Text(
        sv="{unit} har tagit ansvar för din rapport {reference}",
        en="{unit} has taken responsibility for your report {reference}",
    ),
    "responsibility.owner_told": Text(
        sv=":clipboard: <@{by}> har gett dig ansvar för en åtgärd för *{unit}* på Örat mot marken (rapport *{reference}*, {place}):\n{what}\nKlart senast *{due}*.",
        en=":clipboard: <@{by}> made you responsible for an action for *{unit}* at Örat mot marken (report *{reference}*, {place}):\n{what}\nDone by *{due}*.",
    ),
    "responsibility.owner_text": Text(
        sv="Du har fått ansvar för en åtgärd (rapport {reference})",
        en="You are responsible for an action (report {reference})",
    ),
    "responsibility.owner_footer": Text(
        sv="Du får påminnelser före och när åtgärden ska vara klar.",
        en="You will get reminders before and when the action is due.",
    ),
    "outcome.suggested_unit": Text(sv="Vem borde ta den i stället?", en="Who should take it instead?"),
    "outcome.note_no_action": Text(sv="Varför ingen åtgärd?", en="Why no action?"),
    "outcome.note_tabled": Text(sv="Varför bordläggs punkten?", en="Why is the item tabled?"),
    "outcome.note_tabled_hint": Text(
        sv="Valfritt. Till exempel: väntar på besked från fastighetsägaren. Skolan som rapporterade får skälet.",
        en="Optional. For example: waiting for the property owner's answer. The school that reported is told the reason.",
    ),
    "outcome.note_not_ours": Text(sv="Kommentar", en="Comment"),
    "outcome.submit": Text(sv="Spara", en="Save"),
    "outcome.chairs_told": Text(
        sv=":leftwards_arrow_with_hook: <@{by}>{by_unit} menar att punkt {number} (`{reference}`) inte är deras fråga. Förslag: *{suggested}*. Punkten är fortfarande öppen.",
        en=":leftwards_arrow_with_hook: <@{by}>{by_unit} says item {number} (`{reference}`) is not their question. Suggestion: *{suggested}*. The item is still open.",
    ),
    "outcome.chairs_text": Text(sv="Inte vår fråga: {reference}", en="Not our question: {reference}"),
    # What the school is told when its report is decided without an action
    "decision.school_no_action": Text(
        sv=":information_source: Mötet beslutade *ingen åtgärd* för din rapport *{reference}* ({place}). Beslutet togs av <@{by}>.",
        en=":information_source: The meeting decided *no action* on your report *{reference}* ({place}). Decided by <@{by}>.",
    ),
    "decision.school_no_action_text": Text(
        sv="Ingen åtgärd för din rapport {reference}", en="No action on your report {reference}"
    ),
    "decision.school_tabled": Text(
        sv=":hourglass: Din rapport *{reference}* ({place}) *bordlades* av <@{by}> och tas upp igen på mötet {when}.",
        en=":hourglass: Your report *{reference}* ({place}) was *tabled* by <@{by}> and comes back at the meeting on {when}.",
    ),
    "decision.school_tabled_text": Text(
        sv="Din rapport {reference} bordlades", en="Your report {reference} was tabled"
    ),
    "decision.school_not_ours": Text(
        sv=":leftwards_arrow_with_hook: <@{by}>{by_unit} menar att din rapport *{reference}* ({place}) inte är deras fråga. Ordförandena fördelar punkten på nytt; du får ett meddelande när någon har tagit ansvar.",
        en=":leftwards_arrow_with_hook: <@{by}>{by_unit} says your report *{reference}* ({place}) is not their question. The chairs will pass the item on; you will hear when someone has taken responsibility.",
    ),
    "decision.school_not_ours_suggested": Text(
        sv=":leftwards_arrow_with_hook: <@{by}>{by_unit} menar att din rapport *{reference}* ({place}) inte är deras fråga och föreslår *{suggested}*. Ordförandena fördelar punkten på nytt; du får ett meddelande när någon har tagit ansvar.",
        en=":leftwards_arrow_with_hook: <@{by}>{by_unit} says your report *{reference}* ({place}) is not their question and suggests *{suggested}*. The chairs will pass the item on; you will hear when someone has taken responsibility.",
    ),
    "decision.school_not_ours_text": Text(
        sv="Inte vår fråga: din rapport {reference}", en="Not our question: your report {reference}"
    ),
    "decision.school_reason": Text(sv="Skäl:\n{reason}", en="Reason:\n{reason}"),
    "error.action_unit_missing": Text(
        sv="Välj aktören som tar ansvar.", en="Choose the actor taking responsibility."
    ),
    "error.action_owner_missing": Text(sv="Välj vem som är ansvarig.", en="Choose who is responsible."),
    "error.action_description_empty": Text(sv="Skriv vad som ska göras.", en="Write what will be done."),
    "error.action_description_too_long": Text(sv="Högst {limit} tecken.", en="At most {limit} characters."),
    "error.action_due_missing": Text(sv="Välj när det ska vara klart.", en="Choose when it will be done."),
    "error.action_due_in_past": Text(sv="Datumet har redan passerat.", en="That date has already passed."),
    "error.other_title_missing": Text(sv="Skriv en rubrik.", en="Write a title."),
    "error.other_title_too_long": Text(sv="Högst {limit} tecken.", en="At most {limit} characters."),
    "error.other_body_too_long": Text(sv="Högst {limit} tecken.", en="At most {limit} characters."),
    "error.action_note_too_long": Text(sv="Högst {limit} tecken.", en="At most {limit} characters."),
    "error.outcome_reason_empty": Text(
        sv="Skriv varför ingen åtgärd behövs.", en="Write why no action is needed."
    ),
    "denied.item_cannot_move": Text(
        sv="Punkten står redan först eller sist i sin grupp.",
        en="The item is already first or last in its group.",
    ),
    "denied.item_already_moved": Text(
        sv="Punkten är redan flyttad till nästa möte.", en="The item is already moved to the next meeting."
    ),
    "denied.item_not_found": Text(
        sv="Punkten finns inte längre på dagordningen.", en="The item is no longer on the agenda."
    ),
    "denied.item_not_tabled": Text(
        sv="Punkten är inte bordlagd, så det finns ingen bordläggning att ångra.",
        en="The item is not tabled, so there is no tabling to undo.",
    ),
    "denied.untable_after_minutes": Text(
        sv="Mötets protokoll är redan publicerat, så bordläggningen kan inte längre ångras. Punkten tas upp igen på nästa möte.",
        en="The meeting's minutes are already out, so the tabling can no longer be undone. The item comes back at the next meeting.",
    ),
    "denied.attendance_closed": Text(
        sv="Mötets protokoll är redan publicerat, så närvaron kan inte längre antecknas.",
        en="The meeting's minutes are already out, so attendance can no longer be noted.",
    ),
    "denied.take_for_yourself": Text(
        sv="Du kan bara ta ansvar själv. Ska någon annan vara ansvarig ber du mötets ordförande att tilldela ansvaret.",
        en="You can only take responsibility yourself. Should someone else be responsible, ask the meeting's chair to assign it.",
    ),
    "error.action_unit_not_yours": Text(
        sv="Du kan bara ta ansvar för enheten du är registrerad vid. Ska en annan aktör ta ansvar ber du mötets ordförande att tilldela det.",
        en="You can only take responsibility for the unit you are registered at. Should another actor take it, ask the meeting's chair to assign it.",
    ),
    "agenda.status_done": Text(
        sv=":heavy_check_mark: Klart: *{unit}* – {who}: {what}",
        en=":heavy_check_mark: Done: *{unit}* – {who}: {what}",
    ),
    "agenda.carried_reopened": Text(
        sv="återöppnad av skolan efter {previous}", en="reopened by the school after {previous}"
    ),
    "action.card": Text(
        sv="`{reference}` · {school} · {place}\n*{unit}*:\n{what}\nKlart senast *{due}*",
        en="`{reference}` · {school} · {place}\n*{unit}*:\n{what}\nDone by *{due}*",
    ),
    "action.overdue_mark": Text(sv=":red_circle: *Försenad*", en=":red_circle: *Overdue*"),
    "action.flagged_mark": Text(
        sv=":triangular_flag_on_post: _flaggad till ordförandena_",
        en=":triangular_flag_on_post: _flagged to the chairs_",
    ),
    "action.done": Text(sv="Klar", en="Done"),
    "action.deadline": Text(sv="Ny deadline", en="New deadline"),
    "action.handover": Text(sv="Lämna över", en="Hand over"),
    "action.done_intro": Text(sv="Åtgärd för `{reference}`:\n{what}", en="Action for `{reference}`:\n{what}"),
    "action.done_note": Text(
        sv="Vad blev gjort? (skolan får se det)", en="What was done? (the school will see it)"
    ),
    "action.done_hint": Text(
        sv="Skolan får beskedet och om två veckor frågan om problemet är löst.",
        en="The school is told, and asked in two weeks whether the problem is solved.",
    ),
    "action.deadline_intro": Text(
        sv="`{reference}` ska i dag vara klar senast {due}.", en="`{reference}` is now due {due}."
    ),
    "action.deadline_label": Text(sv="Ny deadline", en="New deadline"),
    "action.deadline_hint": Text(
        sv="Ordförandena får veta den nya deadlinen.", en="The chairs are told the new deadline."
    ),
    "action.handover_intro": Text(
        sv="Lämna över åtgärden för `{reference}`. Den du väljer måste acceptera; tills dess är den din.",
        en="Hand over the action for `{reference}`. The person you choose must accept; until then it is yours.",
    ),
    "action.handover_user": Text(sv="Till vem?", en="To whom?"),
    "action.handover_unit": Text(
        sv="Till vilken aktör? (om den byter aktör)", en="To which actor? (if it changes actor)"
    ),
    "action.handover_note": Text(sv="Meddelande", en="Message"),
    "reminder.text": Text(
        sv="Påminnelse: åtgärd för {reference}, klart senast {due}",
        en="Reminder: action for {reference}, due {due}",
    ),
    "reminder.before": Text(
        sv=":alarm_clock: *Påminnelse:* åtgärden ska vara klar *{due}* – om {days} arbetsdagar.",
        en=":alarm_clock: *Reminder:* the action is due *{due}* – in {days} working days.",
    ),
    "reminder.due": Text(
        sv=":alarm_clock: *Påminnelse:* åtgärden ska vara klar *i dag* ({due}).",
        en=":alarm_clock: *Reminder:* the action is due *today* ({due}).",
    ),
    "reminder.overdue": Text(
        sv=":red_circle: *Försenad:* åtgärden skulle vara klar {due}. Påminnelse {n}.",
        en=":red_circle: *Overdue:* the action was due {due}. Reminder {n}.",
    ),
    "reminder.late": Text(
        sv=":red_circle: *Försenad:* åtgärden skulle ha varit klar {due}.",
        en=":red_circle: *Overdue:* the action was due {due}.",
    ),
    "action_event.done": Text(
        sv=":white_check_mark: *{unit}* har gjort klart åtgärden för din rapport *{reference}*:\n{note}",
        en=":white_check_mark: *{unit}* has completed the action for your report *{reference}*:\n{note}",
    ),
    "action_event.text_done": Text(
        sv="Åtgärden för din rapport {reference} är klar", en="The action for your report {reference} is done"
    ),
    "action_event.deadline": Text(
        sv=":calendar: <@{by}> har flyttat deadline för åtgärden för *{reference}* ({unit}) från {previous} till *{due}*.",
        en=":calendar: <@{by}> moved the deadline of the action for *{reference}* ({unit}) from {previous} to *{due}*.",
    ),
    "action_event.text_deadline": Text(
        sv="Ny deadline för åtgärd {reference}", en="New deadline for action {reference}"
    ),
    "action_event.handover_request": Text(
        sv=":arrows_counterclockwise: <@{by}> vill lämna över en åtgärd till dig (rapport *{reference}*, {school}):\n{what}\nKlart senast *{due}*.",
        en=":arrows_counterclockwise: <@{by}> wants to hand over an action to you (report *{reference}*, {school}):\n{what}\nDue *{due}*.",
    ),
    "action_event.handover_unit": Text(
        sv="Åtgärden flyttas då till {to_unit}.", en="The action then moves to {to_unit}."
    ),
    "action_event.text_handover_request": Text(
        sv="<@{by}> vill lämna över en åtgärd till dig ({reference})",
        en="<@{by}> wants to hand over an action to you ({reference})",
    ),
    "action_event.accept": Text(sv="Acceptera", en="Accept"),
    "action_event.decline": Text(sv="Avböj", en="Decline"),
    "action_event.answered_yes": Text(
        sv="Du har tagit över åtgärden. Du får påminnelserna från och med nu.",
        en="You took over the action. You get its reminders from now on.",
    ),
    "action_event.answered_no": Text(
        sv="Du har avböjt. Åtgärden ligger kvar hos den som ville lämna över den.",
        en="You declined. The action stays with the person who wanted to hand it over.",
    ),
    "action_event.handover_accepted": Text(
        sv=":white_check_mark: <@{by}> har tagit över åtgärden för *{reference}* ({unit}).",
        en=":white_check_mark: <@{by}> took over the action for *{reference}* ({unit}).",
    ),
    "action_event.text_handover_accepted": Text(
        sv="Åtgärden för {reference} är överlämnad", en="The action for {reference} was handed over"
    ),
    "action_event.handover_declined": Text(
        sv=":no_entry_sign: <@{by}> tog inte över åtgärden för *{reference}*; den är fortfarande din.",
        en=":no_entry_sign: <@{by}> did not take over the action for *{reference}*; it is still yours.",
    ),
    "action_event.text_handover_declined": Text(
        sv="Överlämningen av {reference} avböjdes", en="The handover of {reference} was declined"
    ),
    "action_event.escalated": Text(
        sv=":triangular_flag_on_post: Åtgärden för *{reference}* ({unit}, <@{owner}>) är försenad sedan {due} och har påmints flera gånger. Den flaggas på nästa dagordning.",
        en=":triangular_flag_on_post: The action for *{reference}* ({unit}, <@{owner}>) is overdue since {due} and was reminded several times. It is flagged on the next agenda.",
    ),
    "action_event.text_escalated": Text(sv="Försenad åtgärd: {reference}", en="Overdue action: {reference}"),
    "solved.question": Text(
        sv="För två veckor sedan gjorde *{unit}* klart åtgärden för din rapport *{reference}*:\n{note}\n*Är problemet löst?*",
        en="Two weeks ago *{unit}* completed the action for your report *{reference}*:\n{note}\n*Is the problem solved?*",
    ),
    "solved.text": Text(
        sv="Är problemet i rapport {reference} löst?", en="Is the problem in report {reference} solved?"
    ),
    "solved.yes": Text(sv="Ja", en="Yes"),
    "solved.no": Text(sv="Nej", en="No"),
    "solved.thanks_yes": Text(
        sv=":white_check_mark: Tack! Rapport *{reference}* är avslutad.",
        en=":white_check_mark: Thank you! Report *{reference}* is closed.",
    ),
    "solved.reason_title": Text(sv="Inte löst", en="Not solved"),
    "solved.reason_intro": Text(
        sv="Rapport *{reference}* tas upp igen på nästa möte.",
        en="Report *{reference}* comes back at the next meeting.",
    ),
    "solved.reason_label": Text(
        sv="Vad är fortfarande ett problem? (valfritt)", en="What is still a problem? (optional)"
    ),
    "solved.reason_hint": Text(
        sv="Mötet ser ditt svar i punktens historik på nästa dagordning. Skriv inga namn eller personnummer.",
        en="The meeting sees your answer in the item's history on the next agenda. Do not write names or personal identity numbers.",
    ),
    "solved.reason_submit": Text(sv="Skicka", en="Send"),
    "solved.thanks_no": Text(
        sv=":repeat: Tack. Rapport *{reference}* tas upp igen på nästa möte.",
        en=":repeat: Thank you. Report *{reference}* comes back at the next meeting.",
    ),
    "answered.text": Text(sv="Åtgärd för {reference}", en="Action for {reference}"),
    "answered.done": Text(
        sv=":white_check_mark: *Klar* – markerad av <@{by}> {when}. Skolan har fått beskedet.",
        en=":white_check_mark: *Done* – marked by <@{by}> {when}. The school has been told.",
    ),
    "answered.due_on": Text(
        sv=":calendar: *Nytt slutdatum: {due}* – satt av <@{by}> {when}.",
        en=":calendar: *New due date: {due}* – set by <@{by}> {when}.",
    ),
    "answered.handover": Text(
        sv=":arrows_counterclockwise: *Överlämning begärd* till <@{to}> av <@{by}> {when}. Åtgärden ligger kvar här tills <@{to}> accepterar.",
        en=":arrows_counterclockwise: *Handover requested* to <@{to}> by <@{by}> {when}. The action stays here until <@{to}> accepts.",
    ),
    "answered.stale_done": Text(
        sv=":white_check_mark: Åtgärden är redan markerad som klar, så knapparna gäller inte längre.",
        en=":white_check_mark: The action is already marked as done, so the buttons no longer apply.",
    ),
    "answered.stale_owner": Text(
        sv=":arrows_counterclockwise: Åtgärden ligger nu hos <@{owner}> ({unit}), så knapparna här gäller inte dig längre.",
        en=":arrows_counterclockwise: The action is now with <@{owner}> ({unit}), so these buttons no longer apply to you.",
    ),
    "answered.handover_accepted": Text(
        sv=":white_check_mark: *Accepterad* av <@{by}> {when}. Åtgärden är din; du får påminnelserna från och med nu.",
        en=":white_check_mark: *Accepted* by <@{by}> {when}. The action is yours; you get its reminders from now on.",
    ),
    "answered.handover_declined": Text(
        sv=":no_entry_sign: *Avböjd* av <@{by}> {when}. Åtgärden ligger kvar hos den som ville lämna över den.",
        en=":no_entry_sign: *Declined* by <@{by}> {when}. The action stays with the person who wanted to hand it over.",
    ),
    "answered.solved": Text(
        sv="Svar: *{answer}* – <@{by}> {when}.", en="Answer: *{answer}* – <@{by}> {when}."
    ),
    "digest.header": Text(
        sv="Dina öppna åtgärder – Örat mot marken", en="Your open actions – Örat mot marken"
    ),
    "mina.header": Text(sv="Mina öppna åtgärder", en="My open actions"),
    "mina.count_one": Text(sv="1 öppen åtgärd", en="1 open action"),
    "mina.count": Text(sv="{n} öppna åtgärder", en="{n} open actions"),
    "mina.group_overdue": Text(sv="Försenade", en="Overdue"),
    "mina.group_this_week": Text(sv="Den här veckan", en="This week"),
    "mina.group_later": Text(sv="Senare", en="Later"),
    "mina.group_one": Text(sv="*{group}* – 1 åtgärd", en="*{group}* – 1 action"),
    "mina.group": Text(sv="*{group}* – {n} åtgärder", en="*{group}* – {n} actions"),
    "digest.count": Text(sv="{n} öppna åtgärder", en="{n} open actions"),
    "digest.none": Text(sv="Du har inga öppna åtgärder.", en="You have no open actions."),
    "digest.late": Text(
        sv="_Sammanställningen skulle ha kommit {day}, men Slack gick inte att nå. Så här ser det ut i dag._",
        en="_The summary should have arrived {day}, but Slack could not be reached. This is how things stand today._",
    ),
    "digest.more": Text(sv="… och {n} till.", en="… and {n} more."),
    "digest.text": Text(sv="Du har {n} öppna åtgärder", en="You have {n} open actions"),
    "error.done_note_empty": Text(
        sv="Skriv kort vad som blev gjort; skolan får se det.",
        en="Briefly write what was done; the school will see it.",
    ),
    "error.handover_user_missing": Text(sv="Välj vem som ska ta över.", en="Choose who takes over."),
    "error.handover_same_owner": Text(
        sv="Välj någon annan än den som redan är ansvarig.", en="Choose someone other than the current owner."
    ),
    "denied.action_not_found": Text(sv="Åtgärden finns inte.", en="The action does not exist."),
    "denied.action_closed": Text(sv="Åtgärden är redan klar.", en="The action is already done."),
    "denied.owner_only": Text(
        sv="Bara den ansvariga och mötets ordförande kan ändra åtgärden.",
        en="Only the responsible person and the meeting's chairs can change the action.",
    ),
    "denied.handover_not_yours": Text(
        sv="Överlämningen gäller inte dig längre.", en="The handover is no longer for you."
    ),
    "denied.already_answered": Text(sv="Du har redan svarat. Tack!", en="You already answered. Thank you!"),
    "denied.solved_reason_too_long": Text(
        sv="Svaret får vara högst 300 tecken. Korta ner det lite.",
        en="The answer may be at most 300 characters. Please shorten it a little.",
    ),
    "denied.not_asked_yet": Text(
        sv="Åtgärden är inte klar än. Frågan om problemet är löst kommer när den är gjord.",
        en="The action is not done yet. The question whether the problem is solved comes once it is.",
    ),
    "minutes.header": Text(sv="Protokoll – Örat mot marken", en="Minutes – Örat mot marken"),
    "minutes.present": Text(sv="*Närvarande*", en="*Present*"),
    "minutes.present_none": Text(
        sv="_Ingen antecknade sig som närvarande._", en="_Nobody marked themselves present._"
    ),
    "minutes.text": Text(sv="Protokoll – Örat mot marken {when}", en="Minutes – Örat mot marken {when}"),
    "minutes.summary": Text(
        sv="{when} · {decided} beslutade punkter · {carried} tas upp igen",
        en="{when} · {decided} decided items · {carried} come back",
    ),
    "minutes.decided": Text(sv="*Beslut*", en="*Decisions*"),
    "minutes.carried": Text(
        sv="*Bordlagda och ej avgjorda – tas upp på nästa möte*",
        en="*Tabled and undecided – back at the next meeting*",
    ),
    "minutes.item": Text(
        sv="*{number}.* `{reference}` {category} – {unit}", en="*{number}.* `{reference}` {category} – {unit}"
    ),
    "minutes.undecided": Text(sv="_Ej avgjord._", en="_Undecided._"),
    "minutes.empty": Text(sv="Inga punkter behandlades.", en="No items were dealt with."),
    "minutes.continues": Text(
        sv="Protokollet fortsätter i tråden (del 2–{total}).",
        en="The minutes continue in the thread (parts 2–{total}).",
    ),
    "minutes.part": Text(
        sv="Protokoll {when} – del {part} av {total}", en="Minutes {when} – part {part} of {total}"
    ),
    "minutes.posted_now": Text(
        sv="Protokollet är publicerat: {items} punkter i {messages} meddelanden.",
        en="The minutes are published: {items} items in {messages} messages.",
    ),
    "denied.no_meeting_held": Text(
        sv="Inget möte med publicerad dagordning har hållits än.",
        en="No meeting with a published agenda has been held yet.",
    ),
    "denied.minutes_already_posted": Text(
        sv="Protokollet för senaste mötet är redan publicerat.",
        en="The minutes of the latest meeting are already published.",
    ),
    "outbox.rerouted_person": Text(
        sv=":warning: Örat når inte {who}: {reason} (Slack svarade `{code}`). Det här meddelandet går därför till er ordförande. Fler meddelanden till {who} vidarebefordras inte – ge personens åtgärder en ny ansvarig med *Lämna över*. Ni får veta igen först om något ändras. {original}",
        en=":warning: Örat cannot reach {who}: {reason} (Slack answered `{code}`). This message therefore goes to you, the chairs. Further messages to {who} are not forwarded – give the person's actions a new owner with *Hand over*. You hear again only if something changes. {original}",
    ),
    "outbox.rerouted_channel": Text(
        sv=":warning: Örat når inte {who}: {reason} (Slack svarade `{code}`). Det här meddelandet går därför till er ordförande; dagordning och protokoll kommer till er som direktmeddelande tills kanalen går att nå (återställ kanalen, bjud in Örat eller ändra ORAT_MEETING_CHANNEL). Ni får veta igen först om något ändras. {original}",
        en=":warning: Örat cannot reach {who}: {reason} (Slack answered `{code}`). This message therefore goes to you, the chairs; agendas and minutes come to you as direct messages until the channel can be reached (restore it, invite Örat or change ORAT_MEETING_CHANNEL). You hear again only if something changes. {original}",
    ),
    "home.unreachable_header": Text(sv=":warning: *Örat når inte*", en=":warning: *Örat cannot reach*"),
    "home.unreachable_line": Text(
        sv="• {who}: {reason} (sedan {since})", en="• {who}: {reason} (since {since})"
    ),
    "home.unreachable_more": Text(sv="… och {n} till.", en="… and {n} more."),
    "workspace.not_installed": Text(
        sv="Örat är inte installerat i den här arbetsytan, så det här sparas inte. Vänd dig till den som administrerar Örat i er kommun.",
        en="Örat is not installed in this workspace, so nothing of this is stored. Ask whoever runs Örat in your municipality.",
    ),
    # Delivery: late, stale, unreachable, undelivered
    "delivery.late": Text(
        sv=":hourglass_flowing_sand: _Försenat: det här skulle ha kommit {when}, men Slack gick inte att nå._",
        en=":hourglass_flowing_sand: _Late: this should have arrived {when}, but Slack could not be reached._",
    ),
    "delivery.late_text": Text(
        sv="(försenat – skulle ha kommit {when})", en="(late – should have arrived {when})"
    ),
    "delivery.a_message": Text(sv="ett meddelande", en="a message"),
    "delivery.stale": Text(
        sv=":hourglass: Det här skulle ha gått till {who} {when}, men kom aldrig iväg (Örat eller Slack var nere). Nu har tillfället passerat, så det skickas inte: {what}",
        en=":hourglass: This should have gone to {who} {when}, but never left (Örat or Slack was down). Its moment has passed, so it is not sent: {what}",
    ),
    "delivery.unreachable_account_inactive": Text(
        sv="kontot är avaktiverat", en="the account is deactivated"
    ),
    "delivery.unreachable_user_disabled": Text(sv="kontot är avstängt", en="the account is disabled"),
    "delivery.unreachable_user_not_found": Text(
        sv="personen finns inte i arbetsytan", en="the person is not in the workspace"
    ),
    "delivery.unreachable_is_archived": Text(sv="kanalen är arkiverad", en="the channel is archived"),
    "delivery.unreachable_channel_not_found": Text(
        sv="kanalen finns inte, eller Örat är inte med i den",
        en="the channel does not exist, or Örat is not in it",
    ),
    "delivery.summary_one": Text(
        sv=":warning: *Ett meddelande från Örat kom inte fram.* Det ligger kvar som misslyckat i utkorgen:",
        en=":warning: *A message from Örat did not arrive.* It stays in the outbox as failed:",
    ),
    "delivery.summary": Text(
        sv=":warning: *{n} meddelanden från Örat kom inte fram.* De ligger kvar som misslyckade i utkorgen:",
        en=":warning: *{n} messages from Örat did not arrive.* They stay in the outbox as failed:",
    ),
    "delivery.summary_text": Text(
        sv="Meddelanden från Örat som inte kom fram: {n}", en="Messages from Örat that did not arrive: {n}"
    ),
    "delivery.summary_line": Text(
        sv="• Till {who}, {when}: {what} – _{reason}_", en="• To {who}, {when}: {what} – _{reason}_"
    ),
    "delivery.summary_more": Text(sv="… och {n} till.", en="… and {n} more."),
    "delivery.summary_footer": Text(
        sv="Ni får en sådan sammanställning varje gång något inte gått att leverera. Försök som ännu pågår räknas inte här.",
        en="You get a summary like this whenever something could not be delivered. Deliveries still being retried are not counted here.",
    ),
    "delivery.reason_horizon": Text(
        sv="Slack gick inte att nå på {hours} timmar (senast `{code}`)",
        en="Slack could not be reached for {hours} hours (last `{code}`)",
    ),
    "delivery.reason_invalid_blocks": Text(
        sv="Slack godtog inte meddelandets innehåll", en="Slack did not accept the message's content"
    ),
    "delivery.reason_msg_too_long": Text(
        sv="meddelandet var för långt för Slack", en="the message was too long for Slack"
    ),
    "delivery.reason_msg_blocks_too_long": Text(
        sv="meddelandet var för långt för Slack", en="the message was too long for Slack"
    ),
    "delivery.reason_not_in_channel": Text(
        sv="Örat är inte medlem i kanalen – bjud in appen",
        en="Örat is not a member of the channel – invite the app",
    ),
    "delivery.reason_missing_scope": Text(
        sv="appen saknar en behörighet i Slack – installera om den från manifest.yml",
        en="the app lacks a permission in Slack – reinstall it from manifest.yml",
    ),
    "delivery.reason_invalid_auth": Text(
        sv="Slack godtar inte Örats token – kontrollera SLACK_BOT_TOKEN",
        en="Slack does not accept Örat's token – check SLACK_BOT_TOKEN",
    ),
    "delivery.reason_not_authed": Text(
        sv="Slack godtar inte Örats token – kontrollera SLACK_BOT_TOKEN",
        en="Slack does not accept Örat's token – check SLACK_BOT_TOKEN",
    ),
    "delivery.reason_token_revoked": Text(
        sv="Örats token är återkallad – installera appen igen",
        en="Örat's token was revoked – install the app again",
    ),
    "delivery.reason_restricted_action": Text(
        sv="arbetsytan tillåter inte att Örat postar där", en="the workspace does not let Örat post there"
    ),
    "delivery.reason_other": Text(sv="Slack svarade `{code}`", en="Slack answered `{code}`"),
    "meeting.missed": Text(
        sv=":warning: *Dagordningen för mötet {when} gick aldrig ut* – Örat var inte igång när den skulle publiceras. {reports} Rapporter och åtgärder som skulle ha tagits upp kommer med på nästa dagordning ({next}).",
        en=":warning: *The agenda for the meeting {when} never went out* – Örat was not running when it was due. {reports} Reports and actions that would have come up go on the next agenda ({next}).",
    ),
    "meeting.missed_one": Text(
        sv="En rapport hann komma in till det mötet.", en="One report had come in for that meeting."
    ),
    "meeting.missed_reports": Text(
        sv="{n} rapporter hann komma in till det mötet.", en="{n} reports had come in for that meeting."
    ),
    "meeting.missed_none": Text(
        sv="Inga nya rapporter hade kommit in till det mötet.",
        en="No new reports had come in for that meeting.",
    ),
    "meeting.missed_no_next": Text(sv="när nästa möte planeras", en="when the next meeting is planned"),
    "meeting.missed_text": Text(
        sv="Dagordningen för {when} gick aldrig ut", en="The agenda for {when} never went out"
    ),
    # --- App Home and /orat statistik (commands) ---
    "notice.title": Text(sv="Örat", en="Örat"),
    "notice.close": Text(sv="Stäng", en="Close"),
    "home.header": Text(sv="Örat mot marken", en="Örat mot marken"),
    "home.intro": Text(
        sv="Hej <@{user}>! Här ser du dina rapporter och det du har ansvar för. :rotating_light: Vid akut fara – ring 112.",
        en="Hi <@{user}>! Here are your reports and what you are responsible for. :rotating_light: In an emergency – call 112.",
    ),
    "home.new_report": Text(sv="Ny rapport", en="New report"),
    "home.admin": Text(sv="Administrera", en="Administer"),
    "home.footer": Text(
        sv="Kommandon: `/rapportera` · `/orat mina` · `/orat kalender` · `/orat hjälp`",
        en="Commands: `/rapportera` · `/orat mina` · `/orat kalender` · `/orat hjälp`",
    ),
    "home.meeting_header": Text(sv="Nästa möte", en="Next meeting"),
    "home.meeting": Text(
        sv="*{when}*{moved}\nSista tid för rapporter till mötet: {cutoff}.",
        en="*{when}*{moved}\nLast time for reports to this meeting: {cutoff}.",
    ),
    "home.moved": Text(sv=" (flyttat från {regular})", en=" (moved from {regular})"),
    "home.no_meeting": Text(sv="Inget möte är planerat.", en="No meeting is planned."),
    "home.agenda_published": Text(
        sv="Dagordningen är publicerad i mötets kanal.", en="The agenda is published in the meeting channel."
    ),
    "home.agenda_draft": Text(
        sv="Utkastet till dagordning är skickat till ordförandena.",
        en="The draft agenda has been sent to the chairs.",
    ),
    "home.agenda_not_yet": Text(
        sv="Dagordningen är inte publicerad än. Förhandsvisa med `/orat agenda`.",
        en="The agenda is not published yet. Preview it with `/orat agenda`.",
    ),
    "home.participant_hint": Text(
        sv="Dagordningen: `/orat agenda` · Statistik: `/orat statistik` · Lägesbild: `/orat lagesbild`",
        en="Agenda: `/orat agenda` · Statistics: `/orat statistik` · Situation report: `/orat lagesbild`",
    ),
    "home.waiting_header": Text(sv="Nya rapporter inför mötet ({n})", en="New reports for the meeting ({n})"),
    "home.waiting_none": Text(sv="Inga nya rapporter än.", en="No new reports yet."),
    "home.waiting_line": Text(
        sv="`{reference}` {category} – {school}{area} · inkom {filed}",
        en="`{reference}` {category} – {school}{area} · filed {filed}",
    ),
    "home.overdue_header": Text(sv="Försenade åtgärder ({n})", en="Overdue actions ({n})"),
    "home.overdue_none": Text(sv="Inga försenade åtgärder.", en="No overdue actions."),
    "home.overdue_line": Text(
        sv="`{reference}` *{unit}*{owner} – {what} · senast {due} ({days} dagar sen)",
        en="`{reference}` *{unit}*{owner} – {what} · due {due} ({days} days ago)",
    ),
    "home.review_header": Text(sv="Att granska ({n})", en="To review ({n})"),
    "home.review_none": Text(
        sv="Inga rapporter väntar på granskning.", en="No reports are waiting for review."
    ),
    "home.actions_header": Text(sv="Mina åtgärder ({n})", en="My actions ({n})"),
    "home.actions_none": Text(sv="Du har inga öppna åtgärder.", en="You have no open actions."),
    "home.reports_header": Text(sv="Mina rapporter ({n})", en="My reports ({n})"),
    "home.reports_none": Text(
        sv="Du har inte rapporterat något än. Tryck *Ny rapport* eller skriv `/rapportera` följt av vad som hänt.",
        en="You have not reported anything yet. Press *New report* or type `/rapportera` followed by what happened.",
    ),
    "home.report_line": Text(
        sv="*`{reference}`* {category} – {school}, {place}\nInkom {filed} · {status}",
        en="*`{reference}`* {category} – {school}, {place}\nFiled {filed} · {status}",
    ),
    "home.status.in_review": Text(
        sv="Hos utbildningschefen för granskning.", en="With the education chief for review."
    ),
    "home.status.returned": Text(
        sv=":question: Tillbaka till dig med en fråga: {question}",
        en=":question: Back with you with a question: {question}",
    ),
    "home.status.new": Text(sv="Tas upp på mötet {meeting}.", en="Comes up at the meeting {meeting}."),
    "home.status.merged": Text(sv="Sammanslagen med `{merged_into}`.", en="Merged into `{merged_into}`."),
    "home.status.closed": Text(sv="Avslutad.", en="Closed."),
    "home.outcome.pending": Text(sv="På dagordningen {meeting}.", en="On the agenda {meeting}."),
    "home.outcome.responsibility_taken": Text(
        sv="Mötet {meeting}: ansvar taget.", en="Meeting {meeting}: responsibility taken."
    ),
    "home.outcome.no_action": Text(sv="Mötet {meeting}: ingen åtgärd.", en="Meeting {meeting}: no action."),
    "home.outcome.tabled": Text(
        sv="Bordlagd {meeting} – tas upp igen.", en="Tabled {meeting} – comes up again."
    ),
    "home.outcome.not_ours": Text(
        sv="På dagordningen {meeting}; en aktör har hänvisat vidare.",
        en="On the agenda {meeting}; an actor has referred it on.",
    ),
    "home.outcome.reopened": Text(
        sv="Inte löst – tas upp igen på nästa möte.", en="Not solved – comes up again at the next meeting."
    ),
    "home.action_open": Text(sv="• *{unit}*: {what} – senast {due}", en="• *{unit}*: {what} – due {due}"),
    "home.action_late": Text(
        sv="• *{unit}*: {what} – senast {due} :warning: försenad",
        en="• *{unit}*: {what} – due {due} :warning: overdue",
    ),
    "home.action_done": Text(
        sv="• :white_check_mark: *{unit}* klar {done}: {note}",
        en="• :white_check_mark: *{unit}* done {done}: {note}",
    ),
    "home.edit": Text(sv="Ändra och skicka igen", en="Edit and resend"),
    "home.previous": Text(sv="← Föregående", en="← Previous"),
    "home.more": Text(sv="Visa fler ({first}–{last} av {total})", en="Show more ({first}–{last} of {total})"),
    "home.showing": Text(sv="Visar {first}–{last} av {total}.", en="Showing {first}–{last} of {total}."),
    "home.truncated": Text(
        sv="Allt får inte plats här. Bläddra med knapparna eller använd `/orat mina`.",
        en="Not everything fits here. Page with the buttons or use `/orat mina`.",
    ),
    "stats.sent": Text(
        sv="Statistiken för {period} kommer som diagram och CSV-fil i ditt direktmeddelande med Örat.",
        en="The statistics for {period} come as a chart and a CSV file in your direct message with Örat.",
    ),
    "stats.header": Text(
        sv="*Statistik {period}* – {total} rapporter{change}",
        en="*Statistics {period}* – {total} reports{change}",
    ),
    "stats.change": Text(sv=" ({sign}{n} mot {previous})", en=" ({sign}{n} against {previous})"),
    "stats.by_category": Text(sv="*Per kategori*", en="*By category*"),
    "stats.by_area": Text(sv="*Per stadsområde*", en="*By city area*"),
    "stats.trend_line": Text(sv="{label}: *{current}* ({sign}{n})", en="{label}: *{current}* ({sign}{n})"),
    "stats.repeat_header": Text(sv="*Återkommande platser*", en="*Repeat places*"),
    "stats.repeat_line": Text(
        sv="{school}, {place}: {n} rapporter ({first}–{last})",
        en="{school}, {place}: {n} reports ({first}–{last})",
    ),
    "stats.repeat_none": Text(
        sv="Inga platser har rapporterats mer än en gång.", en="No place has been reported more than once."
    ),
    "stats.file_comment": Text(
        sv="Statistik för Örat mot marken, {period}: diagram och siffror (CSV, öppnas i Excel).",
        en="Statistics for Örat mot marken, {period}: chart and numbers (CSV, opens in Excel).",
    ),
    "denied.statistics_usage": Text(
        sv="Skriv en period efter kommandot, t.ex. `/orat statistik` (de senaste 12 veckorna), `4 veckor`, `vecka 47`, `november`, `q3`, `ht 2026`, `2026` eller `2026-09-01–2026-11-30`.",
        en="Type a period after the command, e.g. `/orat statistik` (the last 12 weeks), `4 veckor`, `vecka 47`, `november`, `q3`, `ht 2026`, `2026` or `2026-09-01–2026-11-30`.",
    ),
    "parse.year_out_of_range": Text(
        sv="Året {year} ligger utanför det Örat räknar med ({first}–{last}).",
        en="The year {year} is outside the years Örat works with ({first}–{last}).",
    ),
    "lagesbild.sent": Text(
        sv="Lägesbilden för {period} kommer som Markdown-fil med diagram i ditt direktmeddelande med Örat.",
        en="The situation report for {period} comes as a Markdown file with charts in your direct message with Örat.",
    ),
    "lagesbild.file_comment": Text(
        sv="Lägesbild – Örat mot marken, {period}: rapporter, åtgärder per aktör och återkommande platser.",
        en="Situation report – Örat mot marken, {period}: reports, actions per actor and repeat places.",
    ),
    "kalender.sent": Text(
        sv="Kalendern kommer som fil i ditt direktmeddelande med Örat: {meetings} möten och {deadlines} deadlines. Öppna filen för att lägga in dem i Outlook.",
        en="The calendar comes as a file in your direct message with Örat: {meetings} meetings and {deadlines} deadlines. Open the file to add them to Outlook.",
    ),
    "kalender.file_comment": Text(
        sv="Kommande möten i Örat mot marken och dina deadlines. Öppna filen (eller dra den till kalendern i Outlook) för att lägga in dem; gör du det igen uppdateras de.",
        en="Coming meetings of Örat mot marken and your deadlines. Open the file (or drag it to the calendar in Outlook) to add them; doing it again updates them.",
    ),
    # --- charts, CSV and the lägesbild document ---
    "chart.category_title_week": Text(
        sv="Rapporter per vecka och kategori", en="Reports per week and category"
    ),
    "chart.category_title_month": Text(
        sv="Rapporter per månad och kategori", en="Reports per month and category"
    ),
    "chart.total_subtitle": Text(sv="{period} · antal rapporter: {total}", en="{period} · reports: {total}"),
    "chart.week": Text(sv="v. {week}", en="wk {week}"),
    "chart.reports_axis": Text(sv="Antal rapporter", en="Number of reports"),
    "chart.no_reports": Text(sv="Inga rapporter under perioden", en="No reports in the period"),
    "chart.no_reports_either": Text(
        sv="Inga rapporter under perioden eller perioden före",
        en="No reports in the period or the one before",
    ),
    "chart.no_area": Text(sv="Hela staden / utan område", en="Whole city / no area"),
    "chart.area_title": Text(sv="Rapporter per stadsområde", en="Reports per city area"),
    "chart.area_subtitle": Text(sv="{period} jämfört med {previous}", en="{period} compared with {previous}"),
    "chart.this_period": Text(sv="Denna period, {period}", en="This period, {period}"),
    "chart.previous_period": Text(sv="Föregående period, {period}", en="Previous period, {period}"),
    "chart.actor_title": Text(sv="Åtgärder per aktör", en="Actions per actor"),
    "chart.actor_subtitle": Text(
        sv="Klara under {period} · öppna och försenade per {as_of}",
        en="Done in {period} · open and overdue as of {as_of}",
    ),
    "chart.done_on_time": Text(sv="Klar i tid", en="Done on time"),
    "chart.done_late": Text(sv="Klar för sent", en="Done late"),
    "chart.open": Text(sv="Öppen", en="Open"),
    "chart.overdue": Text(sv="Öppen, försenad", en="Open, overdue"),
    "chart.actions_axis": Text(sv="Antal åtgärder", en="Number of actions"),
    "chart.no_actions": Text(sv="Inga åtgärder under perioden", en="No actions in the period"),
    "chart.others": Text(sv="Övriga ({n} aktörer)", en="Others ({n} actors)"),
    "csv.period": Text(sv="Period", en="Period"),
    "csv.from": Text(sv="Från", en="From"),
    "csv.to": Text(sv="Till", en="To"),
    "csv.category": Text(sv="Kategori", en="Category"),
    "csv.area": Text(sv="Stadsområde", en="City area"),
    "csv.count": Text(sv="Antal", en="Count"),
    "lagesbild.title": Text(sv="Lägesbild – Örat mot marken", en="Situation report – Örat mot marken"),
    "lagesbild.period": Text(
        sv="**Period:** {period}, jämförd med föregående period av samma längd ({previous}).",
        en="**Period:** {period}, compared with the previous period of the same length ({previous}).",
    ),
    "lagesbild.generated": Text(
        sv="Framtagen {when} ur Örats databas.", en="Produced {when} from Örat's database."
    ),
    "lagesbild.summary": Text(sv="Sammanfattning", en="Summary"),
    "lagesbild.summary_reports": Text(
        sv="**{total}** rapporter under perioden, {change} mot föregående period ({previous}).",
        en="**{total}** reports in the period, {change} against the previous period ({previous}).",
    ),
    "lagesbild.summary_actions": Text(
        sv="**{taken}** åtgärder gavs ut; **{done}** blev klara, varav {on_time} i tid ({share}).",
        en="**{taken}** actions were given out; **{done}** were done, {on_time} of them on time ({share}).",
    ),
    "lagesbild.summary_open": Text(
        sv="Per {as_of}: **{open}** öppna åtgärder, varav **{overdue}** försenade.",
        en="As of {as_of}: **{open}** open actions, **{overdue}** of them overdue.",
    ),
    "lagesbild.by_category": Text(sv="Rapporter per kategori", en="Reports by category"),
    "lagesbild.by_area": Text(sv="Rapporter per stadsområde", en="Reports by city area"),
    "lagesbild.cross": Text(sv="Kategori per stadsområde", en="Category by city area"),
    "lagesbild.cross_intro": Text(
        sv="Antal rapporter under perioden i varje stadsområde, med förändringen mot föregående period inom parentes.",
        en="Reports in the period in each city area, with the change against the period before in brackets.",
    ),
    "lagesbild.col_category": Text(sv="Kategori", en="Category"),
    "lagesbild.col_area": Text(sv="Stadsområde", en="City area"),
    "lagesbild.col_current": Text(sv="Perioden", en="Period"),
    "lagesbild.col_previous": Text(sv="Föregående", en="Previous"),
    "lagesbild.col_change": Text(sv="Förändring", en="Change"),
    "lagesbild.total": Text(sv="Totalt", en="Total"),
    "lagesbild.actors": Text(sv="Åtgärder per aktör", en="Actions per actor"),
    "lagesbild.actors_intro": Text(
        sv="Utgivna och klara räknas under perioden ({period}); öppna och försenade per {as_of}.",
        en="Given out and done count within the period ({period}); open and overdue as of {as_of}.",
    ),
    "lagesbild.col_actor": Text(sv="Aktör", en="Actor"),
    "lagesbild.col_taken": Text(sv="Utgivna", en="Given out"),
    "lagesbild.col_done": Text(sv="Klara", en="Done"),
    "lagesbild.col_on_time": Text(sv="Varav i tid", en="Of which on time"),
    "lagesbild.col_share": Text(sv="Andel i tid", en="Share on time"),
    "lagesbild.col_open": Text(sv="Öppna", en="Open"),
    "lagesbild.col_overdue": Text(sv="Försenade", en="Overdue"),
    "lagesbild.no_actions": Text(
        sv="Inga åtgärder gavs ut, blev klara eller var öppna under perioden.",
        en="No actions were given out, done or open in the period.",
    ),
    "lagesbild.repeat": Text(sv="Återkommande platser", en="Repeat places"),
    "lagesbild.repeat_intro": Text(
        sv="Platser vid samma skola som rapporterats minst {n} gånger under perioden, flest rapporter först.",
        en="Places at the same school reported at least {n} times in the period, most reports first.",
    ),
    "lagesbild.col_school": Text(sv="Skola", en="School"),
    "lagesbild.col_place": Text(sv="Plats", en="Place"),
    "lagesbild.col_reports": Text(sv="Rapporter", en="Reports"),
    "lagesbild.col_categories": Text(sv="Kategorier", en="Categories"),
    "lagesbild.col_dates": Text(sv="Första–senaste", en="First–last"),
    "lagesbild.repeat_none": Text(
        sv="Ingen plats vid en skola rapporterades mer än en gång under perioden.",
        en="No place at a school was reported more than once in the period.",
    ),
    "lagesbild.notes": Text(sv="Om siffrorna", en="About the numbers"),
    "lagesbild.note_occurred": Text(
        sv="Rapporter räknas efter den dag problemet inträffade, inte den dag rapporten skickades in.",
        en="Reports count by the day the problem happened, not the day the report was filed.",
    ),
    "lagesbild.note_merged": Text(
        sv="Rapporter som slagits samman med en annan rapport (dubbletter) räknas inte.",
        en="Reports merged into another report (duplicates) are not counted.",
    ),
    "lagesbild.note_on_time": Text(
        sv="”I tid” betyder att åtgärden blev klar senast på sin deadline.",
        en="“On time” means the action was done no later than its due date.",
    ),
    "lagesbild.note_as_of": Text(
        sv="Öppna och försenade åtgärder räknas per {as_of}: försenad är en öppen åtgärd vars deadline har passerat. Inställda åtgärder räknas inte.",
        en="Open and overdue actions are counted as of {as_of}: overdue is an open action whose due date has passed. Cancelled actions are not counted.",
    ),
    "lagesbild.note_previous": Text(
        sv="Föregående period ({previous}) är lika lång och slutar dagen före perioden.",
        en="The previous period ({previous}) is as long and ends the day before the period.",
    ),
    "lagesbild.note_places": Text(
        sv="Platser jämförs utan hänsyn till stora och små bokstäver och skiljetecken. Platser i gallrade rapporter räknas inte som återkommande.",
        en="Places are compared regardless of case and punctuation. Places in reports cleared by retention do not count as repeat places.",
    ),
    "lagesbild.percent": Text(sv="{n} %", en="{n}%"),
    "lagesbild.no_share": Text(sv="–", en="–"),
    # --- calendar (iCalendar) ---
    "calendar.name": Text(sv="Örat mot marken", en="Örat mot marken"),
    "calendar.meeting_summary": Text(sv="Örat mot marken", en="Örat mot marken"),
    "calendar.meeting_description": Text(
        sv="Veckomötet där skolor, förvaltningar och polisen går igenom problem runt skolorna och tar ansvar för åtgärder.\nRapportera ett problem i Slack med /rapportera. Dagordningen kommer i Slack före mötet.",
        en="The weekly meeting where schools, city departments and the police go through problems around the schools and take responsibility for actions.\nReport a problem in Slack with /rapportera. The agenda comes in Slack before the meeting.",
    ),
    "calendar.meeting_moved": Text(sv="Flyttat från {regular}", en="Moved from {regular}"),
    "calendar.cancelled_holiday": Text(sv="Inställt: {holiday}", en="Cancelled: {holiday}"),
    "calendar.cancelled_break": Text(sv="Inställt – uppehåll", en="Cancelled – break"),
    "calendar.cancelled_by_chair": Text(sv="Inställt – Örat mot marken", en="Cancelled – Örat mot marken"),
    "calendar.cancelled_description": Text(
        sv="Mötet {regular} hålls inte. Rapporter du skickar med /rapportera i Slack tas upp på nästa möte.",
        en="The meeting {regular} is not held. Reports you send with /rapportera in Slack go to the next meeting.",
    ),
    "calendar.deadline_summary": Text(
        sv="Deadline {reference}: {description}", en="Deadline {reference}: {description}"
    ),
    "calendar.deadline_description": Text(
        sv="Åtgärd för {reference}, deadline {due}.\nSkola: {school}\nPlats: {place}\nAnsvarig: {unit}\n\n{description}\n\nNär åtgärden är gjord: skriv /orat mina i Slack och tryck på knappen Klar.",
        en="Action for {reference}, due {due}.\nSchool: {school}\nPlace: {place}\nResponsible: {unit}\n\n{description}\n\nWhen the action is done: type /orat mina in Slack and press the Done button.",
    ),
    "calendar.deadline_alarm": Text(sv="Deadline i morgon: {reference}", en="Deadline tomorrow: {reference}"),
}

SV: dict[str, str | tuple[str, str]] = {key: text.sv for key, text in TEXTS.items()}
EN: dict[str, str | tuple[str, str]] = {key: text.en for key, text in TEXTS.items()}

CATALOGS: dict[str, dict[str, str | tuple[str, str]]] = {"sv": SV, "en": EN}

# Words that ask for help, whatever language the user types in.
HELP_WORDS = frozenset({"hjälp", "hjalp", "help", "-h", "--help", "?"})


class Texts:
    """``texts("error.place_empty")`` → the sentence in the configured language."""

    def __init__(self, language: str = "sv") -> None:
        self.language = language
        self._table = CATALOGS[language]

    def __call__(self, key: str, **values: object) -> str:
        text = self._table[key]
        if isinstance(text, tuple):
            raise TypeError(f"{key} has a count: use texts.plural({key!r}, n, ...)")
        return text.format(**values)

    def plural(self, key: str, n: int, **values: object) -> str:
        """``texts.plural("agenda.count_new", 1)`` → "1 ny rapport"; ``{n}`` is filled in."""
        one, many = self._table[key]
        return (one if n == 1 else many).format(n=n, **values)

    def has(self, key: str) -> bool:
        return key in self._table
