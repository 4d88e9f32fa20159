"""Who is calling: a bearer token, or a staff member logged into the admin.

Both hand the endpoints the user as `request.auth`; scope does the rest."""

from __future__ import annotations

from ninja.security import SessionAuth
from wagtail.api.v3.auth import BearerTokenAuth


class TokenAuth(BearerTokenAuth):
    """`Authorization: Bearer <token>`: a live Wagtail API token of an active user
    (Wagtail checks both and notes the token's last use)."""

    def authenticate(self, request, token):
        api_token = super().authenticate(request, token.strip())
        return api_token.user if api_token else None


class StaffSessionAuth(SessionAuth):
    """The admin's session (a GET needs no CSRF token): active users who may use the admin."""

    def authenticate(self, request, key):
        user = request.user
        if user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"):
            return user
        return None


api_auth = [TokenAuth(), StaffSessionAuth()]
