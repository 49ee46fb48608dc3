"""Reads of the notifications app: a user's notices (only their own, ever)."""

from django.db.models import QuerySet

from gongkai.notifications.models import Notification


def inbox(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("agency")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
