"""The roles of DESIGN.md as groups, with exactly their permissions: the one table of who may
do what in the admin. A migration applies it (`apply_roles`), so every installation has the
same groups; staff change hands by moving an account from group to group in the admin.

Every platform (cms.core.models.Platform) has its own group for each role, held for it by a
PlatformRole: the default site's platform keeps the plain names (事務局, …), every other one
takes its short name in brackets (事務局（nagano）). Each role lists:
- `permissions`: model and custom permissions ("app_label.codename"), which the admin's own
  views check through `cms.core.guards` and Wagtail's viewsets through their policies (and
  which the apps scope to `cms.core.platform.staff_platforms`);
- `pages`: page permissions on the platform's home page and its translations (so on that
  platform's pages only);
- `collections`: image and document permissions on the platform's collection (a child of the
  root collection, `Platform.collection`);
- `kinds` (optional): the kinds of platform that have the role (the prefecture's staff only
  where the platform is a prefecture's).

A migration must not change when this module does, so the migration that applies the table
holds a frozen copy of it, and `tests/cms/test_roles.py` fails when the two differ: changing a
role is editing this table and adding a migration with the new copy.

Wagtail's own "Editors" and "Moderators" keep their page, image and document rights, now on
the default platform's home and collection (they are its groups), but lose every permission on
personal data (`PERSONAL_DATA`): editing an event's page is not reading who registered for it."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q

from cms.core.platform import PREFECTURE_STAFF

SECRETARIAT = "事務局"
# The group of every member account (pages restricted to it are members-only); each member's
# own group, made by `approve_application`, gives it the right to edit its own profile.
MEMBERS = "参画団体"
TRAINERS = "講師"
COORDINATORS = "ボランティアコーディネーター"
FOOD_DRIVE_DESK = "フードドライブ受付"
DATA_PROTECTION = "個人情報保護担当"

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def _all(*labels):
    """Add, change, delete and view of each model ("app_label.model")."""
    return [
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in labels
        for action in ("add", "change", "delete", "view")
    ]


def _outbox(*labels):
    """Seeing (view) and sending again (change) the undelivered mail of each outbox."""
    return [
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in labels
        for action in ("view", "change")
    ]


ACCESS_ADMIN = "wagtailadmin.access_admin"
EVERY_PAGE = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
EVERY_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
    "wagtaildocs.choose_document",
]
UPLOAD_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]

# Models that hold personal data or lead to it: only the roles below that need them.
PERSONAL_DATA = [
    "core.exportlog",
    "people.person",
    "people.consent",
    "people.accesstoken",
    "people.qualificationgrant",
    "people.qualificationmail",
    "people.datarequest",
    "news.newslettersubscription",
    "news.newsletterdelivery",
    "news.newsletterconfirmation",
    "directory.membershipapplication",
    "directory.decisionmail",
    "directory.profileconfirmationrequest",
    "events.registration",
    "events.feedback",
    "events.feedbackrequest",
    "events.meetinginvitation",
    "events.message",
    "courses.attendance",
    "courses.coursecompletion",
    "courses.expiryreminder",
    "courses.trainercalendartoken",
    "fooddrives.pledge",
    "fooddrives.pledgeline",
    "fooddrives.pledgemessage",
    "fooddrives.intake",
    "fooddrives.distribution",
    "volunteers.volunteer",
    "volunteers.shiftsignup",
    "volunteers.shiftmessage",
    "volunteers.volunteermail",
]

ROLES = {
    SECRETARIAT: {
        "permissions": [
            ACCESS_ADMIN,
            "core.view_exportlog",
            "core.change_platformsettings",
            *_all("core.topic", "news.newscategory", "news.newsletterissue"),
            *_all("directory.membershiptier", "directory.consultationwindow"),
            "directory.view_membershipapplication",
            "directory.change_membershipapplication",
            "directory.manage_membership",
            *_all("navigator.worry", "site_search.synonym"),
            *_all("people.qualification", "people.qualificationgrant"),
            "events.add_registration",
            "events.change_registration",
            "events.view_registration",
            *_all("events.calendarsource"),
            # events from calendars the secretariat does not trust wait for its review
            "events.view_importedevent",
            "events.change_importedevent",
            "events.publish_importedevent",
            "courses.add_trainingcourse",
            "courses.change_trainingcourse",
            "courses.view_trainingcourse",
            "fooddrives.add_pledge",
            "fooddrives.change_pledge",
            "fooddrives.view_pledge",
            *_all("volunteers.volunteeropportunity", "volunteers.role", "volunteers.shift"),
            *_all("volunteers.volunteer"),
            *_all("sponsors.sponsor", "sponsors.sponsorship", "sponsors.sponsortier"),
            *_outbox(
                "people.qualificationmail",
                "news.newsletterdelivery",
                "news.newsletterconfirmation",
                "directory.profileconfirmationrequest",
                "directory.decisionmail",
                "events.feedbackrequest",
                "events.meetinginvitation",
                "events.message",
                "courses.expiryreminder",
                "fooddrives.pledgemessage",
                "volunteers.volunteermail",
            ),
        ],
        "pages": EVERY_PAGE,
        "collections": EVERY_MEDIA,
    },
    MEMBERS: {"permissions": [ACCESS_ADMIN], "pages": [], "collections": UPLOAD_MEDIA},
    # Trainers mark attendance on their own courses' pages (events.courses.views), which
    # check that they teach the course; in the admin they see only their dashboard.
    TRAINERS: {"permissions": [ACCESS_ADMIN], "pages": [], "collections": []},
    COORDINATORS: {
        "permissions": [
            ACCESS_ADMIN,
            "volunteers.view_volunteeropportunity",
            "volunteers.view_role",
            *_all("volunteers.shift"),
            "volunteers.change_volunteer",
            "volunteers.view_volunteer",
            *_outbox("volunteers.volunteermail"),
        ],
        "pages": [],
        "collections": [],
    },
    FOOD_DRIVE_DESK: {
        "permissions": [
            ACCESS_ADMIN,
            "fooddrives.add_pledge",
            "fooddrives.change_pledge",
            "fooddrives.view_pledge",
            *_outbox("fooddrives.pledgemessage"),
        ],
        "pages": [],
        "collections": [],
    },
    DATA_PROTECTION: {
        "permissions": [ACCESS_ADMIN, "people.handle_data_requests", "core.view_exportlog"],
        "pages": [],
        "collections": [],
    },
    # Reads the lists of its municipalities' platforms (cms.core.platform.readable_platforms)
    # and changes nothing; no personal data: a person registered in a municipality is that
    # municipality's.
    PREFECTURE_STAFF: {
        "permissions": [
            ACCESS_ADMIN,
            "core.view_topic",
            "news.view_newscategory",
            "news.view_newsletterissue",
            "directory.view_membershiptier",
            "directory.view_consultationwindow",
            "navigator.view_worry",
            "people.view_qualification",
            "events.view_calendarsource",
            "events.view_importedevent",
            "courses.view_trainingcourse",
            "volunteers.view_volunteeropportunity",
            "volunteers.view_role",
            "volunteers.view_shift",
            "sponsors.view_sponsor",
            "sponsors.view_sponsorship",
            "sponsors.view_sponsortier",
        ],
        "pages": [],
        "collections": [],
        "kinds": ["prefecture"],
    },
}


def group_name(role, slug, default):
    """The name of a platform's group for `role`: the role's own for the default platform (as
    a one-platform installation always had), with the platform's short name otherwise."""
    return role if default else f"{role}（{slug}）"


