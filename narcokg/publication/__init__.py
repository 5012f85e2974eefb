"""Publication: a release folder (``publish``) and the resource pages that ``serve`` builds
on request (``Site``, ``live_page``). The CLI and ``serve`` import from here only.

Modules, one way: ``iris`` (where each minted IRI lives) → ``context`` / ``jsonld`` (JSON-LD)
→ ``view`` / ``labels`` / ``html`` / ``site`` (pages) → ``pages`` (pages into a folder),
``live`` (pages on request) → ``dumps`` / ``ontology`` / ``void`` / ``landing`` → ``release``.
"""

from narcokg.publication.iris import page_path, release_file
from narcokg.publication.live import live_page
from narcokg.publication.ontology import PublishError, ontology_context, ontology_version
from narcokg.publication.release import DEFAULT_BASE_URL, PublishSummary, publish
from narcokg.publication.site import Site
from narcokg.publication.view import ResourceView, labels_from, sources_from

__all__ = ["DEFAULT_BASE_URL", "PublishError", "PublishSummary", "ResourceView", "Site",
           "labels_from", "live_page", "ontology_context", "ontology_version", "page_path",
           "publish", "release_file", "sources_from"]
