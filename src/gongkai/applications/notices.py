"""E-mail to applicants, sent after commit (``transaction.on_commit``) by the services.

Messages go through Django's e-mail backend (``EMAIL_URL``). A failed send is
logged and recorded on the case as a note; it never undoes the action.
"""

import logging

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.applications.letters.content import addressee
from gongkai.applications.models import Application, Letter
from gongkai.ops.links import public_url

log = logging.getLogger(__name__)

SUBJECTS = {
    "acknowledgement": "政府信息公开申请已收到（{number}）",
    "correction": "政府信息公开申请补正告知（{number}）",
    "extension": "政府信息公开申请延期答复告知（{number}）",
    "consultation": "政府信息公开申请征求意见告知（{number}）",
    "reply": "政府信息公开申请答复（{number}）",
}


def _status_url() -> str:
    return public_url(reverse("applications:status"))


def _body(kind: str, app: Application, code: str | None, letter: Letter | None) -> str:
    """The mail's text; the applicant is addressed as the letters do (``letters.content
    .addressee``: 您 for a person, the agency's 你单位 or 贵单位 for an organisation)."""
    you = addressee(app)
    lines = [f"{app.applicant_name}：", ""]
    if kind == "acknowledgement":
        lines.append(
            _("%(agency)s已收到%(you)s提交的政府信息公开申请。")
            % {"agency": app.agency.name, "you": you}
        )
        lines.append(_("申请编号：%(number)s") % {"number": app.tracking_number})
        if code:
            lines.append(
                _("查询码：%(code)s（请妥善保管，凭申请编号和查询码查询办理进度）") % {"code": code}
            )
        if app.received_on is None:
            lines.append(
                _("工作人员将与%(you)s确认收到申请，确认之日为收到申请之日（条例第三十一条）。")
                % {"you": you}
            )
        elif app.reply_due:
            lines.append(_("答复期限：%(due)s") % {"due": f"{app.reply_due:%Y-%m-%d}"})
    elif kind == "correction":
        lines.append(
            _("%(you)s的申请内容不够明确，请按所附补正告知书在期限内补正。") % {"you": you}
        )
    elif kind == "extension":
        lines.append(
            _("经批准，%(you)s的申请答复期限延长至%(due)s。")
            % {"you": you, "due": f"{app.reply_due:%Y-%m-%d}"}
        )
    elif kind == "consultation":
        lines.append(
            _(
                "%(you)s申请的信息涉及第三方或其他机关，本机关正在依法征求意见，"
                "征求意见所需时间不计算在答复期限内（条例第三十三条）。"
            )
            % {"you": you}
        )
    elif kind == "reply":
        lines.append(
            _("本机关已对%(you)s的申请作出答复，答复书见附件，也可在查询页面下载。") % {"you": you}
        )
    if letter is not None:
        lines.append(
            _("文书：%(title)s %(number)s") % {"title": letter.title, "number": letter.number}
        )
    lines += ["", _("办理进度查询：%(url)s") % {"url": _status_url()}, "", app.agency.name]
    return "\n".join(lines)


def _send(kind: str, app: Application, code: str | None = None, letter: Letter | None = None):
    if not app.email:
        return False
    message = EmailMessage(
        subject=SUBJECTS[kind].format(number=app.tracking_number),
        body=_body(kind, app, code, letter),
        to=[app.email],
    )
    if letter is not None and letter.docx:
        with letter.docx.open("rb") as fh:
            message.attach(
                f"{letter.title}.docx",
                fh.read(),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
    try:
        message.send()
    except Exception:  # noqa: BLE001  (the action is done; the mail failure is logged)
        log.exception("mail to applicant of %s failed", app.tracking_number)
        return False
    return True


def acknowledgement(application_id: int, code: str | None) -> bool:
    app = Application.objects.select_related("agency").get(pk=application_id)
    return _send("acknowledgement", app, code=code)


def send(kind: str, application_id: int, letter_id: int | None = None) -> bool:
    app = Application.objects.select_related("agency").get(pk=application_id)
    letter = Letter.objects.filter(pk=letter_id).first() if letter_id else None
    return _send(kind, app, letter=letter)