def apply_roles(apps, roles, personal_data, stripped_groups=WAGTAIL_DEFAULT_GROUPS):
    """Make each platform's group of each role of `roles` (made when missing, held for the
    platform by a PlatformRole) hold exactly its permissions, its page rights on the platform's
    home and its image and document rights on the platform's collection; give Wagtail's
    `stripped_groups` the default platform's home and collection instead of the root's and
    take from them every permission on the `personal_data` models. `apps` is a migration's app
    registry or the live one; running it again changes nothing."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permissions(names):
        found = {
            f"{p.content_type.app_label}.{p.codename}": p
            for p in Permission.objects.select_related("content_type").filter(
                codename__in=[name.split(".")[1] for name in names]
            )
        }
        missing = sorted(set(names) - set(found))
        if missing:
            raise LookupError(f"No such permissions: {', '.join(missing)}")
        return [found[name] for name in names]

    def give(group, homes, collection, page_rights, collection_rights):
        """Exactly these rights, on the homes and the collection; the rights a group had on
        the root page or collection, or on another platform's, are the table's old ones."""
        held = GroupPagePermission.objects.filter(group=group, page__depth__lte=2)
        held.exclude(page__in=homes).delete()
        wanted = set(permissions([f"wagtailcore.{name}" for name in page_rights]))
        for home in homes:
            held.filter(page=home).exclude(permission__in=wanted).delete()
            for permission in wanted:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission
                )
        if collection is None:
            return
        # Rights on the collections under a platform's (a members' collection) stay.
        held = GroupCollectionPermission.objects.filter(
            Q(collection__depth=1) | Q(collection=collection), group=group
        )
        if platform_collections:
            held = held | GroupCollectionPermission.objects.filter(
                group=group, collection__in=platform_collections
            )
        held.exclude(collection=collection).delete()
        wanted = set(permissions(collection_rights))
        held.exclude(permission__in=wanted).delete()
        for permission in wanted:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )

    _create_missing_permissions(apps, roles)
    root_collection = Collection.objects.filter(depth=1).first()
    found = _platforms(apps, roles, root_collection)
    platform_collections = [collection for _p, _h, collection in found if collection is not None]
    for platform, homes, collection in found:
        default = platform is None or platform.site.is_default_site
        for name, role in roles.items():
            if role.get("kinds") and (platform is None or platform.kind not in role["kinds"]):
                continue
            group = _group(apps, platform, name, default)
            group.permissions.set(permissions(role["permissions"]))
            give(group, homes, collection, role["pages"], role["collections"])
        if default and platform is not None:
            PlatformRole = apps.get_model("core", "PlatformRole")
            for group in Group.objects.filter(name__in=stripped_groups):
                _move_to(GroupPagePermission, group, "page", homes)
                if collection is not None:
                    _move_to(GroupCollectionPermission, group, "collection", [collection])
                PlatformRole.objects.get_or_create(
                    group=group, defaults={"platform": platform, "role": group.name}
                )

    for group in Group.objects.filter(name__in=stripped_groups):
        for label in personal_data:
            app_label, model = label.split(".")
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model
                )
            )


def _platforms(apps, roles, root_collection):
    """Each platform with its homes (the home page in every language) and its collection
    (made when missing). The migrations from before platforms existed (core 0006, 0008) see
    one platform without a model: the root page and the root collection."""
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    try:
        Platform = apps.get_model("core", "Platform")
        Platform._meta.get_field("collection")
    except (LookupError, FieldDoesNotExist):
        root_page = Page.objects.filter(depth=1).first()
        # A database emptied since Wagtail's migrations (a flushed test database) has no
        # page tree or collection yet: no rights on them to give.
        return [(None, [root_page] if root_page else [], root_collection)]
    _hold_for_default_platform(apps, roles)
    found = []
    for platform in Platform.objects.select_related("site__root_page", "collection"):
        home = platform.site.root_page
        homes = list(Page.objects.filter(translation_key=home.translation_key, depth=home.depth))
        collection = platform.collection
        if collection is None and root_collection is not None:
            collection = _child_collection(Collection, root_collection, home.title)
            platform.collection = collection
            platform.save(update_fields=["collection"])
        found.append((platform, homes, collection))
    return found


def _group(apps, platform, role, default):
    """The group of `role` for `platform`, made and held for it when missing (by its name
    alone before platforms existed)."""
    Group = apps.get_model("auth", "Group")
    if platform is None:
        return Group.objects.get_or_create(name=role)[0]
    PlatformRole = apps.get_model("core", "PlatformRole")
    held = PlatformRole.objects.filter(platform=platform, role=role).select_related("group")
    if held:
        return held[0].group
    name = group_name(role, platform.slug, default)
    group = Group.objects.filter(name=name, platform_role__isnull=True).first()
    if group is None:
        if Group.objects.filter(name=name).exists():  # another platform's, once the default
            name = group_name(role, platform.slug, default=False)
        group = Group.objects.get_or_create(name=name)[0]
    PlatformRole.objects.create(group=group, platform=platform, role=role)
    return group


def _move_to(model, group, field, targets):
    """The rights a group holds on the root (page or collection) held on `targets` instead,
    the same rights on each."""
    on_root = model.objects.filter(group=group, **{f"{field}__depth": 1})
    for right in on_root:
        for target in targets:
            model.objects.get_or_create(group=group, permission=right.permission, **{field: target})
    on_root.delete()


def _child_collection(Collection, root, name):
    """A new collection under the root, made the way treebeard would (a migration's model has
    no tree methods)."""
    from wagtail.models import Collection as LiveCollection

    steplen = LiveCollection.steplen
    last = (
        Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = LiveCollection._str2int(last[-steplen:]) + 1 if last else 1
    path = root.path + LiveCollection._int2str(step).rjust(steplen, "0")
    collection = Collection.objects.create(
        name=name[:255], path=path, depth=root.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=F("numchild") + 1)
    return collection


def _hold_for_default_platform(apps, roles):
    """The groups that carry a role's plain name and that no platform holds yet are the
    default site's platform's (an installation of one platform; a flushed test database)."""
    PlatformRole = apps.get_model("core", "PlatformRole")
    Platform = apps.get_model("core", "Platform")
    default = Platform.objects.filter(site__is_default_site=True).first()
    if default is None:
        return
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=roles, platform_role__isnull=True):
        PlatformRole.objects.get_or_create(
            platform=default, role=group.name, defaults={"group": group}
        )


def group_of(platform, role):
    """The group of `role` held for `platform` (made by `apply_roles` when missing)."""
    from cms.core.models import PlatformRole

    held = PlatformRole.objects.filter(platform=platform, role=role).select_related("group")
    if not held.exists():
        apply_roles(global_apps, ROLES, PERSONAL_DATA)
    return held.get().group


def _create_missing_permissions(apps, roles):
    """Permissions are made after all migrations (post_migrate); a new database has none of
    them yet when this runs, so make those of the apps the roles name now, as Django would."""
    labels = {
        name.split(".")[0]
        for role in roles.values()
        for name in [*role["permissions"], *role["collections"]]
    } | {"wagtailcore"}
    for label in sorted(labels):
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)
