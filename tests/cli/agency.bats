#!/usr/bin/env bats
# What a new user and an agency's coordinator ran into (issue 12, section 5):
# init without an identity, contacts in every phase, re-referral, several
# team members at once, the mandate, closure and links, the printed plan.

load helper
load journey

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

@test "a contact at intake is a journal entry without --force; the phase stays" {
	new_store
	id=$(open_case)
	[ "$(phase_of "$id")" = intake ]
	run casectl monitor "$id" --kind phone --with "daughter" --minutes 10 -m "first call"
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^journal/2026-11-23-[0-9a-z]{4}\.md$ ]]
	f=$STORE/$(case_dir "$id")/$output
	[ "$(yaml_get "$f" "(d['kind'], d['minutes'])")" = "('phone', 10)" ]
	assert_commit monitor "$id" "phone contact, 10 minutes"
	[[ "$(git log -1 --format=%B)" != *"Forced:"* ]]
	[ "$(phase_of "$id")" = intake ]
	# a case conference during assessment, too
	assess_case "$id"
	run casectl monitor "$id" --kind conference --client-present --with Marie -m "all met"
	[ "$status" -eq 0 ]
	[ "$(phase_of "$id")" = assessment ]
	# progress on a goal depends on a plan: refused, nothing written
	before=$(snapshot)
	run casectl monitor "$id" --goal G1 --progress on-track -m "x"
	[ "$status" -eq 1 ]
	[[ "$output" == *"has no plan yet"* ]]
	[ "$(snapshot)" = "$before" ]
	# with a plan, the first contact still moves planning to monitoring
	casectl plan "$id" --macro "Lives safely at home" --measure "no readmission" \
		--due 2027-11-20 >/dev/null
	run casectl monitor "$id" --goal G0 --progress on-track -m "visit"
	[ "$status" -eq 0 ]
	[ "$(phase_of "$id")" = monitoring ]
	# a closed case still takes no journal entry
	casectl close "$id" --reason moved --force "test" >/dev/null
	run casectl monitor "$id" -m "late call"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is closed; run 'casectl reopen $id' first"* ]]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}
