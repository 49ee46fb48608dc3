"""Chinese names for what Wagtail creates in English: the root page and the root collection
("Root"), and the default site's name (its hostname, "localhost", stood in for it on the
dashboard and in the page explorer) (#18.11). Only the names Wagtail gave are replaced."""

from django.conf import settings
from django.db import migrations

ROOT_PAGE_TITLE = "根目录"
ROOT_COLLECTION_NAME = "全部文件"


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Site = apps.get_model("wagtailcore", "Site")
    Page.objects.filter(depth=1, title="Root").update(
        title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE
    )
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)
    Site.objects.filter(site_name__in=("", None)).update(site_name=settings.WAGTAIL_SITE_NAME)


def backwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=ROOT_PAGE_TITLE).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1, name=ROOT_COLLECTION_NAME).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0005_i15_documents_in_agency_collections"),
        ("wagtailcore", "0025_collection_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
