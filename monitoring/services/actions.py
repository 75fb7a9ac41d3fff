"""Writes for the actions register: record and change a region's actions, and the members a
coordinator allows to record them. Permission first; each write is atomic."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import permissions, selectors
from monitoring.models import ACTION_FIELDS, Action, ActionPartner, Milestone, Recorder
from network.models import Region, User


@dataclass(frozen=True)
class Partner:
    region: Region
    contribution: str = ""


@dataclass(frozen=True)
class MilestoneData:
    date: date
    title: str
    done: bool = False


def action_validate(fields: dict, *, lead_region: Region, partners=()) -> None:
    """Rules across fields, the same for forms, the API and imports."""
    errors = {}
    planned_start, planned_end = fields.get("planned_start"), fields.get("planned_end")
    if planned_start and planned_end and planned_end < planned_start:
        errors["planned_end"] = _("The planned end cannot be before the planned start.")
    actual_start, actual_end = fields.get("actual_start"), fields.get("actual_end")
    if actual_start and actual_end and actual_end < actual_start:
        errors["actual_end"] = _("The actual end cannot be before the actual start.")
    if any(partner.region.pk == lead_region.pk for partner in partners):
        errors["partners"] = _("The lead region cannot also be a partner region.")
    if len({partner.region.pk for partner in partners}) != len(list(partners)):
        errors["partners"] = _("Each partner region can be named once.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_create(
    *,
    actor: User,
    lead_region: Region,
    partners: list[Partner] = (),
    milestones: list[MilestoneData] = (),
    target_groups=(),
    practices=(),
    events=(),
    **fields,
) -> Action:
    if not permissions.can_record(actor, lead_region):
        raise PermissionDenied(_("You cannot record actions of this region."))
    action_validate(fields, lead_region=lead_region, partners=partners)
    action = Action(lead_region=lead_region, created_by=actor, **_only_fields(fields))
    action.save()
    _set_relations(action, partners, milestones, target_groups, practices, events)
    return action


@transaction.atomic
def action_update(
    *,
    actor: User,
    action: Action,
    partners: list[Partner] | None = None,
    milestones: list[MilestoneData] | None = None,
    target_groups=None,
    practices=None,
    events=None,
    **fields,
) -> Action:
    if not permissions.can_edit_action(actor, action):
        raise PermissionDenied(_("You cannot change this action."))
    current = {name: getattr(action, name) for name in ACTION_FIELDS}
    current.update(_only_fields(fields))
    shown_partners = partners if partners is not None else _partners_of(action)
    action_validate(current, lead_region=action.lead_region, partners=shown_partners)
    for name, value in _only_fields(fields).items():
        setattr(action, name, value)
    action.save()
    _set_relations(action, partners, milestones, target_groups, practices, events)
    return action


def _only_fields(fields: dict) -> dict:
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown action fields: {sorted(unknown)}")
    return fields


def _partners_of(action: Action) -> list[Partner]:
    return [Partner(p.region, p.contribution) for p in action.partners.select_related("region")]


def _set_relations(action, partners, milestones, target_groups, practices, events) -> None:
    if partners is not None:
        ActionPartner.objects.filter(action=action).delete()
        ActionPartner.objects.bulk_create(
            ActionPartner(action=action, region=p.region, contribution=p.contribution)
            for p in partners
        )
    if milestones is not None:
        Milestone.objects.filter(action=action).delete()
        Milestone.objects.bulk_create(
            Milestone(action=action, date=m.date, title=m.title, done=m.done) for m in milestones
        )
    if target_groups is not None:
        action.target_groups.set(target_groups)
    if practices is not None:
        action.practices.set(practices)
    if events is not None:
        action.events.set(events)
    names = [p.region.name for p in (partners if partners is not None else _partners_of(action))]
    document = selectors.action_search_document(action, names)
    if document != action.search_document:
        Action.objects.filter(pk=action.pk).update(search_document=document)
        action.search_document = document


def recorder_set(*, actor: User, member: User, allowed: bool) -> None:
    """The coordinator allows (or stops allowing) a member of their region to record the
    region's actions and fill its reports."""
    if not permissions.can_manage_recorders(actor) or member.region_id != actor.region_id:
        raise PermissionDenied
    if allowed:
        Recorder.objects.get_or_create(
            user=member, region_id=member.region_id, defaults={"granted_by": actor}
        )
    else:
        Recorder.objects.filter(user=member, region_id=member.region_id).delete()


