"""Who calls the API: a browser session (with CSRF on unsafe methods) or a machine's bearer token.

Either way the caller is a Django user, and every endpoint scopes with that user exactly as the pages
do. A token sets ``request.user`` too, so that the pages' scoping helpers, which read
``request.user``, see the token's user.
"""

import hmac

from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from jobfactory.api.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``. A token that is wrong, revoked or whose user is inactive
    answers 401 at once: it never falls back to a session that the same client may also hold."""

    def authenticate(self, request, token):
        digest = hash_token(token)
        api_token = (ApiToken.objects.active().select_related("user__profile")
                     .filter(key_hash=digest).first())
        # The lookup is by hash; the comparison below is constant-time all the same.
        if api_token is None or not hmac.compare_digest(api_token.key_hash, digest):
            raise AuthenticationError
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


class BrowserSessionAuth(SessionAuth):
    """The Django login of the pages; ninja checks the CSRF token on unsafe methods."""

    def __init__(self):
        super().__init__(csrf=True)


token_auth = TokenAuth()
session_auth = BrowserSessionAuth()
