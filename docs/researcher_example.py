"""A researcher's first hour with narcokg, end to end: build the graph into a folder of your
own, ask it three questions, get pandas DataFrames back, and save a chart.

    pip install 'narcokg[pandas]' matplotlib
    python docs/researcher_example.py --out results/      # builds into results/store
    python docs/researcher_example.py --store ~/narcokg/store --out results/  # reuse a store

CI runs this script (tests/test_docs_example.py), so it keeps working.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from narcokg import KnowledgeGraph


def open_graph(store: str | None, out: Path) -> KnowledgeGraph:
    """The store given, or a fresh build into ``out/store`` (about ten seconds)."""
    if store:
        return KnowledgeGraph(store=store)
    print(f"building the graph into {out / 'store'} ...")
    return KnowledgeGraph.build(out / "store")


def question_1(kg: KnowledgeGraph):
    """Which treaties were in force on 1 January 2000? (a competency query, by id)"""
    df = kg.query("treaties-in-force-on-date", date="2000-01-01").to_dataframe()
    # entryIntoForce is a datetime64 column: date arithmetic just works
    df["yearsInForce"] = (2000 - df["entryIntoForce"].dt.year).astype("Int64")
    return df[["treatyLabel", "entryIntoForce", "yearsInForce"]]


def question_2(kg: KnowledgeGraph):
    """Which UN regions hold the most sovereign states? (ad-hoc SPARQL: the project's
    prefixes need no PREFIX line, and the count comes back as an integer column)"""
    return kg.query("""
        SELECT ?region (COUNT(DISTINCT ?state) AS ?states) WHERE {
          ?state a nkg:SovereignState ; nkg:inRegion ?r .
          ?r skos:prefLabel ?region FILTER(lang(?region) = "en")
        } GROUP BY ?region ORDER BY DESC(?states) ?region LIMIT 8
    """).to_dataframe()


def question_3(kg: KnowledgeGraph):
    """When did states sign, ratify or accede to the 1988 UN convention against illicit
    traffic? (a competency query with its default treaty; labels in French)"""
    df = kg.query("treaty-parties-participation", lang="fr").to_dataframe()
    return df.dropna(subset=["date"])[["participantLabel", "eventTypeLabel", "date"]]


def chart(records, path: Path) -> Path:
    """Participation records per year and kind, as a stacked bar chart (PNG)."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    table = (records.assign(year=records["date"].dt.year)
             .pivot_table(index="year", columns="eventTypeLabel", values="date",
                          aggfunc="count", fill_value=0))
    ax = table.plot(kind="bar", stacked=True, figsize=(9, 4.5))
    ax.set_title("Convention de 1988 : actes de participation enregistrés par année")
    ax.set_xlabel("année")
    ax.set_ylabel("actes enregistrés dans ce graphe")
    ax.legend(title="acte")
    ax.figure.tight_layout()
    ax.figure.savefig(path, dpi=100)
    plt.close(ax.figure)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="folder for the store and the chart (default: a new "
                        "temporary folder)")
    parser.add_argument("--store", help="use this built store instead of building one")
    args = parser.parse_args(argv)
    out = Path(args.out or tempfile.mkdtemp(prefix="narcokg-example-"))
    out.mkdir(parents=True, exist_ok=True)

    kg = open_graph(args.store, out)
    print(kg)
    for number, ask in enumerate((question_1, question_2, question_3), 1):
        question = " ".join(ask.__doc__.split()).split("?")[0]
        print(f"\n{number}. {question}?")
        df = ask(kg)
        print(df.head(10).to_string(index=False))
        print(f"({len(df)} rows; column types: "
              f"{', '.join(f'{c}={t}' for c, t in df.dtypes.items())})")
        if ask is question_3:
            print(f"\nchart: {chart(df, out / 'participation-1988.png')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
