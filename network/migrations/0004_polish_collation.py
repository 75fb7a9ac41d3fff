"""Names are ordered with ICU's Polish collation ``pl-x-icu`` (``network.collation``).

PostgreSQL built with ICU (Debian's, the official images) has it in ``pg_catalog``; if a
database lacks it but has ICU, it is created here; without ICU the migration stops and says
so, rather than letting the directory fail later. SQLite gets it per connection (apps.py).
"""

from django.db import migrations

CHECK = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'pl-x-icu') THEN
    IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i') THEN
      RAISE EXCEPTION 'PostgreSQL without ICU: the Polish collation "pl-x-icu" is needed '
        'to order names (install a PostgreSQL built with ICU)';
    END IF;
    CREATE COLLATION "pl-x-icu" (provider = icu, locale = 'pl');
  END IF;
END
$$;
"""


def ensure_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CHECK)


class Migration(migrations.Migration):
    dependencies = [("network", "0003_guest_role")]

    operations = [migrations.RunPython(ensure_collation, migrations.RunPython.noop)]
