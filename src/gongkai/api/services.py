"""API clients: create (the token is returned once), revoke, authenticate; per-client rate limits."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.api.models import ApiClient, Scope
from gongkai.audit.services import audit_record

TOKEN_PREFIX = "gk"
_PREFIX_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789"

DEFAULTS = {
    # Catalogue, reports and statistics are public data (the portal shows them too):
    # readable without a token, limited per IP address.
    "PUBLIC_READ": True,
    "ANON_RATE_PER_MINUTE": 120,
    "CLIENT_RATE_PER_MINUTE": 600,
}


def conf() -> dict:
    return {**DEFAULTS, **getattr(settings, "GONGKAI_API", {})}


class ClientError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_scopes(values) -> list[str]:
    """Scopes from a list or a comma/space separated string; unknown scopes are refused."""
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    out = []
    for value in values:
        for part in str(value).replace(",", " ").split():
            if part not in Scope.values:
                raise ClientError(
                    _("未知的权限范围“%(scope)s”，可用：%(all)s")
                    % {"scope": part, "all": ", ".join(Scope.values)}
                )
            if part not in out:
                out.append(part)
    if not out:
        raise ClientError(_("至少需要一个权限范围"))
    return out


@dataclass
class Created:
    client: ApiClient
    token: str  # shown once


@transaction.atomic
def api_client_create(
    *, name: str, scopes, agency=None, rate_limit: int | None = None, actor=None, note: str = ""
) -> Created:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ClientError(_("名称不能为空，且不超过100个字符"))
    if ApiClient.objects.filter(name=name).exists():
        raise ClientError(_("已有名为“%(name)s”的接口客户端") % {"name": name})
    scopes = parse_scopes(scopes)
    while True:
        prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _i in range(10))
        if not ApiClient.objects.filter(token_prefix=prefix).exists():
            break
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    client = ApiClient.objects.create(
        name=name,
        agency=agency,
        scopes=scopes,
        token_prefix=prefix,
        token_hash=_digest(token),
        rate_limit=rate_limit or conf()["CLIENT_RATE_PER_MINUTE"],
        created_by=actor,
        note=note,
    )
    return Created(client, token)


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor=None) -> ApiClient:
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.active:
        client.active = False
        client.revoked_at = timezone.now()
        client.save(update_fields=["active", "revoked_at"])
        audit_record(action="other", verb="api.client.revoke", obj=client, actor=actor)
    return client


def authenticate(token: str) -> ApiClient | None:
    """The active client holding ``token``, or None (constant-time comparison of digests)."""
    parts = (token or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or len(parts[1]) > 16:
        return None
    client = ApiClient.objects.select_related("agency").filter(token_prefix=parts[1]).first()
    digest = _digest(token.strip())
    if client is None:
        hmac.compare_digest(digest, "0" * 64)
        return None
    if not hmac.compare_digest(digest, client.token_hash) or not client.active:
        return None
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


def over_rate(ident: str, limit: int, period: int = 60) -> tuple[bool, int]:
    """Fixed-window counter in the shared cache (``ops.ratelimit``): (over the limit?,
    seconds until the window ends)."""
    from gongkai.ops import ratelimit

    count, wait = ratelimit.hit(f"api:{ident}", period)
    return count > limit, wait
