"""Optional data sources of the builder: each app's selector, used when that app provides it.

The registers are always there. The applications and catalogue apps contribute
through their selectors (``applications.selectors.report_counts`` and
``catalogue.selectors.publication_counts``); while an app does not provide its
selector yet, the builder runs on the registers alone.
"""

import importlib
from collections.abc import Callable


def optional(module: str, name: str) -> Callable | None:
    """``module.name`` if that module exists and defines it, else None."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(mod, name, None)


def report_counts() -> Callable | None:
    return optional("gongkai.applications.selectors", "report_counts")


def publication_counts() -> Callable | None:
    return optional("gongkai.catalogue.selectors", "publication_counts")


def application_model():
    try:
        from django.apps import apps

        return apps.get_model("applications", "Application")
    except LookupError:
        return None
