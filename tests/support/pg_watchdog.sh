# The pg_cluster watchdog: sh -c "$(cat this)" name TESTPID DATADIR TEMPDIR.
# Waits for the test process to end (also a kill -9), stops the server by the
# PID in postmaster.pid, then removes the cluster's temp directory.
gone() { ! kill -0 "$1" 2>/dev/null || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
until gone "$1"; do sleep 0.5; done
p=$(head -n1 "$2/postmaster.pid" 2>/dev/null)
[ -z "$p" ] && sleep 1 && p=$(head -n1 "$2/postmaster.pid" 2>/dev/null)
if [ -n "$p" ]; then
  kill -INT "$p" 2>/dev/null
  i=0
  while [ $i -lt 100 ] && ! gone "$p"; do sleep 0.1; i=$((i+1)); done
  gone "$p" || kill -9 "$p" 2>/dev/null
fi
# initdb (killed with us or not) may still be writing there: wait for every
# process working in the directory to end.
dir=$3
busy() { for c in /proc/[0-9]*/cwd; do case "$(readlink "$c" 2>/dev/null)" in "$dir"*) return 0;; esac; done; return 1; }
i=0
while [ $i -lt 150 ] && busy; do sleep 0.2; i=$((i+1)); done
rm -rf "$3"
