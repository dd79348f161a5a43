#!/usr/bin/env bats
# Crash safety and concurrency, at the sizes the trust issue asks for.
# The scripts print their figures; the test fails on any loss or damage.

load helper

setup() { setup_common; }

@test "500 mutating runs killed with SIGKILL at random points lose nothing acknowledged" {
	run "$BATS_TEST_DIRNAME/../stress/crash.sh" "$CASECTL_BIN" "${CRASH_RUNS:-500}"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *", 0 lost, fsck clean"* ]]
}

@test "8 writers making 100 changes each on one store: no error, nothing lost, no merge" {
	run "$BATS_TEST_DIRNAME/../stress/writers.sh" "$CASECTL_BIN" 8 "${WRITER_OPS:-100}"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"0 errors, 0 lost, "*" 0 merges"* ]]
}
