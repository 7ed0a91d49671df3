"""Logins and passwords against guessing and flooding. The admin's login and password reset,
Wagtail's login for pages restricted to logged-in people, and the passwords of restricted
pages and documents are rate limited per client address (cms/urls.py, `RATELIMITS["login"]`
and `["password_reset"]`); the login and reset forms refuse over the limit without checking the password or sending a mail, keeping
the user name typed. Repeated failed logins of one user name from one address lock that pair
out (django-axes, configured in settings): one person's typos never lock out a city office
whose staff share one address, and a guesser at one account from elsewhere is not slowed by
them. `python manage.py axes_reset_ip_username <address> <user name>` lifts one lockout."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from cms.core.ratelimit import Limited, RateLimitedFormMixin, too_many_requests


class LoginForm(RateLimitedFormMixin, WagtailLoginForm):
    """The admin's login (WAGTAILADMIN_USER_LOGIN_FORM). Trainers and staff who are not used
    to English log in here: Wagtail leaves the password's label to its field name, in English,
    so it is named here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
        self.fields["remember"].label = _("Remember me")


#: Strings of Wagtail's login page that Wagtail's own Japanese catalog leaves in English: our
#: catalog translates them (it comes first, LOCALE_PATHS); named here so that makemessages
#: keeps them.
WAGTAIL_LOGIN_STRINGS = (
    gettext_noop("Remember me"),
    gettext_noop(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br /> "
        'Here are the <a href="https://www.enable-javascript.com/" target="_blank" '
        'rel="noreferrer">instructions how to enable JavaScript in your web browser</a>.'
    ),
)


class FrontendLoginForm(RateLimitedFormMixin, AuthenticationForm):
    """The login that Wagtail offers on a page restricted to logged-in people."""


class PasswordResetForm(RateLimitedFormMixin, WagtailPasswordResetForm):
    """The admin's password reset (WAGTAILADMIN_USER_PASSWORD_RESET_FORM)."""


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out user name and address: the 429 page, in the
    visitor's language, saying when to try again (AXES_LOCKOUT_CALLABLE)."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 3600
    response = too_many_requests(request, Limited(retry_after=seconds), "core/locked_out.html")
    # Answered by a middleware, past the point where Django renders template responses.
    return response.render()


def client_description(username, ip_address, user_agent, path_info, request):
    """How django-axes names a client in its log lines (AXES_CLIENT_STR_CALLABLE): by the
    address of the login page only, as logs hold no user names or addresses."""
    path = path_info[0] if isinstance(path_info, (tuple, list)) else path_info
    return f"{{path: {path}}}"
