"""HTTP authentication for ``narcokg push``: Basic (RFC 7617), Digest (RFC 7616: MD5 or
SHA-256, with or without ``-sess``, ``qop=auth``) and bearer tokens, chosen by the server's
``WWW-Authenticate`` challenge unless the user names a scheme.

Virtuoso's ``/sparql-graph-crud-auth`` asks for Digest; Fuseki, GraphDB and most proxies
for Basic. ``Credentials`` keeps the scheme it learnt and the last Digest challenge, so only
the first request of a push is answered with a 401; the nonce is reused with a growing
nonce count, and a ``stale=true`` challenge is taken up without asking again."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.request import parse_http_list, parse_keqv_list

from narcokg.errors import EndpointError

SCHEMES = ("auto", "basic", "digest")
_HASHES = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5,
           "SHA-256": hashlib.sha256, "SHA-256-SESS": hashlib.sha256}


def challenges(headers: list[str]) -> dict[str, dict[str, str]]:
    """The challenges of ``WWW-Authenticate`` header values, by lower-case scheme name
    (one scheme per header value, as Virtuoso, Fuseki and GraphDB send them)."""
    out: dict[str, dict[str, str]] = {}
    for value in headers:
        scheme, _, rest = value.strip().partition(" ")
        try:
            params = parse_keqv_list(parse_http_list(rest)) if "=" in rest else {}
        except ValueError:
            params = {}
        out[scheme.lower()] = params
    return out


@dataclass
class Credentials:
    """A user and password (or a bearer token) for one server; ``scheme`` is ``auto``
    (learn it from the first 401), ``basic`` (sent with every request) or ``digest``."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    scheme: str = "auto"
    _digest: dict[str, str] | None = field(default=None, repr=False)
    _count: int = field(default=0, repr=False)

    def __post_init__(self):
        if self.scheme not in SCHEMES:
            raise EndpointError(f"unknown authentication {self.scheme!r} "
                                f"(want one of {', '.join(SCHEMES)})")

    def header(self, method: str, url: str) -> dict[str, str]:
        """The Authorization header for a request, or none while the scheme is unknown."""
        if self.user is None:
            return {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if self.scheme == "basic":
            raw = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        if self.scheme == "digest" and self._digest is not None:
            return {"Authorization": self._digest_header(method, url)}
        return {}

    def answer(self, www_authenticate: list[str]) -> bool:
        """Take up a 401's challenges; True when a new request with credentials is worth
        trying (a scheme we can answer, not already refused with the same challenge)."""
        if self.user is None:
            return False
        offered = challenges(www_authenticate)
        if "digest" in offered and self.scheme in ("auto", "digest"):
            new = offered["digest"]
            retry = (self._digest is None or new.get("stale", "").lower() == "true"
                     or new.get("nonce") != self._digest.get("nonce"))
            if new.get("algorithm", "MD5").upper() not in _HASHES or "nonce" not in new:
                return False
            self.scheme, self._digest, self._count = "digest", new, 0
            return retry
        if "basic" in offered and self.scheme == "auto":
            self.scheme = "basic"
            return True
        return False

    def _digest_header(self, method: str, url: str) -> str:
        c = self._digest
        algorithm = c.get("algorithm", "MD5").upper()

        def h(text: str) -> str:
            return _HASHES[algorithm](text.encode()).hexdigest()

        parts = urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        self._count += 1
        nc, cnonce = f"{self._count:08x}", os.urandom(8).hex()
        ha1 = h(f"{self.user}:{c.get('realm', '')}:{self.password or ''}")
        if algorithm.endswith("-SESS"):
            ha1 = h(f"{ha1}:{c['nonce']}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        qops = [q.strip() for q in c.get("qop", "").split(",") if q.strip()]
        fields = {"username": self.user, "realm": c.get("realm", ""), "nonce": c["nonce"],
                  "uri": uri}
        if "auth" in qops:
            fields["response"] = h(f"{ha1}:{c['nonce']}:{nc}:{cnonce}:auth:{ha2}")
            extra = f", qop=auth, nc={nc}, cnonce=\"{cnonce}\""
        else:
            fields["response"] = h(f"{ha1}:{c['nonce']}:{ha2}")
            extra = ""
        if "opaque" in c:
            fields["opaque"] = c["opaque"]
        quoted = ", ".join(f'{k}="{v}"' for k, v in fields.items())
        return f"Digest {quoted}, algorithm={c.get('algorithm', 'MD5')}{extra}"
