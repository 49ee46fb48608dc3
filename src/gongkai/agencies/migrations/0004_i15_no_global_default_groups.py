"""Wagtail's initial data creates the groups "Editors" and "Moderators" with page permissions
on the root page and document and image permissions on the root collection, i.e. over every
agency. Gongkai gives rights only through each agency's own groups
(``catalogue.services.sync_agency_groups``), so a person put into one of Wagtail's default
groups would reach every agency's pages and files. They are removed; should one already
hold people, it keeps them but loses every permission (a system administrator decides)."""

from django.db import migrations

DEFAULT_GROUPS = ("Editors", "Moderators")


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        if group.user_set.exists():
            GroupPagePermission.objects.filter(group=group).delete()
            GroupCollectionPermission.objects.filter(group=group).delete()
            group.permissions.clear()
        else:
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_i15_agency_collection"),
        # every migration of Wagtail that creates the default groups or grants them rights
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
