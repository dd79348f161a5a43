#!/bin/sh
# run.sh - run each libFuzzer target given for $FUZZ_SECONDS (default 60)
# on a scratch copy of its seed corpus tests/fuzz/corpus/NAME/ (for
# build/fuzz/fuzz_NAME), so the committed corpus is never modified.
# Prints one line per target: seconds, executions, new corpus size.
# Exits non-zero when a target finds a crash (kept in build/fuzz/run/NAME/).
set -u
secs=${FUZZ_SECONDS:-60}
here=$(cd "$(dirname "$0")" && pwd)
status=0
for bin in "$@"; do
	name=$(basename "$bin"); name=${name#fuzz_}
	run=$(dirname "$bin")/run/$name
	rm -rf "$run/corpus"; mkdir -p "$run/corpus"
	[ -d "$here/corpus/$name" ] && cp "$here/corpus/$name"/* "$run/corpus/" 2>/dev/null
	start=$(date +%s)
	"$bin" -max_total_time="$secs" -print_final_stats=1 -max_len=16384 \
		-artifact_prefix="$run/" "$run/corpus" >"$run/log" 2>&1
	rc=$?
	end=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -1)
	echo "fuzz $name: $((end - start)) s, ${execs:-?} execs, $(ls "$run/corpus" | wc -l) inputs, exit $rc"
	if [ "$rc" -ne 0 ]; then
		grep -E 'ERROR|SUMMARY|artifact' "$run/log" | head -20
		status=1
	fi
done
exit $status
