#!/usr/bin/env bats
# Building and installing as a new user would: plain "make", "make install"
# for a prefix other than the one of the last build, the completions where
# the shells look.  Each test works on a copy of the source tree (with the
# build tree copied too, so only what depends on the prefix is rebuilt).

load helper

setup() {
	setup_common
	src=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	copy="$BATS_TEST_TMPDIR/src"
	mkdir -p "$copy"
	# everything but .git; cp -a keeps the times, so make rebuilds nothing
	# that is up to date
	(cd "$src" && tar --exclude=./.git --exclude=./build/san --exclude=./build/fuzz \
		--exclude=./build/unit -cf - .) | (cd "$copy" && tar -xf -)
}

# the manual of "open", through casectl help, with man's pager off
help_open() {
	MANPAGER=cat PAGER=cat MANWIDTH=80 "$@" help open
}

@test "plain make builds the program and the completions, not only build/embed" {
	rm -rf "$copy/build"
	run make -n -C "$copy"
	[ "$status" -eq 0 ]
	[[ "$output" == *"-o build/casectl "* ]]
	[[ "$output" == *"gen-completion.sh bash >build/casectl.bash"* ]]
	[[ "$output" == *"gen-completion.sh zsh >build/_casectl"* ]]
	run make -C "$copy" -pq
	[[ "$output" == *".DEFAULT_GOAL := all"* ]]
}
