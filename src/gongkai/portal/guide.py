"""The staff console's own guide (帮助 › 工作指南): what each role does, how the statutory clock
counts and who is reminded when, and the holiday calendar's provisional years.

It replaces Wagtail's English editor guide in the help menu (#18.11) and says in Chinese what
``docs/commands/applications.md`` and ``docs/commands/calendar-and-clock.md`` say for the
README (#16). The figures it states (the reminder times, the default horizon, the consultation
period) are read from the code that applies them, so the guide cannot drift from the product.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Role


@dataclass(frozen=True)
class Section:
    """One section of the guide: for everyone (``roles`` empty) or for the roles named."""

    key: str
    title: str
    paragraphs: tuple
    roles: frozenset = frozenset()

    def html_paragraphs(self) -> list[str]:
        return [as_html(p) for p in self.paragraphs]

    def for_roles(self, roles: set[str]) -> bool:
        return not self.roles or bool(self.roles & roles)


def _schedule_facts() -> dict:
    """The reminder jobs' times and defaults, from where they are declared."""
    from gongkai.applications.models import AgencyApplicationSettings
    from gongkai.ops import schedule
    from gongkai.rules.clock import CONSULTATION_WORKDAYS

    jobs = schedule.jobs()
    horizon = AgencyApplicationSettings._meta.get_field("reminder_workdays").default
    return {
        "reminders_at": f"{jobs['applications.deadline_reminders'].daily_at:%H:%M}",
        "recompute_at": f"{jobs['applications.recompute_clock'].daily_at:%H:%M}",
        "horizon": horizon,
        "consultation": CONSULTATION_WORKDAYS,
    }


def _with_facts(text) -> str:
    return str(text) % _schedule_facts()


with_facts = lazy(_with_facts, str)

