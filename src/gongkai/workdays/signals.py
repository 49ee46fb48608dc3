"""Signals of the workdays app."""

from django.dispatch import Signal

#: Sent after a transaction that changed the holiday table commits, with ``reason`` (Chinese,
#: for the audit: e.g. "导入2027年节假日安排（国办发明电〔2026〕7号）"). Receivers recompute
#: what is counted in working days (``applications``: every open case's due dates).
calendar_changed = Signal()