@transaction.atomic
def actions_import(*, actor: User, parsed, valid_rows_only: bool) -> tuple[int, int]:
    """Write the checked rows of an import (``monitoring.imports``): a row with the
    platform's ``id`` updates that action; one with an ``external_id`` updates the lead
    region's action with it, or creates it. Rows for a region ``actor`` may not record, or
    naming an action that is not there, become errors too. With any error and not
    ``valid_rows_only``, nothing is written. Returns (created, updated)."""
    allowed = {}

    def may_record(region) -> bool:
        if region.pk not in allowed:
            allowed[region.pk] = permissions.can_record(actor, region)
        return allowed[region.pk]

    by_id = Action.objects.in_bulk([row.id for row in parsed.rows if row.id])
    keyed = {
        (action.lead_region_id, action.external_id): action
        for action in Action.objects.filter(
            external_id__in=[row.fields["external_id"] for row in parsed.rows if not row.id],
            lead_region_id__in={row.lead_region.pk for row in parsed.rows},
        ).exclude(external_id="")
    }
    plan = []
    for row in parsed.rows:
        if not may_record(row.lead_region):
            parsed.error(
                row.number,
                "lead_region",
                _("You cannot record actions of the %(region)s region.")
                % {"region": row.lead_region.name},
            )
            continue
        if row.id:
            action = by_id.get(row.id)
            if action is None or action.lead_region_id != row.lead_region.pk:
                parsed.error(row.number, "id", _("There is no such action of this region."))
                continue
        else:
            action = keyed.get((row.lead_region.pk, row.fields["external_id"]))
        plan.append((row, action))
    if parsed.errors and not valid_rows_only:
        return 0, 0
    return _write_rows(actor, plan)


def _update_rows(actions: list[Action]) -> None:
    """One UPDATE per action, sent together (``executemany``): Django's ``bulk_update``
    builds a CASE per field over every row and took 40 s for 5,000 actions."""
    now = timezone.now()
    fields = [Action._meta.get_field(name) for name in (*ACTION_FIELDS, "search_document")]
    fields.append(Action._meta.get_field("updated_at"))
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(Action._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608 - names from model metadata; values are parameters
    params = []
    for action in actions:
        action.updated_at = now
        params.append(
            [field.get_db_prep_save(getattr(action, field.attname), connection) for field in fields]
            + [action.pk]
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _write_rows(actor: User, plan) -> tuple[int, int]:
    new, changed = [], []
    for row, action in plan:
        if action is None:
            action = Action(lead_region=row.lead_region, created_by=actor)
            new.append((row, action))
        else:
            changed.append((row, action))
        for name, value in row.fields.items():
            setattr(action, name, value)
        names = [region.name for region in row.partners]
        action.lead_region = row.lead_region
        action.search_document = selectors.action_search_document(action, names)
    Action.objects.bulk_create([action for _row, action in new], batch_size=500)
    if changed:
        _update_rows([action for _row, action in changed])
    # Partners as the file names them; a partner kept keeps its written part.
    kept = {
        (p.action_id, p.region_id): p.contribution
        for p in ActionPartner.objects.filter(action__in=[a for _r, a in changed])
    }
    ActionPartner.objects.filter(action__in=[a for _r, a in changed]).delete()
    ActionPartner.objects.bulk_create(
        [
            ActionPartner(
                action=action, region=region, contribution=kept.get((action.pk, region.pk), "")
            )
            for row, action in new + changed
            for region in row.partners
        ],
        batch_size=1000,
    )
    return len(new), len(changed)
