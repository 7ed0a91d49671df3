"""The roles of DESIGN.md as groups with exactly their permissions (`cms.core.roles`), and
Wagtail's "Editors" and "Moderators" without any permission on personal data. The secretariat
(事務局) also approves member organisations' pages in the member workflow, beside the
Moderators who approved them until now, and reads what is restricted to members.

The table is a frozen copy of `cms.core.roles.ROLES` as it was when this migration was
written: a later change of the roles is a new migration with its own copy, so that this one
does the same on every database whenever it runs. `apply_roles` is idempotent and works by
group name, so running this on a database that already has these groups makes them hold
exactly these permissions."""

from django.db import migrations

from cms.core.roles import apply_roles

MEMBER_WORKFLOW = "参画団体の掲載内容の確認"
SECRETARIAT = "事務局"
MEMBERS = "参画団体"

ROLES = {
    "事務局": {
        "permissions": [
            "wagtailadmin.access_admin",
            "core.view_exportlog",
            "core.change_platformsettings",
            "core.add_topic",
            "core.change_topic",
            "core.delete_topic",
            "core.view_topic",
            "news.add_newscategory",
            "news.change_newscategory",
            "news.delete_newscategory",
            "news.view_newscategory",
            "news.add_newsletterissue",
            "news.change_newsletterissue",
            "news.delete_newsletterissue",
            "news.view_newsletterissue",
            "directory.add_membershiptier",
            "directory.change_membershiptier",
            "directory.delete_membershiptier",
            "directory.view_membershiptier",
            "directory.add_consultationwindow",
            "directory.change_consultationwindow",
            "directory.delete_consultationwindow",
            "directory.view_consultationwindow",
            "directory.view_membershipapplication",
            "directory.change_membershipapplication",
            "directory.manage_membership",
            "navigator.add_worry",
            "navigator.change_worry",
            "navigator.delete_worry",
            "navigator.view_worry",
            "site_search.add_synonym",
            "site_search.change_synonym",
            "site_search.delete_synonym",
            "site_search.view_synonym",
            "people.add_qualification",
            "people.change_qualification",
            "people.delete_qualification",
            "people.view_qualification",
            "people.add_qualificationgrant",
            "people.change_qualificationgrant",
            "people.delete_qualificationgrant",
            "people.view_qualificationgrant",
            "events.add_registration",
            "events.change_registration",
            "events.view_registration",
            "events.add_calendarsource",
            "events.change_calendarsource",
            "events.delete_calendarsource",
            "events.view_calendarsource",
            "courses.add_trainingcourse",
            "courses.change_trainingcourse",
            "courses.view_trainingcourse",
            "fooddrives.add_pledge",
            "fooddrives.change_pledge",
            "fooddrives.view_pledge",
            "volunteers.add_volunteeropportunity",
            "volunteers.change_volunteeropportunity",
            "volunteers.delete_volunteeropportunity",
            "volunteers.view_volunteeropportunity",
            "volunteers.add_role",
            "volunteers.change_role",
            "volunteers.delete_role",
            "volunteers.view_role",
            "volunteers.add_shift",
            "volunteers.change_shift",
            "volunteers.delete_shift",
            "volunteers.view_shift",
            "volunteers.add_volunteer",
            "volunteers.change_volunteer",
            "volunteers.delete_volunteer",
            "volunteers.view_volunteer",
            "sponsors.add_sponsor",
            "sponsors.change_sponsor",
            "sponsors.delete_sponsor",
            "sponsors.view_sponsor",
            "sponsors.add_sponsorship",
            "sponsors.change_sponsorship",
            "sponsors.delete_sponsorship",
            "sponsors.view_sponsorship",
            "people.view_qualificationmail",
            "people.change_qualificationmail",
            "news.view_newsletterdelivery",
            "news.change_newsletterdelivery",
            "news.view_newsletterconfirmation",
            "news.change_newsletterconfirmation",
            "directory.view_profileconfirmationrequest",
            "directory.change_profileconfirmationrequest",
            "directory.view_decisionmail",
            "directory.change_decisionmail",
            "events.view_feedbackrequest",
            "events.change_feedbackrequest",
            "events.view_meetinginvitation",
            "events.change_meetinginvitation",
            "events.view_message",
            "events.change_message",
            "courses.view_expiryreminder",
            "courses.change_expiryreminder",
            "fooddrives.view_pledgemessage",
            "fooddrives.change_pledgemessage",
            "volunteers.view_volunteermail",
            "volunteers.change_volunteermail",
        ],
        "pages": [
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        ],
        "collections": [
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.delete_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.delete_document",
            "wagtaildocs.choose_document",
        ],
    },
    "参画団体": {
        "permissions": ["wagtailadmin.access_admin"],
        "pages": [],
        "collections": [
            "wagtailimages.add_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.choose_document",
        ],
    },
    "講師": {"permissions": ["wagtailadmin.access_admin"], "pages": [], "collections": []},
    "ボランティアコーディネーター": {
        "permissions": [
            "wagtailadmin.access_admin",
            "volunteers.view_volunteeropportunity",
            "volunteers.view_role",
            "volunteers.add_shift",
            "volunteers.change_shift",
            "volunteers.delete_shift",
            "volunteers.view_shift",
            "volunteers.change_volunteer",
            "volunteers.view_volunteer",
            "volunteers.view_volunteermail",
            "volunteers.change_volunteermail",
        ],
        "pages": [],
        "collections": [],
    },
    "フードドライブ受付": {
        "permissions": [
            "wagtailadmin.access_admin",
            "fooddrives.add_pledge",
            "fooddrives.change_pledge",
            "fooddrives.view_pledge",
            "fooddrives.view_pledgemessage",
            "fooddrives.change_pledgemessage",
        ],
        "pages": [],
        "collections": [],
    },
    "個人情報保護担当": {
        "permissions": [
            "wagtailadmin.access_admin",
            "people.handle_data_requests",
            "core.view_exportlog",
        ],
        "pages": [],
        "collections": [],
    },
}

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


def apply(apps, schema_editor):
    apply_roles(apps, ROLES, PERSONAL_DATA)
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    secretariat = Group.objects.get(name=SECRETARIAT)
    for task in GroupApprovalTask.objects.filter(
        workflow_tasks__workflow__name=MEMBER_WORKFLOW
    ).distinct():
        task.groups.add(secretariat)
    # What is restricted to members (meetings, their materials) the secretariat reads too.
    for model in ("PageViewRestriction", "CollectionViewRestriction"):
        restrictions = apps.get_model("wagtailcore", model).objects.filter(groups__name=MEMBERS)
        for restriction in restrictions.distinct():
            restriction.groups.add(secretariat)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_documents_to_private_storage"),
        ("courses", "0004_expiry_reminder_outbox"),
        ("directory", "0014_member_tasks_module"),
        ("events", "0010_delete_exportlog"),
        ("fooddrives", "0005_delete_pledgeexportlog"),
        ("navigator", "0001_worry"),
        ("news", "0008_outbox_labels"),
        ("people", "0006_data_requests"),
        ("site_search", "0002_trigram_indexes"),
        ("sponsors", "0001_sponsors_and_event_sponsorships"),
        ("volunteers", "0008_delete_exportlog"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    # Backwards the groups stay as they are: taking rights away from staff on a rollback
    # would lock them out of work they were given.
    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
