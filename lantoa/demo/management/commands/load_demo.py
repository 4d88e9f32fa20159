"""Load the demo province and print the demo logins (`make run` shows them)."""

import time

from django.core.management.base import BaseCommand, CommandError

from lantoa.demo.province import PASSWORD, demo_logins, load_demo_province
from lantoa.org.models import Unit

HEADERS = ("Tên đăng nhập", "Vai trò", "Đơn vị")


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: LĐLĐ tỉnh Bến Tre năm 2020 và LĐLĐ tỉnh Vĩnh Long sau ngày 01/7/2025."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Không làm gì nếu cơ sở dữ liệu đã có đơn vị công đoàn."
        )

    def handle(self, *, if_empty, **options):
        if Unit.objects.exists():
            if not if_empty:
                raise CommandError(
                    "Cơ sở dữ liệu đã có đơn vị công đoàn. Dùng --if-empty hoặc một cơ sở dữ liệu trống."
                )
            self.stdout.write("Cơ sở dữ liệu đã có đơn vị công đoàn: bỏ qua dữ liệu mẫu.")
        else:
            self.load()
        self.print_logins()

    def load(self):
        started = time.monotonic()
        counts = load_demo_province()["counts"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp dữ liệu mẫu trong {time.monotonic() - started:.1f} giây: "
                f"{counts['units']} đơn vị ({counts['open_units']} đang hoạt động), "
                f"{counts['grassroots']} công đoàn cơ sở, {counts['channels']} kênh truyền thông, "
                f"{counts['users']} tài khoản."
            )
        )

    def print_logins(self):
        rows = [HEADERS, *demo_logins()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
        self.stdout.write(f"\nTài khoản dùng thử (mật khẩu chung: {PASSWORD}):")
        for index, row in enumerate(rows):
            self.stdout.write(
                ("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))).rstrip()
            )
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
