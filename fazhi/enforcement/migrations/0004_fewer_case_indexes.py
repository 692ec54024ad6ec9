# Fewer indexes on the case table, each kept up on every case written (an
# import writes millions): the clocks are read through the partial indexes of
# 0003 and never by the due day alone; the organization's own index is the
# first column of enforcement_case_unique_number; the state needs no LIKE
# index; a reference a case may leave empty is indexed where it is set.
#
# The database side is written out so that PostgreSQL only drops and renames
# indexes: AlterField would also drop and re-validate each foreign key, a scan
# of the whole table per key.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "enforcement_penaltycase"
OLD_STATE = "enforcement_penaltycase_state_3f2521a1"
NEW_STATE = "enforcement_case_state"
#: The indexes db_index=True gave these columns, by name: name, column, LIKE.
DROPPED = [
    ("enforcement_penaltycase_organization_id_654bc919", "organization_id", False),
    ("enforcement_penaltycase_matter_id_a1eda86b", "matter_id", False),
    ("enforcement_penaltycase_decided_by_id_637d38a0", "decided_by_id", False),
    (
        "enforcement_penaltycase_on_spot_officer_id_228a6e1e",
        "on_spot_officer_id",
        False,
    ),
    ("enforcement_penaltycase_decision_due_on_387c0b66", "decision_due_on", False),
    ("enforcement_penaltycase_service_due_on_7913b772", "service_due_on", False),
    ("enforcement_penaltycase_payment_due_on_ee4705a7", "payment_due_on", False),
    ("enforcement_penaltycase_state_3f2521a1_like", "state", True),
]


def drop(apps, schema_editor):
    for name, _, _ in DROPPED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'ALTER INDEX "{OLD_STATE}" RENAME TO "{NEW_STATE}"')
    else:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{OLD_STATE}"')
        schema_editor.execute(f'CREATE INDEX "{NEW_STATE}" ON "{TABLE}" ("state")')


def restore(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(f'ALTER INDEX "{NEW_STATE}" RENAME TO "{OLD_STATE}"')
    else:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NEW_STATE}"')
        schema_editor.execute(f'CREATE INDEX "{OLD_STATE}" ON "{TABLE}" ("state")')
    for name, column, like in DROPPED:
        if like and not postgresql:
            continue
        ops = " varchar_pattern_ops" if like else ""
        schema_editor.execute(f'CREATE INDEX "{name}" ON "{TABLE}" ("{column}"{ops})')


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("enforcement", "0003_rollups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="penaltycase",
                    name="decided_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="决定人",
                    ),
                ),
                migrations.AlterField(
                    model_name="penaltycase",
                    name="decision_due_on",
                    field=models.DateField(
                        blank=True, null=True, verbose_name="处罚决定期限"
                    ),
                ),
                migrations.AlterField(
                    model_name="penaltycase",
                    name="matter",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="penalty_cases",
                        to="enforcement.enforcementmatter",
                        verbose_name="执法事项",
                    ),
                ),
                migrations.AlterField(
                    model_name="penaltycase",
                    name="on_spot_officer",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="enforcement.officer",
                        verbose_name="当场处罚执法人员",
                    ),
                ),
                migrations.AlterField(
                    model_name="penaltycase",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="penalty_cases",
                        to="core.organization",
                        verbose_name="办案机关",
                    ),
                ),
                migrations.AlterField(
                    model_name="penaltycase",
                    name="payment_due_on",
                    field=models.DateField(
                        blank=True, null=True, verbose_name="缴款期限"
                    ),
                ),
                migrations.AlterField(
                    model_name="penaltycase",
                    name="service_due_on",
                    field=models.DateField(
                        blank=True, null=True, verbose_name="送达期限"
                    ),
                ),
                migrations.AlterField(
                    model_name="penaltycase",
                    name="state",
                    field=models.CharField(max_length=32, verbose_name="状态"),
                ),
                migrations.AddIndex(
                    model_name="penaltycase",
                    index=models.Index(fields=["state"], name="enforcement_case_state"),
                ),
                migrations.AddIndex(
                    model_name="penaltycase",
                    index=models.Index(
                        condition=models.Q(("matter__isnull", False)),
                        fields=["matter"],
                        name="enforcement_case_matter",
                    ),
                ),
                migrations.AddIndex(
                    model_name="penaltycase",
                    index=models.Index(
                        condition=models.Q(("decided_by__isnull", False)),
                        fields=["decided_by"],
                        name="enforcement_case_decided_by",
                    ),
                ),
                migrations.AddIndex(
                    model_name="penaltycase",
                    index=models.Index(
                        condition=models.Q(("on_spot_officer__isnull", False)),
                        fields=["on_spot_officer"],
                        name="enforcement_case_on_spot",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop, restore),
                migrations.AddIndex(
                    model_name="penaltycase",
                    index=models.Index(
                        condition=models.Q(("matter__isnull", False)),
                        fields=["matter"],
                        name="enforcement_case_matter",
                    ),
                ),
                migrations.AddIndex(
                    model_name="penaltycase",
                    index=models.Index(
                        condition=models.Q(("decided_by__isnull", False)),
                        fields=["decided_by"],
                        name="enforcement_case_decided_by",
                    ),
                ),
                migrations.AddIndex(
                    model_name="penaltycase",
                    index=models.Index(
                        condition=models.Q(("on_spot_officer__isnull", False)),
                        fields=["on_spot_officer"],
                        name="enforcement_case_on_spot",
                    ),
                ),
            ],
        ),
    ]
