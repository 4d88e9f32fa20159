"""manage.py api_token USER [--name NAME] [--revoke]: issue (or revoke) a user's API token."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.api.actions import do_issue_api_token, do_revoke_api_tokens


class Command(BaseCommand):
    help = "Issue an API token for a user (printed once), or revoke the user's tokens."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default=None, help="A label for the token (with --revoke: revoke only these).")
        parser.add_argument("--revoke", action="store_true", help="Revoke the user's tokens instead of issuing one.")

    def handle(self, *args, username, name, revoke, **options):
        user = find_user(username)
        if revoke:
            count = do_revoke_api_tokens(user, name=name, actor=None)
            self.stderr.write(_("Revoked %(count)s token(s) of %(user)s.") % {"count": count, "user": username})
            return
        _row, token = do_issue_api_token(user, name=name or _("Issued from the command line"), actor=None)
        self.stderr.write(_("New API token for %(user)s; it is shown only this once:") % {"user": username})
        self.stdout.write(token)


def find_user(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("There is no account “%(user)s”.") % {"user": username})
    if not user.is_active:
        raise CommandError(_("The account “%(user)s” is disabled.") % {"user": username})
    return user
