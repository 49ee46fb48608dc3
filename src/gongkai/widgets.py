"""Form widgets shared by every app.

An HTML ``<input type="date">`` only accepts a value in ISO form (``YYYY-MM-DD``, and
``YYYY-MM-DDTHH:MM`` for ``datetime-local``); anything else, such as the ``2021/01/20`` that
Django's zh-hans input formats would give, leaves the field empty in the browser and the
next submit posts nothing. Every date or time input of the project uses these widgets.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class IsoDateInput(forms.DateInput):
    """An HTML date input whose value is ISO (YYYY-MM-DD) whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None, format=ISO_DATE):
        super().__init__(attrs, format=format)


class IsoDateTimeInput(forms.DateTimeInput):
    """An HTML ``datetime-local`` input whose value is ISO (YYYY-MM-DDTHH:MM)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format=ISO_DATETIME_LOCAL):
        super().__init__(attrs, format=format)
