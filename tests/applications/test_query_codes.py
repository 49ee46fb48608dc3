"""Query codes are stored as a keyed digest and checked without a slow password hash."""

from django.contrib.auth.hashers import make_password

from gongkai.applications.query_codes import PREFIX, query_code_digest, query_code_matches


def test_digest_matches_its_code_only(settings):
    stored = query_code_digest("AB12CD34")
    assert stored.startswith(PREFIX) and "AB12CD34" not in stored
    assert query_code_matches("AB12CD34", stored)
    assert query_code_matches(" ab12cd34 ", stored)  # as typed by a person
    assert not query_code_matches("AB12CD35", stored)
    assert not query_code_matches("", stored)
    assert not query_code_matches("AB12CD34", "")


def test_digest_depends_on_the_secret_key(settings):
    stored = query_code_digest("AB12CD34")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert not query_code_matches("AB12CD34", stored)


def test_codes_stored_by_the_password_hasher_still_match(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    legacy = make_password("AB12CD34")
    assert query_code_matches("ab12cd34", legacy)
    assert not query_code_matches("XX12CD34", legacy)
