# Rollups for the supervision dashboard and the indexes of an organization's
# case list and running clocks (docs/enforcement.md, "Performance").

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('enforcement', '0002_publicity'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseCountRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(max_length=32, verbose_name='状态')),
                ('cases', models.PositiveIntegerField(default=0, verbose_name='案件数')),
                ('fine_fen', models.PositiveBigIntegerField(default=0, verbose_name='罚款（分）')),
                ('confiscation_fen', models.PositiveBigIntegerField(default=0, verbose_name='没收违法所得、非法财物（分）')),
                ('outside_benchmark', models.PositiveIntegerField(default=0, verbose_name='超出裁量基准的决定')),
                ('refreshed_at', models.DateTimeField(verbose_name='统计时间')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.organization', verbose_name='办案机关')),
            ],
            options={
                'verbose_name': '案件统计',
                'verbose_name_plural': '案件统计',
                'ordering': ['organization', 'state'],
                'constraints': [models.UniqueConstraint(fields=('organization', 'state'), name='enforcement_rollup_count_once')],
            },
        ),
        migrations.CreateModel(
            name='CaseDueRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_on', models.DateField(verbose_name='到期日')),
                ('cases', models.PositiveIntegerField(default=0, verbose_name='案件数')),
                ('refreshed_at', models.DateTimeField(verbose_name='统计时间')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.organization', verbose_name='办案机关')),
            ],
            options={
                'verbose_name': '案件期限统计',
                'verbose_name_plural': '案件期限统计',
                'ordering': ['organization', 'due_on'],
                'indexes': [models.Index(fields=['due_on'], name='enforcement_rollup_due_day')],
                'constraints': [models.UniqueConstraint(fields=('organization', 'due_on'), name='enforcement_rollup_due_once')],
            },
        ),
        migrations.AddIndex(
            model_name='penaltycase',
            index=models.Index(fields=['organization', '-received_on', '-id'], name='enforcement_case_org_list'),
        ),
        migrations.AddIndex(
            model_name='penaltycase',
            index=models.Index(condition=models.Q(('state__in', ['filed', 'investigated', 'notified', 'hearing_requested', 'heard'])), fields=['organization', 'decision_due_on'], name='enforcement_case_decision_due'),
        ),
        migrations.AddIndex(
            model_name='penaltycase',
            index=models.Index(condition=models.Q(('state', 'decided')), fields=['organization', 'service_due_on'], name='enforcement_case_service_due'),
        ),
        migrations.AddIndex(
            model_name='penaltycase',
            index=models.Index(condition=models.Q(('paid_on__isnull', True), ('state', 'served')), fields=['organization', 'payment_due_on'], name='enforcement_case_payment_due'),
        ),
    ]
