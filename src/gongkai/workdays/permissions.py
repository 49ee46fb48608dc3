"""Permission rules for the holiday table.

Calendar days and years belong to no agency: the schedule is national (the State
Council's notice) and one table serves every agency. No staff role is granted
any action here, so ``permissions.can`` answers yes only for system
administrators (superusers or holders of the system-administrator role) and
``permissions.visible`` shows the rows to nobody else. Everyone reads the
calendar through ``gongkai.workdays.calendar()`` and the clock's explanations.
"""

from gongkai.agencies.permissions import register

for _model in ("workdays.CalendarDay", "workdays.CalendarYear"):
    register(_model, agency_field="", actions={"view": [], "change": []})
