#!/usr/bin/env python3
"""Aggregates `jfr print --events jdk.ExecutionSample <file>` (read from stdin): the share of all CPU samples
whose stack holds a frame of the given package prefix (default io.pgsafe), and those samples grouped by the
topmost (innermost) frame of that package. Used by benchmarks/run-e2e.sh E2E_PROFILE=variant."""
import re
import sys
from collections import Counter

prefix = sys.argv[1] if len(sys.argv) > 1 else "io.pgsafe"
skip = ("io.pgsafe.benchmarks.",)
frame_re = re.compile(r"^\s+([\w.$/<>]+)\(.*line:")
total, hit = 0, 0
top = Counter()
leaf = Counter()
stack = None


def flush(frames):
    global total, hit
    if frames is None:
        return
    total += 1
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
print(f"{total} execution samples; {hit} ({100.0 * hit / max(total, 1):.2f}%) have a {prefix} frame "
      f"(stack depth cut at JFR's 64 frames; {', '.join(skip)} not counted)")
print(f"\ntopmost {prefix} frame                                               samples  % of all")
for f, n in top.most_common(25):
    print(f"  {f:<70} {n:6d} {100.0 * n / total:8.2f}")
print(f"\nleaf frame of those samples                                          samples  % of all")
for f, n in leaf.most_common(15):
    print(f"  {f:<70} {n:6d} {100.0 * n / total:8.2f}")
