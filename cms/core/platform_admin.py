"""Admin viewsets scoped to the staff's platforms: the one mixin for every snippet or model
viewset of records that belong to a platform.

    class WindowViewSet(PlatformScopedViewSetMixin, SnippetViewSet):
        model = ConsultationWindow
        platform_path = "platform"    # the lookup from a row to its Platform ("person__platform"),
                                      # or to a page whose tree says ("event")
        shared_field = "nationwide"   # optional: rows every platform's staff see, read-only

With the mixin (put it first among the bases):
- the list (and its results, search and filters) holds the rows of `readable_platforms(user)`
  (every platform for a superuser; a prefecture's 都道府県担当 also reads its municipalities'),
  and the shared rows when `shared_field` is set; rows of a platform the user only reads, and
  shared rows, link to their inspect view (when enabled) and offer no edit, copy or delete;
- every view of one row (edit, delete, inspect, copy, history, usage, revisions, preview…:
  any admin URL of the viewset with a `pk`) answers 404 for a row the user may not read, and
  403 for a row the user may only read outside `read_views`; the create view answers 403 to
  an account that may change no platform's records; bulk actions (delete, several rows at
  once) are refused with 403 when one of the rows is not the user's to change;
- a snippet's chooser offers only the rows of `staff_platforms(user)` (and the shared ones);
- the create and edit forms offer the platform only to staff who hold several: an account of
  one platform never sees the field and its new rows are that platform's. Every other choice
  of a record that belongs to a platform offers only the user's platforms' records
  (`choice_filters` narrows a field otherwise: the supporter registry a prefecture shares).

Records scoped some other way (a source a member organisation edits, a trainer's course)
override `scoped(queryset, user)` and `editable(queryset, user)`."""

from functools import wraps

import django_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Q, When
from django.http import Http404
from django.urls import URLPattern
from wagtail import hooks
from wagtail.admin.views.generic import IndexView

from cms.core.models import Platform
from cms.core.platform import readable_platforms, rows_of, staff_platforms

# model -> viewset, for the bulk actions, which Wagtail runs outside the viewsets' own URLs
_scoped_viewsets = {}

# The annotation of an index's rows: whether the user may change the row.
EDITABLE = "platform_editable"


def _platform_path(model):
    """The lookup to the platform of a row of `model`, if it reaches one at all."""
    names = {f.name for f in model._meta.get_fields()}
    return "platform" if "platform" in names else None


class PlatformFormMixin:
    """A Wagtail admin form of a platform's record: the platform is a choice only among the
    user's platforms, and no choice at all for an account of one platform (its own is set);
    every choice of another record that belongs to a platform offers the user's platforms'
    only; the shared field is for superusers only."""

    platform_shared_field = None
    platform_choice_filters = {}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        platforms = list(staff_platforms(for_user))
        pks = [p.pk for p in platforms]
        for name, field in list(self.fields.items()):
            queryset = getattr(field, "queryset", None)
            if queryset is None or name == "platform":
                continue
            narrow = self.platform_choice_filters.get(name)
            if narrow is not None:
                field.queryset = narrow(queryset, pks)
            elif queryset.model is Platform:
                field.queryset = queryset.filter(pk__in=pks)
            elif not for_user.is_superuser and _platform_path(queryset.model):
                field.queryset = queryset.filter(platform__in=pks)
        field = self.fields.get("platform")
        if field is not None:
            field.queryset = field.queryset.filter(pk__in=pks)
            if len(platforms) == 1:
                del self.fields["platform"]
        owned = any(f.name == "platform" for f in self.instance._meta.concrete_fields)
        if owned and self.instance.platform_id is None and len(platforms) == 1:
            self.instance.platform = platforms[0]
        shared = self.platform_shared_field
        if shared and shared in self.fields and not for_user.is_superuser:
            del self.fields[shared]


class _ScopedIndexMixin:
    platform_viewset = None

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return self.platform_viewset.annotated(queryset, self.request.user)

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


class _ScopedChooserViewMixin:
    """A chooser's views: the rows the user may choose (`PlatformScopedViewSetMixin.choosable`)."""

    platform_viewset = None

    def _mine(self, queryset):
        return self.platform_viewset.choosable(queryset, self.request.user)

    def get_object_list(self, *args, **kwargs):
        return self._mine(super().get_object_list(*args, **kwargs))

    def get_object(self, pk):
        found = self._mine(self.model_class._default_manager.filter(pk=pk)).first()
        if found is None:
            raise self.model_class.DoesNotExist
        return found

    def get_objects(self, pks):
        return self._mine(super().get_objects(pks))


