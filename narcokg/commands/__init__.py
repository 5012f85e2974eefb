"""CLI commands: one module each, exposing ``register(subparsers)``; every module keeps its
heavy imports inside the function that runs it, so ``narcokg --help`` stays instant."""

COMMANDS = ["build", "ontology", "validate", "add", "queries", "query", "sparql", "report",
            "push", "publish", "serve", "download"]
