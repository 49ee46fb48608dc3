"""Writes of the catalogue app: index numbers, channels, Art. 18 reassessments, agency groups
and the per-agency review workflow."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _t

from gongkai.audit.services import audit_record


def settings_for(agency):
    """The agency's catalogue settings (created with defaults on first use)."""
    from gongkai.catalogue.models import CatalogueSettings

    conf, _created = CatalogueSettings.objects.get_or_create(agency=agency)
    return conf


@transaction.atomic
def allocate_index_number(*, agency, year: int, page=None) -> str:
    """Issue the next index number of ``agency`` for ``year``; never issued twice.

    The counter row is locked for the transaction and only ever increases; every issued
    number is also kept in ``IndexNumberAllocation`` (unique), which survives the item's
    deletion. If a pattern change would produce a number issued before, the counter moves on.
    """
    from gongkai.catalogue.models import IndexNumberAllocation, IndexNumberCounter

    conf = settings_for(agency)
    counter, _created = IndexNumberCounter.objects.select_for_update().get_or_create(
        agency=agency, year=year
    )
    code = agency.code or agency.slug
    month = timezone.localdate().month
    while True:
        counter.last += 1
        number = conf.index_pattern.format(code=code, year=year, month=month, seq=counter.last)
        if not IndexNumberAllocation.objects.filter(number=number).exists():
            break
    counter.save(update_fields=["last"])
    IndexNumberAllocation.objects.create(
        number=number, agency=agency, year=year, seq=counter.last, page=page
    )
    return number


@transaction.atomic
def record_channel(*, page, channel: str, published_on: datetime.date | None = None, account=""):
    """Record that a published item went out through ``channel``."""
    from gongkai.catalogue.models import ItemChannel

    entry, created = ItemChannel.objects.get_or_create(
        page=page,
        channel=channel,
        defaults={"published_on": published_on or page.published_on, "account": account},
    )
    if created:
        audit_record(
            action="workflow",
            verb="catalogue.channel",
            obj=page,
            agency_id=page.agency_id,
            changes={"channel": channel, "published_on": str(entry.published_on)},
        )
    return entry


def reassessment_due_date(page, after: datetime.date | None = None) -> datetime.date:
    conf = settings_for(page.agency)
    start = after or page.formed_or_changed_date or timezone.localdate()
    return start + datetime.timedelta(days=conf.reassessment_interval_days)


@transaction.atomic
def reassess(*, page, outcome: str, actor, note: str = "", on: datetime.date | None = None):
    """Record an Art. 18 reassessment; schedule the next one or switch the attribute."""
    from gongkai.catalogue.models import DisclosureAttribute, Reassessment

    on = on or timezone.localdate()
    next_due = None
    if outcome == Reassessment.Outcome.PROACTIVE:
        page.disclosure_attribute = DisclosureAttribute.PROACTIVE
        page.formed_or_changed_date = on  # the change of circumstances starts the Art. 26 clock
    else:
        if outcome == Reassessment.Outcome.ON_APPLICATION:
            page.disclosure_attribute = DisclosureAttribute.ON_APPLICATION
        next_due = reassessment_due_date(page, after=on)
    page.next_reassessment = next_due
    page.save(update_fields=["disclosure_attribute", "formed_or_changed_date", "next_reassessment"])
    entry = Reassessment.objects.create(
        page=page,
        agency=page.agency,
        assessed_on=on,
        outcome=outcome,
        note=note,
        assessed_by=actor,
        next_due=next_due,
    )
    audit_record(
        action="workflow",
        verb="catalogue.reassess",
        obj=page,
        actor=actor,
        agency_id=page.agency_id,
        changes={"outcome": outcome, "next_due": str(next_due) if next_due else None},
        message=note,
    )
    return entry


# --- agency groups and workflows --------------------------------------------------------

# (key, group suffix, Gongkai role, page permissions)
GROUPS = [
    ("editor", _t("编辑"), "handler", ["add", "change"]),
    ("unit_head", _t("科室负责人"), "unit_head", ["add", "change"]),
    ("office", _t("公开办"), None, ["add", "change"]),
    ("reviewer", _t("审核人"), "reviewer", ["change"]),
    ("secrecy", _t("保密审查员"), "confidentiality_reviewer", ["change"]),
    ("signer", _t("签发人"), "signer", ["change", "publish"]),
    ("admin", _t("管理员"), "agency_admin", ["add", "change", "publish", "lock", "unlock"]),
]


# Document and image permissions each agency group holds on its agency's collection only
# (never globally: a global permission reaches every agency's files).
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
]


@transaction.atomic
def agency_collection(agency):
    """The agency's Wagtail collection (created under the root on first use), where its
    documents and images live."""
    from wagtail.models import Collection

    from gongkai.agencies.models import Agency

    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.collection_id:
        return agency.collection
    root = Collection.get_first_root_node() or Collection.add_root(name="全部文件")
    collection = root.add_child(name=agency.name)
    agency.collection = collection
    agency.save(update_fields=["collection"])
    return collection


def group_name(agency, key: str) -> str:
    suffix = next(label for k, label, _r, _p in GROUPS if k == key)
    return f"{agency.display_short_name}·{suffix}"


