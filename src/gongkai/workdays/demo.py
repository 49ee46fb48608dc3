"""Demo data of the holiday table: the chinesecalendar seed (2004-2026), loaded if missing. Idempotent."""

from django.utils.translation import gettext as _

from gongkai.workdays.services import seed_from_package


def load(ctx) -> None:
    added = seed_from_package(only_missing=True)
    if added:
        ctx.say(_("工作日历：补充 %(n)d 条节假日记录") % {"n": added})
