"""``narcokg serve``: the store, read-only, over HTTP.

- ``app``: the ASGI application and ``serve()`` (the only module the CLI imports);
- ``handlers``: the ``/sparql`` and ``/id/...`` handlers;
- ``guard``: the request limits and the friendly refusals (UPDATE, SERVICE, sizes);
- ``formats``: media types and content negotiation;
- ``pool``: the front's handle on the engine processes, and the store snapshot;
- ``engine``: one engine process (pyoxigraph over the snapshot, read-only);
- ``sandbox``: what the engine process does first: no network, die with the front.

The front checks requests and hands each query over a pipe to one of a few engine
processes. An engine cannot open any socket but a Unix one (a seccomp filter installed
before it reads a query), so SERVICE can never call out, whatever the query text looks like;
it listens on nothing, and dies with the front. A query still running after the timeout has
its engine killed and replaced; a query that crashes an engine costs only that engine.
"""
