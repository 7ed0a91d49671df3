from django.shortcuts import render
from django.views.decorators.http import require_safe

from cms.people.services import qualification_status, verify_certificate


@require_safe
def verify_certificate_view(request):
    """Anyone holding a certificate can have it checked here. It confirms the holder's name,
    the qualification and its validity — nothing else about the person."""
    number = request.GET.get("number", "")
    grant = verify_certificate(number) if number else None
    context = {"number": number[:40], "grant": grant}
    if grant is not None:
        context["status"] = qualification_status(grant)
        context["qualification"] = grant.qualification.localized
    status = 404 if number and grant is None else 200
    response = render(request, "people/verify_certificate.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
