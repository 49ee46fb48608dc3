"""保密审查: the checklist forms, the recorded review, and the rule "nothing goes live without it".

The rule is enforced in ``DisclosureItemPage.save``: every way of publishing in Wagtail
(the workflow's final approval, the editor's publish button, bulk publish, the
``publish_scheduled`` command, ``revision.publish()``) ends in saving the page with
``live=True`` and a new ``live_revision``. At that moment the content of the revision must
carry a passed 保密审查 (matched by a fingerprint of its content, so an edit after the
review needs a new review), its 公开属性 must be 主动公开 and it must be 非涉密.
"""

import hashlib
import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from gongkai.audit.services import audit_record

CONTENT_KEYS = (
    "title",
    "summary",
    "body",
    "document_number",
    "written_date",
    "publisher",
    "keywords",
    "disclosure_attribute",
    "secrecy_status",
    "transcript",
    "guests",
    "topic_text",
)


class PublicationBlocked(PermissionDenied):
    """Publishing was refused (no passed 保密审查, wrong 公开属性, or 涉密)."""


def fingerprint(content: dict) -> str:
    """A hash of what the public would see of a revision (and its secrecy-relevant fields)."""
    data = {key: content.get(key) for key in CONTENT_KEYS}
    data["attachments"] = [
        (a.get("document"), a.get("title")) for a in content.get("attachments") or []
    ]
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def revision_fingerprint(revision) -> str:
    return fingerprint(revision.content or {})


def passed_review_for(page, revision):
    """The latest 保密审查 of this content if its conclusion is 同意公开, else None."""
    from gongkai.catalogue.models import ConfidentialityReview

    if revision is None or page.pk is None:
        return None
    latest = (
        ConfidentialityReview.objects.filter(
            page_id=page.pk, fingerprint=revision_fingerprint(revision)
        )
        .order_by("-reviewed_at", "-pk")
        .first()
    )
    if latest and latest.conclusion == latest.Conclusion.PASS:
        return latest
    return None


def publication_problems(page, revision) -> list[str]:
    from gongkai.catalogue.models import DisclosureAttribute, SecrecyStatus

    problems = []
    if page.disclosure_attribute != DisclosureAttribute.PROACTIVE:
        problems.append(_t("只有公开属性为“主动公开”的信息才能发布"))
    if page.secrecy_status != SecrecyStatus.NON_SECRET:
        problems.append(_t("涉密信息严禁上网发布"))
    if passed_review_for(page, revision) is None:
        problems.append(_t("该版本未通过保密审查，不能发布"))
    return problems


def ensure_publishable(page) -> None:
    """Raise ``PublicationBlocked`` if ``page`` is about to go live without a passed review."""
    model = type(page)
    if page._state.adding or page.pk is None:
        if page.live:
            raise PublicationBlocked(_t("新建的公开信息必须经审核流程后发布"))
        return
    stored = model.objects.filter(pk=page.pk).values_list("live", "live_revision_id").first()
    if stored and stored[0] and stored[1] == page.live_revision_id:
        return  # already live with this revision: not a publication
    problems = publication_problems(page, page.live_revision)
    if problems:
        raise PublicationBlocked("；".join(problems))


# --- forms of the 保密审查 task --------------------------------------------------------------


class ConfidentialityApproveForm(forms.Form):
    """The checklist: every item must be confirmed before the review can pass."""

    def __init__(self, *args, **kwargs):
        from gongkai.catalogue.models import CHECKLIST

        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST:
            self.fields[key] = forms.BooleanField(label=label, required=True)
        self.fields["comment"] = forms.CharField(
            label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )


class ConfidentialityRejectForm(forms.Form):
    conclusion = forms.ChoiceField(
        label=_("审查结论"),
        choices=[("fail", _("不同意公开")), ("refer", _("报保密行政管理部门确定"))],
    )
    comment = forms.CharField(
        label=_("退回意见"), required=True, widget=forms.Textarea(attrs={"rows": 3})
    )


@transaction.atomic
def record_confidentiality_review(*, task_state, user, action_name: str, data: dict):
    """Store the checklist and conclusion of a 保密审查 step (and audit it)."""
    from gongkai.catalogue.models import CHECKLIST, ConfidentialityReview

    page = task_state.workflow_state.content_object.specific
    revision = page.get_latest_revision() or task_state.revision
    if action_name == "approve":
        checklist = {key: bool(data.get(key)) for key, _label in CHECKLIST}
        if not all(checklist.values()):
            raise PermissionDenied(_t("保密审查清单未全部确认，不能通过"))
        conclusion = ConfidentialityReview.Conclusion.PASS
    else:
        checklist = {key: bool(data.get(key)) for key, _label in CHECKLIST}
        conclusion = data.get("conclusion") or ConfidentialityReview.Conclusion.FAIL
    review = ConfidentialityReview.objects.create(
        page=page,
        revision=revision,
        task_state=task_state,
        reviewer=user,
        checklist=checklist,
        conclusion=conclusion,
        fingerprint=revision_fingerprint(revision) if revision else "",
        comment=data.get("comment", ""),
    )
    audit_record(
        action="workflow",
        verb="catalogue.confidentiality_review",
        obj=page,
        actor=user,
        agency_id=page.agency_id,
        changes={"conclusion": conclusion, "checklist": checklist, "revision": revision.pk},
        message=data.get("comment", ""),
    )
    return review


def record_review_without_workflow(*, page, user, comment: str = "", conclusion: str = "pass"):
    """Record a 保密审查 of the page's latest revision outside a workflow (imports, demo data)."""
    from gongkai.catalogue.models import CHECKLIST, ConfidentialityReview

    revision = page.get_latest_revision()
    review = ConfidentialityReview.objects.create(
        page=page,
        revision=revision,
        reviewer=user,
        checklist={key: True for key, _label in CHECKLIST},
        conclusion=conclusion,
        fingerprint=revision_fingerprint(revision),
        comment=comment,
    )
    audit_record(
        action="workflow",
        verb="catalogue.confidentiality_review",
        obj=page,
        actor=user,
        agency_id=page.agency_id,
        changes={"conclusion": conclusion, "revision": revision.pk},
        message=comment,
    )
    return review
