"""The member workflow was created with its task in memory only (the task was added through
the workflow's cluster relation and never saved): submitting a profile then tried to publish
it. Give every such workflow its approval task, as `members_services.member_workflow` now
does."""

from django.db import migrations

MEMBER_WORKFLOW = "参画団体の掲載内容の確認"
SECRETARIAT_GROUP = "Moderators"


def add_missing_task(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for workflow in Workflow.objects.filter(name=MEMBER_WORKFLOW):
        if WorkflowTask.objects.filter(workflow=workflow).exists():
            continue
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name="事務局の確認", content_type=content_type)
        task.groups.set([Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_merge_members_and_ibasho"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_missing_task, migrations.RunPython.noop)]
