"""Admin snippets of one platform (local to people and volunteers until the shared piece in
cms.core lands): staff list, open, change and choose only the records of the platforms they
hold a role for (`cms.core.platform.staff_platforms`).

- `PlatformPolicy` (registered for a model with `scope`): the model permissions, and for a
  record also that it is of one of the user's platforms; `refuse_other_platforms` (the
  before-edit and before-delete snippet hooks) asks it, so another platform's record is
  refused even by its address.
- `choice_of_mine` (a list filter): the choices of a record that has a platform, of the
  user's platforms only — a filter's drop-down is a list too.
- `PeopleOfMineChooserViewSet`: the chooser of volunteers and registry entries, of the
  user's platforms' people only.
- `PlatformForm` (a model's `base_form_class`): the `platform` field, and every choice of a
  record that has a platform, offer only the user's platforms' (and the only platform when
  there is one)."""

import django_filters
from django.db.models import Q
from django.http import Http404
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from cms.core.admin_views import PeopleChooserViewSet
from cms.core.models import Platform
from cms.core.platform import staff_platforms
from cms.people.models import Qualification


class PlatformPolicy(ModelPermissionPolicy):
    def __init__(self, model, path="platform"):
        super().__init__(model)
        self.path = path

    def _scoped(self, queryset, user):
        if user.is_active and user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.path}__in": staff_platforms(user)})

    def _of_mine(self, user, instance):
        if instance.pk is None:
            return True
        return self._scoped(self.model._default_manager.filter(pk=instance.pk), user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._of_mine(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._of_mine(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return self._scoped(super().instances_user_has_any_permission_for(user, actions), user)


def scope(model, path="platform"):
    """Register `PlatformPolicy` for `model`, its platform at `path`."""
    register_permission_policy(model, PlatformPolicy(model, path), exact_class=True)


def of_user(queryset, user, path="platform"):
    """`queryset` narrowed to the records of `user`'s platforms."""
    return PlatformPolicy(queryset.model, path)._scoped(queryset, user)


class PlatformForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None or self.for_user.is_superuser:
            return
        mine = staff_platforms(self.for_user)
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is Platform:
                field.queryset = mine
                if name == "platform" and not self.instance.pk:
                    only = list(mine[:2])
                    if len(only) == 1:
                        self.initial.setdefault("platform", only[0].pk)
            elif model is Qualification:
                # Their own, and those of a prefecture that shares its registry with them.
                field.queryset = field.queryset.filter(
                    Q(platform__in=mine)
                    | Q(platform__shares_registry=True, platform__municipalities__in=mine)
                ).distinct()
            elif model is not None and any(f.name == "platform" for f in model._meta.fields):
                field.queryset = field.queryset.filter(platform__in=mine)


def choice_of_mine(model, label, path="platform"):
    """A list filter choosing one `model` record of the user's platforms."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return of_user(model.objects.all(), request.user, path)

    return django_filters.ModelChoiceFilter(queryset=queryset, label=label)


class ScopedFilterSet(WagtailFilterSet):
    """The base of a snippet's filters whose choices are records with a platform."""


class _OfMine:
    """A chooser's views over people: the records of the user's platforms only."""

    platform_path = "person__platform"

    def _mine(self, queryset):
        return of_user(queryset, self.request.user, self.platform_path)

    def get_object_list(self):
        return self._mine(super().get_object_list())

    def get_object(self, pk):
        return self._mine(self.model_class.objects.all()).get(pk=pk)

    def get_objects(self, pks):
        return self._mine(super().get_objects(pks))


def _of_mine(view_class):
    return type(view_class.__name__, (_OfMine, view_class), {})


class PeopleOfMineChooserViewSet(PeopleChooserViewSet):
    """`PeopleChooserViewSet` for rows whose person is of a platform (volunteers, the supporter
    registry): it lists and answers only the people of the user's platforms."""

    choose_view_class = _of_mine(PeopleChooserViewSet.choose_view_class)
    choose_results_view_class = _of_mine(PeopleChooserViewSet.choose_results_view_class)
    chosen_view_class = _of_mine(PeopleChooserViewSet.chosen_view_class)
    chosen_multiple_view_class = _of_mine(PeopleChooserViewSet.chosen_multiple_view_class)


def refuse_other_platforms(request, instance):
    """For the `before_edit_snippet` and `before_delete_snippet` hooks: Wagtail's snippet
    views ask the policy about the model only, so another platform's record, opened by its
    address, is refused here (404: as if there were none)."""
    policy = policy_registry.get_by_type(type(instance))
    if isinstance(policy, PlatformPolicy) and not policy.user_has_permission_for_instance(
        request.user, "change", instance
    ):
        raise Http404
