"""Who is acting: the audit actor for the current request, task or command.

Set by ``AuditActorMiddleware`` for web requests and by ``acting_as(user)`` for
services, tasks and commands, so that automatic records name the person.
"""

import contextlib
import contextvars

_actor: contextvars.ContextVar = contextvars.ContextVar("gongkai_audit_actor", default=None)


def current_actor():
    """The user acting now, or None (system, anonymous, management command)."""
    return _actor.get()


@contextlib.contextmanager
def acting_as(user):
    """Attribute every audit record made inside the block to ``user``."""
    token = _actor.set(user if getattr(user, "is_authenticated", False) else None)
    try:
        yield
    finally:
        _actor.reset(token)


class AuditActorMiddleware:
    """Make the logged-in user the audit actor for the duration of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)
