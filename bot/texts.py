"""Every user-facing sentence, in one catalog. Swedish is the language; English is a setting.

Placeholders are ``str.format`` fields. Values put into mrkdwn texts must already be escaped
by the caller (the Block Kit builders do it).
"""

from __future__ import annotations

SV: dict[str, str] = {
    # Categories (kategori)
    "category.gangs": "Störande gäng/grupper",
    "category.vandalism": "Skadegörelse",
    "category.arson": "Anlagd brand",
    "category.drug_sales": "Drogförsäljning",
    "category.threats": "Hot och våld",
    "category.unsafe_environment": "Otrygg miljö",
    "category.other": "Annat",
    # Unit kinds
    "unit_kind.school": "Skola",
    "unit_kind.department": "Förvaltning",
    "unit_kind.actor": "Aktör",
    "unit_group.schools_in": "Skolor – {area}",
    "unit_group.schools_no_area": "Skolor",
    "unit_group.departments": "Förvaltningar",
    "unit_group.actors": "Andra aktörer",
    # The report modal
    "report_modal.title": "Rapportera",
    "report_modal.submit": "Skicka",
    "report_modal.close": "Avbryt",
    "report_modal.emergency": ":rotating_light: *Vid akut fara – ring 112.* "
    "Örat mot marken är ett veckomöte, inte en larmcentral.",
    "report_modal.intro": "Rapporten tas upp på nästa möte i *Örat mot marken* ({meeting}).",
    "report_modal.category": "Vad gäller det?",
    "report_modal.category_placeholder": "Välj kategori",
    "report_modal.unit": "Din skola eller enhet",
    "report_modal.unit_placeholder": "Sök eller välj",
    "report_modal.unit_hint": "Vi kommer ihåg ditt val till nästa gång.",
    "report_modal.new_unit_name": "Finns inte din skola i listan? Skriv dess namn",
    "report_modal.new_unit_name_first": "Din skola eller enhet",
    "report_modal.new_unit_placeholder": "t.ex. Rosengårdsskolan",
    "report_modal.new_unit_area": "Stadsområde för den nya enheten",
    "report_modal.area_placeholder": "Välj stadsområde",
    "report_modal.place": "Plats",
    "report_modal.place_placeholder": "t.ex. vid entrén mot Ystadvägen",
    "report_modal.occurred_on": "När hände det?",
    "report_modal.occurred_time": "Ungefär vilken tid? (frivilligt)",
    "report_modal.description": "Vad har hänt?",
    "report_modal.description_hint": "Skriv inte namn eller personnummer på barn eller andra personer. "
    "Beskriv vad som hänt, hur ofta och hur det påverkar skolan.",
    "report_modal.recurring_label": "Återkommande?",
    "report_modal.recurring_option": "Det har hänt flera gånger eller pågår fortfarande",
    "report_modal.overflow_note": ":information_source: Texten du skrev efter kommandot var {length} tecken, "
    "mer än fältet rymmer ({limit}). Fältet visar början; hela texten sparas med rapporten.",
    # Validation errors (inline)
    "error.category_missing": "Välj vad rapporten gäller.",
    "error.unit_missing": "Välj din skola eller enhet, eller skriv dess namn nedan.",
    "error.unit_name_too_long": "Namnet får vara högst {limit} tecken.",
    "error.area_missing": "Välj stadsområde för den nya enheten.",
    "error.place_empty": "Skriv var det hände, t.ex. skolgården eller en gata.",
    "error.place_too_long": "Platsen får vara högst {limit} tecken.",
    "error.date_missing": "Välj vilket datum det hände.",
    "error.date_in_future": "Datumet kan inte ligga i framtiden.",
    "error.time_in_future": "Tiden kan inte ligga i framtiden.",
    "error.description_empty": "Beskriv kort vad som har hänt.",
    "error.description_too_long": "Beskrivningen får vara högst {limit} tecken (nu {length}).",
    # After submit
    "report_received.title": "Rapport mottagen",
    "report_received.close": "Stäng",
    "report_received.body": ":white_check_mark: Tack! Din rapport har referens *{reference}*.\n"
    "Den tas upp på *Örat mot marken* {meeting}. Du får också ett kvitto som direktmeddelande.",
    "receipt.text": "Rapport {reference} mottagen – tas upp {meeting}",
    "receipt.header": "Tack – din rapport är mottagen",
    "receipt.reference": "*Referens*\n{reference}",
    "receipt.meeting": "*Tas upp på mötet*\n{meeting}",
    "receipt.category": "*Kategori*\n{category}",
    "receipt.unit": "*Enhet*\n{unit}",
    "receipt.place": "*Plats*\n{place}",
    "receipt.occurred": "*När*\n{occurred}",
    "receipt.recurring": "Återkommande",
    "receipt.description": "*Beskrivning*\n{description}",
    "receipt.late": ":hourglass: Rapporten kom efter sista dag för mötet {missed} och tas därför upp "
    "på mötet därefter.",
    "receipt.footer": "Ange referensen {reference} om du har frågor. Vid akut fara – ring 112.",
    # Help
    "help.rapportera": "*Så rapporterar du ett problem till Örat mot marken*\n"
    "• `/rapportera` öppnar ett formulär: kategori, plats, när det hände och vad som hänt.\n"
    "• `/rapportera <text>` öppnar formuläret med texten redan ifylld som beskrivning.\n"
    "• Du får ett kvitto med referensnummer (t.ex. ÖMM-2026-0042) och datum för mötet som tar upp "
    "rapporten.\n"
    "• Skriv inte namn eller personnummer på barn.\n"
    ":rotating_light: Vid akut fara – ring 112. Örat mot marken är ett veckomöte, inte en larmcentral.",
    "help.orat": "*Örat mot marken – kommandon*\n"
    "• `/rapportera` – rapportera ett problem runt en skola.\n"
    "• `/rapportera hjälp` – hur rapporteringen går till.\n"
    "• `/orat möte` – kommande möten.\n"
    "*Ordförande och samordnare*\n"
    "• `/orat agenda` – förhandsvisa dagordningen för nästa möte.\n"
    "• `/orat agenda publicera` – publicera dagordningen i mötets kanal nu.\n"
    "• `/orat agenda export` – dagordningen som Markdown-fil, för protokollarkivet.\n"
    "• `/orat möte flytta <datum> <tid>` – flytta nästa möte (eller `flytta <datum> till <datum> <tid>`).\n"
    "• `/orat möte ställ in <datum>` – ställ in ett möte.\n"
    "• `/orat hjälp` – den här hjälpen.",
    "orat.unknown": "Okänt kommando `{command}`. Skriv `/orat hjälp` för att se vad som finns.",
    "error.generic": "Något gick fel hos Örat. Försök igen om en stund; kvarstår felet, kontakta "
    "mötets samordnare.",
    # Editing a returned report
    "report_modal.edit_title": "Redigera rapport",
    "report_modal.resubmit": "Skicka igen",
    "report_modal.question": ":question: *Fråga från granskaren:*\n{question}",
    "receipt.header_resent": "Tack – din ändrade rapport är skickad",
    "receipt.in_review": ":mag: Rapporten granskas först av utbildningschefen <@{reviewer}> innan den når mötet. "
    "Granskas den inte i tid tas den ändå upp, märkt ej granskad.",
    # Review by the education chief
    "review.header": "Rapport att granska",
    "review.intro": "<@{reporter}> har rapporterat ett problem. Lyft det till mötet {meeting}, slå ihop det "
    "med en tidigare rapport eller returnera det med en fråga.",
    "review.raise": "Lyft till mötet",
    "review.merge": "Slå ihop med …",
    "review.return": "Returnera med fråga",
    "review.deadline": "Det som inte är granskat vid sista dag kommer ändå med på dagordningen, märkt "
    "_ej granskad_.",
    "review.text": "Rapport {reference} att granska",
    "review.text_done": "Rapporten är granskad",
    "review.done_raised": ":white_check_mark: Lyft till mötet av <@{reviewer}>.",
    "review.done_merged": ":link: Sammanslagen med {merged_into} av <@{reviewer}>.",
    "review.done_returned": ":leftwards_arrow_with_hook: Returnerad med en fråga av <@{reviewer}>.",
    "review_notice.raised": ":white_check_mark: Din rapport *{reference}* är granskad av <@{reviewer}> och "
    "tas upp på mötet {meeting}.",
    "review_notice.merged": ":link: Din rapport *{reference}* är sammanslagen med *{merged_into}* av "
    "<@{reviewer}>: samma problem tas upp en gång, med båda rapporterna.",
    "review_notice.returned": ":question: <@{reviewer}> har en fråga om din rapport *{reference}*:\n{question}",
    "review_notice.edit": "Redigera och skicka igen",
    "review_notice.returned_footer": "Rapporten är inte borta: svarar du inte före mötets sista dag tas den "
    "ändå upp, märkt ej granskad.",
    "review_notice.text_raised": "Rapport {reference} är granskad och lyft till mötet",
    "review_notice.text_merged": "Rapport {reference} är sammanslagen med en tidigare rapport",
    "review_notice.text_returned": "Fråga om din rapport {reference}",
    "merge_modal.title": "Slå ihop rapporter",
    "merge_modal.intro": "Vilken tidigare rapport handlar *{reference}* om? Den tas då upp tillsammans med den.",
    "merge_modal.none": "Det finns inga öppna rapporter från samma skola eller stadsområde de senaste sex "
    "veckorna att slå ihop med.",
    "merge_modal.submit": "Slå ihop",
    "merge_modal.label": "Tidigare rapport",
    "return_modal.title": "Returnera med fråga",
    "return_modal.submit": "Skicka frågan",
    "return_modal.intro": "Frågan skickas till <@{reporter}>, som kan ändra rapporten *{reference}* och skicka "
    "den igen.",
    "return_modal.label": "Din fråga",
    "error.merge_target_missing": "Välj en tidigare rapport att slå ihop med.",
    "error.question_empty": "Skriv frågan till rapportören.",
    "error.question_too_long": "Frågan får vara högst 1000 tecken.",
    # Refusals (ephemeral)
    "denied.chair_only": "Det här kan bara mötets ordförande och samordnare göra.",
    "denied.reviewer_only": "Bara enhetens granskare (utbildningschef) eller mötets ordförande kan granska "
    "den här rapporten.",
    "denied.already_reviewed": "Rapporten är redan granskad eller har redan tagits upp på mötet.",
    "denied.report_not_found": "Rapporten finns inte längre.",
    "denied.not_your_report": "Det är bara den som skrev rapporten som kan ändra den.",
    "denied.report_not_returned": "Rapporten väntar inte längre på ändringar; den är redan granskad eller "
    "upptagen på mötet.",
    "denied.meeting_not_found": "Hittar inget sådant möte. Skriv `/orat möte` för att se de kommande mötena.",
    "denied.meeting_in_past": "Den tiden har redan passerat.",
    "denied.meeting_clash": "Det finns redan ett möte då.",
    "denied.meeting_already_published": "Dagordningen för det mötet är redan publicerad; mötet kan inte "
    "flyttas eller ställas in längre här.",
    "denied.agenda_already_published": "Dagordningen för mötet är redan publicerad.",
    "denied.agenda_usage": "Använd `/orat agenda`, `/orat agenda publicera` eller `/orat agenda export`.",
    "denied.meeting_usage": "Använd `/orat möte`, `/orat möte flytta <datum> <tid>` eller "
    "`/orat möte ställ in <datum>`.",
    "denied.move_usage": "Skriv t.ex. `/orat möte flytta 2 dec 10:00` (nästa möte) eller "
    "`/orat möte flytta 1 dec till 2 dec 10:00`.",
    "denied.cancel_usage": "Skriv t.ex. `/orat möte ställ in 22 dec`.",
    # Meetings
    "meeting.moved": ":calendar: Mötet {regular} är flyttat till *{moved}* (<@{chair}>).",
    "meeting.cancelled": ":calendar: Mötet {regular} är *inställt* (<@{chair}>). Rapporterna tas upp på "
    "nästa möte.",
    "meeting.moved_ok": "Klart: mötet {regular} är flyttat till {moved}.",
    "meeting.cancelled_ok": "Klart: mötet {regular} är inställt. Rapporterna tas upp på nästa möte.",
    "meeting.calendar_header": "*Kommande möten – Örat mot marken*",
    "meeting.calendar_held": "• {regular}",
    "meeting.calendar_moved": "• ~{regular}~ → *{moved}* (flyttat)",
    "meeting.calendar_none": "• ~{regular}~ – {reason}",
    "meeting.calendar_usage": "_Ordförande: `/orat möte flytta <datum> <tid>`, `/orat möte ställ in <datum>`._",
    # Agenda
    "agenda.header": "Dagordning – Örat mot marken",
    "agenda.text": "Dagordning – Örat mot marken {when}",
    "agenda.count_new": "{n} nya rapporter",
    "agenda.count_actions": "{n} öppna åtgärder ({overdue} försenade)",
    "agenda.count_carried": "{n} bordlagda eller ej avgjorda",
    "agenda.draft_intro": ":memo: *Utkast till ordförande.* Dagordningen publiceras automatiskt i mötets "
    "kanal en stund före mötet – eller nu, med knappen.",
    "agenda.publish_now": "Publicera nu",
    "agenda.preview_note": ":eyes: Förhandsvisning, bara för dig. Rapporter kan tillkomma fram till sista "
    "dag.",
    "agenda.empty": "*Inga nya rapporter* den här veckan och inget att följa upp.",
    "agenda.follow_up": "*Uppföljning*",
    "agenda.follow_up_plain": "Uppföljning",
    "agenda.new_reports": "*Nya rapporter*",
    "agenda.new_reports_plain": "Nya rapporter",
    "agenda.area": ":round_pushpin: *{area}* – {n} st",
    "agenda.action": "• `{reference}` {owner}: {description} – senast {due}",
    "agenda.action_overdue": "• :red_circle: `{reference}` {owner}: {description} – *försenad*, skulle vara "
    "klar {due}",
    "agenda.overdue_word": "försenad",
    "agenda.due_word": "senast",
    "agenda.item_where_when": "Plats: {place} · När: {when}",
    "agenda.carried_tabled": "bordlagd {previous}",
    "agenda.carried_undecided": "ej avgjord {previous}",
    "agenda.unreviewed": "_ej granskad_",
    "agenda.merged": "sammanslagen med {references}",
    "agenda.repeat": ":repeat: *{ordinal} rapporten om {category} vid {where} på 6 veckor*",
    "agenda.take_responsibility": "Ta ansvar",
    "agenda.continues": "Dagordningen fortsätter i tråden (del 2–{total}).",
    "agenda.part": "Dagordning {when} – del {part} av {total}",
    "agenda.published_now": "Dagordningen är publicerad: {items} punkter i {messages} meddelanden.",
    "agenda.file_title": "Dagordning {when}",
    "agenda.file_comment": "Dagordningen för Örat mot marken {when}, för protokollarkivet.",
    "agenda.file_sent": "Dagordningen skickas som Markdown-fil i ett direktmeddelande till dig.",
    "agenda.preview_more": "Dagordningen är längre än vad som får plats här ({total} delar visas). "
    "`/orat agenda export` ger hela som fil.",
    "agenda.assign": "Tilldela",
    "agenda.outcome_no_action": "Ingen åtgärd",
    "agenda.outcome_tabled": "Bordlägg",
    "agenda.outcome_not_ours": "Inte vår fråga",
    "agenda.status_action": ":white_check_mark: Ansvar: *{unit}* – {who}: {what} – senast {due}",
    "agenda.status_no_action": ":no_entry_sign: Ingen åtgärd ({who})",
    "agenda.status_tabled": ":hourglass: Bordlagd ({who}) – kommer tillbaka nästa möte",
    "agenda.status_not_ours": ":leftwards_arrow_with_hook: {who}: inte vår fråga – föreslår {suggested}",
    "agenda.no_suggestion": "ingen annan aktör",
    "responsibility.item": "Punkt {number} · `{reference}` · {category} – {unit} · {place}",
    "responsibility.title": "Ta ansvar",
    "responsibility.title_assign": "Tilldela ansvar",
    "responsibility.submit": "Spara",
    "responsibility.unit": "Aktör som tar ansvar",
    "responsibility.unit_placeholder": "Välj förvaltning eller aktör",
    "responsibility.owner": "Ansvarig person",
    "responsibility.description": "Vad ska göras?",
    "responsibility.due_on": "Klart senast",
    "responsibility.note": "Anteckning (frivilligt)",
    "responsibility.reporter_told": ":handshake: *{unit}* har tagit ansvar för din rapport *{reference}* ({place}).\nÅtgärd:\n{what}\nAnsvarig: <@{owner}> · klart senast {due}.",
    "responsibility.reporter_text": "{unit} har tagit ansvar för din rapport {reference}",
    "responsibility.owner_told": ":clipboard: <@{by}> har gett dig ansvar för en åtgärd för *{unit}* på Örat mot marken (rapport *{reference}*, {place}):\n{what}\nKlart senast *{due}*.",
    "responsibility.owner_text": "Du har fått ansvar för en åtgärd (rapport {reference})",
    "responsibility.owner_footer": "Du får påminnelser före och när åtgärden ska vara klar.",
    "outcome.suggested_unit": "Vem borde ta den i stället?",
    "outcome.note_no_action": "Varför ingen åtgärd?",
    "outcome.note_not_ours": "Kommentar (frivilligt)",
    "outcome.submit": "Spara",
    "outcome.chairs_told": ":leftwards_arrow_with_hook: <@{by}>{by_unit} menar att punkt {number} (`{reference}`) inte är deras fråga. Förslag: *{suggested}*. Punkten är fortfarande öppen.",
    "outcome.chairs_text": "Inte vår fråga: {reference}",
    "error.action_unit_missing": "Välj aktören som tar ansvar.",
    "error.action_owner_missing": "Välj vem som är ansvarig.",
    "error.action_description_empty": "Skriv vad som ska göras.",
    "error.action_description_too_long": "Högst {limit} tecken.",
    "error.action_due_missing": "Välj när det ska vara klart.",
    "error.action_due_in_past": "Datumet har redan passerat.",
    "error.action_note_too_long": "Högst {limit} tecken.",
    "error.outcome_reason_empty": "Skriv varför ingen åtgärd behövs.",
    "denied.item_not_found": "Punkten finns inte längre på dagordningen.",
}

