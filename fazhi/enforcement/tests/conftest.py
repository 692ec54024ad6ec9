"""A county market-regulation bureau with two eligible officers, a legal reviewer,
a presiding officer and a supervisor above; "today" is fixed (time_machine)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory, UserFactory, org_tree
from fazhi.enforcement.models import EnforcementSubject, Officer, TrainingRecord

TODAY = dt.date(2025, 6, 2)  # a Monday


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(
        dt.datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield TODAY


def member(organization, role, **kwargs):
    return MembershipFactory(
        organization=organization, role=role, user=UserFactory(**kwargs)
    ).user


def make_officer(
    subject, name, number, user=None, *, valid_until=dt.date(2030, 12, 31), hours="60"
):
    officer = Officer.objects.create(
        subject=subject,
        user=user,
        name=name,
        certificate_number=number,
        issuer="河北省人民政府",
        valid_from=dt.date(2020, 1, 1),
        valid_until=valid_until,
    )
    if hours:
        TrainingRecord.objects.create(
            officer=officer,
            attended_on=dt.date(2024, 5, 6),
            hours=Decimal(hours),
            course="行政处罚法",
        )
    return officer


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    w.tree = org_tree()
    a = w.tree["A"]
    w.subject = EnforcementSubject.objects.create(
        organization=a,
        kind=EnforcementSubject.Kind.STATUTORY,
        legal_basis="《行政处罚法》第17条",
    )
    w.user1 = member(a, Role.ENFORCEMENT_OFFICER, display_name="张执法")
    w.user2 = member(a, Role.ENFORCEMENT_OFFICER, display_name="李执法")
    w.officer1 = make_officer(w.subject, "张执法", "13010001", w.user1)
    w.officer2 = make_officer(w.subject, "李执法", "13010002", w.user2)
    w.reviewer = member(a, Role.LEGAL_REVIEWER, display_name="王审核")
    w.presiding = member(a, Role.STAFF, display_name="赵主持")
    w.supervisor = member(w.tree["K"], Role.SUPERVISOR, display_name="县政府监督")
    w.stranger = member(w.tree["K2"], Role.ENFORCEMENT_OFFICER, display_name="外县执法")
    return w
