#!/usr/bin/env bash
# `accord search` right after a change against the same search on an unchanged database, for one
# or more builds side by side in one hyperfine run (figures are ratios: the machine is shared).
#
#   bash benches/after_change.sh DB BINARY [BINARY...]
#   ALTERNATE=1 bash benches/after_change.sh DB BINARY [BINARY...]
#
# DB is a database directory (e.g. made by `accord generate --records 100000 --seed 1`); it is
# only read: each binary works on its own copy. Each "changed" run is preceded by a `snooze` of
# an open action item (not timed), so the search first catches its index up with one more
# change; the index file is rewritten once it is 28 changes behind, which the mean includes.
# With ALTERNATE=1 the two are timed in turn, round after round (RUNS rounds), the unchanged
# search on a second copy, so that a load that comes and goes weighs on both alike.
set -euo pipefail
src=$1; shift
export ACCORD_TODAY=${ACCORD_TODAY:-2026-11-23}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=()
for b in "$@"; do
    n=$(basename "$b"); db="$work/$n.db"
    cp -r "$src" "$db"
    # The first open of a copy finds it "not closed cleanly"; the second search is from a
    # current, checked index.
    "$b" --db "$db" search univ --limit 1 >/dev/null 2>&1 || true
    "$b" --db "$db" search univ --limit 1 >/dev/null 2>&1
    item=$("$b" --db "$db" list due --overdue 2>/dev/null |
        awk '{for (i = 1; i <= NF; i++) if ($i ~ /^T[0-9]+$/) { print $i; exit }}') || true
    cp -r "$src" "$db.unchanged"
    "$b" --db "$db.unchanged" search univ --limit 1 >/dev/null 2>&1 || true
    "$b" --db "$db.unchanged" search univ --limit 1 >/dev/null 2>&1
    echo "$b $db $item" >>"$work/builds"
    args+=(-n "$n unchanged" --prepare true "$b --db $db.unchanged search univ --limit 50")
    args+=(-n "$n after a change" --prepare "$b --db $db snooze $item 1d" "$b --db $db search univ --limit 50")
done
if [ -n "${ALTERNATE:-}" ]; then
    python3 - "$work/builds" "${RUNS:-30}" <<'PY'
import statistics, subprocess, sys, time
builds = [line.split() for line in open(sys.argv[1])]
rounds = int(sys.argv[2])
def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
times = {b: ([], []) for b, _, _ in builds}
for _ in range(rounds):
    for b, db, item in builds:
        times[b][0].append(timed([b, "--db", db + ".unchanged", "search", "univ", "--limit", "50"]))
        subprocess.run([b, "--db", db, "snooze", item, "1d"], capture_output=True, check=True)
        times[b][1].append(timed([b, "--db", db, "search", "univ", "--limit", "50"]))
for b, (u, c) in times.items():
    m = statistics.mean
    print(f"{b}: unchanged mean {m(u)*1000:.1f} ms, median {statistics.median(u)*1000:.1f} ms | "
          f"after a change mean {m(c)*1000:.1f} ms, median {statistics.median(c)*1000:.1f} ms | "
          f"ratio {m(c)/m(u):.2f}× (medians {statistics.median(c)/statistics.median(u):.2f}×)")
PY
    exit 0
fi
hyperfine -N --warmup 3 --min-runs "${RUNS:-30}" --style none --export-json "$work/times.json" "${args[@]}" >/dev/null
python3 - "$work/times.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for a, b in zip(r[::2], r[1::2]):
    print(f"{a['command']:<28} mean {a['mean']*1000:6.1f} ms, median {a['median']*1000:6.1f} ms | "
          f"after a change: mean {b['mean']*1000:6.1f} ms, median {b['median']*1000:6.1f} ms | "
          f"ratio {b['mean']/a['mean']:.2f}× (medians {b['median']/a['median']:.2f}×)")
PY