SECTIONS: tuple[Section, ...] = (
    Section(
        "start",
        _("开始之前"),
        (
            _(
                "左侧菜单只显示您的角色可以使用的功能。首页的“我的待办”“即将到期”“已超期”"
                "与工作台中同名筛选的件数一致，点击即可打开对应清单。"
            ),
            _(
                "“我的通知”汇总到期提醒、期限变动、征求意见期满等消息，同样的内容也会发送到"
                "您账户登记的电子邮箱。每件申请每人每天最多提醒一次。"
            ),
        ),
    ),
    Section(
        "registrar",
        _("登记员：收件、登记与送达"),
        (
            _(
                "当面、口头、邮寄、传真和网上提交的申请都在“依申请公开 › 登记申请”中登记。"
                "邮寄申请填写签收日期；平信、传真和网上申请须与申请人确认收到后，才开始计算"
                "答复期限（《政府信息公开条例》第三十一条）。"
            ),
            _(
                "当面或口头申请当场打印登记回执，回执上有申请编号和查询码。查询码只显示在回执上，"
                "系统只保存其加密摘要；申请人遗失查询码时，使用“重新发放查询码”生成新回执，"
                "此操作记入审计日志。"
            ),
            _("答复签发后，由登记员送达申请人并记录送达方式和日期。"),
        ),
        frozenset({Role.REGISTRAR}),
    ),
    Section(
        "handler",
        _("承办人与科室负责人：办理申请"),
        (
            _(
                "分办到本科室的申请出现在工作台“待我办理”中。认领后可以：要求补正（收到申请后"
                "7个工作日内、只能一次，第三十条）；征求第三方或其他机关意见（第三十二条、"
                "第三十四条）；申请延期（第三十三条）；起草答复并上传公开的文件。"
            ),
            with_facts(
                _(
                    "征求意见时请记录对方收到征求意见书的日期。对方应在收到后%(consultation)s个"
                    "工作日内答复；逾期未答复的，系统自动结束征求意见、恢复计时、记录审计，"
                    "并在案件页说明后果：第三方逾期未提出意见的由本机关依法决定（第三十二条），"
                    "其他机关逾期未提出意见的视为同意公开（第三十四条）。"
                )
            ),
            _(
                "全部公开或部分公开的答复，签发前须经保密审查；部分公开须写明不予公开的内容及"
                "理由（第三十七条）。"
            ),
        ),
        frozenset({Role.HANDLER, Role.UNIT_HEAD}),
    ),
    Section(
        "office_head",
        _("政府信息公开工作机构负责人：延期与延迟答复"),
        (
            _(
                "本机关政府信息公开工作机构（如综合法规科）的科室负责人可以查看本机关的全部申请，"
                "并审批延期申请：延长答复期限应当经政府信息公开工作机构负责人同意，延长的期限"
                "最长不得超过20个工作日（第三十三条第二款）。任何人不能批准自己提出的延期申请。"
            ),
            _(
                "申请数量、频次明显超过合理范围的，可以要求申请人说明理由，或确定延迟答复的合理"
                "期限并告知申请人（第三十五条）。"
            ),
        ),
        frozenset({Role.UNIT_HEAD, Role.AGENCY_ADMIN}),
    ),
    Section(
        "review",
        _("审核人、保密审查员与签发人"),
        (
            _(
                "审核人审核答复草稿和主动公开的信息；保密审查员逐项确认保密审查清单并记录审查依据"
                "（《政府信息公开条例》第十七条），不同意的须写明意见并退回；签发人签发答复、"
                "发布主动公开信息，并锁定和发布年度报告。"
            ),
        ),
        frozenset({Role.REVIEWER, Role.CONFIDENTIALITY_REVIEWER, Role.SIGNER}),
    ),
    Section(
        "clock",
        _("答复期限如何计算"),
        (
            _(
                "答复期限为收到申请之日起20个工作日（第三十三条），收到申请的当日不计入。"
                "工作日按国务院办公厅每年发布的节假日安排计算：法定节假日和调休休息日不计入，"
                "调休上班的周末计入。"
            ),
            _(
                "要求补正的，答复期限自收到补正材料之日起重新计算；征求意见的期间不计入答复期限"
                "（第三十三条第三款）；批准延期的，在原期限基础上延长。"
            ),
            _(
                "案件页的“期限计算说明”逐日列出计入和不计入的日子及其原因。“已逾期”“即将到期”"
                "“暂停计时”等状态在每次打开页面时按当日计算，不会因为无人操作而过时。"
            ),
        ),
    ),
    Section(
        "reminders",
        _("到期提醒"),
        (
            with_facts(
                _(
                    "后台任务进程（`gongkai worker`）每天 %(reminders_at)s 检查全部未办结的申请："
                    "答复期限在%(horizon)s个工作日内届满或已经逾期的，补正、征求意见、缴费、"
                    "说明理由期限即将届满或已经届满的，分别提醒正在办理的人员：本科室的承办人和"
                    "科室负责人、处于相应环节的登记员、审核人、签发人，以及待审批延期的审批人；"
                    "无人负责时提醒机关管理员。"
                )
            ),
            _(
                "提醒在“我的通知”中显示，同时发送电子邮件；同一件申请每人每天最多一次，"
                "多个后台进程同时运行也不会重复。督查（政务公开办）人员每天收到按机关汇总的"
                "逾期和即将到期清单。"
            ),
            with_facts(
                _(
                    "机关管理员可在“依申请公开 › 设置 › 到期提醒”中调整提前提醒的工作日数"
                    "（默认%(horizon)s个工作日）。系统每天 %(recompute_at)s 复核全部未办结申请的期限，"
                    "发现变化的记入审计并通知办理人员。"
                )
            ),
        ),
    ),
    Section(
        "calendar",
        _("节假日日历与暂定期限"),
        (
            _(
                "某一年的节假日安排尚未导入时，系统按《全国年节及纪念日放假办法》计算该年的法定"
                "节假日（元旦1天，春节4天即农历除夕至正月初三，清明节、端午节、中秋节各1天，"
                "劳动节2天，国庆节3天；节日适逢周末的在其后补假），但无法预知调休安排，因此涉及"
                "该年的期限都标为“暂定”，告知书中会附上本机关设置的暂定期限说明。"
            ),
            _(
                "每年11月1日起，如果下一年的安排尚未导入，工作台各页都会提示。国务院办公厅发布"
                "通知后，由系统管理员在“工作日历 › 年度节假日安排”中录入，或在服务器上运行"
                "`gongkai calendar import 文件`导入。导入或修改后，系统在后台重新计算全部未办结"
                "申请的期限，期限变动的记入审计并通知办理人员。"
            ),
        ),
        frozenset({Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, Role.REGISTRAR, Role.SUPERVISOR}),
    ),
    Section(
        "supervisor",
        _("督查（政务公开办）"),
        (
            _(
                "督查人员可以查看所辖全部机关的申请办理情况、逾期案件和年度报告，首页按机关列出"
                "逾期和即将到期的件数；年度报告须在每年1月31日前公布（第四十九条、第五十条）。"
            ),
        ),
        frozenset({Role.SUPERVISOR}),
    ),
    Section(
        "admin",
        _("机关管理员"),
        (
            _(
                "机关管理员维护本机关的人员、科室和依申请公开设置（编号格式、补正期限、到期提醒、"
                "延期审批人、暂定期限说明），只能授予不高于本人的角色，不能给自己授权。"
            ),
        ),
        frozenset({Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN}),
    ),
)


def as_html(text) -> str:
    """A paragraph as HTML: escaped, with `command` spans set as code."""
    parts = str(text).split("`")
    return mark_safe(
        "".join(
            format_html("<code>{}</code>", part) if odd else escape(part)
            for odd, part in ((i % 2 == 1, p) for i, p in enumerate(parts))
        )
    )


def sections_for(roles: set[str]) -> tuple[list[Section], list[Section]]:
    """(the sections for these roles, the others), each in the guide's order."""
    mine = [s for s in SECTIONS if s.for_roles(roles)]
    others = [s for s in SECTIONS if not s.for_roles(roles)]
    return mine, others
