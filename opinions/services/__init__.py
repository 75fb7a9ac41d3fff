"""Writes for a WZK's documents, one rule set a module: ``documents`` (drafts, versions,
attachments), ``consultation`` (the window and its comments), ``votes`` (opening, ballots,
closing and the recorded result, reminders), ``adoption`` (resolution number, publication,
PDF), ``reviews`` (the systematic review of initiatives), ``follow_up`` (what became of an
adopted document, the WZK's voting rules). Each checks permission first and writes
atomically."""

from opinions.services.adoption import document_adopt, resolution_pdf
from opinions.services.consultation import comment_add, consultation_open
from opinions.services.documents import attachment_add, document_create, document_revise
from opinions.services.follow_up import follow_up_record, rules_for, rules_set
from opinions.services.reviews import (
    review_add_initiative,
    review_assess,
    review_close,
    review_open,
    review_start_draft,
)
from opinions.services.votes import (
    ballot_cast,
    close_due_votes,
    database_now,
    vote_close,
    vote_open,
    vote_reminders_send,
)

__all__ = [
    "attachment_add",
    "ballot_cast",
    "close_due_votes",
    "comment_add",
    "consultation_open",
    "database_now",
    "document_adopt",
    "document_create",
    "document_revise",
    "follow_up_record",
    "resolution_pdf",
    "review_add_initiative",
    "review_assess",
    "review_close",
    "review_open",
    "review_start_draft",
    "rules_for",
    "rules_set",
    "vote_close",
    "vote_open",
    "vote_reminders_send",
]
