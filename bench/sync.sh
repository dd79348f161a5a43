#!/bin/sh
# sync.sh CASECTL - how long casectl sync takes on an agency-sized store
# when the other side has 100 new commits.  Generates the store as
# bench.sh does (BENCH_CASES, BENCH_COMMITS, BENCH_SEED), then:
#   server: a bare clone; A and B: two clones of it
#   A: 100 casectl commits, sync (push)
#   B: sync (fast-forward: receive 100 commits)
#   A: 100 more; B: one local commit; B: sync (merge)
# and what the per-case history index costs B: its first build, and
# the first 'casectl log' after the merge (the sync brought the index
# up to the merge, so that log reads it as it is).
#   SYNC_RUNS (3): rounds of the three syncs (each round 200 more
#   commits); every figure but the first build is their median.
#   SYNC_ROWS: a file to write the figures to as rows of bench/results.md
#   (what, seconds, note; tab-separated), for bench.sh and run.py.
set -eu
bin=${1:?usage: sync.sh CASECTL}
here=$(cd "$(dirname "$0")" && pwd)
cases=${BENCH_CASES:-10000}
commits=${BENCH_COMMITS:-100000}
seed=${BENCH_SEED:-42}
runs=${SYNC_RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/casectl-syncbench.XXXXXX")
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$work/home/.config"
unset CASECTL_DIR VISUAL EDITOR GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL CASECTL_NOW
mkdir -p "$HOME"
git config --global user.name "Jana Novak"
git config --global user.email "jana.novak@example.org"
git config --global init.defaultBranch main
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
# the median of the numbers in the words of $1
median() { printf '%s\n' $1 | sort -n | sed -n "$(( ($(printf '%s\n' $1 | wc -l) + 1) / 2 ))p"; }

tid=$(sh "$here/template.sh" "$bin" "$work/template")
CASECTL_NOW=2019-12-31 "$bin" init "$work/A" >/dev/null
BENCH_IDS="$work/ids" /usr/bin/python3 "$here/gen.py" "$work/template" "$tid" \
	"$cases" "$commits" "$seed" | git -C "$work/A" fast-import --quiet
(umask 077 && git -C "$work/A" reset -q --hard main)
git clone -q --bare "$work/A" "$work/server.git"
"$bin" -C "$work/A" remote add origin "$work/server.git"
git clone -q "$work/server.git" "$work/B"
"$bin" -C "$work/B" list >/dev/null   # warm the page cache like A's
id=$(head -1 "$work/ids")
t0=$(now); "$bin" -C "$work/B" log "$id" >/dev/null; t1=$(now)
build=$(secs "$t0" "$t1")

pushes="" ffs="" merges="" afters=""
for r in $(seq "$runs"); do
	for i in $(seq 100); do "$bin" -C "$work/A" open --client "New $r.$i" -m x >/dev/null; done
	t0=$(now); "$bin" -C "$work/A" sync >/dev/null 2>&1; t1=$(now)
	pushes="$pushes $(secs "$t0" "$t1")"
	t0=$(now); "$bin" -C "$work/B" sync >"$work/ff.out" 2>&1; t1=$(now)
	ffs="$ffs $(secs "$t0" "$t1")"
	for i in $(seq 100); do "$bin" -C "$work/A" open --client "More $r.$i" -m x >/dev/null; done
	"$bin" -C "$work/A" sync >/dev/null 2>&1
	"$bin" -C "$work/B" open --client "Local $r" -m x >/dev/null
	t0=$(now); CASECTL_TRACE_INDEX=1 "$bin" -C "$work/B" sync >"$work/merge.out" 2>&1; t1=$(now)
	merges="$merges $(secs "$t0" "$t1")"
	t0=$(now); CASECTL_TRACE_INDEX=1 "$bin" -C "$work/B" log "$id" >/dev/null 2>"$work/log.out"; t1=$(now)
	afters="$afters $(secs "$t0" "$t1")"
	"$bin" -C "$work/A" sync >/dev/null 2>&1   # A takes B's merge for the next round
done
push=$(median "$pushes") ff=$(median "$ffs") merge=$(median "$merges") after=$(median "$afters")
[ "$(git -C "$work/A" rev-parse HEAD)" != "" ]
echo "sync on $cases cases / $commits commits, other side 100 new commits (median of $runs):"
echo "  A pushes 100 commits:                 $push s"
echo "  B receives them (fast-forward):       $ff s"
echo "  B receives 100 more with a local one (merge): $merge s"
echo "  B's first log (history index built):  $build s"
echo "  B's first log after the merge:        $after s"
cat "$work/merge.out" "$work/log.out"
if [ -n "${SYNC_ROWS:-}" ]; then
	note="median of $runs; goal < 2 s"
	printf 'casectl sync: A pushes 100 commits\t%s\t%s\n' "$push" "$note" >"$SYNC_ROWS"
	printf 'casectl sync: B receives them (fast-forward)\t%s\t%s\n' "$ff" "$note" >>"$SYNC_ROWS"
	printf 'casectl sync: B receives 100 more with a local one (merge)\t%s\t%s\n' \
		"$merge" "$note" >>"$SYNC_ROWS"
	printf "casectl log ID after the merge (the sync brought the index up)\t%s\tmedian of %s\n" \
		"$after" "$runs" >>"$SYNC_ROWS"
fi
rm -rf "$work"
