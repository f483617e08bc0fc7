"""Swedish personal identity numbers in free text, so the bot can warn about them and mask them.

Reports are free text written in a hurry; a personnummer (or a samordningsnummer, whose day of month
is the real day + 60) pasted into one must not travel on into channels, agendas and exports. The
finding is ours: python-stdnum's ``se.personnummer`` validates a single number only and rejects
samordningsnummer, so we use just its Luhn check.

A candidate is 10 digits (YYMMDD + NNNC) or 12 digits (YYYYMMDD + NNNC), with ``-``, ``+`` (people
over 100) or one space between the date part and the last four, or no separator at all. It counts
when the date part is a real calendar date, the century of a 12-digit form is 18, 19 or 20, and the
Luhn digit over the 10-digit form holds. Everything else that looks numeric (dates, times, amounts,
phone numbers, organisation numbers, reference numbers, longer digit runs) fails one of these rules
or the boundary rules below. When in doubt we report: masking a phone number is a small nuisance,
leaking a personnummer is not.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from stdnum import luhn

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
COORDINATION_OFFSET = 60  # a samordningsnummer's day of month is the real day + 60

# Bounded quantifiers and no nesting: every attempt looks at 14 characters at most, so a scan is linear
# in the text length. The pattern starts with a plain digit class (the look-behind comes after it, and
# says the digit before that one is no digit) so that the engine skips non-digits quickly. The optional
# two digits are greedy, so a 12-digit run is read as such and a 10-digit run falls back to 6 + 4.
_CANDIDATE = re.compile(r"([0-9](?<![0-9]{2})[0-9]{5}(?:[0-9]{2})?)([-+ ]?)([0-9]{4})(?![0-9])")
# A digit glued on by one of these makes the candidate part of a longer number (an account number,
# ``811218-9876-12``). A space is deliberately not one of them: "pnr 811218-9876 2 barn" must still be
# found, and a space-grouped longer number (IBAN, card) never has a six-digit group anyway.
_CONTINUATION = "-+"

# The phone-number heuristic. An unformatted Swedish mobile number such as 0701234567 reads as a date
# (2007-01-23) and passes the Luhn check one time in ten. So a separator-less 10-digit candidate that
# starts with 0 (every national phone number does) is skipped when the nearest cue within
# _PHONE_WINDOW characters before it is a phone word (tel, tfn, telefon, mobil, mobilnummer, ring,
# nr, ...) or a country code (+46, 0046), with no digit between the cue and the number; an identity
# word (pnr, personnummer, ...) closer to the number wins over the phone word. Its limit: an
# unformatted mobile number with no phone word nearby that happens to be a valid date with a valid
# Luhn digit IS reported (and masked); we prefer masking a phone number to leaking a personnummer.
# Numbers written with a dash or a space (070-123 45 67, 040-34 10 00) and international numbers
# (+46701234567: an 11-digit run) never form a candidate in the first place.
_PHONE_WINDOW = 20
_CUE_LOOKBACK = _PHONE_WINDOW + 20  # room for the longest cue word ending inside the window
_CUES = re.compile(
    r"(?=[+0ptmrns])"  # every cue starts with one of these: lets the engine skip other positions fast
    r"(?:(?P<identity>(?<!\w)(?:person(?:nummer|nr)|pers\.?\s?nr|p[-.]?nr|samordnings(?:nummer|nr)))"
    r"|(?P<phone>(?<!\w)(?:tel(?:efon\w*|nr)?|tfn|mob(?:il\w*|nr)?|ring(?:a|er|de|t)?)\b"
    r"|(?<![\w.-])nr\b"
    r"|(?:\+|(?<![0-9])00)46))",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"[0-9]")
_DIGITS = "0123456789"


@dataclass(frozen=True)
class IdentityNumber:
    """Where a number sits in the text (so exactly that span can be masked) and what kind it is."""

    start: int  # index in the text
    end: int  # exclusive
    kind: str  # "personnummer" | "samordningsnummer"


def find_identity_numbers(text: str) -> list[IdentityNumber]:
    """Every personnummer and samordningsnummer in ``text``, in order, so callers can warn or mask."""
    found: list[IdentityNumber] = []
    for match in _CANDIDATE.finditer(text):
        date_part, separator, serial = match.groups()
        start, end = match.start(), match.end()
        kind = _kind(date_part, serial)
        if kind is None or _continues(text, start, end):
            continue
        # Cues inside the number found before do not count: masking it must not change this verdict.
        floor = found[-1].end if found else 0
        if not separator and len(date_part) == 6 and _looks_like_phone(text, start, floor):
            continue
        found.append(IdentityNumber(start, end, kind))
    return found


def contains_identity_number(text: str) -> bool:
    """Whether ``text`` holds a personnummer or samordningsnummer (the bot then warns the reporter)."""
    return bool(find_identity_numbers(text))


def mask_identity_numbers(text: str, mask: str = "[personnummer]") -> str:
    """``text`` with every identity number (separator included) replaced by ``mask``, the rest untouched."""
    parts: list[str] = []
    last = 0
    for number in find_identity_numbers(text):
        parts.append(text[last : number.start])
        parts.append(mask)
        last = number.end
    parts.append(text[last:])
    return "".join(parts)


def _kind(date_part: str, serial: str) -> str | None:
    """The kind of number the digits make, or None when they are no identity number at all."""
    if len(date_part) == 8:
        century = int(date_part[:2])
        if century not in (18, 19, 20):
            return None
        year = century * 100 + int(date_part[2:4])
        date_part = date_part[2:]
    else:
        # Without the century only 29 February depends on it: 2000 + YY is a leap year exactly when
        # YY % 4 == 0, and we accept the date if any plausible century makes it real.
        year = 2000 + int(date_part[:2])
    month, day = int(date_part[2:4]), int(date_part[4:6])
    kind = PERSONNUMMER
    if day > COORDINATION_OFFSET:
        kind, day = SAMORDNINGSNUMMER, day - COORDINATION_OFFSET
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    # The checksum last: the date test is cheaper and turns away most of what merely looks numeric.
    if not luhn.is_valid(date_part + serial):
        return None
    return kind


def _continues(text: str, start: int, end: int) -> bool:
    """Whether a digit joined by ``-`` or ``+`` makes the candidate part of a longer number."""
    before = start >= 2 and text[start - 1] in _CONTINUATION and text[start - 2] in _DIGITS
    after = end + 1 < len(text) and text[end] in _CONTINUATION and text[end + 1] in _DIGITS
    return before or after


def _looks_like_phone(text: str, start: int, floor: int) -> bool:
    """Whether the unformatted 10-digit candidate at ``start`` is a national phone number by its context."""
    if text[start] != "0":
        return False
    cues = list(_CUES.finditer(text, max(floor, start - _CUE_LOOKBACK), start))
    if not cues:
        return False
    cue = cues[-1]  # the nearest cue decides
    if cue.lastgroup != "phone" or cue.end() < start - _PHONE_WINDOW:
        return False
    return _DIGIT.search(text, cue.end(), start) is None
