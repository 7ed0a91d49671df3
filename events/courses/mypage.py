"""The certificates on my page (`cms.people.mypage`): each course the person completed that
granted a qualification still held, with its certificate to download."""

from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from cms.core.pdf import pdf_response
from cms.people import mypage
from cms.people.models import Qualification
from cms.people.views import invalid_link
from events.courses.certificates import certificate_pdf
from events.courses.models import CourseCompletion


def _certificates(people):
    return CourseCompletion.objects.filter(
        registration__person__in=people, grant__isnull=False, grant__revoked_at__isnull=True
    ).select_related("grant__qualification", "course__event", "registration__person")


def certificates_section(people, token, now):
    """Two queries however many certificates."""
    completions = list(_certificates(people).order_by("-completed_on", "-pk"))
    names = mypage.localized_titles(
        Qualification, [c.grant.qualification for c in completions], field="name"
    )
    rows = [
        {
            "completion": c,
            "grant": c.grant,
            "qualification": names.get(
                c.grant.qualification.translation_key, c.grant.qualification.name
            ),
        }
        for c in completions
    ]
    return mypage.Section(
        key="certificates",
        title=gettext_lazy("Courses: your certificates"),
        template="courses/includes/my_page_certificates.html",
        rows=rows,
        order=20,
    )


@require_safe
def certificate(request, token, completion_id):
    """The person's own certificate, as the trainer prints it."""
    people = mypage.owner(token)
    done = None if people is None else _certificates(people).filter(pk=completion_id).first()
    if done is None:
        return invalid_link(request)
    return pdf_response(
        certificate_pdf(done, request=request),
        f"certificate-{done.grant.certificate_number}.pdf",
        download=True,
        private=True,
    )
