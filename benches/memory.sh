#!/bin/bash
# Resident memory of the interface through a session, and during an XLSX
# export of everything, as a user drives it (tmux at 120x40).
#
#   bash benches/memory.sh BINARY DB
#
# DB should have been opened once in the interface by BINARY, so that its
# search index is current (else the first search builds it). The database is
# not changed in the end: the one triage act is undone; the export is written
# to a temporary directory. Run as root, the page cache is emptied first: the
# saved search index is mapped, and a page fault maps cached neighbouring pages
# with it, so what counts as resident depends on what the cache holds.
#
# Prints VmRSS (VmHWM, the peak so far) in MB after each step, then the
# export's VmRSS before, its peak sampled every 100 ms, and after.
set -u
B=$(realpath "$1")
D=$(realpath "$2")
command -v tmux >/dev/null || { echo "memory.sh needs tmux" >&2; exit 1; }
S=accord-memory-$$
W=$(mktemp -d)
trap 'tmux kill-session -t $S 2>/dev/null; rm -rf "$W"' EXIT
if [ "$(id -u)" = 0 ]; then
  sync
  echo 1 > /proc/sys/vm/drop_caches
fi
cd "$W"
tmux new-session -d -s $S -x 120 -y 40 "ACCORD_TODAY=2026-11-23 LANG=C $B --db $D"
screen() { tmux capture-pane -pt $S; }
for _ in $(seq 1 240); do sleep 0.25; screen | grep -q "Dashboard" && break; done
sleep 3
PID=$(pgrep -f "^$B --db $D" | head -1)
[ -n "$PID" ] || { echo "the interface did not start" >&2; exit 1; }
rss() { awk '/VmRSS/{print int($2/1024)}' /proc/$PID/status; }
step() { awk -v s="$1" '/VmRSS/{r=int($2/1024)} /VmHWM/{h=int($2/1024)} END{printf "%-22s %4d MB (peak %d)\n", s, r, h}' /proc/$PID/status; }
step "loaded"
tmux send-keys -t $S /; sleep 0.3; tmux send-keys -t $S u n i v; sleep 2
step "after /univ"
tmux send-keys -t $S Enter; sleep 1; tmux send-keys -t $S Escape; sleep 0.3
tmux send-keys -t $S Escape; sleep 1.5
step "after a detail"
tmux send-keys -t $S 5; sleep 1; tmux send-keys -t $S End; sleep 0.5
tmux send-keys -t $S s; sleep 2
step "after a triage act"
tmux send-keys -t $S u; sleep 2
step "after u"
tmux send-keys -t $S 1; sleep 0.5
before=$(rss)
tmux send-keys -t $S E; sleep 0.5
tmux send-keys -t $S Enter
peak=$before
for _ in $(seq 1 1200); do
  r=$(rss); [ "$r" -gt "$peak" ] && peak=$r
  screen | grep -q "Wrote" && break
  sleep 0.1
done
sleep 2
echo "XLSX export            before $before MB, peak $peak MB, after $(rss) MB"
step "whole session"
tmux send-keys -t $S q
for _ in $(seq 1 40); do sleep 0.25; kill -0 "$PID" 2>/dev/null || break; done
