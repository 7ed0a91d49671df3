"""Security headers of every answer: a Content-Security-Policy and a Permissions-Policy.

Public pages run no inline script or style and load nothing from elsewhere but the map's tiles
and the media storage's images, so their policy allows exactly that. The Wagtail admin needs
inline scripts and styles (and the check-in desk the camera), so it gets a policy of its own,
and so does whoever is logged in, on any page (Wagtail's userbar)."""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings

ADMIN_PREFIX = "/admin/"


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _media_origins():
    """Where pages load uploaded images from when media are not on this host."""
    options = settings.STORAGES["public"].get("OPTIONS", {})
    origins = {_origin(settings.MEDIA_URL), _origin(options.get("endpoint_url"))}
    if options.get("custom_domain"):
        origins.add(f"https://{options['custom_domain']}")
    return sorted(filter(None, origins))


def _tiles_origin(template):
    """The map tiles' server from Leaflet's URL template; "{s}" (subdomains) is a wildcard."""
    return _origin(template.replace("{s}", "*")) if template else None


@lru_cache(maxsize=4)
def _policies(tiles, media):
    images = ["'self'", "data:", *media, *filter(None, [_tiles_origin(tiles)])]
    public = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": images,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # the admin's preview shows a page in a frame of the same site
        "frame-ancestors": ["'self'"],
    }
    admin = {
        **public,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [*images, "blob:"],
    }

    def header(policy):
        return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())

    return header(public), header(admin)


PERMISSIONS_PUBLIC = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# The check-in desk scans registrants' codes with the phone's camera.
PERMISSIONS_ADMIN = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        public, admin = _policies(settings.TSUNAGU_MAP_TILES, tuple(_media_origins()))
        # Staff browsing the site see Wagtail's userbar, which comes with the admin's scripts.
        user = getattr(request, "user", None)
        in_admin = request.path.startswith(ADMIN_PREFIX) or bool(user and user.is_authenticated)
        response.headers.setdefault("Content-Security-Policy", admin if in_admin else public)
        response.headers.setdefault(
            "Permissions-Policy", PERMISSIONS_ADMIN if in_admin else PERMISSIONS_PUBLIC
        )
        return response
