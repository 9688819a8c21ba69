"""Precompute human baseline frequencies for the ai-vocabulary pack.

Run once after editing [vocabulary] in checks/prose/prose.toml (needs `pip install wordfreq`; the
linter itself never imports wordfreq):

    python scripts/build_wordfreq.py

Writes checks/prose/data/wordfreq_en.json: {lemma: frequency per word of running English text},
summed over the inflected forms the check matches, from wordfreq's "best" English list
(a blend of books, news, subtitles, Wikipedia, Reddit and web text, mostly pre-2021).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from wordfreq import word_frequency

from aislop.checks.prose.view import inflections

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    pack = tomllib.loads((ROOT / "checks" / "prose" / "prose.toml").read_text(encoding="utf-8"))
    baseline = {}
    for lemma, entry in sorted(pack["vocabulary"].items()):
        forms = entry.get("forms") or inflections(lemma)
        total = sum(word_frequency(form.replace("-", " "), "en") for form in forms)
        baseline[lemma] = float(f"{max(total, 1e-8):.3g}")
    out = ROOT / "checks" / "prose" / "data" / "wordfreq_en.json"
    out.write_text(json.dumps(baseline, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(baseline)} baseline frequencies to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
