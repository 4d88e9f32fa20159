"""`manage.py backup DIR`: the database and the media folder into a new or empty folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.core.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) and MEDIA_ROOT into a new or empty folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *, folder, verbosity, **options):
        try:
            files = create_backup(folder.resolve())
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            self.stdout.write(_("Backup written to %(folder)s:") % {"folder": folder})
            for file in files:
                self.stdout.write(f"  {file.name}  {file.stat().st_size:,} B")
