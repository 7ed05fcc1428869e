#!/usr/bin/env bash
# Whole-process comparison of accord with taskwarrior 2.6 and fzf on the same
# generated data, timed with hyperfine. Prints a table of means and ratios.
#
#   bash benches/compare.sh [RECORDS]        # default 100000
#
# Installs what it needs (taskwarrior, fzf, hyperfine; Debian packages) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}

apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y "$@" >/dev/null
}
missing=()
command -v task >/dev/null || missing+=(taskwarrior)
command -v fzf >/dev/null || missing+=(fzf)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

cargo build --release --quiet
accord="$PWD/target/release/accord"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ACCORD_TODAY=2026-11-23 ACCORD_DB="$work/accord.db"
export TASKRC="$work/taskrc" TASKDATA="$work/task"
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\ngc=off\n' "$TASKDATA" > "$TASKRC"

echo "== generating $N records"
"$accord" generate --records "$N" --seed 1
for kind in institutions contacts partnerships agreements actions followups notes; do
    "$accord" list "$kind" --json > "$work/$kind.json"
done

# The same action items and follow-ups as taskwarrior tasks; for fzf, every name and
# text accord's search matches words against, one per line: every record's title, the
# other names and short names of institutions and contacts, partnership descriptions and
# the text of notes after their first line (the title). (accord also searches ids,
# countries, cities, tags, roles, emails, owners, areas and scope items: shorter
# fields, left out so that fzf is not given more work than the names.)
python3 - "$work" <<'PY'
import json, sys, uuid
work = sys.argv[1]
tasks = []
for name in ("actions", "followups"):
    for r in json.load(open(f"{work}/{name}.json")):
        t = {"description": r["title"], "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, r["id"])),
             "status": "pending" if r["status"] in ("open", "in_progress", "blocked") else "completed",
             "entry": "20260101T000000Z", "project": r.get("parent", "")}
        if t["status"] == "completed":
            t["end"] = "20261123T000000Z"
        if r.get("due"):
            t["due"] = r["due"].replace("-", "") + "T000000Z"
        tasks.append(t)
with open(f"{work}/tasks.json", "w") as f:
    for t in tasks:
        f.write(json.dumps(t) + "\n")
with open(f"{work}/names.txt", "w") as f:
    for kind in ("institutions", "contacts", "partnerships", "agreements", "actions",
                 "followups", "notes"):
        for r in json.load(open(f"{work}/{kind}.json")):
            texts = [r["title"]] + [n["text"] for n in r.get("names", [])[1:]]
            texts += [r.get("short_name", ""), r.get("description", "")]
            if kind == "notes":
                texts += r["text"].split("\n")[1:]
            for t in texts:
                t = " ".join(t.split())
                if t:
                    f.write(t + "\n")
# A pending task to complete in the done comparison: the first open action.
first = next(r for r in json.load(open(f"{work}/actions.json")) if r["status"] == "open")
open(f"{work}/done_id", "w").write(first["id"])
# Another, snoozed before each "search after a change".
second = [r for r in json.load(open(f"{work}/actions.json")) if r["status"] == "open"][1]
open(f"{work}/snooze_id", "w").write(second["id"])
open(f"{work}/done_uuid", "w").write(str(uuid.uuid5(uuid.NAMESPACE_URL, first["id"])))
PY
echo "== importing $(wc -l < "$work/tasks.json") tasks into taskwarrior"
task import "$work/tasks.json" >/dev/null 2>&1
done_id=$(cat "$work/done_id"); done_uuid=$(cat "$work/done_uuid"); snooze_id=$(cat "$work/snooze_id")
query="univ"

run() { # name, then hyperfine arguments
    local name=$1; shift
    hyperfine --warmup 2 --min-runs 10 --style none --export-json "$work/$name.json" "$@" >/dev/null
}
echo "== timing (hyperfine)"
run overdue "$accord list due --overdue" "task overdue"
run done --prepare "$accord undo" "$accord done $done_id" \
    --prepare "task $done_uuid modify status:pending" "task $done_uuid done"
echo "== $(wc -l < "$work/names.txt") names for fzf"
"$accord" search "$query" --limit 1 >/dev/null # writes the search cache
run search "$accord search $query --limit 50" "fzf --filter $query < $work/names.txt"
# The same for a query in each script the offices use: Chinese characters, pinyin initials
# (fzf finds nothing for those: it does not know the readings), and Cyrillic.
run search_cjk "$accord search 医院 --limit 50" "fzf --filter 医院 < $work/names.txt"
run search_initials "$accord search rmyy --limit 50" "fzf --filter rmyy < $work/names.txt"
run search_cyrillic "$accord search больница --limit 50" "fzf --filter больница < $work/names.txt"
echo "== sizes: search-index.bin $(stat -c %s "$ACCORD_DB/search-index.bin") bytes," \
    "records.cache $(stat -c %s "$ACCORD_DB/records.cache") bytes"
# accord alone: without its search cache (built from the records, then saved), and the
# first search after a change (caught up from history; the file rewritten after 28 changes).
run search_cold --prepare "rm -f $ACCORD_DB/search-index.bin" "$accord search $query --limit 50"
run search_changed --prepare "$accord snooze $snooze_id 1d" "$accord search $query --limit 50"
run startup "$accord --first-frame" "task list"
# accord alone: read-only commands answered from the start-up copy without opening sled, and
# the first frame when there is no start-up copy (read from sled, then written again).
run list_kind "$accord list partnerships"
run startup_cold --prepare "rm -f $ACCORD_DB/records.cache" "$accord --first-frame"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
print(f"\n{'comparison':<34}{'accord':>12}{'other':>12}{'ratio':>10}")
for name, label in [("overdue", "list due --overdue / task overdue"), ("done", "done / task N done"),
                    ("search", "search univ / fzf --filter"),
                    ("search_cjk", "search 医院 / fzf --filter"),
                    ("search_initials", "search rmyy / fzf --filter"),
                    ("search_cyrillic", "search больница / fzf --filter"),
                    ("startup", "first frame / task list")]:
    r = json.load(open(f"{work}/{name}.json"))["results"]
    a, o = r[0]["mean"] * 1000, r[1]["mean"] * 1000
    print(f"{label:<34}{a:>10.1f}ms{o:>10.1f}ms{o / a:>9.1f}x")
for name, label in [("search_cold", "search, no search cache"),
                    ("search_changed", "search, after a change"),
                    ("list_kind", "list partnerships"),
                    ("startup_cold", "first frame, no start-up copy")]:
    a = json.load(open(f"{work}/{name}.json"))["results"][0]["mean"] * 1000
    print(f"{label:<34}{a:>10.1f}ms")
unchanged = json.load(open(f"{work}/search.json"))["results"][0]["mean"]
changed = json.load(open(f"{work}/search_changed.json"))["results"][0]["mean"]
print(f"{'search after a change / unchanged':<34}{changed / unchanged:>31.2f}x")
PY
