"""Staff of either platform for the two-platform tests of news, food drives, sponsors and the
access log: the default platform's role groups are the installation's own (tests.roles), the
other platform's are made for it (tests.platforms.staff_of)."""

from tests.platforms import staff_of
from tests.roles import in_role


def staff_for(platform, role, username=None):
    username = username or f"{role}-{platform.slug}"
    if platform.site.is_default_site:
        return in_role(username, role)
    return staff_of(platform, role, username)


def not_found(client, url):
    """Whether the admin answers `url` as unknown (the language prefix is tried first)."""
    return client.get(url, follow=True).status_code == 404
