#!/usr/bin/env bats
# casectl init, store discovery, --version, help

load helper

setup() { setup_common; }

@test "casectl init creates a store with settings and one commit" {
	run casectl init "$STORE"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Initialized empty case store in $STORE/"* ]]
	[ -f "$STORE/casectl.md" ]
	[ "$(commit_count)" -eq 1 ]
	run git -C "$STORE" log -1 --format=%B
	[ "$status" -eq 0 ]
	[[ "$output" == "init: create case store"* ]]
	[[ "$output" == *"Action: init"* ]]
	[ "$(git -C "$STORE" log -1 --format='%an <%ae>')" = "Jana Novak <jana@example.org>" ]
	[ "$(git -C "$STORE" symbolic-ref --short HEAD)" = main ]
	assert_clean
}

@test "casectl init writes every setting and the language" {
	casectl init "$STORE" --lang cs
	run cat "$STORE/casectl.md"
	[ "$status" -eq 0 ]
	[[ "$output" == *"language: cs"* ]]
	for key in review-interval id-scheme caseload-limit retention; do
		grep -q "^$key: " "$STORE/casectl.md"
	done
	python_yaml_load "$STORE/casectl.md"
}

@test "casectl init refuses an unknown language and an existing store" {
	run casectl init "$STORE" --lang xx
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown language 'xx'"* ]]
	[ ! -e "$STORE/.git" ]
	casectl init "$STORE"
	run casectl init "$STORE"
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: '$BATS_TEST_TMPDIR/store' is already a git repository; choose a new folder for the store"* ]]
	[ "$(commit_count)" -eq 1 ]
}

@test "the store is found from -C, CASECTL_DIR and subdirectories" {
	new_store
	id=$(open_case)
	cd /
	run casectl -C "$STORE" show "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Marie Dvorakova"* ]]
	CASECTL_DIR="$STORE" run casectl show "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Marie Dvorakova"* ]]
	mkdir -p "$STORE/notes/deep"
	cd "$STORE/notes/deep"
	run casectl show "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Marie Dvorakova"* ]]
}

@test "outside a store every command says to run casectl init" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	cd "$BATS_TEST_TMPDIR/empty"
	run casectl list
	[ "$status" -eq 1 ]
	[[ "$output" == *"casectl init"* ]]
	git init -q "$BATS_TEST_TMPDIR/plain"
	run casectl -C "$BATS_TEST_TMPDIR/plain" list
	[ "$status" -eq 1 ]
	[[ "$output" == *"casectl init"* ]]
}

@test "casectl --version and usage errors" {
	run casectl --version
	[ "$status" -eq 0 ]
	[[ "$output" == "casectl version "* ]]
	run casectl frobnicate
	[ "$status" -eq 2 ]
	[[ "$output" == *"'frobnicate' is not a casectl command"* ]]
	run casectl --bogus
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: unknown option '--bogus'"* ]]
}

@test "casectl help lists the commands in groups and shows man pages" {
	run casectl help
	[ "$status" -eq 0 ]
	[[ "$output" == *"open"*"show"*"list"*"log"* ]]
	[[ "$output" == *"work through a case"* ]]
	for c in init open show list log edit commit check help; do
		run casectl help "$c"
		[ "$status" -eq 0 ]
		[[ "$output" == *"casectl-$c"* || "$output" == *"CASECTL-${c^^}"* ]]
	done
	run casectl help case
	[ "$status" -eq 0 ]
	[[ "$output" == *"front matter"* ]]
	run casectl help nosuch
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: 'nosuch' is not a casectl command; see 'casectl help'"* ]]
	run casectl open --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"casectl-open"* || "$output" == *"CASECTL-OPEN"* ]]
}
