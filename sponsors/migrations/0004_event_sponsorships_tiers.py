import uuid

from django.db import migrations

# The kinds of before, as the tiers they become (in this order) and the support they gave.
TIERS = [
    ("sponsorship", "協賛", "money"),
    ("grant", "助成", "money"),
    ("endorsement", "後援", ""),
    ("cooperation", "協力", ""),
]


def forwards(apps, schema_editor):
    """Each event sponsorship of before keeps its event, and is placed in a tier named after
    its sponsor's kind (one per platform and language, made when needed), giving money when the
    sponsor's kind was 協賛 or 助成; it stays open-ended (no period), as it was shown."""
    Sponsorship = apps.get_model("sponsors", "Sponsorship")
    SponsorTier = apps.get_model("sponsors", "SponsorTier")
    order = {kind: (i, name, support) for i, (kind, name, support) in enumerate(TIERS)}
    made = {}
    old = Sponsorship.objects.filter(tier=None, event__isnull=False).select_related("sponsor")
    for sponsorship in old:
        sponsor = sponsorship.sponsor
        if sponsor.kind not in order:
            continue
        position, name, support = order[sponsor.kind]
        key = (sponsor.platform_id, sponsor.locale_id, sponsor.kind)
        if key not in made:
            made[key] = SponsorTier.objects.create(
                platform_id=sponsor.platform_id,
                locale_id=sponsor.locale_id,
                translation_key=uuid.uuid4(),
                name=name,
                sort_order=(position + 1) * 10,
            )
        sponsorship.tier = made[key]
        sponsorship.support = support
        sponsorship.save(update_fields=["tier", "support"])


class Migration(migrations.Migration):
    dependencies = [("sponsors", "0003_tiers_periods_and_targets")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
