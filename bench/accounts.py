"""Bench `bulk_accounts_10000`: officer accounts for 10,000 grassroots units at once
(issue 13, Accounts at scale: at most 60 s).

On a fresh SQLite DATA_DIR (DEBUG off): migrate, a national tree of BENCH_ACCOUNTS_TREE
units (`lantoa.demo.national`, default 15,000, which holds more than 10,000 grassroots
unions), then `do_create_officer_accounts` for BENCH_ACCOUNTS (default 10,000) of its
grassroots unions, as the system: the timed part is that call (users, roles, role-group
memberships, audit log). A second call over the same units is timed too: nothing is left
to create, so it measures the idempotency check.

    python -m bench.accounts        (also run by `make bench`)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time

from bench.submit_article import setup

TARGET_S = 60


def out(line: str = "") -> None:
    print(line, flush=True)


def run() -> None:
    from django.contrib.auth.models import Group
    from wagtail.models import Collection

    from lantoa.demo import national
    from lantoa.org.bulk_accounts import do_create_officer_accounts
    from lantoa.org.models import Unit, UnitKind

    wanted = int(os.environ.get("BENCH_ACCOUNTS", "10000"))
    national.generate(int(os.environ.get("BENCH_ACCOUNTS_TREE", "15000")))
    units = list(Unit.objects.current().filter(kind=UnitKind.GRASSROOTS).order_by("path")[:wanted])
    if len(units) < wanted:
        raise SystemExit(f"the tree holds {len(units)} grassroots unions, fewer than {wanted}")
    groups, collections = Group.objects.count(), Collection.objects.count()
    started = time.perf_counter()
    created = do_create_officer_accounts(units, actor=None)
    seconds = time.perf_counter() - started
    again_started = time.perf_counter()
    again = do_create_officer_accounts(units, actor=None)
    again_seconds = time.perf_counter() - again_started
    out(f"BENCH bulk_accounts_{wanted} {seconds:.1f} s")
    verdict = "met" if seconds <= TARGET_S else "MISSED"
    new_groups, new_collections = Group.objects.count() - groups, Collection.objects.count() - collections
    out(f"#   target <= {TARGET_S} s: {verdict} ({len(created)} accounts; groups +{new_groups}, collections")
    out(f"#   +{new_collections}; a second run over the same units created {len(again)} in {again_seconds:.1f} s)")


def main() -> int:
    data_dir = tempfile.mkdtemp(prefix="lantoa-bench-accounts-")
    try:
        setup(data_dir)
        run()
    finally:
        if os.environ.get("BENCH_KEEP"):
            out(f"# data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
