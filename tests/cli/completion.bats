#!/usr/bin/env bats
# Shell completion: commands, options, case IDs, services, workers

load helper

setup() {
	setup_common
	src=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	comp="$src/build/casectl.bash"
	[ -f "$comp" ] || sh "$src/tools/gen-completion.sh" bash >"$BATS_TEST_TMPDIR/casectl.bash"
	[ -f "$comp" ] || comp="$BATS_TEST_TMPDIR/casectl.bash"
	new_store
	# the completion calls "casectl" by name
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -sf "$CASECTL_BIN" "$BATS_TEST_TMPDIR/bin/casectl"
	export PATH="$BATS_TEST_TMPDIR/bin:$PATH"
}

# complete the words given; prints the candidates one per line
complete_words() {
	source "$comp"
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_casectl
	printf '%s\n' "${COMPREPLY[@]}"
}

@test "completion offers commands, then the options of the command" {
	run complete_words casectl lis
	[ "$status" -eq 0 ]
	[ "$output" = list ]
	run complete_words casectl ""
	[ "$status" -eq 0 ]
	[[ "$output" == *open* && "$output" == *show* && "$output" == *log* ]]
	run complete_words casectl list --ph
	[ "$status" -eq 0 ]
	[ "$output" = --phase ]
	run complete_words casectl open --cl
	[ "$status" -eq 0 ]
	[ "$output" = --client ]
	run complete_words casectl list --phase ""
	[ "$status" -eq 0 ]
	[[ "$output" == *intake* && "$output" == *monitoring* ]]
	run complete_words casectl show x --format ""
	[ "$status" -eq 0 ]
	[[ "$output" == *json* ]]
}

@test "completion offers case IDs and worker names from the store" {
	id=$(open_case)
	run complete_words casectl show ""
	[ "$status" -eq 0 ]
	[ "$output" = "$id" ]
	run complete_words casectl show "${id:0:3}"
	[ "$status" -eq 0 ]
	[ "$output" = "$id" ]
	run complete_words casectl -C "$STORE" log ""
	[ "$status" -eq 0 ]
	[ "$output" = "$id" ]
	run complete_words casectl list --manager J
	[ "$status" -eq 0 ]
	[ "$output" = 'Jana\ Novak' ]
}

@test "the zsh completion is generated and parses" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	sh "$src/tools/gen-completion.sh" zsh >"$BATS_TEST_TMPDIR/_casectl"
	zsh -n "$BATS_TEST_TMPDIR/_casectl"
}
