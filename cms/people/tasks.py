from cms.people import services


def purge_expired_people():
    """Daily (schedule people.purge_expired): erase personal data past its retention period."""
    return services.purge_expired_people()
