"""Each platform's members' pages are moderated by its own secretariat: the member index of a
platform other than the default one, which used the one shared workflow (whose task is the
default platform's 事務局's), gets a workflow of its own whose task is its 事務局's group (as
`cms.directory.members.services.moderation_workflow` makes them from now on). Submissions
already waiting stay in the shared workflow until they are decided."""

from django.db import migrations
from django.db.models import Q

MEMBER_WORKFLOW = "参画団体の掲載内容の確認"
TASK = "事務局の確認"
SECRETARIAT = "事務局"


def forwards(apps, schema_editor):
    Platform = apps.get_model("core", "Platform")
    PlatformRole = apps.get_model("core", "PlatformRole")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    shared = Workflow.objects.filter(name=MEMBER_WORKFLOW).first()
    if shared is None:
        return
    task_type = None
    others = Platform.objects.exclude(site__is_default_site=True).select_related("site")
    for platform in others:
        home = Page.objects.get(pk=platform.site.root_page_id)
        paths = Page.objects.filter(
            translation_key=home.translation_key, depth=home.depth
        ).values_list("path", flat=True)
        under = Q()
        for path in paths:
            under |= Q(page__path__startswith=path)
        moderated = WorkflowPage.objects.filter(under, workflow=shared)
        role = PlatformRole.objects.filter(platform=platform, role=SECRETARIAT).first()
        if role is None or not moderated.exists():
            continue
        if task_type is None:
            task_type = ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )[0]
        workflow = Workflow.objects.create(name=f"{MEMBER_WORKFLOW}（{platform.slug}）")
        task = GroupApprovalTask.objects.create(
            name=f"{TASK}（{platform.slug}）", content_type=task_type, active=True
        )
        task.groups.set([role.group_id])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        moderated.update(workflow=workflow)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0013_roles_per_platform"),
        ("directory", "0015_platform"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
