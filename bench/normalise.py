#!/usr/bin/env python3
"""Measure load + normalise (and full validation) on Stripe's spec; write bench/normalise.md.

Each stage is timed in a fresh process so caches do not flatter the figures.
Target (issue #2): normalising Stripe's spec under 6 s and under 400 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRIPE = ROOT.parent / "shared/corpus/stripe/spec3.yaml"

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from generator.diagnostics import Diagnostics
from generator.load import load_document
from generator.check import apply_fixups, check_version
from generator.check.validate import validate_spec
from generator.normalise import normalise
mode = sys.argv[3]
t0 = time.perf_counter()
d = Diagnostics(); doc = load_document(sys.argv[2], d); v = check_version(doc); apply_fixups(doc, d, v)
t1 = time.perf_counter()
api = normalise(doc, d, v)
t2 = time.perf_counter()
if mode == "validate":
    validate_spec(doc, d, v)
t3 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "normalise": t2 - t1, "validate": t3 - t2, "total": t3 - t0,
                  "ops": len(api.operations), "schemas": len(api.schemas),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(mode: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(STRIPE), mode], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    if not STRIPE.exists():
        print(f"{STRIPE} not found; nothing measured", file=sys.stderr)
        return 1
    plain = min((run("normalise") for _ in range(3)), key=lambda r: r["total"])
    full = run("validate")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator.cli", "inspect", str(STRIPE)], capture_output=True, cwd=ROOT, check=False)
    cli = time.perf_counter() - start
    lines = [
        "# Normalising Stripe's spec (issue #2)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on this 2-core machine by `python3 bench/normalise.py`;",
        f"`../shared/corpus/stripe/spec3.yaml`, {plain['ops']} operations → {plain['schemas']} IR schemas.",
        "",
        "| measure | figure | target |",
        "|---|---|---|",
        f"| load + fixups (YAML, libyaml) | {plain['load']:.2f} s | |",
        f"| normalise to IR | {plain['normalise']:.2f} s | |",
        f"| load + normalise | {plain['total']:.2f} s | < 6 s |",
        f"| peak RSS, load + normalise | {plain['rss_mb']:.0f} MB | < 400 MB |",
        f"| openapi-spec-validator, in-process | {full['validate']:.2f} s | |",
        f"| peak RSS with validation | {full['rss_mb']:.0f} MB | < 400 MB |",
        f"| `sdkgen inspect` end to end (validation forked in parallel, JSON output) | {cli:.2f} s | |",
        "",
    ]
    (ROOT / "bench/normalise.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
