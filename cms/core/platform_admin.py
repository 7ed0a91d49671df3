"""Admin viewsets scoped to the staff's platforms: one mixin for every snippet or model viewset
of records that carry a `platform` (cms.core.models.platform_field).

    class WindowViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
        model = ConsultationWindow
        shared_field = "nationwide"   # optional: rows every platform's staff see, read-only

With the mixin (put it first among the bases):
- the list (and its results, search and filters) holds only the rows of
  `staff_platforms(user)` (every platform for a superuser), and the shared rows when
  `shared_field` is set;
- every view of one row (edit, delete, inspect, copy, history, usage, revisions, preview…:
  any admin URL of the viewset with a `pk`) answers 404 for another platform's row, and 403
  to anyone but a superuser for a shared row outside `read_views`; bulk actions (delete,
  several rows at once) are refused with 403 when one of the rows is out of scope;
- the create and edit forms offer the platform only to staff who hold several: an account of
  one platform never sees the field and its new rows are that platform's. Put "platform" in
  the model's (or viewset's) panels; the shared field, when any, is shown to superusers only.

Records scoped some other way than by their own `platform` (a row of a page, say) override
`platform_filter(platforms)`, which returns the Q of rows of these platforms."""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import URLPattern
from wagtail import hooks
from wagtail.admin.views.generic import IndexView

from cms.core.platform import staff_platforms

# model -> viewset, for the bulk actions, which Wagtail runs outside the viewsets' own URLs
_scoped_viewsets = {}


class PlatformFormMixin:
    """A Wagtail admin form of a platform's record: the platform is a choice only among the
    user's platforms, and no choice at all for an account of one platform (its own is set);
    the shared field is for superusers only."""

    platform_shared_field = None

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        platforms = list(staff_platforms(for_user)) if for_user is not None else []
        field = self.fields.get("platform")
        if field is not None:
            field.queryset = field.queryset.filter(pk__in=[p.pk for p in platforms])
            if len(platforms) == 1:
                del self.fields["platform"]
        owned = any(f.name == "platform" for f in self.instance._meta.concrete_fields)
        if owned and self.instance.platform_id is None and len(platforms) == 1:
            self.instance.platform = platforms[0]
        shared = self.platform_shared_field
        if shared and shared in self.fields and not (for_user and for_user.is_superuser):
            del self.fields[shared]


class _ScopedIndexMixin:
    platform_viewset = None

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return self.platform_viewset.scoped(queryset, self.request.user)

    def _read_only(self, instance):
        return self.platform_viewset.is_read_only(instance, self.request.user)

    def get_edit_url(self, instance):
        if self._read_only(instance):
            inspect_url = self.get_inspect_url(instance)
            return inspect_url or None
        return super().get_edit_url(instance)

    def get_copy_url(self, instance):
        return None if self._read_only(instance) else super().get_copy_url(instance)

    def get_delete_url(self, instance):
        return None if self._read_only(instance) else super().get_delete_url(instance)


class PlatformScopedViewSetMixin:
    """Scope a Wagtail SnippetViewSet or ModelViewSet to the user's platforms (see the module's
    docstring)."""

    # A boolean field of rows shown to every platform's staff, that only superusers change.
    shared_field = None
    # The views (by URL name) anyone with the model's rights may open on a shared row.
    read_views = ("inspect", "history", "history_results", "usage")

    def platform_filter(self, platforms):
        """The rows of `platforms` (a queryset of Platform)."""
        return Q(platform__in=platforms)

    def scope_filter(self, user):
        platforms = list(staff_platforms(user).values_list("pk", flat=True))
        scope = self.platform_filter(platforms)
        if self.shared_field:
            scope |= Q(**{self.shared_field: True})
        return scope

    def scoped(self, queryset, user):
        """`queryset` narrowed to what `user` may see in this viewset (a superuser sees every
        platform's rows: no filter, no query)."""
        if user.is_superuser:
            return queryset
        return queryset.filter(self.scope_filter(user))

    def is_read_only(self, instance, user):
        """Whether `user` may only read `instance`: a shared row, for anyone but a superuser."""
        return bool(
            self.shared_field
            and getattr(instance, self.shared_field, False)
            and not user.is_superuser
        )

    def check_object(self, request, pk, view_name):
        """404 for a row out of the user's scope; 403 for a shared row the user may only read,
        in a view that is not for reading."""
        instance = self.scoped(self.model._default_manager.filter(pk=pk), request.user).first()
        if instance is None:
            raise Http404
        if self.is_read_only(instance, request.user) and view_name not in self.read_views:
            raise PermissionDenied

    def on_register(self):
        super().on_register()
        _scoped_viewsets[self.model] = self

    def construct_view(self, view_class, **kwargs):
        if isinstance(view_class, type) and issubclass(view_class, IndexView):
            # the viewset's own index view, narrowed: it stays the module's view it was
            view_class = type(
                f"PlatformScoped{view_class.__name__}",
                (_ScopedIndexMixin, view_class),
                {"__module__": view_class.__module__},
            )
            kwargs["platform_viewset"] = self
        return super().construct_view(view_class, **kwargs)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(
            form_class.__name__,
            (PlatformFormMixin, form_class),
            {"platform_shared_field": self.shared_field},
        )

    def get_urlpatterns(self):
        return [self._guarded(pattern) for pattern in super().get_urlpatterns()]

    def _guarded(self, pattern):
        if not isinstance(pattern, URLPattern):
            return pattern
        view = pattern.callback

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if "pk" in kwargs:
                self.check_object(request, unquote(str(kwargs["pk"])), pattern.name)
            return view(request, *args, **kwargs)

        return URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name)


@hooks.register("before_bulk_action")
def _bulk_actions_within_scope(request, action_type, objects, action_class_instance):
    """A bulk action (delete several rows) on a scoped model may touch only rows the user may
    change: ids of another platform's rows in the address are refused."""
    by_model = {}
    for obj in objects:
        viewset = _scoped_viewsets.get(type(obj))
        if viewset is not None:
            by_model.setdefault(viewset, []).append(obj)
    for viewset, rows in by_model.items():
        allowed = set(
            viewset.scoped(viewset.model._default_manager.all(), request.user)
            .filter(pk__in=[row.pk for row in rows])
            .values_list("pk", flat=True)
        )
        if any(row.pk not in allowed or viewset.is_read_only(row, request.user) for row in rows):
            raise PermissionDenied
