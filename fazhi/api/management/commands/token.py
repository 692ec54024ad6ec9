"""``fazhi token issue USERNAME --name N`` / ``fazhi token revoke PREFIX``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.api import services
from fazhi.core.errors import DomainError
from fazhi.core.models import User

DEFAULT_VALID_DAYS = 90


class Command(BaseCommand):
    help = "Issue or revoke a staff API token (签发或吊销 API 令牌)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="issue a token (签发令牌)")
        issue.add_argument("username")
        issue.add_argument("--name", required=True, help="what the token is for")
        issue.add_argument(
            "--days",
            type=int,
            default=DEFAULT_VALID_DAYS,
            help=f"days of validity (default {DEFAULT_VALID_DAYS}); 0 = no expiry",
        )
        revoke = actions.add_parser("revoke", help="revoke a token (吊销令牌)")
        revoke.add_argument("prefix")
        revoke.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "issue":
                self.issue(options)
            else:
                self.revoke(options)
        except DomainError as exc:
            raise CommandError(f"{exc.zh}\n{exc.en}") from exc

    def issue(self, options: dict[str, Any]) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(
                f"没有用户名为 {options['username']} 的账户。\n"
                f"No account has the username {options['username']}."
            )
        days = options["days"]
        issued = services.issue_api_token(
            user=user,
            name=options["name"],
            actor=None,
            expires_in_days=days or None,
        )
        self.stdout.write(issued.clear)
        expiry = issued.token.expires_at
        self.stderr.write(
            f"令牌 {issued.token.prefix} 已签发给 {user.username}"
            f"（{'有效期至 ' + expiry.isoformat() if expiry else '不过期'}）。"
            "令牌只显示这一次，请妥善保存。\n"
            f"Token {issued.token.prefix} issued to {user.username}"
            f" ({'valid until ' + expiry.isoformat() if expiry else 'no expiry'})."
            " It is shown only once: keep it safe."
        )

    def revoke(self, options: dict[str, Any]) -> None:
        token = services.revoke_api_token(
            prefix=options["prefix"], actor=None, reason=options["reason"]
        )
        self.stdout.write(f"令牌 {token.prefix} 已吊销。Token {token.prefix} revoked.")
