"""The bigram search index outside the ORM: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    from gongkai.catalogue.search import create_index_schema

    create_index_schema(schema_editor)


def drop(apps, schema_editor):
    from gongkai.catalogue.search import drop_index_schema

    drop_index_schema(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
