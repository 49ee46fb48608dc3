"""#18.12: every date or time input of the project sends its value in ISO form.

A general check, not only the report's lock date: every form class of the project is
collected, and each field that renders an HTML ``date`` / ``datetime-local`` input must give
``YYYY-MM-DD`` (``YYYY-MM-DDTHH:MM``) under the project's zh-hans locale, where Django's
default would be ``2021/01/20``.
"""

import datetime
import importlib
import pkgutil

from django import forms
from django.utils import translation

import gongkai
from gongkai.widgets import IsoDateInput, IsoDateTimeInput

DAY = datetime.date(2021, 1, 20)
MOMENT = datetime.datetime(2021, 1, 20, 9, 5)


def _project_forms():
    for info in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if ".migrations" in info.name or info.name.endswith(("wsgi", "__main__")):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001, S112 - a module that needs a server, not a form
            continue
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.startswith("gongkai.")]


def test_plain_widgets_render_iso_under_zh_hans():
    with translation.override("zh-hans"):
        assert forms.DateInput().format_value(DAY) == "2021/01/20"  # the bug without them
        assert IsoDateInput().format_value(DAY) == "2021-01-20"
        assert IsoDateTimeInput().format_value(MOMENT) == "2021-01-20T09:05"
        assert 'type="date"' in IsoDateInput().render("d", DAY)


def test_every_date_input_of_the_project_renders_iso(db):
    classes = _project_forms()
    names = {c.__name__ for c in classes}
    assert {"LockForm", "FilterForm", "ApplicationForm"} <= names  # the walk found them
    wrong, date_fields = [], 0
    with translation.override("zh-hans"):
        for cls in classes:
            for name, field in getattr(cls, "base_fields", {}).items():
                widget = field.widget
                kind = getattr(widget, "input_type", None)
                if isinstance(field, forms.DateField):
                    date_fields += 1
                if kind == "date":
                    value = widget.format_value(DAY)
                    expected = "2021-01-20"
                elif kind == "datetime-local":
                    value = widget.format_value(MOMENT)
                    expected = "2021-01-20T09:05"
                else:
                    continue
                if value != expected:
                    wrong.append(f"{cls.__module__}.{cls.__name__}.{name}: {value}")
                if isinstance(field, forms.DateField) and kind != "date":
                    wrong.append(f"{cls.__module__}.{cls.__name__}.{name}: not a date input")
    assert date_fields >= 10
    assert wrong == []
