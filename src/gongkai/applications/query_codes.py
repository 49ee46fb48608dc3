"""Query codes (查询码): stored as a keyed digest, checked in constant time.

A query code is a random code the system generates, not a password a person
chose, and every lookup is rate-limited per IP and per API client; a keyed
HMAC-SHA256 is therefore as strong as a slow password hash here, while a
password hasher (PBKDF2, ~1 s of CPU per call on these machines) made every
submission and status lookup a denial-of-service lever (bench/load.py).
Digests written by the earlier password-hasher scheme are still accepted.
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.hashers import check_password

PREFIX = "hmac_sha256$"


def _key() -> bytes:
    return hashlib.sha256(b"gongkai.query-code:" + settings.SECRET_KEY.encode()).digest()


def normalise(code: str) -> str:
    return (code or "").strip().upper()


def query_code_digest(code: str) -> str:
    """The stored form of a query code."""
    mac = hmac.new(_key(), normalise(code).encode(), hashlib.sha256).hexdigest()
    return PREFIX + mac


def query_code_matches(code: str, stored: str) -> bool:
    """Whether ``code`` is the query code whose digest is ``stored``."""
    if not stored:
        hmac.compare_digest(query_code_digest(code), PREFIX + "0" * 64)  # similar work on a miss
        return False
    if stored.startswith(PREFIX):
        return hmac.compare_digest(query_code_digest(code), stored)
    return check_password(normalise(code), stored)
