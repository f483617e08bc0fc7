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
    "photos": "report_photos",
    "earlier_place": "report_earlier_place",
}
# Each input block holds one element whose action id is "value".
VALUE = "value"
REPORT_UNIT_ACTION = "report_unit_select"
REPORT_PLACE_ACTION = "report_earlier_place_select"  # its options come from a block_suggestion

# Review by the education chief
REVIEW_RAISE = "review_raise"
REVIEW_MERGE = "review_merge"
REVIEW_RETURN = "review_return"
REVIEW_MERGE_VIEW = "review_merge_submit"
REVIEW_RETURN_VIEW = "review_return_submit"
MERGE_INTO_BLOCK = "merge_into"
QUESTION_BLOCK = "question"
REPORT_EDIT = "report_edit"

# Agenda
AGENDA_PUBLISH_NOW = "agenda_publish_now"
AGENDA_PRESENT = "agenda_present"
AGENDA_ATTENDANCE = "agenda_attendance"
ATTENDANCE_VIEW = "attendance_submit"
ATTENDANCE_BLOCK = "attendance_users"
ITEM_TAKE = "item_take"
ITEM_ASSIGN = "item_assign"
ITEM_OUTCOME = "item_outcome"
ITEM_MOVE = "item_move"  # the chairs' draft: "Flytta till nästa möte"
ITEM_MOVE_VIEW = "item_move_submit"
ITEM_MOVE_REASON = "item_move_reason"
AGENDA_ADD_OTHER = "agenda_add_other"  # the chairs' draft: an item of their own, "Övrigt"
OTHER_VIEW = "agenda_other_submit"
OTHER_BLOCKS = {"title": "other_title", "body": "other_body"}
ITEM_UP = "item_up"  # ▲/▼ on the chairs' draft
ITEM_MORE = "item_more"  # the draft's (and the Home tab's) "⋯": move, merge, remove (and ▲/▼)
ITEM_REMOVE_VIEW = "item_remove_submit"  # "Ta bort från dagordningen", with the reason
ITEM_REMOVE_REASON = "item_remove_reason"
ITEM_MERGE_VIEW = "item_merge_submit"  # "Slå ihop med …", the other item picked
ITEM_MERGE_INTO = "item_merge_into"
ITEM_DOWN = "item_down"
MINUTES_CORRECT = "minutes_correct"  # "Rätta protokollet" on the posted minutes (chairs, a day)
MINUTES_CORRECT_VIEW = "minutes_correct_submit"
MINUTES_CORRECTION_BLOCKS = {"point": "minutes_correction_point", "text": "minutes_correction_text"}
RESPONSIBILITY_VIEW = "responsibility_submit"
OUTCOME_VIEW = "outcome_submit"
RESPONSIBILITY_BLOCKS = {
    "unit": "action_unit",
    "owner": "action_owner",
    "description": "action_description",
    "due_on": "action_due_on",
    "note": "action_note",
    "suggested_unit": "outcome_suggested_unit",
}

# Following up actions
ACTION_DONE = "action_done"
ACTION_DEADLINE = "action_deadline"
ACTION_HANDOVER = "action_handover"
HANDOVER_ACCEPT = "handover_accept"
HANDOVER_DECLINE = "handover_decline"
SOLVED_YES = "solved_yes"
SOLVED_NO = "solved_no"
ACTION_DONE_VIEW = "action_done_submit"
ACTION_DEADLINE_VIEW = "action_deadline_submit"
ACTION_HANDOVER_VIEW = "action_handover_submit"
SOLVED_NO_VIEW = "solved_no_submit"
FOLLOW_UP_BLOCKS = {
    "note": "follow_up_note",
    "due_on": "follow_up_due_on",
    "to_user": "follow_up_to_user",
    "to_unit": "follow_up_to_unit",
    "reason": "follow_up_reason",
}

# Administration (/orat admin)
ADMIN_UNIT_NEW = "admin_unit_new"
ADMIN_UNIT_EDIT = "admin_unit_edit"
ADMIN_MEMBER = "admin_member"
ADMIN_UNIT_VIEW = "admin_unit_submit"
ADMIN_MEMBER_VIEW = "admin_member_submit"
ADMIN_TERMS = "admin_terms"  # the button: areas and categories
ADMIN_TERMS_VIEW = "admin_terms_submit"
ADMIN_TERM_BLOCKS = {
    "action": "admin_term_action",
    "kind": "admin_term_kind",
    "term": "admin_term_term",
    "label": "admin_term_label",
}
ADMIN_BLOCKS = {
    "name": "admin_unit_name",
    "kind": "admin_unit_kind",
    "area": "admin_unit_area",
    "reviewer": "admin_unit_reviewer",
    "active": "admin_unit_active",
    "user": "admin_member_user",
    "unit": "admin_member_unit",
    "roles": "admin_member_roles",
}

# The workspace's settings (``/orat admin`` → Inställningar, the Home tab's first-run checklist)
SETTINGS_OPEN = "settings_open"  # opens the settings modal (from /orat admin or the Home tab)
SETTINGS_UNITS_OPEN = "settings_units_open"  # the checklist's "Ladda enheter": the organisation file
SETTINGS_VIEW = "settings_submit"
SETTINGS_UNITS_VIEW = "settings_units_submit"
SETTINGS_BLOCK_PREFIX = "settings_"  # + the field's name (bot.domain.workspace_settings.FIELDS)
SETTINGS_UNITS_BLOCK = "settings_units_toml"

# App Home
HOME_NEW_REPORT = "home_new_report"
HOME_ADMIN = "home_admin"
HOME_PAGE_NEXT = "home_page_next"
HOME_PAGE_PREVIOUS = "home_page_previous"

# The weekly round (a DM to each unit's reporters before the cutoff)
ROUND_REPORT = "round_report"  # "Rapportera": the report form with the unit chosen
ROUND_NOTHING_NEW = "round_nothing_new"  # "Inget nytt"
# The archive of stored lägesbilder (``/orat lagesbild arkiv``)
SNAPSHOT_OPEN = "snapshot_open"  # "Öppna": the stored files to the DM; value: the snapshot's number
SNAPSHOT_NEWER = "snapshot_newer"  # "← Nyare"; value: the page to show (from 1)
SNAPSHOT_OLDER = "snapshot_older"  # "Äldre →"; value: the page to show (from 1)
# Duplicate suggestions while reporting: "Samma händelse som ÖMM-…?" (the report modal updated)
REPORT_MATCH_VIEW = "report_match_submit"
REPORT_MATCH_BLOCK = "report_match_choice"
REPORT_MATCH_NEW = "new"  # the choice's value for "Nej, ny rapport"; otherwise the report id
