"""Joining the platform: applying, and the secretariat's decision. Each function is one
transaction; views, the admin and tests all go through here."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.core import freshness, roles
from cms.core import platform as platforms
from cms.core.errors import Refusal
from cms.directory.members.applications import (
    DecisionMail,
    MembershipApplication,
    application_key,
)
from cms.directory.members.index_page import MemberOrganisationIndexPage
from cms.directory.members.models import MemberOrganisationPage, Membership
from cms.people.services import new_person, privacy_notice_version, record_consent

CONSENT_PURPOSE = "membership_application"
# the secretariat staff, who approve members and their pages (cms.core.roles)
SECRETARIAT_GROUP = roles.SECRETARIAT
MEMBER_WORKFLOW = "参画団体の掲載内容の確認"
# every member account, for pages restricted to members (会員向けのお知らせ)
MEMBERS_GROUP = roles.MEMBERS


class ApplicationError(Refusal):
    """Why the secretariat's decision cannot be carried out."""

    messages = {
        "decided": _("This application has already been decided."),
        "no_index": _("There is no member organisation index to add the profile to."),
    }


def apply_for_membership(*, site, topics=(), language=settings.LANGUAGE_CODE, **data):
    """Store an application and its contact person; return (application, created). An
    application from the same organisation and e-mail that is still waiting is returned
    instead of a second one."""
    key = application_key(data["organisation_name"], data["contact_email"])
    platform = platforms.of_site(site)
    pending = MembershipApplication.objects.filter(
        platform=platform, duplicate_key=key, status=MembershipApplication.Status.PENDING
    )
    existing = pending.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            person = new_person(
                platforms.of_site(site),
                name=data["contact_name"],
                name_kana=data.get("contact_name_kana", ""),
                email=data["contact_email"],
                language=language,
            )
            record_consent(person, CONSENT_PURPOSE, privacy_notice_version(site))
            application = MembershipApplication.objects.create(
                organisation_name=data["organisation_name"],
                organisation_name_kana=data["organisation_name_kana"],
                organisation_type=data["organisation_type"],
                representative_role=data["representative_role"],
                description=data["description"],
                contact=person,
                duplicate_key=key,
                platform=platform,
            )
            application.topics.set(list(topics))
            application.save()
    except IntegrityError:
        # the same application sent twice at once: the other request stored it
        return pending.get(), False
    return application, True


def _claim_pending(application):
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != MembershipApplication.Status.PENDING:
        raise ApplicationError("decided")
    return locked


def _notify_after_commit(application):
    """Write the decision mail into the outbox; it goes out after the commit."""
    DecisionMail.objects.get_or_create(application=application)[0].queue()


def members_group(platform=None):
    """The group of all member accounts of `platform` (the default platform's when none is
    given); pages restricted to it are members-only."""
    return roles.group_of(platform or platforms.default(), MEMBERS_GROUP)


def secretariat_group(platform=None):
    """The group of `platform`'s secretariat (the default platform's when none is given)."""
    return roles.group_of(platform or platforms.default(), SECRETARIAT_GROUP)


def moderation_workflow(platform=None):
    """The moderation workflow of `platform` (the default platform's when none is given) that
    its members' edits go through: its own secretariat approves, never another platform's.
    Other content members send (events imported from their calendars) goes through it too.
    Found by the group of its task, so that renaming a platform's short name keeps it."""
    platform = platform or platforms.default()
    group = secretariat_group(platform)
    workflow = (
        Workflow.objects.filter(
            name__startswith=MEMBER_WORKFLOW,
            workflow_tasks__task__groupapprovaltask__groups=group,
        )
        .order_by("pk")
        .first()
    )
    if workflow is not None:
        return workflow
    default = platform.site.is_default_site
    workflow = Workflow.objects.create(
        name=roles.group_name(MEMBER_WORKFLOW, platform.slug, default)
    )
    task = GroupApprovalTask.objects.create(
        name=roles.group_name("事務局の確認", platform.slug, default)
    )
    task.groups.set([group])
    # Workflow is a ClusterableModel: creating through its relation would stay in memory.
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def member_workflow(index):
    """The moderation workflow of the index's platform, applied to the pages under index."""
    workflow = moderation_workflow(platforms.of_page(index))
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def approve_application(application, *, by, reason=""):
    """Create the organisation's draft profile and an account that may edit only that profile,
    its changes going to the secretariat for approval; the applicant is mailed an invitation."""
    application = _claim_pending(application)
    # The member index of the platform applied to, never another platform's.
    index = (
        MemberOrganisationIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .filter(pk__in=platforms.pages_of(application.platform).values("pk"))
        .order_by("path")
        .first()
    )
    if index is None:
        raise ApplicationError("no_index")
    page = MemberOrganisationPage(
        title=application.organisation_name,
        slug=f"member-{application.pk}",
        name_kana=application.organisation_name_kana,
        organisation_type=application.organisation_type,
        summary=application.description[:300],
        member_since=timezone.localdate(),
        live=False,
    )
    page.topics.set(list(application.topics.all()))
    index.add_child(instance=page)
    page.save_revision(user=by)
    member_workflow(index)

    contact = application.contact
    account = get_user_model().objects.create_user(
        username=f"member-{application.pk}",
        email=contact.email,
        first_name=contact.name[:150],
    )
    account.set_unusable_password()
    account.save()
    group = Group.objects.create(
        name=f"参画団体 {application.pk}: {application.organisation_name}"[:150]
    )
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    account.groups.add(group, members_group(application.platform))

    application.status = MembershipApplication.Status.APPROVED
    application.decision_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = by
    application.profile_page = page
    application.account = account
    application.save()
    _notify_after_commit(application)
    return application


@transaction.atomic
def decline_application(application, *, by, reason):
    application = _claim_pending(application)
    application.status = MembershipApplication.Status.DECLINED
    application.decision_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save()
    _notify_after_commit(application)
    return application


def confirm_profile(page):
    """Record that the member confirmed its profile (page, in any language) is current. The
    date is the organisation's membership's, so no edit of the page can undo it."""
    today = timezone.localdate()
    Membership.objects.for_page(page).update(last_confirmed_on=today)
    freshness.changed()  # the profile shows the date; an UPDATE sends no signal
    return today
