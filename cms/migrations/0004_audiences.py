from django.db import migrations

AUDIENCES = ["pupils", "students", "adults", "teachers", "counsellors", "employers", "parents", "seniors", "other"]


def create_audiences(apps, schema_editor):
    Audience = apps.get_model("cms", "Audience")
    for key in AUDIENCES:
        Audience.objects.get_or_create(key=key)


def search_index_for_postgresql(apps, schema_editor):
    """Trigram index so substring search over 10,000 practices stays fast (PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cms_goodpractice_search_trgm "
        "ON cms_goodpracticepage USING gin (search_document gin_trgm_ops)"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cms_goodpractice_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_good_practices")]

    operations = [
        migrations.RunPython(create_audiences, migrations.RunPython.noop),
        migrations.RunPython(search_index_for_postgresql, drop_search_index),
    ]
