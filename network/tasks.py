"""The task queue: slow work (e-mail, notices to many people) leaves the request and runs in
a worker.

Tasks go to the ``platform`` backend (``settings.TASKS``): with Redis configured, a queue in
the database that ``manage.py db_worker --backend platform`` runs (the ``worker`` service);
on a laptop without Redis, in the same process right after commit (the in-memory channel
layer reaches only the process that holds it, so live notices must be sent from there).
"""

import logging
import smtplib
from datetime import timedelta

from django.db import transaction
from django_tasks_db import DatabaseBackend

logger = logging.getLogger(__name__)

BACKEND = "platform"
# Pauses before each retry of an e-mail: about a day in all, then it waits for staff.
EMAIL_RETRY_PAUSES = tuple(timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 180, 360, 720))
# What a mail server (or the way to it) does when it fails for now.
EMAIL_FAILURES = (smtplib.SMTPException, OSError)


def enqueue_on_commit(task_, *args, **kwargs) -> None:
    """Queue ``task_`` as part of the current transaction. With the database queue the task's
    row commits (or rolls back) with the change itself, so nothing is lost in between; a
    backend that runs tasks in this process runs it after commit."""
    if isinstance(task_.get_backend(), DatabaseBackend):
        task_.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task_.enqueue(*args, **kwargs), robust=True)
