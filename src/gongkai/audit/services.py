"""Writing audit entries. Call ``audit_record`` inside the transaction of the change."""

from django.contrib.contenttypes.models import ContentType

from gongkai.audit.context import current_actor
from gongkai.audit.models import AuditEntry


def _actor_name(actor) -> str:
    if actor is None:
        return "系统"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return f"{full}（{actor.get_username()}）" if full else actor.get_username()


def audit_record(
    *,
    action: str,
    obj=None,
    verb: str = "",
    actor=None,
    changes: dict | None = None,
    message: str = "",
    agency_id=None,
) -> AuditEntry:
    """Append one entry to the audit log.

    :param action: one of ``AuditEntry.Action``
    :param obj: the object acted on (its type, id and text are recorded)
    :param verb: the domain action, e.g. ``application.accept`` or ``workflow.approve``
    :param actor: the user; defaults to the current actor (request or ``acting_as``)
    :param changes: what changed, ``{field: [old, new]}`` or any JSON-safe detail
    """
    actor = actor if actor is not None else current_actor()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if agency_id is None and obj is not None and hasattr(obj, "audit_agency_id"):
        agency_id = obj.audit_agency_id()
    elif agency_id is None and obj is not None:
        agency_id = getattr(obj, "agency_id", None)
    return AuditEntry.objects.create(
        action=action,
        verb=verb,
        actor=actor,
        actor_name=_actor_name(actor),
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        agency_id=agency_id,
        changes=changes or {},
        message=message,
    )
