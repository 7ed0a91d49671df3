"""The superuser's "New platform" form (the same service as `manage.py create_platform`), and
the platform settings of the staff's own platforms only: Wagtail's permission to change site
settings is one for every site."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.validators import validate_slug
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.settings.views import EditView

from cms.core import platform as platforms
from cms.core.guards import require
from cms.core.models import Platform, offered_by_default
from cms.home.platforms import PlatformError, create_platform


class NewPlatformForm(forms.Form):
    slug = forms.CharField(
        label=gettext_lazy("short name"),
        max_length=40,
        validators=[validate_slug],
        help_text=gettext_lazy("Letters, digits and hyphens, e.g. nagano; never changed."),
    )
    name = forms.CharField(label=gettext_lazy("name"), max_length=255)
    english_name = forms.CharField(
        label=gettext_lazy("name in English"), max_length=255, required=False
    )
    hostname = forms.CharField(label=gettext_lazy("host name"), max_length=255)
    port = forms.IntegerField(label=gettext_lazy("port"), initial=80, min_value=1, max_value=65535)
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=Platform.Kind.choices)
    prefecture = forms.ModelChoiceField(
        label=gettext_lazy("prefecture"),
        queryset=Platform.objects.filter(kind=Platform.Kind.PREFECTURE),
        required=False,
        to_field_name="slug",
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("languages"),
        choices=settings.LANGUAGES,
        initial=offered_by_default,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Japanese is always offered."),
    )


def new_platform(request):
    """Make a platform (superusers only: a platform is the installation's, not a platform's)."""
    require(request, allowed=request.user.is_superuser)
    form = NewPlatformForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            platform = create_platform(
                data["slug"],
                hostname=data["hostname"],
                port=data["port"],
                name=data["name"],
                english_name=data["english_name"],
                kind=data["kind"],
                prefecture=data["prefecture"].slug if data["prefecture"] else None,
                languages=data["languages"],
            )
        except PlatformError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The platform %(name)s is ready.") % {"name": data["name"]})
            return redirect("wagtailadmin_explore", platform.site.root_page_id)
    return TemplateResponse(request, "home/admin/new_platform.html", {"form": form})


CHANGE_SETTINGS = "core.change_platformsettings"


def platform_settings(request, site_pk):
    """Wagtail's settings form for the site `site_pk`, when it is one of the user's
    platforms."""
    require(
        request,
        CHANGE_SETTINGS,
        allowed=platforms.staff_platforms(request.user).filter(site_id=site_pk).exists(),
    )
    view = EditView.as_view()
    return view(request, app_name="core", model_name="platformsettings", pk=site_pk)


def my_platform_settings(request):
    """The settings of the request's platform when it is the user's, else of their first."""
    require(request, CHANGE_SETTINGS)
    own = platforms.staff_platforms(request.user)
    current = platforms.of_request(request)
    platform = current if own.filter(pk=current.pk).exists() else own.first()
    require(request, allowed=platform is not None)
    return redirect("platform_settings", platform.site_id)
