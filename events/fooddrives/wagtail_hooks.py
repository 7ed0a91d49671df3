from wagtail import hooks

from events.fooddrives import sections


@hooks.register("home_page_sections")
def food_drives_on_home(page, request):
    return sections.home_drives(page, request)


@hooks.register("member_profile_sections")
def member_profile_food_drives(member, request):
    return sections.member_drives(member, request)


@hooks.register("newsletter_digest_sections")
def newsletter_digest_food_drives(locale, subscription):
    if subscription.upcoming_events:
        return sections.digest_drives(locale)
    return None
