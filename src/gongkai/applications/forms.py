"""Forms of the applications app: the public application form, status lookup, staff actions.

Validation messages are Chinese and name the field; identity numbers are checked
by ``rules.identity`` (GB 11643 / GB 32100); attachments by their first bytes
(not the name or the browser's content type) and by size.
"""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models import (
    APPLICANT_TYPE_CHOICES,
    DESCRIPTION_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    Attachment,
    Channel,
    IdType,
    Inquiry,
    ProvisionForm,
    ReceiptMethod,
)
from gongkai.rules import fees
from gongkai.rules.identity import check_credit_code, check_phone, check_resident_id, normalise
from gongkai.rules.outcomes import OUTCOMES
from gongkai.rules.tracking import TrackingNumberError
from gongkai.widgets import IsoDateInput

#: Allowed attachment types, recognised by their leading bytes.
MAGIC = (
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
)


def sniff(upload) -> str | None:
    """The content type of an upload from its first bytes, or None if not allowed."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, _name in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def check_upload(upload) -> str:
    limit = settings.GONGKAI["UPLOAD_MAX_BYTES"]
    if upload.size > limit:
        raise forms.ValidationError(
            _("文件“%(name)s”为%(size).1fMB，超过上限%(limit).1fMB")
            % {"name": upload.name, "size": upload.size / 1048576, "limit": limit / 1048576}
        )
    content_type = sniff(upload)
    if content_type is None:
        raise forms.ValidationError(
            _("文件“%(name)s”的类型不允许，只接受 PDF、JPG、PNG 文件") % {"name": upload.name}
        )
    return content_type


PERSON_FIELDS = ("applicant_name", "id_type", "id_number", "phone")
ORG_FIELDS = ("applicant_name", "credit_code", "contact_person", "phone")


class ApplicationForm(forms.Form):
    """The 政府信息公开申请表 (Art. 29 contents)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=APPLICANT_TYPE_CHOICES)
    applicant_name = forms.CharField(
        label=_("姓名或名称"), max_length=120, help_text=_("公民填写姓名；法人或其他组织填写全称")
    )
    id_type = forms.ChoiceField(
        label=_("证件类型（公民）"), choices=[("", "—")] + list(IdType.choices), required=False
    )
    id_number = forms.CharField(label=_("证件号码（公民）"), max_length=40, required=False)
    credit_code = forms.CharField(
        label=_("统一社会信用代码（法人或其他组织）"), max_length=30, required=False
    )
    contact_person = forms.CharField(
        label=_("联系人（法人或其他组织）"), max_length=60, required=False
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=40,
        help_text=_("手机号码或带区号的固定电话，如 13812345678、0471-6221234"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        error_messages={"invalid": _("请输入有效的电子邮箱地址，如 name@example.com")},
    )
    address = forms.CharField(label=_("通信地址"), max_length=200)
    postcode = forms.RegexField(
        label=_("邮政编码"),
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": _("邮政编码应为6位数字")},
    )
    info_title = forms.CharField(label=_("所需信息的名称"), max_length=300)
    doc_number = forms.CharField(label=_("文号"), max_length=120, required=False)
    description = forms.CharField(
        label=_("所需信息的特征性描述"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("没有文号时，请描述信息的制作机关、时间、内容等便于查找的特征；最多%(n)s字")
        % {"n": DESCRIPTION_MAX_LENGTH},
        error_messages={
            "max_length": _("特征性描述最多%(limit_value)d字，当前为%(show_value)d字，请精简")
        },
    )
    purpose = forms.CharField(
        label=_("用途（选填）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=PURPOSE_MAX_LENGTH,
        help_text=_("最多%(n)s字") % {"n": PURPOSE_MAX_LENGTH},
        error_messages={
            "max_length": _("用途最多%(limit_value)d字，当前为%(show_value)d字，请精简")
        },
    )
    provision_form = forms.ChoiceField(
        label=_("信息提供形式"), choices=ProvisionForm.choices, widget=forms.RadioSelect
    )
    receipt_method = forms.ChoiceField(
        label=_("获取信息方式"), choices=ReceiptMethod.choices, widget=forms.RadioSelect
    )
    id_proof = forms.FileField(
        label=_("身份证明（PDF、JPG、PNG）"),
        required=False,
        help_text=_("身份证或营业执照等的扫描件或照片"),
    )
    authorisation = forms.FileField(label=_("授权委托书（代为申请时提交）"), required=False)

    GROUPS = (
        (
            _("申请人信息"),
            (
                "applicant_type",
                "applicant_name",
                "id_type",
                "id_number",
                "credit_code",
                "contact_person",
                "phone",
                "email",
                "address",
                "postcode",
            ),
        ),
        (_("所需信息"), ("info_title", "doc_number", "description", "purpose")),
        (_("提供方式"), ("provision_form", "receipt_method")),
        (_("附件"), ("id_proof", "authorisation")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_mb = settings.GONGKAI["UPLOAD_MAX_BYTES"] / 1048576
        size = _("PDF、JPG、PNG 文件，每个不超过%(mb)sMB") % {"mb": f"{limit_mb:g}"}
        self.fields["id_proof"].help_text = _("身份证或营业执照等的扫描件或照片；%(size)s") % {
            "size": size
        }
        self.fields["authorisation"].help_text = size

    def groups(self):
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        problem = check_phone(phone)
        if problem:
            raise forms.ValidationError(problem, code="invalid_phone")
        return phone

    def clean_id_number(self):
        return normalise(self.cleaned_data.get("id_number", ""))

    def clean_credit_code(self):
        return normalise(self.cleaned_data.get("credit_code", ""))

    def _clean_file(self, name):
        upload = self.cleaned_data.get(name)
        if upload:
            upload.sniffed_type = check_upload(upload)
        return upload

    def clean_id_proof(self):
        return self._clean_file("id_proof")

    def clean_authorisation(self):
        return self._clean_file("authorisation")

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        if kind == "natural_person":
            if not data.get("id_type"):
                self.add_error("id_type", _("请选择证件类型"))
            number = data.get("id_number", "")
            if not number:
                self.add_error("id_number", _("请填写证件号码"))
            elif data.get("id_type") == IdType.RESIDENT_ID:
                problem = check_resident_id(number)
                if problem:
                    self.add_error("id_number", problem)
            data["credit_code"] = ""
            data["contact_person"] = ""
        elif kind:
            code = data.get("credit_code", "")
            if not code:
                self.add_error("credit_code", _("请填写统一社会信用代码"))
            else:
                problem = check_credit_code(code)
                if problem:
                    self.add_error("credit_code", problem)
            if not data.get("contact_person"):
                self.add_error("contact_person", _("请填写联系人"))
            data["id_type"] = ""
            data["id_number"] = ""
        if not data.get("doc_number") and not (data.get("description") or "").strip():
            self.add_error("description", _("请填写文号或便于查找的特征性描述（第二十九条）"))
        if data.get("receipt_method") == ReceiptMethod.EMAIL and not data.get("email"):
            self.add_error("email", _("选择电子邮件获取时，请填写电子邮箱"))
        if data.get("receipt_method") == ReceiptMethod.POST and not data.get("postcode"):
            self.add_error("postcode", _("选择邮寄时，请填写邮政编码"))
        return data

    def attachments(self) -> list[Attachment]:
        out = []
        for name, kind in (
            ("id_proof", Attachment.Kind.ID_PROOF),
            ("authorisation", Attachment.Kind.AUTHORISATION),
        ):
            upload = self.cleaned_data.get(name)
            if upload:
                out.append(
                    Attachment(
                        kind=kind,
                        file=upload,
                        original_name=upload.name[:200],
                        content_type=upload.sniffed_type,
                        size=upload.size,
                    )
                )
        return out


class StaffRegistrationForm(ApplicationForm):
    """The registrar fills in the form for the applicant (Art. 29) and records the channel."""

    channel = forms.ChoiceField(label=_("申请渠道"), choices=Channel.choices)
    submitted_on = forms.DateField(label=_("提交（寄出、发送）日期"), widget=IsoDateInput)
    received_on = forms.DateField(
        label=_("签收日期（邮寄）"),
        required=False,
        widget=IsoDateInput,
        help_text=_("仅邮寄（需签收）填写；平常信函、传真、网上申请须另行确认收到"),
    )

    GROUPS = ((_("申请渠道"), ("channel", "submitted_on", "received_on")), *ApplicationForm.GROUPS)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("submitted_on") and data["submitted_on"] > today:
            self.add_error("submitted_on", _("提交日期不能晚于今天"))
        if data.get("channel") == Channel.MAIL:
            if not data.get("received_on"):
                self.add_error("received_on", _("邮寄申请应填写签收日期（第三十一条）"))
            elif data.get("submitted_on") and data["received_on"] < data["submitted_on"]:
                self.add_error("received_on", _("签收日期不能早于寄出日期"))
        return data


class StatusLookupForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("申请编号"),
        max_length=60,
        help_text=_("如〔2026〕第0008号，也可输入 (2026)8、2026-8 等写法"),
    )
    query_code = forms.CharField(label=_("查询码"), max_length=20)

    def clean_tracking_number(self):
        """Check that the number can be read (``selectors.canonical_tracking_numbers``)
        and say which part is wrong when it cannot; the lookup itself normalises it."""
        from gongkai.applications.selectors import canonical_tracking_numbers

        number = self.cleaned_data["tracking_number"]
        try:
            canonical_tracking_numbers(number)
        except TrackingNumberError as err:
            raise forms.ValidationError(err.message, code=f"tracking_{err.part}") from err
        return number


# --- staff action forms -----------------------------------------------------------------


def _today():
    return timezone.localdate()


class VersionForm(forms.Form):
    """The form of a case action (``applications.actions``): the version the user saw, plus
    the service's own arguments under their names.

    ``needs_application``: the form is built with ``application=`` (choices that depend on
    the case). ``initial_for`` gives initial values from the case; ``service_arguments`` the
    keyword arguments of the action's service."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    needs_application = False

    @classmethod
    def initial_for(cls, application) -> dict:
        return {}

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        if isinstance(self, LetterPreviewMixin):
            data["letter_text"] = self.pop_letter_text(data)
        return data


class OnForm(VersionForm):
    on = forms.DateField(label=_("日期"), widget=IsoDateInput, initial=_today)


class LetterPreviewMixin(forms.Form):
    """An action that issues a letter: "预览文书" shows its draft, which staff may edit
    before the action issues it (the edited text goes to the service as ``letter_text``)."""

    letter_title = forms.CharField(label=_("文书标题"), max_length=200, required=False)
    letter_recipient = forms.CharField(label=_("主送"), max_length=200, required=False)
    letter_body = forms.CharField(
        label=_("文书正文（每段一行）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    LETTER_FIELDS = ("letter_title", "letter_recipient", "letter_body")
    issues_letter = True

    @property
    def letter_previewed(self) -> bool:
        return bool(self.is_bound and (self.data.get(self.add_prefix("letter_body")) or "").strip())

    def visible_fields(self):
        """The action's own fields; the letter's are shown apart, once previewed."""
        return [f for f in super().visible_fields() if f.name not in self.LETTER_FIELDS]

    def letter_fields(self):
        return [self[name] for name in self.LETTER_FIELDS]

    def pop_letter_text(self, data: dict):
        """Remove the letter fields from ``data``; the staff-edited text, if previewed."""
        from gongkai.applications.services import LetterText

        title, recipient, body = (data.pop(name, "") or "" for name in self.LETTER_FIELDS)
        if not body.strip():
            return None
        return LetterText(title=title.strip(), recipient=recipient.strip(), body=body)

    def clean(self):
        cleaned = super().clean()
        if self.letter_previewed:
            for name in ("letter_title", "letter_recipient"):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, _("此项不能为空"))
        return cleaned


class ConfirmReceiptForm(LetterPreviewMixin, OnForm):
    method = forms.ChoiceField(
        label=_("确认方式"),
        choices=[
            ("phone", _("电话")),
            ("sms", _("短信")),
            ("online", _("网上确认")),
            ("email", _("电子邮件")),
        ],
    )
    note = forms.CharField(label=_("备注"), required=False)


class RouteForm(VersionForm):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=None)
    note = forms.CharField(label=_("分办意见"), required=False)
    needs_application = True

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Exists, OuterRef

        from gongkai.agencies.models import Membership, Role

        agency = application.agency if application is not None else None
        staffed = Membership.objects.filter(
            unit=OuterRef("pk"), role__in=[Role.HANDLER, Role.UNIT_HEAD], user__is_active=True
        )
        self.fields["unit"].queryset = (
            agency.units.annotate(staffed=Exists(staffed)) if agency else None
        )
        self.fields["unit"].label_from_instance = lambda unit: (
            unit.name
            if unit.staffed
            else _("%(unit)s（无承办人员，不能分办）") % {"unit": unit.name}
        )


class ReasonForm(VersionForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(LetterPreviewMixin, OnForm):
    matters = forms.CharField(label=_("需要补正的事项"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(
        label=_("补正期限"),
        widget=IsoDateInput,
        required=False,
        help_text=_("留空则按机关设置的工作日数计算"),
    )


class CorrectionReceivedForm(OnForm):
    content = forms.CharField(
        label=_("补正内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsultationForm(LetterPreviewMixin, OnForm):
    party = forms.CharField(label=_("被征求意见的第三方或机关"))
    party_kind = forms.ChoiceField(
        label=_("类型"),
        choices=[
            ("third_party", _("第三方（第三十二条）")),
            ("agency", _("其他机关（第三十四条）")),
        ],
    )
    matter = forms.CharField(label=_("征求意见的事项"), required=False)
    party_received_on = forms.DateField(
        label=_("对方收到日期"),
        widget=IsoDateInput,
        required=False,
        help_text=_(
            "对方自收到征求意见书之日起15个工作日内提出意见（第三十二条、第三十四条）；"
            "留空按发出当日收到（当面、传真、电子邮件送达）"
        ),
    )


class ConsultationCloseForm(OnForm):
    opinion = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionRequestForm(VersionForm):
    reason = forms.CharField(label=_("延期理由"))
    workdays = forms.IntegerField(
        label=_("延长工作日数"),
        min_value=1,
        max_value=20,
        initial=20,
        help_text=_("延长的期限合计最长不得超过20个工作日（第三十三条）"),
    )


class ExtensionDecideForm(LetterPreviewMixin, OnForm):
    approve = forms.TypedChoiceField(
        label=_("审批意见"),
        choices=[("1", _("同意延期")), ("0", _("不同意"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("备注"), required=False)


class FeeNoticeForm(LetterPreviewMixin, OnForm):
    basis = forms.ChoiceField(
        label=_("计费方式"), choices=[("per_item", _("按件计收")), ("per_page", _("按量计收"))]
    )
    quantity = forms.IntegerField(label=_("件数或页数"), min_value=1)
    delivery = forms.ChoiceField(
        label=_("送达方式"),
        choices=list(fees.NOTICE_DELIVERY.items()),
        help_text=_(
            "缴费期限自申请人收到收费通知次日起算20个工作日；邮寄的，签收后请登记实际收到日期"
        ),
    )
    how_to_pay = forms.CharField(label=_("缴纳方式"), required=False)
    needs_application = True

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        if application is None:
            return
        from gongkai.applications.selectors import same_applicant_applications

        earlier = same_applicant_applications(application)
        month, quarter = list(earlier.month[:50]), earlier.quarter.count()
        listed = "、".join(a.tracking_number for a in month) or _("无")
        self.fields["basis"].help_text = _(
            "按件计收按同一申请人本自然月累计件数计算（国办函〔2020〕109号）："
            "本月此前已收到该申请人%(month)d件（%(listed)s），本季度%(quarter)d件；"
            "由系统按身份证件号码或统一社会信用代码统计"
        ) % {"month": len(month), "listed": listed, "quarter": quarter}


class FeePaidForm(OnForm):
    receipt = forms.CharField(label=_("财政票据号"), required=False)


class FeeReceiptForm(OnForm):
    on = forms.DateField(label=_("申请人收到收费通知日期"), widget=IsoDateInput, initial=_today)


class ReasonsRequestForm(LetterPreviewMixin, OnForm):
    grounds = forms.CharField(
        label=_("数量、频次明显超过合理范围的情况"), widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("说明理由期限"), widget=IsoDateInput)


class ReasonsReceivedForm(OnForm):
    content = forms.CharField(label=_("申请人说明的理由"), widget=forms.Textarea(attrs={"rows": 2}))
    reasonable = forms.TypedChoiceField(
        label=_("审查意见"),
        choices=[("1", _("理由合理")), ("0", _("理由不合理（拟不予处理）"))],
        coerce=lambda v: v == "1",
    )


class DelayForm(LetterPreviewMixin, OnForm):
    due = forms.DateField(
        label=_("延迟答复的期限"),
        widget=IsoDateInput,
        help_text=_(
            "理由合理但无法在第三十三条规定的期限内答复的，确定延迟答复的合理期限（第三十五条）"
        ),
    )
    reason = forms.CharField(label=_("延迟答复的理由"))


class ReplyForm(VersionForm):
    outcome = forms.ChoiceField(
        label=_("办理结果"),
        choices=[("", "—")]
        + [
            (o.key, f"{o.label}（{o.article}）" if o.article else o.label)
            for o in OUTCOMES
            if o.key not in ("result.other.1", "result.other.2")
        ],
        required=False,
    )
    ground_detail = forms.CharField(
        label=_("不予公开的理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    withheld = forms.CharField(
        label=_("部分公开：不予公开的内容及理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一项，格式：内容｜理由"),
    )
    how_provided = forms.CharField(label=_("提供方式说明"), required=False)
    special_law = forms.CharField(
        label=_("行政查询事项：依照的法律、行政法规"),
        required=False,
        help_text=_("第三十六条第（七）项必填，如《不动产登记暂行条例》"),
    )
    special_office = forms.CharField(
        label=_("行政查询事项：办理机构"),
        required=False,
        help_text=_("第三十六条第（七）项必填，如××市不动产登记中心（地址、电话）"),
    )
    responsible_known = forms.BooleanField(
        label=_("能够确定负责公开该政府信息的行政机关"),
        required=False,
        help_text=_("第三十六条第（五）项：能够确定的，须告知该行政机关的名称、联系方式"),
    )
    responsible_agency = forms.CharField(label=_("负责公开的行政机关名称"), required=False)
    responsible_contact = forms.CharField(label=_("负责公开的行政机关联系方式"), required=False)
    text = forms.CharField(
        label=_("其他说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不属于本机关负责公开的，在此说明理由（第三十六条第（五）项）"),
    )

    def clean(self):
        from gongkai.rules.procedure import reply_missing

        cleaned = super().clean()
        for name, why in reply_missing(cleaned.get("outcome", ""), cleaned):
            self.add_error(name, why)
        return cleaned

    @classmethod
    def initial_for(cls, application) -> dict:
        reply = application.reply or {}
        if not reply:
            return {}
        return {
            "outcome": reply.get("outcome", ""),
            "ground_detail": reply.get("ground_detail", ""),
            "text": reply.get("text", ""),
            "how_provided": reply.get("how_provided", ""),
            "special_law": reply.get("special_law", ""),
            "special_office": reply.get("special_office", ""),
            "responsible_known": reply.get("responsible_known", False),
            "responsible_agency": reply.get("responsible_agency", ""),
            "responsible_contact": reply.get("responsible_contact", ""),
            "withheld": "\n".join(f"{w['part']}｜{w['reason']}" for w in reply.get("withheld", [])),
        }

    def service_arguments(self) -> dict:
        d = self.cleaned_data
        return {
            "version": d["version"],
            "outcome": d.get("outcome", ""),
            "text": d.get("text", ""),
            "withheld": self.withheld_items(),
            "ground_detail": d.get("ground_detail", ""),
            "how_provided": d.get("how_provided", ""),
            "special_law": d.get("special_law", ""),
            "special_office": d.get("special_office", ""),
            "responsible_known": bool(d.get("responsible_known")),
            "responsible_agency": d.get("responsible_agency", ""),
            "responsible_contact": d.get("responsible_contact", ""),
        }

    def withheld_items(self) -> list[dict]:
        out = []
        for line in (self.cleaned_data.get("withheld") or "").splitlines():
            if not line.strip():
                continue
            part, _sep, reason = line.replace("|", "｜").partition("｜")
            out.append({"part": part.strip(), "reason": reason.strip()})
        return out


class SecrecyReviewForm(VersionForm):
    """保密审查 of an answer that releases information (Art. 17): every item confirmed to pass."""

    passed = forms.TypedChoiceField(
        label=_("审查结论"),
        choices=[("1", _("同意提供")), ("0", _("不同意，退回修改"))],
        coerce=lambda v: v == "1",
    )
    basis = forms.CharField(
        label=_("审查依据"),
        initial=_(
            "《中华人民共和国保守国家秘密法》《政府信息公开条例》第十四条至第十七条及本机关保密审查制度"
        ),
    )
    note = forms.CharField(
        label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.rules.procedure import SECRECY_CHECKLIST

        for key, label in SECRECY_CHECKLIST:
            self.fields[key] = forms.BooleanField(label=label, required=False)

    def clean(self):
        from gongkai.rules.procedure import SECRECY_CHECKLIST

        cleaned = super().clean()
        if cleaned.get("passed"):
            for key, _label in SECRECY_CHECKLIST:
                if not cleaned.get(key):
                    self.add_error(key, _("同意提供前须逐项确认"))
        elif "passed" in cleaned and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("不同意的，请写明审查意见"))
        return cleaned

    def service_arguments(self) -> dict:
        from gongkai.rules.procedure import SECRECY_CHECKLIST

        d = self.cleaned_data
        return {
            "version": d["version"],
            "passed": d["passed"],
            "basis": d["basis"],
            "note": d.get("note", ""),
            "checked": [key for key, _label in SECRECY_CHECKLIST if d.get(key)],
        }


class ReviewForm(VersionForm):
    approve = forms.TypedChoiceField(
        label=_("审核意见"),
        choices=[("1", _("通过")), ("0", _("退回修改"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("意见"), required=False)


class DeliverForm(OnForm):
    method = forms.ChoiceField(label=_("送达方式"), choices=[])
    tracking = forms.CharField(label=_("邮件单号"), required=False)

    def __init__(self, *args, **kwargs):
        from gongkai.applications.services import DELIVERY_METHODS

        super().__init__(*args, **kwargs)
        self.fields["method"].choices = list(DELIVERY_METHODS.items())


class WithdrawForm(OnForm):
    reason = forms.CharField(label=_("撤回说明"), required=False)


class LetterEditForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    recipient = forms.CharField(label=_("主送"), max_length=200)
    body = forms.CharField(label=_("正文（每段一行）"), widget=forms.Textarea(attrs={"rows": 14}))


class ReleaseFileForm(forms.Form):
    file = forms.FileField(label=_("文件"))
    name = forms.CharField(label=_("名称"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.GONGKAI["UPLOAD_MAX_BYTES"]
        if upload.size > limit:
            raise forms.ValidationError(_("文件超过大小上限"))
        return upload


class InquiryForm(forms.ModelForm):
    class Meta:
        model = Inquiry
        fields = ["channel", "asker", "contact", "question", "received_on", "unit"]
        widgets = {"received_on": IsoDateInput}


class InquiryAnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("机关"), queryset=None)
    file = forms.FileField(label=_("XLSX 文件"))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip()) if value else None
