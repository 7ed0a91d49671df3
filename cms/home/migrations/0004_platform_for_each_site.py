"""Every site becomes a platform (core.Platform), after home 0002 has made the default site:
an installation that had one platform keeps everything in the platform of its default site."""

from django.db import migrations


# The role groups of cms.core.roles as they were when this ran: an installation that had one
# platform keeps its groups, now held for the platform of its default site.
ROLE_GROUPS = [
    "事務局",
    "参画団体",
    "講師",
    "ボランティアコーディネーター",
    "フードドライブ受付",
    "個人情報保護担当",
]


def slug_for(site, taken):
    first = site.hostname.split(".")[0].lower()
    usable = first and not first.isdigit() and first not in {"localhost", "www", "[", "*"}
    slug = first if usable else ("main" if site.is_default_site else f"site{site.pk}")
    while slug in taken:
        slug = f"{slug}-{site.pk}"
    return slug


def platforms_for_sites(apps, schema_editor):
    """Every site that exists becomes a platform; the role groups belong to the default one."""
    Site = apps.get_model("wagtailcore", "Site")
    Platform = apps.get_model("core", "Platform")
    PlatformRole = apps.get_model("core", "PlatformRole")
    Group = apps.get_model("auth", "Group")
    taken = set(Platform.objects.values_list("slug", flat=True))
    default = None
    for site in Site.objects.order_by("-is_default_site", "pk"):
        platform, _created = Platform.objects.get_or_create(
            site=site, defaults={"slug": slug_for(site, taken)}
        )
        taken.add(platform.slug)
        default = default or platform
    if default is None:
        return
    for group in Group.objects.filter(name__in=ROLE_GROUPS):
        PlatformRole.objects.get_or_create(
            group=group, defaults={"platform": default, "role": group.name}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_platform"),
        ("home", "0003_body_supporter_figures_block"),
    ]

    operations = [migrations.RunPython(platforms_for_sites, migrations.RunPython.noop)]
