"""Printed voting codes: random, easy to type, kept only as a keyed digest.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), printed in groups of four; what a
voter types is read case-insensitively, with spaces and dashes ignored. The digest is an HMAC-SHA-256 keyed with the
site's secret key, so a copy of the database alone does not let anyone try codes offline. Changing SECRET_KEY makes
printed codes of a running vote unusable.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(typed: str) -> str:
    return "".join(ch for ch in str(typed).upper() if ch.isalnum())


def digest(code: str) -> str:
    key = f"cocreate.decisions.voting-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def looks_like_a_code(typed: str) -> bool:
    code = normalise(typed)
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)
