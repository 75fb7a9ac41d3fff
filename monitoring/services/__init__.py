"""Writes for monitoring, by subdomain: ``actions`` (the register and who may record),
``reports`` (values and states, periods), ``reminders``, ``files`` (exports and imports)."""

from monitoring.services.actions import (
    MilestoneData,
    Partner,
    action_create,
    action_update,
    actions_import,
    recorder_set,
)
from monitoring.services.files import (
    export_request,
    export_write,
    files_purge,
    import_read,
    import_request,
)
from monitoring.services.reminders import report_reminders_send
from monitoring.services.reports import (
    clean_value,
    period_lock,
    period_reopen,
    report_approve,
    report_return,
    report_save,
    report_start,
    report_submit,
)

__all__ = [
    "MilestoneData",
    "Partner",
    "action_create",
    "action_update",
    "actions_import",
    "clean_value",
    "export_request",
    "export_write",
    "files_purge",
    "import_read",
    "import_request",
    "period_lock",
    "period_reopen",
    "recorder_set",
    "report_approve",
    "report_reminders_send",
    "report_return",
    "report_save",
    "report_start",
    "report_submit",
]
