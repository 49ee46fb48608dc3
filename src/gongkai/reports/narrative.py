"""The first draft of the narrative sections, pre-filled from what the system knows.

Staff keep or rewrite it. Figures come from the built tables, the applications
(on-time share, extensions, fees), the catalogue (items per channel) and the
agency records (leadership group, disclosure office).
"""

from decimal import Decimal, InvalidOperation

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from gongkai.reports import sources


def _application_facts(agency_ids: list[int], year: int) -> dict:
    Application = sources.application_model()
    if Application is None:
        return {}
    replied = Application.objects.filter(agency_id__in=agency_ids, replied_year=year)
    facts = replied.aggregate(
        answered=Count("*"),
        on_time=Count("pk", filter=Q(reply_due__isnull=False, replied_on__lte=F("reply_due"))),
    )
    try:
        from gongkai.applications.models import ApplicationEvent
    except ImportError:  # pragma: no cover - the events model is optional
        ApplicationEvent = None
    facts.update(extensions=0, fees_paid=0, fee_amount=Decimal(0))
    if ApplicationEvent is not None:
        events = ApplicationEvent.objects.filter(
            application__agency_id__in=agency_ids, on__year=year
        )
        facts["extensions"] = events.filter(kind="extension_approved").count()
        paid = list(events.filter(kind="fee_paid").values_list("application_id", flat=True))
        facts["fees_paid"] = len(paid)
        # the amount is on the fee notice; the latest notice of each paid application
        amounts: dict[int, Decimal] = {}
        for app_id, data in (
            ApplicationEvent.objects.filter(application_id__in=paid, kind="fee_notice")
            .order_by("application_id", "at", "id")
            .values_list("application_id", "data")
        ):
            try:
                amounts[app_id] = Decimal(str((data or {}).get("amount") or 0))
            except (InvalidOperation, TypeError):
                continue
        facts["fee_amount"] = sum(amounts.values(), Decimal(0))
    inquiries = sources.optional("gongkai.applications.selectors", "inquiry_counts")
    if inquiries is not None:
        facts["inquiries"] = inquiries(agency_ids, year)
    return facts


def _publication_facts(agency_ids: list[int], year: int) -> dict:
    fn = sources.publication_counts()
    if fn is None:
        return {}
    try:
        return fn(agency_ids, year) or {}
    except Exception:  # noqa: BLE001 - a draft must not fail on a missing source
        return {}


def _channel_labels() -> dict[str, str]:
    try:
        from gongkai.catalogue.models import Channel
    except ImportError:
        return {}
    return {c.value: str(c.label) for c in Channel}


def draft_narrative(report) -> dict[str, str]:
    """Texts for the narrative fields of ``report`` (built tables must be present)."""
    from gongkai.reports.services import _agency_ids

    agency = report.agency
    year = report.year
    ids = _agency_ids(agency, report.scope)
    tables = report.tables or {}
    apps = tables.get("applications") or {}

    def total(row):
        return (apps.get(row) or [0] * 7)[6] or 0

    name = agency.short_name or agency.name
    texts: dict[str, str] = {}
    texts["overview_intro"] = _(
        "%(year)s年，%(name)s认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，推进政府信息公开工作。"
    ) % {"year": year, "name": agency.name}

    pub = _publication_facts(ids, year)
    channels = {k: n for k, n in (pub.get("by_channel") or {}).items() if n}
    if channels:
        labels = _channel_labels()
        parts = "、".join(f"通过{labels.get(code, code)}发布{n}条" for code, n in channels.items())
        published = sum((pub.get("by_category") or {}).values())
        texts["overview_publication"] = _(
            "%(year)s年共主动公开政府信息%(total)s条，%(parts)s。"
        ) % {"year": year, "total": published, "parts": parts}
    else:
        texts["overview_publication"] = _(
            "%(year)s年，%(name)s通过政府网站等渠道主动公开政府信息。"
        ) % {"year": year, "name": name}

    facts = _application_facts(ids, year)
    new, carried_in, answered, carried_out = (
        total("new"),
        total("carried_in"),
        total("result.total"),
        total("carried_out"),
    )
    if new or carried_in or answered:
        text = _(
            "%(year)s年共收到政府信息公开申请%(new)s件，上年结转%(carried_in)s件，"
            "办结%(answered)s件，结转下年度继续办理%(carried_out)s件。"
        ) % {
            "year": year,
            "new": new,
            "carried_in": carried_in,
            "answered": answered,
            "carried_out": carried_out,
        }
        if facts.get("answered"):
            share = facts.get("on_time", 0) * 100 / facts["answered"]
            text += _("按期答复率为%(share).1f%%。") % {"share": share}
        if facts.get("extensions"):
            text += _("经批准延期答复%(n)s件。") % {"n": facts["extensions"]}
        texts["overview_application"] = text
    else:
        texts["overview_application"] = _("%(year)s年%(name)s未收到政府信息公开申请。") % {
            "year": year,
            "name": name,
        }

    leaders = list(agency.leadership.all())
    office = agency.disclosure_office
    lead = [m for m in leaders if m.position == "leader"]
    deputies = [m for m in leaders if m.position == "deputy"]
    management = ""
    if lead:
        management = _("成立由%(title)s%(name)s任组长") % {
            "title": lead[0].title,
            "name": lead[0].name,
        }
        if deputies:
            management += _("，%(names)s任副组长") % {
                "names": "、".join(f"{m.title}{m.name}" for m in deputies)
            }
        management += _("的政府信息公开工作领导小组。")
    if office is not None:
        management += _("领导小组办公室设在%(office)s，负责政府信息公开日常工作。") % {
            "office": office.name
        }
    texts["overview_management"] = management or _("健全政府信息公开工作机制，明确责任分工。")
    texts["overview_platform"] = _(
        "依托政府网站政府信息公开专栏，及时更新政府信息公开指南和公开目录。"
    )
    texts["overview_supervision"] = _("接受政府信息公开工作主管部门的指导、监督和考核。")
    texts["problems"] = _("（请填写存在的主要问题及改进情况。）")
    if facts.get("fees_paid"):
        texts["other_matters"] = _(
            "依据《政府信息公开信息处理费管理办法》，本年度收取信息处理费%(n)s笔，共%(amount)s元。"
        ) % {"n": facts["fees_paid"], "amount": f"{facts.get('fee_amount', 0):.2f}"}
    else:
        texts["other_matters"] = _("本年度未收取信息处理费。无其他需要报告的事项。")
    return texts
