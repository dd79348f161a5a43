#!/usr/bin/env bats
# fuzz.bats - a short run of every libFuzzer target (make fuzz runs them
# longer).  Skipped when clang or its fuzzer runtime is missing.

load helper

setup() { setup_common; }

@test "every fuzz target runs ${CI_FUZZ_SECONDS:-10} s on its seed corpus without a crash" {
	top=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' >"$BATS_TEST_TMPDIR/t.c"
	if ! clang -fsanitize=fuzzer "$BATS_TEST_TMPDIR/t.c" -o "$BATS_TEST_TMPDIR/t" 2>/dev/null; then
		skip "clang's libFuzzer runtime is missing (install clang); fuzzing not run"
	fi
	before=$(cd "$top/tests/fuzz/corpus" && find . -type f | sort | xargs sha1sum | sha1sum)
	run make -s -C "$top" fuzz FUZZ_SECONDS="${CI_FUZZ_SECONDS:-10}"
	echo "$output" | grep '^fuzz '
	[ "$status" -eq 0 ]
	n=$(ls "$top"/tests/fuzz/fuzz_*.c | wc -l)
	[ "$(grep -c '^fuzz .* execs, .* exit 0$' <<<"$output")" -eq "$n" ]
	# the committed corpus is untouched
	[ "$(cd "$top/tests/fuzz/corpus" && find . -type f | sort | xargs sha1sum | sha1sum)" = "$before" ]
}
