"""Fetching a URL that someone outside the secretariat typed in (a member's calendar feed).

Such a URL must not become a way into the city's network: only http and https, only public
addresses unless a setting allows private ones (development and tests), the connection made to
the very address that was checked (no second DNS lookup for a rebinding trick to exploit),
every redirect checked again, a time limit and a size limit."""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 3


class FetchError(Exception):
    """Why a URL could not be fetched, in words for the person who entered it."""


def _check_address(address):
    ip = ipaddress.ip_address(address)
    if getattr(settings, "FETCH_ALLOW_PRIVATE_ADDRESSES", False):
        return
    if not ip.is_global or ip.is_multicast:
        raise FetchError(_("The address points into a private network, which is not allowed."))


def _resolve(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(_("The host name could not be found.")) from exc
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        _check_address(address)
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address already checked, with the certificate checked for the host name."""

    def __init__(self, address, port, hostname, timeout):
        super().__init__(address, port, timeout=timeout, context=ssl.create_default_context())
        self._hostname = hostname

    def connect(self):
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self._hostname)


def fetch(url, *, max_bytes, timeout=10, user_agent="Tsunagu calendar import"):
    """The body of url as bytes; FetchError with a readable reason otherwise."""
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(_("Only http:// and https:// addresses can be fetched."))
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _resolve(parts.hostname, port)
        if parts.scheme == "https":
            connection = _PinnedHTTPSConnection(address, port, parts.hostname, timeout)
        else:
            connection = http.client.HTTPConnection(address, port, timeout=timeout)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        try:
            connection.request("GET", path, headers={"Host": host_header, "User-Agent": user_agent})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(_("The server redirected without saying where."))
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(
                    _("The server answered with status %(status)s.") % {"status": response.status}
                )
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_("The file is larger than the limit."))
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(_("The file is larger than the limit."))
            return body
        except TimeoutError as exc:
            raise FetchError(_("The server did not answer in time.")) from exc
        except ssl.SSLError as exc:
            raise FetchError(_("The secure connection could not be verified.")) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(_("The server could not be reached.")) from exc
        finally:
            connection.close()
    raise FetchError(_("The server redirected too many times."))
