"""Pseudonyms for exported files: the same person gets the same code in every file keyed alike,
and nobody without the key can go from the code back to the person.

``pseudonym(public_id)`` is HMAC-SHA256 of the person's public id (a random UUID), truncated to 16
hexadecimal characters (64 bits: among 10,000 people, the chance that two share a code is about
n² / 2⁶⁵, 3 in a million million).

Why keyed, and why not the name:
- A plain hash of a name (or of a birth date) is reversed by hashing every name in a phone book.
- A plain hash of the public id is no better: the public id is in the page addresses and in the
  access log, so anyone who saw one could recompute the code and re-identify the row.
- With a secret key, only the server can compute a code: an evaluator holding the file can follow
  a person across the files it received, and cannot tell who they are.

The key:
- ``settings.JOBFACTORY_PSEUDONYM_SALT`` when set: the recommended set-up in production.
- Otherwise a key derived from SECRET_KEY with a fixed label (``DERIVATION_LABEL``), so that the
  pseudonym key is never SECRET_KEY itself and never collides with Django's own uses of it
  (sessions, signing, password reset tokens derive theirs with other labels).

Why a separate salt is better in production:
- SECRET_KEY is rotated for security reasons (a leak, a staff change): with a derived key, every
  code would change silently on that day and the evaluation's follow-up of people over time would
  break, or, worse, the key would never be rotated to keep the codes stable.
- The pseudonym key has its own life: it belongs to an evaluation campaign, not to the web server.
  Leaking one does not expose the other.

Rotating the salt breaks links between exports, on purpose: files made before and after the
rotation give the same person different codes, so they cannot be joined. Rotate it when a file
goes to a new recipient who must not link it to earlier ones, at the end of an evaluation campaign,
or after a file leaked; keep it while one evaluation follows the same people over time.

A pseudonymised file is still personal data under the GDPR (the key holder can re-identify, and
rare combinations of the remaining columns may single someone out): it is logged, limited to the
roles that need it, and is not open data.
"""

import hashlib
import hmac
import uuid

from django.conf import settings

DERIVATION_LABEL = b"jobfactory.reporting.pseudonyms/v1"
LENGTH = 16


def _key() -> bytes:
    salt = getattr(settings, "JOBFACTORY_PSEUDONYM_SALT", "") or ""
    if salt:
        return salt.encode("utf-8") if isinstance(salt, str) else bytes(salt)
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), DERIVATION_LABEL, hashlib.sha256).digest()


def pseudonymiser():
    """A function computing pseudonyms with the key read once: for a list of thousands."""
    key = _key()

    def code(public_id) -> str:
        value = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
        return hmac.new(key, value.bytes, hashlib.sha256).hexdigest()[:LENGTH]

    return code


def pseudonym(public_id) -> str:
    """16 hexadecimal characters, stable for a given key; ``public_id`` is a UUID or its text."""
    return pseudonymiser()(public_id)
