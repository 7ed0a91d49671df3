"""Questionnaire links already mailed keep opening the questionnaire, and stop opening the
registration: their token is given the questionnaire's own purpose.

Such a token was issued with the registration's purpose ("event:<hex>") while the
questionnaire mail was delivered, in the transaction that then set the FeedbackRequest's
`sent_at` (a failed attempt rolled its token back). So it is the one token of that purpose
created in the minutes before `sent_at`. When none or several are there, nothing is changed:
that old link then opens only the registration, as every registration link does."""

from datetime import timedelta

from django.db import migrations

# Rendering, then handing the mail to the mail server, before `sent_at` was written.
WINDOW = timedelta(minutes=10)
# Reasons `events.tasks.render_feedback_request` gave for sending nothing (no token issued).
SKIPPED = ("no address", "already answered")


def questionnaire_tokens(apps):
    FeedbackRequest = apps.get_model("events", "FeedbackRequest")
    AccessToken = apps.get_model("people", "AccessToken")
    requests = (
        FeedbackRequest.objects.filter(sent_at__isnull=False)
        .exclude(last_error__in=SKIPPED)
        .values_list("sent_at", "registration__reference", "registration__person_id")
    )
    for sent_at, reference, person_id in requests.iterator():
        candidates = list(
            AccessToken.objects.filter(
                person_id=person_id,
                purpose=f"event:{reference.hex}",
                created_at__gt=sent_at - WINDOW,
                created_at__lte=sent_at,
            ).values_list("pk", flat=True)[:2]
        )
        if len(candidates) == 1:
            yield candidates[0], reference


def forwards(apps, schema_editor):
    AccessToken = apps.get_model("people", "AccessToken")
    for pk, reference in list(questionnaire_tokens(apps)):
        AccessToken.objects.filter(pk=pk).update(purpose=f"feedback:{reference.hex}")


def backwards(apps, schema_editor):
    AccessToken = apps.get_model("people", "AccessToken")
    for token in AccessToken.objects.filter(purpose__startswith="feedback:").only("purpose"):
        AccessToken.objects.filter(pk=token.pk).update(
            purpose="event:" + token.purpose.removeprefix("feedback:")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_body_supporter_figures_block"),
        ("people", "0005_qualification_mail"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
