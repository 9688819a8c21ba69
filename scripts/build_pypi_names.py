"""Build checks/code/data/pypi_names.txt.gz, the offline list of real PyPI distribution names.

hallucinated-import asks "does this name exist on PyPI?" without the network, so aislop ships
a snapshot of every distribution name, PEP 503-normalised (lower case, runs of -_. as one -),
sorted, one per line, gzip-compressed. The source is a package listing whose first line names
its columns and which has a ``name`` column (tab-separated), e.g. the tool library's pypi.tsv.

    python scripts/build_pypi_names.py /path/to/pypi.tsv [checks/code/data/pypi_names.txt.gz]
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "checks" / "code" / "data" / "pypi_names.txt.gz"


def normalise(name: str) -> str:
    """PEP 503 normalisation."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_names(listing: Path) -> set[str]:
    csv.field_size_limit(sys.maxsize)
    with listing.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        column = header.index("name")
        return {normalise(row[column]) for row in rows if len(row) > column and row[column].strip()}


def write_names(names: set[str], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    payload = ("\n" + "\n".join(sorted(names)) + "\n").encode("ascii", errors="ignore")
    # mtime=0 keeps the file byte-identical between rebuilds of the same listing.
    with open(output, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(payload)


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    output = Path(argv[1]) if len(argv) == 2 else DEFAULT_OUTPUT
    names = read_names(Path(argv[0]))
    write_names(names, output)
    print(f"{len(names)} names -> {output} ({output.stat().st_size / 2**20:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
