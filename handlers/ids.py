"""Callback, block and action ids shared by listeners and builders."""

from __future__ import annotations

REPORT_COMMAND = "/rapportera"
ORAT_COMMAND = "/orat"

REPORT_VIEW = "report_submit"
REPORT_RECEIVED_VIEW = "report_received"

# Block ids of the report modal, and the field of bot.domain.reports.ReportInput each holds.
REPORT_BLOCKS = {
    "category": "report_category",
    "unit": "report_unit",
    "new_unit_name": "report_new_unit_name",
    "new_unit_area": "report_new_unit_area",
    "place": "report_place",
    "occurred_on": "report_occurred_on",
    "occurred_time": "report_occurred_time",
    "description": "report_description",
    "recurring": "report_recurring",
}
# Each input block holds one element whose action id is "value".
VALUE = "value"
REPORT_UNIT_ACTION = "report_unit_select"
