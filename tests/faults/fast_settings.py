"""Settings of the servers the fault tests start: the real ones, with a cheap password hasher.

The query code of every application is hashed with the password hasher (PBKDF2, about
a second of CPU per submission on a busy 2-core machine); the fault tests are about
durability, not hashing, so they use MD5 to keep the burst short.
"""

from gongkai.settings import *  # noqa: F403

# MD5 for new hashes; PBKDF2 still verifies existing ones (the demo's staff passwords).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
