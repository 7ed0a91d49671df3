"""One guard for the admin's own views (the pages an app adds to the Wagtail admin). Wagtail
lets only users with admin access reach them; the guard says which of those may open each
one: the model permissions it needs ("app.action_model"), and, where the rule is about one
object (this event page, this drive), a check of that object. A refused user gets 403."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def staff_may(*permissions, check=None):
    """Guard an admin view: the user needs every one of `permissions` and, when given,
    `check(request, *args, **kwargs)` (called with the view's arguments) to be true."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            require(
                request,
                *permissions,
                allowed=check is None or check(request, *args, **kwargs),
            )
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def require(request, *permissions, allowed=True):
    """The same guard inside a view, for a rule about an object the view has fetched, or
    permissions known only then (`allowed`: the outcome of that rule)."""
    if not (allowed and request.user.has_perms(permissions)):
        raise PermissionDenied


def may_edit(page, request):
    """Whether the user may edit this page: the rule for a page's own staff views."""
    return page.permissions_for_user(request.user).can_edit()


def may_edit_any(pages, request):
    """Whether the user may edit one of these pages (an index of events, of food drives):
    the rule for figures across all the pages below them."""
    return any(may_edit(page, request) for page in pages)


def may_see_model(request, model):
    """Whether the user holds any permission on `model` (add, change, delete or view): the
    rule for a list of its rows, such as a chooser of people."""
    meta = model._meta
    return any(
        request.user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")
        for action in ("add", "change", "delete", "view")
    )
