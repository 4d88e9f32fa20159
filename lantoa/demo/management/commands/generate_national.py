"""Build a national-scale union tree (benchmarks, load tests): see lantoa.demo.national."""

import time

from django.core.management.base import BaseCommand, CommandError

from lantoa.demo import national
from lantoa.org.models import Unit


class Command(BaseCommand):
    help = "Tạo cây công đoàn quy mô toàn quốc (34 tỉnh, thành phố) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=130_000, help="Tổng số đơn vị cần tạo (mặc định 130000).")
        parser.add_argument("--seed", type=int, default=2025, help="Hạt giống ngẫu nhiên (mặc định 2025).")

    def handle(self, *args, units, seed, **options):
        minimum = national.NationalBuilder.minimum_units()
        if units < minimum:
            raise CommandError(f"Cần ít nhất {minimum} đơn vị để dựng cây toàn quốc.")
        if Unit.objects.exists():
            raise CommandError(
                "Cơ sở dữ liệu đã có đơn vị công đoàn; lệnh này chỉ chạy trên cơ sở dữ liệu chưa có đơn vị nào."
            )
        started = time.perf_counter()
        result = national.generate(units, seed=seed)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {result.units} đơn vị, {result.states} giai đoạn lịch sử và {result.channels} kênh "
                f"trong {elapsed:.1f} giây."
            )
        )
        self.stdout.write(f"Người dùng cấp tỉnh: {national.PROVINCIAL_USERNAME}")
