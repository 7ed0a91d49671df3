from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from cms.core import platform as platforms
from cms.core.origin import same_origin
from cms.core.ratelimit import rate_limited
from cms.news import newsletter
from cms.news.forms import SubscribeForm


@rate_limited("form")
@same_origin
def subscribe(request):
    platform = platforms.of_request(request)
    form = SubscribeForm(request.POST or None, platform=platform)
    if request.method == "POST" and form.is_valid():
        newsletter.subscribe(
            email=form.cleaned_data["email"],
            categories=form.cleaned_data["categories"],
            upcoming_events=form.cleaned_data["upcoming_events"],
            language=translation.get_language(),
            platform=platform,
        )
        return redirect("newsletter_sent")
    return TemplateResponse(request, "news/newsletter_subscribe.html", {"form": form})


def sent(request):
    return TemplateResponse(request, "news/newsletter_message.html", {"message": "sent"})


@rate_limited("action")
def confirm(request, token):
    """The mailed link opens a page with a button; only the button (a POST) confirms, so a
    mail scanner that follows every link in a mail does not subscribe anyone."""
    if request.method == "POST":
        message = "confirmed" if newsletter.confirm(token) else "invalid"
    elif newsletter.confirmation_pending(token):
        return TemplateResponse(request, "news/newsletter_confirm.html", {})
    else:
        message = "invalid"
    return TemplateResponse(request, "news/newsletter_message.html", {"message": message})


# Mail programs unsubscribe with a bare POST (RFC 8058), without a CSRF token; the token in
# the address is the proof.
@rate_limited("action")
@csrf_exempt
def unsubscribe(request, token):
    if request.method == "POST":
        done = newsletter.unsubscribe(token)
        message = "unsubscribed" if done else "invalid"
        return TemplateResponse(request, "news/newsletter_message.html", {"message": message})
    return TemplateResponse(request, "news/newsletter_unsubscribe.html", {"token": token})
