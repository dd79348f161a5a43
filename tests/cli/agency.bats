#!/usr/bin/env bats
# What a new user and an agency's coordinator ran into (issue 12, section 5):
# init without an identity, contacts in every phase, re-referral, several
# team members at once, the mandate, closure and links, the printed plan.

load helper

setup() {
	setup_common
}

no_identity() {
	git config --global --unset user.name
	git config --global --unset user.email
	unset EMAIL
}

@test "init without a git identity leaves nothing behind, and works once it is set" {
	no_identity
	run casectl init "$STORE"
	[ "$status" -eq 1 ]
	[[ "$output" == *"author identity unknown"* ]]
	[[ "$output" == *"git config --global user.name"* ]]
	[ ! -e "$STORE" ]
	git config --global user.name "Jana Novak"
	git config --global user.email "jana@example.org"
	run casectl init "$STORE"
	[ "$status" -eq 0 ]
	[[ "$output" == "Initialized empty case store in "* ]]
	[ -f "$STORE/casectl.md" ]
	[ "$(git -C "$STORE" rev-list --count HEAD)" -eq 1 ]
	assert_clean
}

@test "init without an identity in an existing folder removes only the .git it made" {
	no_identity
	mkdir -p "$STORE/notes"
	echo keep >"$STORE/notes/a.txt"
	run casectl init "$STORE"
	[ "$status" -eq 1 ]
	[[ "$output" == *"author identity unknown"* ]]
	[ ! -e "$STORE/.git" ]
	[ "$(cat "$STORE/notes/a.txt")" = keep ]
	# nested folders it created are removed up to the first that existed
	mkdir -p "$BATS_TEST_TMPDIR/here"
	run casectl init "$BATS_TEST_TMPDIR/here/a/b/c"
	[ "$status" -eq 1 ]
	[ -d "$BATS_TEST_TMPDIR/here" ]
	[ ! -e "$BATS_TEST_TMPDIR/here/a" ]
	git config --global user.name "Jana Novak"
	git config --global user.email "jana@example.org"
	run casectl init "$STORE"
	[ "$status" -eq 0 ]
	[ -f "$STORE/casectl.md" ]
	[ "$(cat "$STORE/notes/a.txt")" = keep ]
}

@test "init refuses a folder that already is a git repository and keeps its .git" {
	mkdir -p "$STORE"
	git -C "$STORE" init -q
	run casectl init "$STORE"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is already a git repository"* ]]
	[ -d "$STORE/.git" ]
}
