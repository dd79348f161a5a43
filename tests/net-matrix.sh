#!/bin/sh
# net-matrix.sh - runs tests/cli/sync-matrix.bats (casectl sync and plain
# git against real servers on loopback, one row a setting) and prints
# its outcome as a Markdown table: row | git | casectl | passes.  The
# git and casectl cells are "ok" or "refused", or "not run" when the row
# stopped before that step; "passes" is "yes" when the row got what it
# wants of both (outcome and message), "skipped" when it could not run
# (no port, no server program), else "NO" (the bats run's own report,
# on standard error, says why).
#   CASECTL_BIN=build/casectl tests/net-matrix.sh
# Exits with the bats run's status (0 when every row passed).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CASECTL_BIN:=$here/../build/casectl}"
export CASECTL_BIN
CASECTL_NET_MATRIX=$(mktemp "${TMPDIR:-/tmp}/net-matrix.XXXXXX")
export CASECTL_NET_MATRIX
tap=$(mktemp "${TMPDIR:-/tmp}/net-matrix-tap.XXXXXX")
trap 'rm -f "$CASECTL_NET_MATRIX" "$tap"' EXIT
"$here/run-all" "$here/cli/sync-matrix.bats" >"$tap" 2>&1
rc=$?
cat "$tap" >&2
echo "| row | git | casectl | passes |"
echo "| --- | --- | --- | --- |"
awk -F '\t' '
FILENAME == ARGV[1] {
	if (sub(/^not ok [0-9]+ /, "")) failed[$0] = 1
	else if ($0 ~ /^ok [0-9]+ .* # skip/) {
		sub(/^ok [0-9]+ /, ""); sub(/ # skip.*/, ""); skipped[$0] = 1
	}
	next
}
{
	sub(/^git: /, "", $2); sub(/^casectl: /, "", $3)
	passes = ($1 in failed) ? "NO" : ($1 in skipped) ? "skipped" : "yes"
	gsub(/\|/, "\\|", $1)
	printf "| %s | %s | %s | %s |\n", $1, $2, $3, passes
}' "$tap" "$CASECTL_NET_MATRIX"
exit "$rc"
