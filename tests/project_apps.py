"""The app labels of Tsunagu's own apps, one set for the tests that look at "every model" or
"every admin listing" of the project (and not at Django's or Wagtail's): kept here so that an
app added to the project is added to all of them at once."""

PROJECT_APPS = frozenset(
    {
        "core",
        "people",
        "home",
        "news",
        "directory",
        "navigator",
        "site_search",
        "events",
        "courses",
        "fooddrives",
        "volunteers",
        "sponsors",
    }
)