class PlatformScopedViewSetMixin:
    """Scope a Wagtail SnippetViewSet or ModelViewSet to the user's platforms (see the module's
    docstring)."""

    # The lookup from a row to its Platform, or to a page whose platform's tree it is in.
    platform_path = "platform"
    # A boolean field of rows shown to every platform's staff, that only superusers change.
    shared_field = None
    # The views (by URL name) anyone with the model's rights may open on a row they only read.
    read_views = ("inspect", "history", "history_results", "usage")
    # {form field name: callable(queryset, platform pks) -> queryset}: a choice narrowed
    # otherwise than to the records of the user's platforms.
    choice_filters = {}

    def platform_filter(self, platforms):
        """The rows of `platforms` (a queryset or list of Platform pks)."""
        return rows_of(self.model, self.platform_path, platforms)

    def _filter(self, platforms, shared):
        scope = self.platform_filter(list(platforms.values_list("pk", flat=True)))
        if shared and self.shared_field:
            scope |= Q(**{self.shared_field: True})
        return scope

    def scoped(self, queryset, user):
        """`queryset` narrowed to what `user` may see in this viewset: the rows of the
        platforms it reads and the shared ones (a superuser sees every platform's rows: no
        filter, no query)."""
        if user.is_superuser:
            return queryset
        return queryset.filter(self._filter(readable_platforms(user), shared=True))

    def editable(self, queryset, user):
        """`queryset` narrowed to what `user` may change: the rows of its own platforms."""
        if user.is_superuser:
            return queryset
        return queryset.filter(self._filter(staff_platforms(user), shared=False))

    def choosable(self, queryset, user):
        """What a chooser offers: the rows of the user's own platforms, and the shared ones."""
        mine = self.editable(queryset, user)
        if self.shared_field and not user.is_superuser:
            mine = mine | queryset.filter(**{self.shared_field: True})
        return mine

    def annotated(self, queryset, user):
        """`scoped`, each row annotated with whether `user` may change it (for the list's
        links, without a query per row)."""
        queryset = self.scoped(queryset, user)
        if user.is_superuser:
            return queryset
        mine = self.editable(queryset.model._default_manager.all(), user)
        return queryset.annotate(
            **{
                EDITABLE: Case(
                    When(pk__in=mine.values("pk"), then=True),
                    default=False,
                    output_field=BooleanField(),
                )
            }
        )

    def is_read_only(self, instance, user):
        """Whether `user` may only read `instance`: a shared row for anyone but a superuser,
        a row of a platform it only reads."""
        if user.is_superuser:
            return False
        if self.shared_field and getattr(instance, self.shared_field, False):
            return True
        editable = getattr(instance, EDITABLE, None)
        if editable is None:
            manager = self.model._default_manager
            editable = self.editable(manager.filter(pk=instance.pk), user).exists()
        return not editable

    def check_object(self, request, pk, view_name):
        """404 for a row out of the user's scope; 403 for a row the user may only read, in a
        view that is not for reading."""
        instance = self.scoped(self.model._default_manager.filter(pk=pk), request.user).first()
        if instance is None:
            raise Http404
        if view_name not in self.read_views and self.is_read_only(instance, request.user):
            raise PermissionDenied

    def check_create(self, request):
        """403 to an account that may change no platform's records (a prefecture's reader of
        its municipalities only, an account in no platform's group)."""
        user = request.user
        if not user.is_superuser and not staff_platforms(user).exists():
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

    @property
    def chooser_viewset(self):
        chooser = super().chooser_viewset
        scoping = self
        construct = chooser.construct_view

        def construct_view(view_class, **kwargs):
            if any(
                hasattr(view_class, n) for n in ("get_object_list", "get_object", "get_objects")
            ):
                view_class = type(
                    view_class.__name__,
                    (_ScopedChooserViewMixin, view_class),
                    {"__module__": view_class.__module__},
                )
                kwargs["platform_viewset"] = scoping
            return construct(view_class, **kwargs)

        chooser.construct_view = construct_view
        return chooser

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(
            form_class.__name__,
            (PlatformFormMixin, form_class),
            {
                "platform_shared_field": self.shared_field,
                "platform_choice_filters": self.choice_filters,
            },
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
            elif pattern.name == "add":
                self.check_create(request)
            return view(request, *args, **kwargs)

        return URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name)


def choice_of_mine(model, label, path="platform"):
    """A list filter choosing one `model` record of the platforms the user reads (a filter's
    drop-down is a list too); `path` as a viewset's `platform_path`."""

    def queryset(request):
        if request is None:
            return model._default_manager.none()
        rows = model._default_manager.all()
        if request.user.is_superuser:
            return rows
        mine = list(readable_platforms(request.user).values_list("pk", flat=True))
        return rows.filter(rows_of(model, path, mine))

    return django_filters.ModelChoiceFilter(queryset=queryset, label=label)


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
            viewset.editable(viewset.model._default_manager.all(), request.user)
            .filter(pk__in=[row.pk for row in rows])
            .values_list("pk", flat=True)
        )
        shared = viewset.shared_field
        if any(
            row.pk not in allowed
            or (shared and getattr(row, shared, False) and not request.user.is_superuser)
            for row in rows
        ):
            raise PermissionDenied
