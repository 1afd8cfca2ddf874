#!/usr/bin/env python3
"""Merges the figure files of a benchmark run into one latest.json and prints the table of ./eartag bench.

usage: bench-figures.py OUT.json FIGURES.json...

Each FIGURES.json is what one benchmark wrote (bench/Shared/Figure.cs): {"bench", "figures": [{"name", "unit", "hub",
"baseline", "ratio", "p50_ms", "p99_ms", "baseline_p99_ms"}]}. The figures keep the order of the files and, within a
file, the order the benchmark gave them. OUT.json gets {"figures": [...]} with the unit left out.
"""
import json
import sys

KEYS = ["name", "hub", "baseline", "ratio", "p50_ms", "p99_ms", "baseline_p99_ms"]


def number(x, digits):
    if x is None:
        return "-"
    return f"{x:,.{digits}f}"


def main(out, paths):
    figures, units = [], {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for figure in json.load(f)["figures"]:
                figures.append({k: figure.get(k) for k in KEYS})
                units[figure["name"]] = figure.get("unit", "")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"figures": figures}, f, indent=2)
        f.write("\n")

    rows = [["figure", "hub", "baseline", "ratio", "p50 ms", "p99 ms"]]
    for g in figures:
        rows.append([g["name"], number(g["hub"], 1), number(g["baseline"], 1), number(g["ratio"], 3),
                     number(g["p50_ms"], 1), number(g["p99_ms"], 1)])
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for r in rows:
        print("  ".join(r[c].ljust(widths[c]) if c == 0 else r[c].rjust(widths[c]) for c in range(len(r))))
    by_unit = {}
    for name, unit in units.items():
        by_unit.setdefault(unit, []).append(name)
    print("units of hub and baseline: " + "; ".join(f"{u}: {', '.join(n)}" for u, n in by_unit.items()))
    print("ratio = hub / baseline: for rates higher is better; for hub_rss_mb it is the share of the 400 MB limit used.")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
