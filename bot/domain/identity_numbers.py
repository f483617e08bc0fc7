"""Swedish personal identity numbers in free text, so the bot can warn about them and mask them.

Reports are free text written in a hurry; a personnummer (or a samordningsnummer, whose day of month
is the real day + 60) pasted into one must not travel on into channels, agendas and exports. The
finding is ours: python-stdnum's ``se.personnummer`` validates a single number only and rejects
samordningsnummer, so we use just its Luhn check.

A candidate is 10 digits (YYMMDD + NNNC) or 12 digits (YYYYMMDD + NNNC), with no separator between
the date part and the last four, or one of these:

- ``+``: the person is 100 years old or more;
- one dash-like character (hyphen-minus, the hyphens and dashes U+2010–U+2015, the minus sign U+2212,
  the small and fullwidth hyphen-minus, a soft hyphen), optionally with one space-like character on
  either side: text pasted from Word or a PDF carries en dashes and non-breaking hyphens, and Word
  turns "811218 - 9876" into "811218 – 9876";
- one space-like character: any Unicode space separator (Zs: space, no-break space, narrow no-break
  space, thin space, figure space, ...) or an invisible zero-width space / word joiner.

It counts when the date part is a real calendar date, the century of a 12-digit form is 18, 19 or 20,
and the Luhn digit over the 10-digit form holds. Everything else that looks numeric (dates, times,
amounts, phone numbers, organisation numbers, reference numbers, longer digit runs) fails one of these
rules or the boundary rules below. When in doubt we report: masking a phone number is a small
nuisance, leaking a personnummer is not.

Birth dates and ``today``. Nobody has a personnummer with a birth date after today, so a caller that
knows the date (the report modal's warning, the masking before storage) passes ``today`` - in the
municipality's time zone, from the service's clock; this module never reads the system clock. Then:

- a 12-digit number whose birth date is after ``today`` is not reported (a case number built from a
  future date, ``20270115-0042``, is no person);
- a 10-digit number gets its century as Skatteverket assigns it: with ``+`` the most recent century
  in which the person is at least 100 years old on ``today``, otherwise (``-``, another separator or
  none) the most recent century in which the birth date is not after ``today`` - so a 10-digit
  number is never in the future, and ``today`` decides only whether 29 February is real (000229+NNNC
  would be born 1900, which was no leap year, and is not reported).

Without ``today`` (the pure text helpers that mask what is posted) no birth date counts as future
and a 10-digit date is accepted if any century makes it real: the safe side.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from stdnum import luhn

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
COORDINATION_OFFSET = 60  # a samordningsnummer's day of month is the real day + 60

# Dash-like: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar,
# minus sign, small and fullwidth hyphen-minus, and the soft hyphen Word leaves in pasted text.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u00ad"
# Space-like: every Unicode space separator (category Zs), plus the invisible zero-width space and
# word joiner, which would otherwise hide a number that reads as 8112189876 on screen.
SPACES = " \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000\u200b\u2060"

# Bounded quantifiers and no nesting: every attempt looks at 16 characters at most, so a scan is linear
# in the text length. The pattern starts with a plain digit class (the look-behind comes after it, and
# says the digit before that one is no digit) so that the engine skips non-digits quickly. The optional
# two digits are greedy, so a 12-digit run is read as such and a 10-digit run falls back to 6 + 4.
_CANDIDATE = re.compile(
    r"([0-9](?<![0-9]{2})[0-9]{5}(?:[0-9]{2})?)"
    rf"((?:[{SPACES}]?[{DASHES}][{SPACES}]?|[{SPACES}]|\+)?)"
    r"([0-9]{4})(?![0-9])"
)
# A digit glued on by one of these makes the candidate part of a longer number (an account number,
# ``811218-9876-12``). A space is deliberately not one of them: "pnr 811218-9876 2 barn" must still be
# found, and a space-grouped longer number (IBAN, card) never has a six-digit group anyway.
_CONTINUATION = DASHES + "+"

# The phone-number heuristic. An unformatted Swedish mobile number such as 0701234567 reads as a date
# (2007-01-23) and passes the Luhn check one time in ten. So a separator-less 10-digit candidate that
# starts with 0 (every national phone number does) is skipped when what stands right before it - past
# blanks and punctuation such as ":", "(", "," or a dash, but not past the end of a sentence - says
# "phone number":
#
# - a phone word, optionally followed by nr/nummer/no: "tel 070…", "Tel.: 070…", "tel. nr 070…",
#   "telefonnummer 070…", "mobil: 070…", "ring 070…", "ringde 070…";
# - a phone word with på/till/från, and at most one word between: "ring på 070…", "ringde från
#   070…", "Ring mamma på 070…", "tel till mamma: 070…";
# - a bare "nr" (not "p nr", "pers nr": those are identity words) or a country code (+46, 0046).
#
# Any other word right before the number means the sentence is about something else, often a person:
# "Mamma ringde om 0503121238", "ringde angående …", "numret tillhör …" are reported. Its limits: an
# unformatted mobile number with no phone word right before it ("ring pappa efter skolan, 070…") that
# happens to be a valid date with a valid Luhn digit IS reported (and masked); we prefer masking a phone
# number to leaking a personnummer. Numbers written with a dash or a space (070-123 45 67, 040-34 10 00)
# and international numbers (+46701234567: an 11-digit run) never form a candidate in the first place.
_PHONE_LOOKBACK = 60  # characters before the number that may hold the cue; the longest cue is shorter
_GAP = rf"[{DASHES}\s:,()\[\]/=\"'’”]"  # blanks and punctuation that keep a cue next to the number
_PHONE_WORD = (
    r"(?:(?:tel|tfn|mob)(?:nr)?(?!\w)\.?"  # abbreviations, with their full stop
    r"|(?:telefon|mobil)\w*"  # telefon, telefonnummer, telefonnr, mobil, mobilnummer, …
    r"|ring(?:a|er|de|t)?(?!\w))"  # ring, ringa, ringer, ringde, ringt
)
_NUMBER_WORD = r"(?:nr|nummer|numret|no)(?!\w)\.?"
_PREPOSITION = r"(?:på|till|från)(?!\w)"
_WORD = r"[^\W\d_]+"
_PHONE_CUE = re.compile(
    r"(?<!\w)(?:"
    rf"{_PHONE_WORD}(?:{_GAP}*{_NUMBER_WORD})?"
    rf"|{_PHONE_WORD}{_GAP}+(?:{_WORD}{_GAP}+)?{_PREPOSITION}"
    rf"|{_PHONE_WORD}{_GAP}+till{_GAP}+{_WORD}"
    r"|(?P<bare_nr>(?<![.\-])nr\.?)"
    r"|(?:\+|00)46"
    rf"){_GAP}*\Z",
    re.IGNORECASE,
)
# "p nr", "pers. nr", "person nr", "samordnings nr": the nr belongs to an identity word, not a phone.
_IDENTITY_BEFORE_NR = re.compile(r"(?<!\w)(?:p|pers|person|samordnings)\.?\s*\Z", re.IGNORECASE)
_DIGITS = "0123456789"


@dataclass(frozen=True)
class IdentityNumber:
    """Where a number sits in the text (so exactly that span can be masked) and what kind it is."""

    start: int  # index in the text
    end: int  # exclusive
    kind: str  # "personnummer" | "samordningsnummer"


def find_identity_numbers(text: str, *, today: date | None = None) -> list[IdentityNumber]:
    """Every personnummer and samordningsnummer in ``text``, in order, so callers can warn or mask.

    ``today`` (the municipality's date) turns away birth dates in the future; see the module notes."""
    found: list[IdentityNumber] = []
    for match in _CANDIDATE.finditer(text):
        date_part, separator, serial = match.groups()
        start, end = match.start(), match.end()
        kind = _kind(date_part, separator, serial, today)
        if kind is None or _continues(text, start, end):
            continue
        # Cues inside the number found before do not count: masking it must not change this verdict.
        floor = found[-1].end if found else 0
        if not separator and len(date_part) == 6 and _looks_like_phone(text, start, floor):
            continue
        found.append(IdentityNumber(start, end, kind))
    return found


def contains_identity_number(text: str, *, today: date | None = None) -> bool:
    """Whether ``text`` holds a personnummer or samordningsnummer (the bot then warns the reporter)."""
    return bool(find_identity_numbers(text, today=today))


def mask_identity_numbers(text: str, mask: str = "[personnummer]", *, today: date | None = None) -> str:
    """``text`` with every identity number (separator included) replaced by ``mask``, the rest untouched."""
    parts: list[str] = []
    last = 0
    for number in find_identity_numbers(text, today=today):
        parts.append(text[last : number.start])
        parts.append(mask)
        last = number.end
    parts.append(text[last:])
    return "".join(parts)


def _kind(date_part: str, separator: str, serial: str, today: date | None) -> str | None:
    """The kind of number the digits make, or None when they are no identity number at all."""
    month, day = int(date_part[-4:-2]), int(date_part[-2:])
    kind = PERSONNUMMER
    if day > COORDINATION_OFFSET:
        kind, day = SAMORDNINGSNUMMER, day - COORDINATION_OFFSET
    if not 1 <= month <= 12:
        return None
    if len(date_part) == 8:
        if date_part[:2] not in ("18", "19", "20"):
            return None
        year = int(date_part[:4])
    elif today is None:
        # Without the century only 29 February depends on it: 2000 + YY is a leap year exactly when
        # YY % 4 == 0, and we accept the date if any plausible century makes it real.
        year = 2000 + int(date_part[:2])
    else:
        year = _inferred_year(int(date_part[:2]), month, day, at_least_100=separator == "+", today=today)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    if today is not None and date(year, month, day) > today:
        return None  # nobody is born after today (only a 12-digit number can get here)
    # The checksum last: the date test is cheaper and turns away most of what merely looks numeric.
    if not luhn.is_valid(date_part[-6:] + serial):
        return None
    return kind


def _inferred_year(yy: int, month: int, day: int, *, at_least_100: bool, today: date) -> int:
    """The birth year of a 10-digit number as Skatteverket reads it: the most recent year ending in
    ``yy`` in which the person, born on ``month``/``day``, is born by ``today`` - and with ``+`` has
    turned 100 by ``today``. Compared as (year, month, day) so that 29 February needs no special case."""
    shift = 100 if at_least_100 else 0
    year = today.year - shift - (today.year - shift - yy) % 100
    if (year + shift, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def _continues(text: str, start: int, end: int) -> bool:
    """Whether a digit joined by a dash or ``+`` makes the candidate part of a longer number."""
    before = start >= 2 and text[start - 1] in _CONTINUATION and text[start - 2] in _DIGITS
    after = end + 1 < len(text) and text[end] in _CONTINUATION and text[end + 1] in _DIGITS
    return before or after


def _looks_like_phone(text: str, start: int, floor: int) -> bool:
    """Whether the unformatted 10-digit candidate at ``start`` is a national phone number by what
    stands right before it (see the notes at _PHONE_CUE)."""
    if text[start] != "0":
        return False
    cue = _PHONE_CUE.search(text, max(floor, start - _PHONE_LOOKBACK), start)
    if cue is None:
        return False
    if cue.group("bare_nr") is not None:
        return _IDENTITY_BEFORE_NR.search(text, max(floor, cue.start() - 20), cue.start()) is None
    return True
