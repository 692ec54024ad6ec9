"""Make the database itself refuse UPDATE, DELETE and TRUNCATE of the record."""

from django.db import migrations


def install(apps, schema_editor):
    from fazhi.core.audit import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from fazhi.core.audit import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