EN: dict[str, str] = {
    "category.gangs": "Disruptive gangs/groups",
    "category.vandalism": "Vandalism",
    "category.arson": "Arson",
    "category.drug_sales": "Drug sales",
    "category.threats": "Threats and violence",
    "category.unsafe_environment": "Unsafe environment",
    "category.other": "Other",
    "unit_kind.school": "School",
    "unit_kind.department": "Department",
    "unit_kind.actor": "Actor",
    "unit_group.schools_in": "Schools – {area}",
    "unit_group.schools_no_area": "Schools",
    "unit_group.departments": "Departments",
    "unit_group.actors": "Other actors",
    "report_modal.title": "Report",
    "report_modal.submit": "Send",
    "report_modal.close": "Cancel",
    "report_modal.emergency": ":rotating_light: *In an emergency – call 112.* Örat mot marken is a weekly "
    "meeting, not an emergency service.",
    "report_modal.intro": "The report goes to the next *Örat mot marken* meeting ({meeting}).",
    "report_modal.category": "What is it about?",
    "report_modal.category_placeholder": "Choose a category",
    "report_modal.unit": "Your school or unit",
    "report_modal.unit_placeholder": "Search or choose",
    "report_modal.unit_hint": "We remember your choice for next time.",
    "report_modal.new_unit_name": "School not in the list? Type its name",
    "report_modal.new_unit_name_first": "Your school or unit",
    "report_modal.new_unit_placeholder": "e.g. Rosengårdsskolan",
    "report_modal.new_unit_area": "City area of the new unit",
    "report_modal.area_placeholder": "Choose a city area",
    "report_modal.place": "Place",
    "report_modal.place_placeholder": "e.g. at the entrance facing Ystadvägen",
    "report_modal.occurred_on": "When did it happen?",
    "report_modal.occurred_time": "Roughly what time? (optional)",
    "report_modal.description": "What happened?",
    "report_modal.description_hint": "Do not write names or personal identity numbers of children or others. "
    "Describe what happened, how often and how it affects the school.",
    "report_modal.recurring_label": "Recurring?",
    "report_modal.recurring_option": "It has happened several times or is still going on",
    "report_modal.overflow_note": ":information_source: The text after the command was {length} characters, "
    "more than the field holds ({limit}). The field shows the start; the whole text is kept with the report.",
    "error.category_missing": "Choose what the report is about.",
    "error.unit_missing": "Choose your school or unit, or type its name below.",
    "error.unit_name_too_long": "The name may be at most {limit} characters.",
    "error.area_missing": "Choose the city area of the new unit.",
    "error.place_empty": "Say where it happened, e.g. the schoolyard or a street.",
    "error.place_too_long": "The place may be at most {limit} characters.",
    "error.date_missing": "Choose the date it happened.",
    "error.date_in_future": "The date cannot be in the future.",
    "error.time_in_future": "The time cannot be in the future.",
    "error.description_empty": "Briefly describe what happened.",
    "error.description_too_long": "The description may be at most {limit} characters (now {length}).",
    "report_received.title": "Report received",
    "report_received.close": "Close",
    "report_received.body": ":white_check_mark: Thank you! Your report's reference is *{reference}*.\n"
    "It goes to *Örat mot marken* {meeting}. You will also get a receipt as a direct message.",
    "receipt.text": "Report {reference} received – on the agenda {meeting}",
    "receipt.header": "Thank you – your report was received",
    "receipt.reference": "*Reference*\n{reference}",
    "receipt.meeting": "*Meeting*\n{meeting}",
    "receipt.category": "*Category*\n{category}",
    "receipt.unit": "*Unit*\n{unit}",
    "receipt.place": "*Place*\n{place}",
    "receipt.occurred": "*When*\n{occurred}",
    "receipt.recurring": "Recurring",
    "receipt.description": "*Description*\n{description}",
    "receipt.late": ":hourglass: The report came after the deadline for the meeting {missed} and goes to the "
    "meeting after it.",
    "receipt.footer": "Quote {reference} if you have questions. In an emergency – call 112.",
    "help.rapportera": "*How to report a problem to Örat mot marken*\n"
    "• `/rapportera` opens a form: category, place, when it happened and what happened.\n"
    "• `/rapportera <text>` opens the form with the text already filled in as the description.\n"
    "• You get a receipt with a reference (e.g. ÖMM-2026-0042) and the date of the meeting that will "
    "hear it.\n"
    "• Do not write names or personal identity numbers of children.\n"
    ":rotating_light: In an emergency – call 112. Örat mot marken is a weekly meeting, not an emergency "
    "service.",
    "help.orat": "*Örat mot marken – commands*\n"
    "• `/rapportera` – report a problem around a school.\n"
    "• `/rapportera hjälp` – how reporting works.\n"
    "• `/orat möte` – coming meetings.\n"
    "*Chairs and coordinators*\n"
    "• `/orat agenda` – preview the agenda of the next meeting.\n"
    "• `/orat agenda publicera` – publish the agenda in the meeting's channel now.\n"
    "• `/orat agenda export` – the agenda as a Markdown file, for the minutes archive.\n"
    "• `/orat möte flytta <date> <time>` – move the next meeting (or `flytta <date> till <date> <time>`).\n"
    "• `/orat möte ställ in <date>` – cancel a meeting.\n"
    "• `/orat hjälp` – this help.",
    "orat.unknown": "Unknown command `{command}`. Type `/orat hjälp` to see what there is.",
    "error.generic": "Something went wrong in Örat. Try again in a while; if it persists, contact the "
    "meeting's coordinator.",
    "report_modal.edit_title": "Edit report",
    "report_modal.resubmit": "Send again",
    "report_modal.question": ":question: *Question from the reviewer:*\n{question}",
    "receipt.header_resent": "Thank you – your edited report was sent",
    "receipt.in_review": ":mag: The report is first reviewed by the education chief <@{reviewer}> before it "
    "reaches the meeting. If it is not reviewed in time it is still heard, marked not reviewed.",
    "review.header": "Report to review",
    "review.intro": "<@{reporter}> reported a problem. Raise it to the meeting {meeting}, merge it with an "
    "earlier report or return it with a question.",
    "review.raise": "Raise to the meeting",
    "review.merge": "Merge with …",
    "review.return": "Return with a question",
    "review.deadline": "What is not reviewed by the deadline still reaches the agenda, marked _not reviewed_.",
    "review.text": "Report {reference} to review",
    "review.text_done": "The report was reviewed",
    "review.done_raised": ":white_check_mark: Raised to the meeting by <@{reviewer}>.",
    "review.done_merged": ":link: Merged with {merged_into} by <@{reviewer}>.",
    "review.done_returned": ":leftwards_arrow_with_hook: Returned with a question by <@{reviewer}>.",
    "review_notice.raised": ":white_check_mark: Your report *{reference}* was reviewed by <@{reviewer}> and "
    "goes to the meeting {meeting}.",
    "review_notice.merged": ":link: Your report *{reference}* was merged with *{merged_into}* by "
    "<@{reviewer}>: the same problem is heard once, with both reports.",
    "review_notice.returned": ":question: <@{reviewer}> has a question about your report *{reference}*:\n"
    "{question}",
    "review_notice.edit": "Edit and send again",
    "review_notice.returned_footer": "The report is not lost: if you do not answer before the meeting's "
    "deadline it is still heard, marked not reviewed.",
    "review_notice.text_raised": "Report {reference} was reviewed and raised to the meeting",
    "review_notice.text_merged": "Report {reference} was merged with an earlier report",
    "review_notice.text_returned": "A question about your report {reference}",
    "merge_modal.title": "Merge reports",
    "merge_modal.intro": "Which earlier report is *{reference}* about? It is then heard together with it.",
    "merge_modal.none": "There are no open reports from the same school or city area in the last six weeks "
    "to merge with.",
    "merge_modal.submit": "Merge",
    "merge_modal.label": "Earlier report",
    "return_modal.title": "Return with a question",
    "return_modal.submit": "Send the question",
    "return_modal.intro": "The question goes to <@{reporter}>, who can change the report *{reference}* and "
    "send it again.",
    "return_modal.label": "Your question",
    "error.merge_target_missing": "Choose an earlier report to merge with.",
    "error.question_empty": "Write the question to the reporter.",
    "error.question_too_long": "The question may be at most 1000 characters.",
    "denied.chair_only": "Only the meeting's chairs and coordinators can do this.",
    "denied.reviewer_only": "Only the unit's reviewer (education chief) or the meeting's chair can review "
    "this report.",
    "denied.already_reviewed": "The report has already been reviewed or heard at the meeting.",
    "denied.report_not_found": "The report no longer exists.",
    "denied.not_your_report": "Only the person who wrote the report can change it.",
    "denied.report_not_returned": "The report is no longer waiting for changes; it has been reviewed or heard.",
    "denied.meeting_not_found": "No such meeting. Type `/orat möte` to see the coming meetings.",
    "denied.meeting_in_past": "That time has already passed.",
    "denied.meeting_clash": "There already is a meeting then.",
    "denied.meeting_already_published": "The agenda of that meeting is already published; it can no longer "
    "be moved or cancelled here.",
    "denied.agenda_already_published": "The agenda of the meeting is already published.",
    "denied.agenda_usage": "Use `/orat agenda`, `/orat agenda publicera` or `/orat agenda export`.",
    "denied.meeting_usage": "Use `/orat möte`, `/orat möte flytta <date> <time>` or "
    "`/orat möte ställ in <date>`.",
    "denied.move_usage": "Type e.g. `/orat möte flytta 2 dec 10:00` (the next meeting) or "
    "`/orat möte flytta 1 dec till 2 dec 10:00`.",
    "denied.cancel_usage": "Type e.g. `/orat möte ställ in 22 dec`.",
    "meeting.moved": ":calendar: The meeting {regular} is moved to *{moved}* (<@{chair}>).",
    "meeting.cancelled": ":calendar: The meeting {regular} is *cancelled* (<@{chair}>). Reports go to the next "
    "meeting.",
    "meeting.moved_ok": "Done: the meeting {regular} is moved to {moved}.",
    "meeting.cancelled_ok": "Done: the meeting {regular} is cancelled. Reports go to the next meeting.",
    "meeting.calendar_header": "*Coming meetings – Örat mot marken*",
    "meeting.calendar_held": "• {regular}",
    "meeting.calendar_moved": "• ~{regular}~ → *{moved}* (moved)",
    "meeting.calendar_none": "• ~{regular}~ – {reason}",
    "meeting.calendar_usage": "_Chairs: `/orat möte flytta <date> <time>`, `/orat möte ställ in <date>`._",
    "agenda.header": "Agenda – Örat mot marken",
    "agenda.text": "Agenda – Örat mot marken {when}",
    "agenda.count_new": "{n} new reports",
    "agenda.count_actions": "{n} open actions ({overdue} overdue)",
    "agenda.count_carried": "{n} tabled or undecided",
    "agenda.draft_intro": ":memo: *Draft for the chairs.* The agenda is published in the meeting's channel "
    "shortly before the meeting – or now, with the button.",
    "agenda.publish_now": "Publish now",
    "agenda.preview_note": ":eyes: Preview, only for you. Reports may still arrive until the deadline.",
    "agenda.empty": "*No new reports* this week and nothing to follow up.",
    "agenda.follow_up": "*Follow-up*",
    "agenda.follow_up_plain": "Follow-up",
    "agenda.new_reports": "*New reports*",
    "agenda.new_reports_plain": "New reports",
    "agenda.area": ":round_pushpin: *{area}* – {n}",
    "agenda.action": "• `{reference}` {owner}: {description} – due {due}",
    "agenda.action_overdue": "• :red_circle: `{reference}` {owner}: {description} – *overdue*, was due {due}",
    "agenda.overdue_word": "overdue",
    "agenda.due_word": "due",
    "agenda.item_where_when": "Place: {place} · When: {when}",
    "agenda.carried_tabled": "tabled {previous}",
    "agenda.carried_undecided": "undecided {previous}",
    "agenda.unreviewed": "_not reviewed_",
    "agenda.merged": "merged with {references}",
    "agenda.repeat": ":repeat: *{ordinal} report of {category} at {where} in 6 weeks*",
    "agenda.take_responsibility": "Take responsibility",
    "agenda.continues": "The agenda continues in the thread (parts 2–{total}).",
    "agenda.part": "Agenda {when} – part {part} of {total}",
    "agenda.published_now": "The agenda is published: {items} items in {messages} messages.",
    "agenda.file_title": "Agenda {when}",
    "agenda.file_comment": "The agenda of Örat mot marken {when}, for the minutes archive.",
    "agenda.file_sent": "The agenda is sent as a Markdown file in a direct message to you.",
    "agenda.preview_more": "The agenda is longer than fits here ({total} parts shown). "
    "`/orat agenda export` gives all of it as a file.",
    "agenda.assign": "Assign",
    "agenda.outcome_no_action": "No action",
    "agenda.outcome_tabled": "Table",
    "agenda.outcome_not_ours": "Not our question",
    "agenda.status_action": ":white_check_mark: Responsible: *{unit}* – {who}: {what} – due {due}",
    "agenda.status_no_action": ":no_entry_sign: No action ({who})",
    "agenda.status_tabled": ":hourglass: Tabled ({who}) – comes back next meeting",
    "agenda.status_not_ours": ":leftwards_arrow_with_hook: {who}: not our question – suggests {suggested}",
    "agenda.no_suggestion": "no other actor",
    "responsibility.item": "Item {number} · `{reference}` · {category} – {unit} · {place}",
    "responsibility.title": "Take responsibility",
    "responsibility.title_assign": "Assign responsibility",
    "responsibility.submit": "Save",
    "responsibility.unit": "Actor taking responsibility",
    "responsibility.unit_placeholder": "Choose a department or actor",
    "responsibility.owner": "Responsible person",
    "responsibility.description": "What will be done?",
    "responsibility.due_on": "Done by",
    "responsibility.note": "Note (optional)",
    "responsibility.reporter_told": ":handshake: *{unit}* has taken responsibility for your report *{reference}* ({place}).\nAction:\n{what}\nResponsible: <@{owner}> · done by {due}.",
    "responsibility.reporter_text": "{unit} has taken responsibility for your report {reference}",
    "responsibility.owner_told": ":clipboard: <@{by}> made you responsible for an action for *{unit}* at Örat mot marken (report *{reference}*, {place}):\n{what}\nDone by *{due}*.",
    "responsibility.owner_text": "You are responsible for an action (report {reference})",
    "responsibility.owner_footer": "You will get reminders before and when the action is due.",
    "outcome.suggested_unit": "Who should take it instead?",
    "outcome.note_no_action": "Why no action?",
    "outcome.note_not_ours": "Comment (optional)",
    "outcome.submit": "Save",
    "outcome.chairs_told": ":leftwards_arrow_with_hook: <@{by}>{by_unit} says item {number} (`{reference}`) is not their question. Suggestion: *{suggested}*. The item is still open.",
    "outcome.chairs_text": "Not our question: {reference}",
    "error.action_unit_missing": "Choose the actor taking responsibility.",
    "error.action_owner_missing": "Choose who is responsible.",
    "error.action_description_empty": "Write what will be done.",
    "error.action_description_too_long": "At most {limit} characters.",
    "error.action_due_missing": "Choose when it will be done.",
    "error.action_due_in_past": "That date has already passed.",
    "error.action_note_too_long": "At most {limit} characters.",
    "error.outcome_reason_empty": "Write why no action is needed.",
    "denied.item_not_found": "The item is no longer on the agenda.",
}

CATALOGS: dict[str, dict[str, str]] = {"sv": SV, "en": EN}

# Words that ask for help, whatever language the user types in.
HELP_WORDS = frozenset({"hjälp", "hjalp", "help", "-h", "--help", "?"})


class Texts:
    """``texts("error.place_empty")`` → the sentence in the configured language."""

    def __init__(self, language: str = "sv") -> None:
        self.language = language
        self._table = CATALOGS[language]

    def __call__(self, key: str, **values: object) -> str:
        return self._table[key].format(**values)
