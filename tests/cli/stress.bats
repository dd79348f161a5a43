#!/usr/bin/env bats
# Crash safety and concurrency, at the sizes the trust issue asks for
# (CRASH_RUNS, WRITERS and WRITER_OPS make them smaller or larger).
# The scripts print their figures; the test fails on any loss or damage.

load helper

setup() { setup_common; }

@test "${CRASH_RUNS:-500} mutating runs killed with SIGKILL at random points lose nothing acknowledged" {
	run "$BATS_TEST_DIRNAME/../stress/crash.sh" "$CASECTL_BIN" "${CRASH_RUNS:-500}"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *", 0 lost, fsck clean"* ]]
}

@test "${WRITERS:-8} writers making ${WRITER_OPS:-100} changes each on one store: no error, nothing lost, no merge" {
	run "$BATS_TEST_DIRNAME/../stress/writers.sh" "$CASECTL_BIN" "${WRITERS:-8}" "${WRITER_OPS:-100}"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"0 errors, 0 lost, "*" 0 merges"* ]]
}
