"""Django system checks of what the deployment needs to work (``gongkai check``).

Run with every management command that checks (``check``, ``migrate``, ``runserver``) and
at ``gongkai demo`` start: a missing CJK font is an error, because every letter and report
PDF would come out without its text.
"""

from django.core import checks


@checks.register("gongkai")
def pdf_fonts(app_configs, **kwargs):
    """``gongkai.E001``: PDFs cannot be made with their text; ``gongkai.W001``: slow PDFs."""
    from gongkai import pdf

    errors, warnings = pdf.font_problems()
    return [
        *(
            checks.Error(message, hint="PDF 字体见 README「PDF 与字体」", id="gongkai.E001")
            for message in errors
        ),
        *(checks.Warning(message, id="gongkai.W001") for message in warnings),
    ]


@checks.register("gongkai", deploy=True)
def public_url_configured(app_configs, **kwargs):
    """``gongkai.W003`` (``check --deploy``): with DEBUG off and no ``GONGKAI_PUBLIC_URL``,
    links in e-mails would point at the local demo address."""
    from django.conf import settings

    from gongkai.ops.links import base_url

    if settings.DEBUG or getattr(settings, "GONGKAI_PUBLIC_URL", ""):
        return []
    return [
        checks.Warning(
            f"未设置 GONGKAI_PUBLIC_URL：邮件和通知中的链接将指向 {base_url()}",
            hint="设置环境变量 GONGKAI_PUBLIC_URL，如 https://gongkai.example.gov.cn",
            id="gongkai.W003",
        )
    ]


@checks.register("gongkai")
def public_url_wellformed(app_configs, **kwargs):
    """``gongkai.W004``: ``GONGKAI_PUBLIC_URL`` is set but is not an http(s) address."""
    from django.conf import settings

    from gongkai.ops.links import public_url_problem

    problem = public_url_problem(getattr(settings, "GONGKAI_PUBLIC_URL", ""))
    return [checks.Warning(problem, id="gongkai.W004")] if problem else []


@checks.register("gongkai", checks.Tags.database)
def extension_approvers(app_configs, databases=None, **kwargs):
    """``gongkai.W002``: an agency whose extensions (Art. 33) only a system administrator could
    approve: nobody heads its disclosure office and it has no signer or administrator.
    Runs with ``gongkai check --database default``."""
    if not databases:
        return []
    from django.db import DatabaseError
    from django.utils.translation import gettext as _

    from gongkai.agencies.models import Agency, Membership, Role

    try:
        agencies = list(Agency.objects.all())
        staffed = set(
            Membership.objects.filter(
                role__in=[Role.UNIT_HEAD, Role.SIGNER, Role.AGENCY_ADMIN], user__is_active=True
            ).values_list("agency_id", flat=True)
        )
        handled = set(
            Membership.objects.filter(role=Role.HANDLER).values_list("agency_id", flat=True)
        )
    except DatabaseError:  # not migrated yet
        return []
    return [
        checks.Warning(
            _("%(agency)s没有可批准延期答复的负责人（第三十三条），将由系统管理员批准")
            % {"agency": agency.name},
            hint=_(
                "在“机构与人员”中为该机关的政府信息公开工作机构配置科室负责人，"
                "或在“依申请公开设置”中指定"
            ),
            obj=agency.slug,
            id="gongkai.W002",
        )
        for agency in agencies
        if agency.pk in handled and agency.pk not in staffed
    ]
