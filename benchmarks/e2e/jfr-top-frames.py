#!/usr/bin/env python3
"""Aggregates `jfr print --events jdk.ExecutionSample <file>` (read from stdin).

- self: samples whose innermost non-JDK frame (java.*, jdk.*, sun.* skipped) is in the package prefix (default
  io.pgsafe): time spent in that package's own code and the JDK methods it calls. This is the overhead figure.
- inclusive: samples with a frame of the package anywhere (a delegating wrapper is on the stack of most of the
  driver's own work too, so this over-counts).
Both grouped by the innermost frame of the package. Used by benchmarks/run-e2e.sh E2E_PROFILE=variant."""
import re
import sys
from collections import Counter

prefix = sys.argv[1] if len(sys.argv) > 1 else "io.pgsafe"
skip = ("io.pgsafe.benchmarks.",)
frame_re = re.compile(r"^\s+([\w.$/<>]+)\(.*line:")
total, hit, own = 0, 0, 0
top = Counter()
leaf = Counter()
selfc = Counter()
JDK = ("java.", "jdk.", "sun.")
stack = None


def flush(frames):
    global total, hit
    if frames is None:
        return
    global own
    total += 1
    for f in frames:
        if f.startswith(JDK):
            continue
        if f.startswith(prefix) and not f.startswith(skip):
            own += 1
            selfc[f] += 1
        break
    for f in frames:
        if f.startswith(prefix) and not f.startswith(skip):
            hit += 1
            top[f] += 1
            leaf[frames[0]] += 1
            return


for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush(stack)
        stack = []
    elif stack is not None:
        m = frame_re.match(line)
        if m:
            stack.append(m.group(1))
flush(stack)
print(f"{total} execution samples; self {own} ({100.0 * own / max(total, 1):.2f}%): innermost non-JDK frame in "
      f"{prefix}; inclusive {hit} ({100.0 * hit / max(total, 1):.2f}%): a {prefix} frame anywhere "
      f"({', '.join(skip)} not counted)")
print(f"\nself, by {prefix} frame                                               samples  % of all")
for f, n in selfc.most_common(20):
    print(f"  {f:<70} {n:6d} {100.0 * n / total:8.2f}")
print(f"\ninclusive, by innermost {prefix} frame                                               samples  % of all")
for f, n in top.most_common(25):
    print(f"  {f:<70} {n:6d} {100.0 * n / total:8.2f}")
print(f"\nleaf frame of those samples                                          samples  % of all")
for f, n in leaf.most_common(15):
    print(f"  {f:<70} {n:6d} {100.0 * n / total:8.2f}")
