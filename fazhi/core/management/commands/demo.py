"""``fazhi demo``: load a demonstration region with one account per role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import autodiscover_modules

from fazhi.core import demo
from fazhi.core.models import Role


class Command(BaseCommand):
    help = (
        "加载演示数据：河北省—石家庄市—正定县的政府、部门、执法机关，以及每个角色一个账户"
        "（可重复运行）。 Load demonstration data (idempotent); refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="不显示进度条 / no progress bar"
        )

    def handle(self, *args: Any, no_progress: bool = False, **options: Any) -> None:
        try:
            demo.ensure_allowed()
        except demo.DemoNotAllowedError as exc:
            raise CommandError(f"{exc.zh}\n{exc.en}") from exc
        autodiscover_modules("demo")
        context = demo.load(progress=not no_progress)
        created = ", ".join(f"{k} +{v}" for k, v in sorted(context.created.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已就绪 / demo data ready ({created or '无新增 / nothing new'})"
            )
        )
        self.stdout.write("")
        rows = [("用户名 username", "密码 password", "角色 role", "组织 organization")]
        for account in demo.ACCOUNTS:
            organization = (
                context.organizations[account.organization].name
                if account.organization
                else "—"
            )
            role = f"{Role(account.role).label} ({account.role})"
            rows.append((account.username, account.password, role, organization))
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        for index, row in enumerate(rows):
            self.stdout.write(
                "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("")
        self.stdout.write(
            "这些密码仅供本机试用，已显示在屏幕上。 "
            "These passwords are for a local trial only."
        )


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))
