"""Membership, step 2 of 3: a Membership for every existing organisation, from the current
values of its page (the page row holds the live ones; a draft in a revision may be older).
The pages of one organisation in several languages share one membership, on its page in the
default language (its oldest page when there is none in that language), with that page's
values: the default-language page is the one that the listing, meeting invitations and the
yearly confirmation read. An organisation that already has a membership keeps it.

Also:
- the permission `directory.manage_membership` moves from the page model to Membership, so the
  groups and accounts that hold it keep it, and the secretariat (Wagtail's Moderators group,
  which approves members) is given it;
- tier, status and the date are taken out of the pages' revisions, where the member could read
  them in the history and from where approving an old draft brought them back.

Backwards, the values go back onto every translation of the page and into its revisions (so
that approving a draft with the fields on the page keeps them), and the permission goes back to
the page model."""

from django.conf import settings
from django.db import migrations

FIELDS = ("tier", "status", "last_confirmed_on")
CODENAME = "manage_membership"
PERMISSION_NAME = "Can manage membership tier, status and confirmation"
SECRETARIAT_GROUP = "Moderators"


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="directory", model=model)[0]


def _move_permission(apps, model):
    """The one manage_membership permission, on model's content type (made when missing:
    permissions are otherwise made only after all migrations)."""
    Permission = apps.get_model("auth", "Permission")
    target = _content_type(apps, model)
    existing = Permission.objects.filter(content_type__app_label="directory", codename=CODENAME)
    permission = existing.filter(content_type=target).first() or existing.first()
    if permission is None:
        return Permission.objects.create(
            content_type=target, codename=CODENAME, name=PERMISSION_NAME
        )
    if permission.content_type_id != target.pk:
        permission.content_type = target
        permission.save(update_fields=["content_type"])
    return permission


def _revisions(apps, pages=None):
    Revision = apps.get_model("wagtailcore", "Revision")
    revisions = Revision.objects.filter(content_type=_content_type(apps, "memberorganisationpage"))
    if pages is not None:
        revisions = revisions.filter(object_id__in=[str(pk) for pk in pages])
    return revisions.order_by("pk").iterator()


def create_memberships(apps, schema_editor):
    Page = apps.get_model("directory", "MemberOrganisationPage")
    Membership = apps.get_model("directory", "Membership")
    done = set(Membership.objects.values_list("page__translation_key", flat=True))
    chosen = {}
    rows = Page.objects.order_by("pk").values(
        "pk", "translation_key", "locale__language_code", "tier_id", "status", "last_confirmed_on"
    )
    for row in rows:
        key = row["translation_key"]
        if key in done:
            continue
        if key not in chosen or (
            row["locale__language_code"] == settings.LANGUAGE_CODE
            and chosen[key]["locale__language_code"] != settings.LANGUAGE_CODE
        ):
            chosen[key] = row
    Membership.objects.bulk_create(
        Membership(
            page_id=row["pk"],
            tier_id=row["tier_id"],
            status=row["status"],
            last_confirmed_on=row["last_confirmed_on"],
        )
        for row in chosen.values()
    )

    permission = _move_permission(apps, "membership")
    Group = apps.get_model("auth", "Group")
    secretariat = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if secretariat is not None:
        secretariat.permissions.add(permission)

    for revision in _revisions(apps):
        if any(name in revision.content for name in FIELDS):
            for name in FIELDS:
                revision.content.pop(name, None)
            revision.save(update_fields=["content"])


def restore_profile_fields(apps, schema_editor):
    Page = apps.get_model("directory", "MemberOrganisationPage")
    Membership = apps.get_model("directory", "Membership")
    for membership in Membership.objects.select_related("page").order_by("pk"):
        pages = list(
            Page.objects.filter(translation_key=membership.page.translation_key).values_list(
                "pk", flat=True
            )
        )
        Page.objects.filter(pk__in=pages).update(
            tier_id=membership.tier_id,
            status=membership.status,
            last_confirmed_on=membership.last_confirmed_on,
        )
        confirmed = membership.last_confirmed_on
        for revision in _revisions(apps, pages):
            revision.content.update(
                tier=membership.tier_id,
                status=membership.status,
                last_confirmed_on=confirmed.isoformat() if confirmed else None,
            )
            revision.save(update_fields=["content"])
    _move_permission(apps, "memberorganisationpage")


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0011_membership'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [migrations.RunPython(create_memberships, restore_profile_fields)]
