"""Triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) of access events.

Created per database vendor by haven.audit.protection, which also checks they are still there.
"""

from django.db import migrations


def install_triggers(apps, schema_editor):
    from haven.audit import protection

    protection.install(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    from haven.audit import protection

    protection.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install_triggers, remove_triggers)]
