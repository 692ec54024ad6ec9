"""Helpers that build a real chain through the one write path."""

from fazhi.core.audit.models import AuditEntry
from fazhi.core.audit.services import record
from fazhi.core.tests.factories import OrganizationFactory, UserFactory


def make_chain(length, *, organization=None, actor=None):
    """Append ``length`` entries with varied content and return them."""
    organization = organization or OrganizationFactory()
    actor = actor or UserFactory()
    for n in range(length):
        record(
            actor=actor if n % 3 else None,
            action=f"test.act{n % 4}",
            obj=organization,
            basis=f"《测试法》第{n + 1}条",
            before={"n": n, "名称": "变更前"} if n % 2 else None,
            after={"n": n + 1, "list": [1, 2.5, "三"]},
            reason="测试" if n % 5 == 0 else "",
        )
    return list(AuditEntry.objects.order_by("seq"))
