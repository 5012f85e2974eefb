"""Read OFAC's SDN list in its legacy CSV format (``sdn.csv``) and keep the drug programmes.

The format, as OFAC's data specification (``dat_spec.txt``, first released 2004-12-06,
updated 2023-09-25; read through the copy at https://moov-io.github.io/watchman/file-structure
and an archived copy of treasury.gov/offices/enforcement/ofac/sdn/dat_spec.txt) describes it:
records separated by line ends, fields by commas (text fields in double quotes, as CSV), no
header row; the twelve columns ``ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks``; null values are ``-0-`` (the files
write ``-0- `` with a trailing space). ``ent_num`` is the unique listing identifier. The
files are Windows-1252 text and end with a DOS end-of-file byte (0x1A). An empty SDN_Type is
an entity (organisation); several programmes in one field are joined by ``] [``. Remarks
hold the aliases (``a.k.a. 'X'``, ``f.k.a.``, ``n.k.a.``), dates of birth (``DOB``),
nationality and citizenship, and identity documents with their country in brackets.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from narcokg.errors import InputError

DRUG_PROGRAMS = ("SDNT", "SDNTK", "ILLICIT-DRUGS-EO14059")
COLUMNS = ("ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
           "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks")
MAX_BYTES = 64 * 1024 * 1024  # today's sdn.csv is about 5 MB
NULL = "-0-"
DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
MONTHS = {m: i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}

ALIAS = re.compile(r"\b([afn])\.k\.a\. '(.+?)'(?=[;.,]?\s|[;.,]?$)")
DOB = re.compile(r"\bDOB ((?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4})(?= to |[;.]|$)")
NATIONALITY = re.compile(r"\b(?:nationality|citizen) ([^;]+?)(?:;|\.$|$)")
NOT_IDENTIFIERS = ("a.k.a.", "f.k.a.", "n.k.a.", "DOB", "POB", "nationality", "citizen",
                   "Linked To", "Gender", "Vessel", "Aircraft")


@dataclass
class Listing:
    """One row of the SDN list (one target), with the drug programmes it is listed under."""

    ent_num: str
    name: str
    sdn_type: str  # individual, entity, vessel, aircraft
    programs: list[str]
    title: str | None = None
    call_sign: str | None = None
    vess_type: str | None = None
    vess_flag: str | None = None
    remarks: str | None = None
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (a|f|n, name)
    birth_dates: list[str] = field(default_factory=list)  # YYYY-MM-DD, YYYY-MM or YYYY
    nationalities: list[str] = field(default_factory=list)  # country names as written
    identifier_countries: list[str] = field(default_factory=list)


def value(raw: str) -> str | None:
    raw = raw.strip()
    return None if raw in ("", NULL) else raw


def split_programs(raw: str | None) -> list[str]:
    """``SDNTK] [FTO] [SDGT`` (or with outer brackets) -> ['SDNTK', 'FTO', 'SDGT']."""
    if not raw:
        return []
    return [p.strip().strip("[]").strip() for p in raw.split("] [") if p.strip("[] ")]


def iso_date(text: str) -> str | None:
    """'31 Jul 1964' -> '1964-07-31', 'Jul 1964' -> '1964-07', '1964' -> '1964'."""
    parts = text.split()
    try:
        if len(parts) == 3:
            return f"{int(parts[2]):04d}-{MONTHS[parts[1]]:02d}-{int(parts[0]):02d}"
        if len(parts) == 2:
            return f"{int(parts[1]):04d}-{MONTHS[parts[0]]:02d}"
        return f"{int(parts[0]):04d}"
    except (KeyError, ValueError):
        return None


def parse_remarks(listing: Listing) -> None:
    """Fill aliases, dates of birth, nationalities and identifier countries from Remarks."""
    text = listing.remarks or ""
    listing.aliases = ALIAS.findall(text)
    without_aliases = ALIAS.sub("", text)
    listing.birth_dates = [d for d in (iso_date(m) for m in DOB.findall(without_aliases)) if d]
    listing.nationalities = [m.strip() for m in NATIONALITY.findall(without_aliases)]
    countries = []
    for part in without_aliases.split(";"):
        part = part.strip().rstrip(".").removeprefix("alt. ")
        if not part or part.startswith(NOT_IDENTIFIERS):
            continue
        m = re.search(r"\(([^()]+)\)$", part)
        if m and not m.group(1).startswith(("individual", "entity", "vessel")):
            countries.append(m.group(1).strip())
    listing.identifier_countries = countries


def snapshot_date(spec: str) -> tuple[Path, str]:
    """``FILE@YYYY-MM-DD`` or a file whose name holds the date -> (path, date)."""
    path, _, date = spec.rpartition("@") if "@" in spec else (spec, "", "")
    if not date:
        m = DATE_IN_NAME.search(Path(path).name)
        if not m:
            raise InputError("no snapshot date: write FILE@YYYY-MM-DD or put the date in "
                             "the file name (sdn-2024-05-03.csv)", spec)
        date = m.group(1)
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", date):
        raise InputError(f"snapshot date {date!r} is not YYYY-MM-DD", spec)
    return Path(path), date


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read the SDN file: {exc.strerror or exc}", str(path)) from exc
    if size > MAX_BYTES:
        raise InputError(f"SDN file of {size} bytes is over the {MAX_BYTES} byte limit",
                         str(path))
    data = path.read_bytes()
    if b"\x00" in data:
        raise InputError("binary file, not OFAC's sdn.csv", str(path))
    return data.decode("cp1252", errors="replace").replace("\x1a", "")


def read_sdn(path: Path, programs=DRUG_PROGRAMS) -> list[Listing]:
    """The listings of ``path`` under any of ``programs`` (all rows if ``programs`` is None)."""
    out = []
    lines = read_text(path).splitlines()
    for lineno, row in enumerate(csv.reader(lines), start=1):
        if not row or row == [""]:
            continue
        if len(row) != len(COLUMNS):
            raise InputError(f"{len(row)} fields, OFAC's sdn.csv has {len(COLUMNS)}: "
                             + ", ".join(COLUMNS), str(path), lineno)
        f = [value(x) for x in row]
        if not (f[0] or "").isdigit():
            raise InputError(f"ent_num {row[0]!r} is not a number", str(path), lineno)
        progs = split_programs(f[3])
        kept = [p for p in progs if programs is None or p in programs]
        if not kept:
            continue
        listing = Listing(ent_num=f[0], name=f[1] or "", sdn_type=(f[2] or "entity").lower(),
                          programs=kept, title=f[4], call_sign=f[5], vess_type=f[6],
                          vess_flag=f[9], remarks=f[11])
        parse_remarks(listing)
        out.append(listing)
    return out
