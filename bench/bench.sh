#!/bin/sh
# bench.sh CASECTL - make bench: generate a synthetic store reproducibly
# and time casectl against plain git on it (see bench/run.py).
#   BENCH_CASES (10000) BENCH_COMMITS (100000) BENCH_SEED (42)
#   BENCH_RUNS (5) BENCH_IMPORT (10000) BENCH_IMPORT_RUNS (3, --batch)
#   BENCH_IMPORT_SINGLE_RUNS (1, one commit per case)
#   SYNC_RUNS (3: bench/sync.sh, on a store of its own)
#   BENCH_DIR  where to work (default: a new folder under $TMPDIR, removed
#              afterwards unless BENCH_KEEP=1)
set -eu
bin=${1:?usage: bench.sh CASECTL}
here=$(cd "$(dirname "$0")" && pwd)
cases=${BENCH_CASES:-10000}
commits=${BENCH_COMMITS:-100000}
seed=${BENCH_SEED:-42}
work=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/casectl-bench.XXXXXX")}
mkdir -p "$work"
export BENCH_CASES=$cases BENCH_COMMITS=$commits BENCH_SEED=$seed
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$work/home/.config"
unset CASECTL_DIR VISUAL EDITOR GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
mkdir -p "$HOME"
git config --global user.name "Jana Novak"
git config --global user.email "jana.novak@example.org"
git config --global init.defaultBranch main

rm -rf "$work/template" "$work/template.home" "$work/store"
echo "bench: $cases cases, $commits commits, seed $seed, in $work" >&2
start=$(date +%s.%N)
tid=$(sh "$here/template.sh" "$bin" "$work/template")
CASECTL_NOW=2019-12-31 "$bin" init "$work/store" >/dev/null
BENCH_IDS="$work/ids" /usr/bin/python3 "$here/gen.py" "$work/template" "$tid" \
	"$cases" "$commits" "$seed" | git -C "$work/store" fast-import --quiet
(umask 077 && git -C "$work/store" reset -q --hard main)
end=$(date +%s.%N)
git -C "$work/store" commit-graph write --reachable --changed-paths
export BENCH_GEN_SECONDS=$(echo "$end - $start" | bc)
echo "bench: casectl sync (bench/sync.sh)" >&2
export BENCH_SYNC_ROWS="$work/sync.rows"
SYNC_ROWS="$BENCH_SYNC_ROWS" sh "$here/sync.sh" "$bin" >&2
/usr/bin/python3 "$here/run.py" "$bin" "$work/store" "$work/ids" \
	"${BENCH_RESULTS:-$here/results.md}"
[ "${BENCH_KEEP:-0}" = 1 ] || [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
