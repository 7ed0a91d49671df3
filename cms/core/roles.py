"""The roles of DESIGN.md as groups, with exactly their permissions: the one table of who may
do what in the admin. A migration applies it (`apply_roles`), so every installation has the
same groups; staff change hands by moving an account from group to group in the admin.

Each role lists:
- `permissions`: model and custom permissions ("app_label.codename"), which the admin's own
  views check through `cms.core.guards` and Wagtail's viewsets through their policies;
- `pages`: page permissions on the root page (so on every platform's pages);
- `collections`: image and document permissions on the root collection.

A migration must not change when this module does, so the migration that applies the table
holds a frozen copy of it, and `tests/cms/test_roles.py` fails when the two differ: changing a
role is editing this table and adding a migration with the new copy.

Wagtail's own "Editors" and "Moderators" keep their page, image and document rights, but lose
every permission on personal data (`PERSONAL_DATA`): editing an event's page is not reading
who registered for it."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

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
            *_all("sponsors.sponsor", "sponsors.sponsorship"),
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
}


def apply_roles(apps, roles, personal_data, stripped_groups=WAGTAIL_DEFAULT_GROUPS):
    """Make each group of `roles` (by name, made when missing) hold exactly its permissions,
    and take every permission on the `personal_data` models from `stripped_groups`. `apps` is
    a migration's app registry or the live one; running it again changes nothing."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
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

    _create_missing_permissions(apps, roles)
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name, role in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions(role["permissions"]))
        # A database emptied since Wagtail's migrations (a flushed test database) has no
        # page tree or collection yet: no rights on them to give.
        if root_page is not None:
            GroupPagePermission.objects.filter(group=group, page=root_page).delete()
            for permission in permissions([f"wagtailcore.{name}" for name in role["pages"]]):
                GroupPagePermission.objects.create(
                    group=group, page=root_page, permission=permission
                )
        if root_collection is not None:
            GroupCollectionPermission.objects.filter(
                group=group, collection=root_collection
            ).delete()
            for permission in permissions(role["collections"]):
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection, permission=permission
                )

    _hold_for_default_platform(apps, roles)

    for group in Group.objects.filter(name__in=stripped_groups):
        for label in personal_data:
            app_label, model = label.split(".")
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model
                )
            )


def _hold_for_default_platform(apps, roles):
    """The role groups that no platform holds yet are the default site's platform's (an
    installation of one platform; a flushed test database). Migrations from before platforms
    existed have no PlatformRole model: nothing to do there."""
    try:
        PlatformRole = apps.get_model("core", "PlatformRole")
        Platform = apps.get_model("core", "Platform")
    except LookupError:
        return
    default = Platform.objects.filter(site__is_default_site=True).first()
    if default is None:
        return
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=roles, platform_role__isnull=True):
        PlatformRole.objects.create(group=group, platform=default, role=group.name)


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
