#!/bin/sh
# valgrind.sh CASECTL UNIT_BINS BATS_FILES... - the unit tests and some
# end-to-end tests under valgrind (memcheck, full leak check) with the
# plain build.  casectl is run through a wrapper script given to the
# tests as CASECTL_BIN; each run writes its own log, and any error or
# definite/indirect leak fails the run (exit status 99 to the test, and
# a non-empty log here).  Prints the time taken.
set -u
bin=$1; units=$2; shift 2
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --track-fds=no"
start=$(date +%s)
failed=0
for u in $units; do
	$VG --log-file="$logs/unit-$(basename "$u").%p" "$u" >/dev/null 2>&1 || { echo "unit $u failed under valgrind"; failed=1; }
done
wrap="$logs/casectl"
cat >"$wrap" <<W
#!/bin/sh
exec $VG --log-file="$logs/cli.%p" "$bin" "\$@"
W
chmod +x "$wrap"
CASECTL_BIN="$wrap" bats --tap "$@" >"$logs/tap" 2>&1 || failed=1
grep -E '^(not )?ok' "$logs/tap" | grep -c '^ok' | sed 's/^/cli tests passed: /'
grep '^not ok' "$logs/tap"
for l in "$logs"/unit-* "$logs"/cli.*; do
	[ -s "$l" ] || continue
	echo "== valgrind: $l"; head -40 "$l"; failed=1
done
echo "valgrind: $(( $(date +%s) - start )) s, $(ls "$logs" | grep -c '^cli\.') casectl runs"
exit $failed
