"""Give each agency its Wagtail collection and put its documents (and images) there.

Until #15 every document sat in the root collection and the agency groups held
document permissions globally, so any agency's staff reached every agency's files.
Here each agency gets a collection under the root; a document goes to the
collection of the agency whose disclosure item attaches it, else to that of the
agency its uploader works in (when that is one agency); the rest stay in the
root, where only system administrators reach them. The agency groups' global
document permissions become permissions on their agency's collection.
"""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4  # treebeard's MP_Node default, used by wagtailcore.Collection
PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
]


def _step(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
        if number == 0:
            return digits.rjust(STEPLEN, "0")


def _number(step: str) -> int:
    value = 0
    for char in step:
        value = value * len(ALPHABET) + ALPHABET.index(char)
    return value


def _add_child(Collection, parent, name):
    last = (
        Collection.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .first()
    )
    number = _number(last.path[-STEPLEN:]) + 1 if last else 1
    child = Collection.objects.create(
        name=name, path=parent.path + _step(number), depth=parent.depth + 1, numchild=0
    )
    parent.numchild += 1
    parent.save(update_fields=["numchild"])
    return child


def forwards(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    Membership = apps.get_model("agencies", "Membership")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Document = apps.get_model("wagtaildocs", "Document")
    Image = apps.get_model("wagtailimages", "Image")
    ItemAttachment = apps.get_model("catalogue", "ItemAttachment")
    AgencyHomePage = apps.get_model("catalogue", "AgencyHomePage")

    if not Agency.objects.exists():
        return
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        root = Collection.objects.create(name="Root", path=_step(1), depth=1, numchild=0)
    collections = {}
    for agency in Agency.objects.order_by("path"):
        if agency.collection_id is None:
            agency.collection = _add_child(Collection, root, agency.name)
            agency.save(update_fields=["collection"])
        collections[agency.pk] = agency.collection_id

    # Documents: the agency of the item attaching them, else the uploader's only agency.
    for attachment in ItemAttachment.objects.select_related("page"):
        agency_id = getattr(attachment.page, "agency_id", None)
        if agency_id in collections:
            Document.objects.filter(pk=attachment.document_id, collection_id=root.pk).update(
                collection_id=collections[agency_id]
            )
    for model in (Document, Image):
        for item in model.objects.filter(collection_id=root.pk, uploaded_by_user__isnull=False):
            agencies = set(
                Membership.objects.filter(user_id=item.uploaded_by_user_id).values_list(
                    "agency_id", flat=True
                )
            )
            if len(agencies) == 1:
                item.collection_id = collections[agencies.pop()]
                item.save(update_fields=["collection"])

    # The agency groups (those holding page permissions on an agency's home page): global
    # document permissions become permissions on the agency's collection.
    perms = [
        p
        for app, codename in PERMISSIONS
        if (p := Permission.objects.filter(content_type__app_label=app, codename=codename).first())
    ]
    for home in AgencyHomePage.objects.all():
        group_ids = set(
            GroupPagePermission.objects.filter(page_id=home.pk).values_list("group_id", flat=True)
        )
        for group_id in group_ids:
            for perm in perms:
                GroupCollectionPermission.objects.get_or_create(
                    group_id=group_id, collection_id=collections[home.agency_id], permission=perm
                )
                Group.permissions.through.objects.filter(
                    group_id=group_id, permission_id=perm.pk
                ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_unit_head_task"),
        ("agencies", "0003_i15_agency_collection"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
