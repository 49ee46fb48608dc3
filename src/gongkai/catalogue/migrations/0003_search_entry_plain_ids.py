"""SearchEntry without foreign keys (the index is maintained by signals; the benchmark and the
recall tests fill it without pages). Recreated empty: run ``gongkai search_index`` to refill."""

from django.db import migrations, models


def clear_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalogue_search_fts")


def create_schema(apps, schema_editor):
    from gongkai.catalogue.search import create_index_schema

    create_index_schema(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_search_index")]

    operations = [
        migrations.RunPython(clear_fts, migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchEntry"),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("page_id", models.BigIntegerField(unique=True)),
                ("agency_id", models.BigIntegerField(db_index=True, null=True)),
                ("category_name", models.CharField(blank=True, max_length=60)),
                ("topic", models.CharField(blank=True, max_length=80)),
                ("validity", models.CharField(blank=True, max_length=10)),
                ("published_on", models.DateField()),
                ("title", models.TextField()),
                ("summary", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
                ("tags", models.TextField(blank=True)),
                ("url", models.CharField(blank=True, max_length=500)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["published_on"], name="catalogue_s_publish_3ceeb1_idx")
                ],
            },
        ),
        migrations.RunPython(create_schema, migrations.RunPython.noop),
    ]
