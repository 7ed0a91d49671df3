from .base import *

DEBUG = env.bool("DEBUG", default=True)
# Development only: production.py refuses to start without a real SECRET_KEY.
SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-not-for-production"
FETCH_ALLOW_PRIVATE_ADDRESSES = env.bool("FETCH_ALLOW_PRIVATE_ADDRESSES", default=True)
