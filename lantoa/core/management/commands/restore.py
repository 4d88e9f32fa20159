"""`manage.py restore DIR`: replace the database and the media folder with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.core.backups import BackupError, check_backup, restore_backup


class Command(BaseCommand):
    help = "Restore the database and MEDIA_ROOT from a folder written by `manage.py backup`. Stop the server first."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *, folder, interactive, verbosity, **options):
        folder = folder.resolve()
        try:
            kind = check_backup(folder)
            if interactive and not self.confirmed(folder):
                self.stdout.write(_("Restore cancelled."))
                return
            kept = restore_backup(folder, checked_kind=kind)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            self.stdout.write(_("Restored from %(folder)s.") % {"folder": folder})
            for path in kept:
                self.stdout.write(_("What was there before is kept in %(path)s") % {"path": path})

    def confirmed(self, folder: Path) -> bool:
        question = _(
            "Restoring replaces the database and the media folder with the backup in %(folder)s. "
            "Stop the server and the worker first. Type 'yes' to continue: "
        )
        return input(question % {"folder": folder}).strip().lower() == "yes"
