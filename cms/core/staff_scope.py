"""Admin screens of records that carry a platform, narrowed to the platforms the signed-in
account works for (`platform.staff_platforms`): the list shows only theirs, and another
platform's record opened by its address is not found. The form offers only their platforms
and picks the one when there is one. Used by the viewsets of newsletters and sponsors."""

from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from cms.core import platform as platforms


def pages_of_any(chosen):
    """The pages of any of the platforms `chosen` (a queryset or list of platforms)."""
    query = Page.objects.none()
    for platform in chosen:
        query = query | platforms.pages_of(platform)
    return query


def _platform_id(instance, lookup):
    *path, last = lookup.split("__")
    for name in path:
        instance = getattr(instance, name)
    return getattr(instance, f"{last}_id")


def _scoped(view_class, lookup):
    class Scoped(view_class):
        def get_base_queryset(self):
            queryset = super().get_base_queryset()
            if queryset.model is self.model:
                mine = platforms.staff_platforms(self.request.user)
                queryset = queryset.filter(**{f"{lookup}__in": mine})
            return queryset

        def get_object(self, *args, **kwargs):
            instance = super().get_object(*args, **kwargs)
            if (
                isinstance(instance, self.model)
                and not platforms.staff_platforms(self.request.user)
                .filter(pk=_platform_id(instance, lookup))
                .exists()
            ):
                raise Http404
            return instance

    Scoped.__name__ = Scoped.__qualname__ = f"Scoped{view_class.__name__}"
    Scoped.__module__ = view_class.__module__  # still the view it narrows
    return Scoped


class StaffPlatformsViewSetMixin:
    """For a ModelViewSet or SnippetViewSet of a model with a `platform` field, or reaching
    one through `platform_lookup` ("sponsor__platform")."""

    platform_lookup = "platform"

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(_scoped(view_class, self.platform_lookup), **kwargs)


class StaffPlatformsChooserViewSet(SnippetChooserViewSet):
    """The chooser of a snippet with a `platform` field offers the account's platforms'."""

    def construct_view(self, view_class, **kwargs):
        if hasattr(view_class, "get_object_list"):

            class Scoped(view_class):
                def get_object_list(self):
                    mine = platforms.staff_platforms(self.request.user)
                    return super().get_object_list().filter(platform__in=mine)

            Scoped.__name__ = Scoped.__qualname__ = f"Scoped{view_class.__name__}"
            Scoped.__module__ = view_class.__module__
            view_class = Scoped
        return super().construct_view(view_class, **kwargs)


class PlatformFormMixin:
    """The `platform` field of an admin form offers the account's platforms only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("platform")
        user = getattr(self, "for_user", None)
        if field is None or user is None:
            return
        field.queryset = platforms.staff_platforms(user)
        if self.instance.pk is None and len(field.queryset) == 1:
            field.initial = field.queryset[0].pk


class PlatformAdminForm(PlatformFormMixin, WagtailAdminModelForm):
    pass
