from django.db import migrations

# PostgreSQL only: a tsvector kept in step with ``search_document`` by the database itself,
# with a GIN index, so a search word is looked up in an index instead of scanning every text.
# SQLite (development) searches ``search_document`` directly.
FORWARD = [
    "ALTER TABLE cms_goodpracticepage ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "UPDATE cms_goodpracticepage SET search_vector = to_tsvector('pg_catalog.simple', search_document)",
    """CREATE TRIGGER cms_goodpractice_search_vector
       BEFORE INSERT OR UPDATE OF search_document ON cms_goodpracticepage
       FOR EACH ROW EXECUTE FUNCTION
       tsvector_update_trigger(search_vector, 'pg_catalog.simple', search_document)""",
    "CREATE INDEX IF NOT EXISTS cms_goodpractice_search_vector ON cms_goodpracticepage USING gin (search_vector)",
    "DROP INDEX IF EXISTS cms_goodpractice_search_trgm",
    # Keep the vector in the row and push the long texts out of it, so scanning the listing's
    # columns reads a narrow table.
    "ALTER TABLE cms_goodpracticepage ALTER COLUMN search_vector SET STORAGE MAIN",
    "ALTER TABLE cms_goodpracticepage ALTER COLUMN search_document SET STORAGE EXTERNAL",
    "ALTER TABLE cms_goodpracticepage ALTER COLUMN body SET STORAGE EXTERNAL",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS cms_goodpractice_search_vector ON cms_goodpracticepage",
    "DROP INDEX IF EXISTS cms_goodpractice_search_vector",
    "ALTER TABLE cms_goodpracticepage DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_audiences")]

    operations = [migrations.RunPython(forward, backward)]
