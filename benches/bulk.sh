#!/usr/bin/env bash
# Whole-process times and peak resident memory of the bulk writes: restore of a
# JSON backup (into an empty database, and with --force over a full one), JSON
# import into an empty database, and generate. Each is run ROUNDS times; the best
# time and its peak memory are shown. With a reference binary (the previous build,
# e.g. the main checkout's) both run in the same script run, alternately, and the
# table shows the ratio.
#
#   bash benches/bulk.sh [RECORDS] [REFERENCE_BINARY]    # default 100000, no reference
#   GENERATE=1000000 ROUNDS=1 bash benches/bulk.sh 100000 /path/to/old/accord
#
# GENERATE (default RECORDS) is the size generate is timed at. Every command is a
# fresh process on a fresh database directory, so each also writes the day's
# automatic backup when it closes, as it would for a user; except restore --force,
# whose copy of the full database was opened once (check) before, which took it.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
REF=${2:-}
GEN=${GENERATE:-$N}
ROUNDS=${ROUNDS:-3}

cargo build --release --quiet
new="$PWD/target/release/accord"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ACCORD_TODAY=2026-11-23
unset ACCORD_DB

echo "== generating $N records and backing them up"
"$new" --db "$work/full.db" generate --records "$N" --seed 1 >/dev/null
"$new" --db "$work/full.db" backup "$work/backup.json" >/dev/null
echo "   backup: $(stat -c %s "$work/backup.json") bytes"
# The database restore --force goes over, made by each binary itself (an older
# build may not open a database the newer one wrote).
if [ -n "$REF" ]; then
    "$REF" --db "$work/full-ref.db" generate --records "$N" --seed 1 >/dev/null
fi

# measure NAME BINARY SETUP COMMAND...: best of ROUNDS; appends "name bin seconds kb".
measure() {
    local name=$1 bin=$2 setup=$3; shift 3
    local best="" best_kb=""
    for _ in $(seq "$ROUNDS"); do
        rm -rf "$work/t.db" "$work/t.db.backups" "$work/t.db.kept"
        eval "$setup"
        if ! /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --db "$work/t.db" "$@" >"$work/out" 2>&1; then
            echo "$bin $* failed:" >&2
            tail -n 5 "$work/out" >&2
            exit 1
        fi
        read -r s kb < "$work/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s best_kb=$kb; fi
    done
    local size
    size=$(du -sb "$work/t.db" | cut -f1)
    echo "$name $bin $best $best_kb $size" >> "$work/results"
}

bins=("$new")
[ -n "$REF" ] && bins+=("$REF")
echo "== timing ($ROUNDS rounds each)"
for b in "${bins[@]}"; do
    made="$work/full.db"
    [ "$b" = "$new" ] || made="$work/full-ref.db"
    full="cp -r '$made' '$work/t.db'; '$b' --db '$work/t.db' check >/dev/null 2>&1"
    measure restore_empty "$b" ":" restore "$work/backup.json"
    measure restore_force "$b" "$full" restore "$work/backup.json" --force
    measure import_json "$b" ":" import "$work/backup.json"
done
for b in "${bins[@]}"; do
    measure generate "$b" ":" generate --records "$GEN" --seed 1
done

python3 - "$work/results" "$new" "$REF" "$N" "$GEN" <<'PY'
import sys
rows, new, ref, n, gen = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
res = {}
for line in open(rows):
    name, b, s, kb, size = line.split()
    res[(name, b)] = (float(s), int(kb) / 1024, int(size) / 1e6)
labels = {"restore_empty": f"restore, {n} records, empty database",
          "restore_force": f"restore --force over {n} records",
          "import_json": f"import JSON, {n} records, empty database",
          "generate": f"generate --records {gen}"}
print(f"\n{'what':<44}{'time':>9}{'peak':>10}{'db':>10}" + (f"{'ref time':>10}{'ref peak':>10}{'ref db':>9}{'time ratio':>12}" if ref else ""))
for name, label in labels.items():
    s, mb, size = res[(name, new)]
    line = f"{label:<44}{s:>8.2f}s{mb:>8.0f}MB{size:>8.0f}MB"
    if ref:
        rs, rmb, rsize = res[(name, ref)]
        line += f"{rs:>9.2f}s{rmb:>8.0f}MB{rsize:>7.0f}MB{s / rs:>11.2f}x"
    print(line)
PY