@transaction.atomic
def sync_agency_groups(*, agency, home_page) -> dict[str, Group]:
    """Create the agency's Wagtail groups with page permissions on its subtree and document
    and image permissions on its collection; fill them from the Gongkai roles
    (``Membership``). The disclosure office group holds the handlers of the agency's
    政府信息公开工作机构 unit."""
    from wagtail.models import GroupPagePermission

    from gongkai.agencies.models import Membership

    page_ct_perms = {
        p.codename.split("_")[0]: p
        for p in Permission.objects.filter(
            content_type__app_label="wagtailcore", content_type__model="page"
        )
    }
    from wagtail.models import GroupCollectionPermission

    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    file_perms = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in COLLECTION_PERMISSIONS
    ]
    collection = agency_collection(agency)
    groups = {}
    for key, _label, role, perms in GROUPS:
        group, _created = Group.objects.get_or_create(name=group_name(agency, key))
        group.permissions.add(*access_admin)
        group.permissions.remove(*file_perms)  # held on the collection instead
        for perm in file_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=perm
            )
        for perm in perms:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home_page, permission=page_ct_perms[perm]
            )
        members = Membership.objects.filter(agency=agency)
        if key == "office":
            members = members.filter(unit_id=agency.disclosure_office_id, role="handler")
        else:
            members = members.filter(role=role)
        for membership in members.select_related("user"):
            membership.user.groups.add(group)
        groups[key] = group
    return groups


# The seed's chain (满洲里市统计局): 各科室负责人报送至综合法规科, 专人校对, 另一名同志审核,
# 局长签批; 保密审查 throughout.
DEFAULT_CHAIN = [
    ("unit_head", "unit_head", _t("科室负责人报送")),
    ("office", "review", _t("综合法规科签收")),
    ("office", "review", _t("校对")),
    ("reviewer", "review", _t("审核")),
    ("secrecy", "secrecy", _t("保密审查")),
    ("signer", "review", _t("局长签发")),
]


@transaction.atomic
def setup_workflow(*, agency, home_page, chain=None, groups=None):
    """Create (or find) the agency's review workflow and attach it to its page subtree.

    ``chain`` is a list of (group key, kind, step name). The kind is "review" (the group
    approves), "secrecy" (保密审查: checklist and recorded conclusion) or "unit_head" (the head
    of the submitter's own unit; the group key is then unused). A chain must contain a 保密审查
    step: nothing is published without one.
    """
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from gongkai.catalogue.models import ConfidentialityReviewTask, ReviewTask, UnitHeadTask

    chain = chain or DEFAULT_CHAIN
    task_models = {
        "review": ReviewTask,
        "secrecy": ConfidentialityReviewTask,
        "unit_head": UnitHeadTask,
    }
    unknown = {kind for _k, kind, _n in chain} - set(task_models)
    if unknown:
        raise ValueError(f"unknown review step kind(s): {', '.join(sorted(unknown))}")
    if not any(kind == "secrecy" for _k, kind, _n in chain):
        raise ValueError("a review chain must contain a confidentiality review step")
    groups = groups or sync_agency_groups(agency=agency, home_page=home_page)
    name = _t("%(agency)s信息发布审核流程") % {"agency": agency.display_short_name}
    workflow, _created = Workflow.objects.get_or_create(name=name)
    used = []
    for order, (key, kind, step) in enumerate(chain):
        model = task_models[kind]
        task_name = f"{agency.display_short_name}·{step}"
        task = model.objects.filter(name=task_name).first()
        if task is None:
            task = model.objects.create(name=task_name)
        if kind != "unit_head":
            task.groups.set([groups[key]])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
        used.append(task.pk)
    WorkflowTask.objects.filter(workflow=workflow).exclude(task_id__in=used).delete()
    WorkflowPage.objects.update_or_create(page=home_page, defaults={"workflow": workflow})
    return workflow


def publish_scheduled(*, now=None) -> dict:
    """Wagtail's scheduled publishing, one object at a time (``publish_scheduled`` command's
    steps): unpublish what expired, publish each revision whose approved go-live time passed.

    A revision refused by the publishing guard (no passed 保密审查 for it, Art. 17; a 公开属性
    or 涉密 problem) is not retried every minute: its schedule is cancelled, the refusal is
    audited and its author told; the others still go live."""
    from django.apps import apps
    from wagtail.models import DraftStateMixin, Page, Revision

    from gongkai.catalogue.review import PublicationBlocked

    now = now or timezone.now()
    done = {"unpublished": 0, "published": 0, "refused": 0}
    models = [Page] + [
        m for m in apps.get_models() if issubclass(m, DraftStateMixin) and not issubclass(m, Page)
    ]
    for model in models:
        for obj in list(model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")):
            obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            done["unpublished"] += 1
    for revision in Revision.objects.filter(approved_go_live_at__lt=now).order_by(
        "approved_go_live_at"
    ):
        try:
            with transaction.atomic():
                revision.publish(log_action="wagtail.publish.scheduled")
        except PublicationBlocked as refusal:
            done["refused"] += 1
            _cancel_schedule(revision, str(refusal))
        else:
            done["published"] += 1
    return done


def _cancel_schedule(revision, reason: str) -> None:
    from gongkai.notifications.services import notify

    Revision = type(revision)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
    obj = revision.content_object
    audit_record(
        action="workflow",
        verb="catalogue.schedule_refused",
        obj=obj,
        message=reason,
        changes={"revision": revision.pk},
    )
    if revision.user is not None:
        notify(
            recipients=[revision.user],
            key=f"schedule_refused:{revision.pk}",
            kind="schedule_refused",
            title=_t("定时发布未执行：%(title)s") % {"title": revision.object_str[:80]},
            body=reason,
            url=f"/admin/pages/{obj.pk}/edit/" if hasattr(obj, "get_url_parts") else "",
            agency=getattr(obj, "agency", None),
        )
