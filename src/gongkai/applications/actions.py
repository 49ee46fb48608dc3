"""Every staff action on a case, declared once: name, label, form, who, when, what it does.

In the spirit of Wagtail's action classes (``wagtail.actions``: one object with
``check()`` and ``execute()`` that admin views, the API and programmatic callers share):
each service function in ``applications.services`` that changes a case is declared with
``@case_action(...)``, and that declaration is the only place the action is spelled out:

* ``name`` and ``label`` (the button and the audit verb ``application.<name>``);
* ``form``: the form class the case page, the staff API and the preview use;
* ``sources`` / ``target``: the workflow states it may start from and leads to;
* ``roles``: who may, through ``agencies.permissions`` (registered from here by
  ``applications.permissions``), plus ``allowed`` for an object-level rule (the Art. 33
  approver);
* the statutory check: the service asks ``rules.procedure`` before it records anything;
* ``letter``: the letter it issues (``rules.procedure.LETTERS``), for the editable preview;
* ``execute``: the service itself.

The case page, the worklist's "可办理" column, the staff API and ``services._begin`` all
read ``registry()``; ``tests/applications/test_actions.py`` fails when an action is
declared but not usable from the admin and the API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from django import forms

    from gongkai.applications.models import Application

__all__ = ["CaseAction", "UnknownAction", "case_action", "registry", "get", "available"]


class UnknownAction(LookupError):
    """No action of that name is declared."""


@dataclass(frozen=True)
class CaseAction:
    """One declared action (see the module docstring)."""

    name: str
    label: str
    form: type[forms.Form]
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    service: Callable[..., Application]
    letter: str | None = None
    allowed: Callable[[Application, object], bool] | None = None
    #: Why ``allowed`` says no (shown as is), e.g. who alone may approve an extension.
    refusal: str | None = None
    #: Done by the system (the scheduler) as well as by staff; the audit names no person then.
    system: bool = False

    # --- who and when ---------------------------------------------------------------
    def permitted(self, application: Application, user) -> bool:
        """May ``user`` take this action on ``application`` (whatever its state)?"""
        return self.refused(application, user) is None

    def refused(self, application: Application, user) -> str | None:
        """None when ``user`` may take this action on ``application``, else why not."""
        from django.utils.translation import gettext as _

        from gongkai.agencies.permissions import can

        if not can(user, self.name, application):
            return _("您没有权限对该案件执行“%(action)s”操作") % {"action": self.label}
        if self.allowed is not None and not self.allowed(application, user):
            return self.refusal or _("您没有权限对该案件执行“%(action)s”操作") % {
                "action": self.label
            }
        return None

    def in_state(self, application: Application) -> bool:
        return application.state in self.sources

    def available_to(self, application: Application, user) -> bool:
        return self.in_state(application) and self.permitted(application, user)

    # --- forms and execution ----------------------------------------------------------
    def make_form(self, application: Application, data=None, *, prefix: str | None = None):
        """The action's form for ``application`` (bound when ``data`` is given)."""
        kwargs = {}
        if getattr(self.form, "needs_application", False):
            kwargs["application"] = application
        return self.form(
            data,
            initial={"version": application.version, **self.form.initial_for(application)},
            prefix=self.name if prefix is None else (prefix or None),
            **kwargs,
        )

    def execute(self, application: Application, user, form) -> Application:
        """Run the service with the form's cleaned data (the form must be valid)."""
        return self.service(application=application, actor=user, **form.service_arguments())


_registry: dict[str, CaseAction] = {}


def case_action(
    name: str,
    *,
    label: str,
    form: type[forms.Form],
    sources,
    target: str | None,
    roles,
    letter: str | None = None,
    allowed: Callable | None = None,
    refusal: str | None = None,
    system: bool = False,
):
    """Declare the decorated service function as the case action ``name``."""

    def declare(service: Callable) -> Callable:
        if name in _registry and _registry[name].service.__qualname__ != service.__qualname__:
            raise ValueError(f"case action {name!r} is declared twice")
        _registry[name] = CaseAction(
            name=name,
            label=label,
            form=form,
            sources=frozenset(sources),
            target=target,
            roles=frozenset(roles),
            service=service,
            letter=letter,
            allowed=allowed,
            refusal=refusal,
            system=system,
        )
        service.case_action = name
        return service

    return declare


def registry() -> dict[str, CaseAction]:
    """Every declared action, in declaration order (the order of the case page's buttons)."""
    from gongkai.applications import services  # noqa: F401  (declares the actions)

    return dict(_registry)


def get(name: str) -> CaseAction:
    try:
        return registry()[name]
    except KeyError:
        raise UnknownAction(name) from None


def available(application: Application, user) -> list[CaseAction]:
    """The actions ``user`` may take on ``application`` now."""
    return [a for a in registry().values() if a.available_to(application, user)]
