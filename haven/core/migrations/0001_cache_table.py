"""The database cache's table, made by migrate so no installation can forget createcachetable.

Haven keeps rate limits (password-reset e-mails, sign-in failures per client address) in the
cache; the database cache shares them between gunicorn workers and machines. Where Redis is
configured (HAVEN_REDIS_URL) there is no database cache and this does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
