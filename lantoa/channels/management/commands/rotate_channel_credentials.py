"""Encrypt every stored channel credential again with the newest key of
LANTOA_CREDENTIAL_KEYS (step 2 of the rotation in lantoa/channels/credentials.py)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from lantoa.channels.credentials import reseal
from lantoa.channels.models import Connection


class Command(BaseCommand):
    help = "Re-encrypt the channels' credentials with the newest LANTOA_CREDENTIAL_KEYS key."

    def handle(self, **options):
        done = 0
        with transaction.atomic():
            for connection in Connection.objects.select_for_update().only("pk", "sealed_secrets"):
                Connection.objects.filter(pk=connection.pk).update(sealed_secrets=reseal(connection.sealed_secrets))
                done += 1
        self.stdout.write(f"Đã mã hóa lại thông tin kết nối của {done} kênh.")
