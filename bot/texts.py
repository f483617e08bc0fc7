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
    "• `/orat hjälp` – den här hjälpen.",
    "orat.unknown": "Okänt kommando `{command}`. Skriv `/orat hjälp` för att se vad som finns.",
    "error.generic": "Något gick fel hos Örat. Försök igen om en stund; kvarstår felet, kontakta "
    "mötets samordnare.",
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
    "• `/orat hjälp` – this help.",
    "orat.unknown": "Unknown command `{command}`. Type `/orat hjälp` to see what there is.",
    "error.generic": "Something went wrong in Örat. Try again in a while; if it persists, contact the "
    "meeting's coordinator.",
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
