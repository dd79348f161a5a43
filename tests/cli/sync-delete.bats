#!/usr/bin/env bats
# Deletes that come through sync: a colleague's 'git rm -r cases' pushed
# with plain git, a deleted case or file against a local change (a
# conflict, kept whole and resolved with 'casectl resolve'), the refusal
# of a mass delete, the report of what a sync deleted, and 'check' of
# a case folder left incomplete.

load helper
load journey

setup() {
	setup_common
	umask 077
	SRV="$BATS_TEST_TMPDIR/srv.git"
	git init -q --bare "$SRV"
	new_store
	casectl remote add origin "$SRV"
	A=$(open_case "Anna"); monitor_case "$A"
	B=$(open_case "Bert"); plan_case "$B"
	C=$(open_case "Cyril"); assess_case "$C"
	D=$(open_case "Dora")
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	OTHER="$BATS_TEST_TMPDIR/other"
	git clone -q "$SRV" "$OTHER"
}

dir_of() { (cd "$STORE" && ls -d cases/*/*/"$1"); }

# The files of case $1 in the store, one per line.
files_of() { (cd "$STORE" && find "$(dir_of "$1")" -type f | sort); }

# In the other clone: plain git removes $@ and pushes.
other_rm_push() {
	git -C "$OTHER" rm -q -r "$@"
	git -C "$OTHER" commit -q -m "remove"
	git -C "$OTHER" push -q origin main
}

@test "git rm -r cases from another clone: refused as a mass delete, store unchanged; --allow-deletes takes it and says so" {
	other_rm_push cases
	before=$(snapshot)
	run casectl sync
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: what came from 'origin' would delete 4 of the 4 cases of this store"* ]]
	[[ "$output" == *"$A"* && "$output" == *"$D"* ]]
	[[ "$output" == *"nothing was changed"* ]]
	[[ "$output" == *"hint: if the cases were meant to go, run 'casectl sync --allow-deletes'"* ]]
	[ "$(snapshot)" = "$before" ]
	assert_clean
	# the store keeps working
	run casectl monitor "$D" -m "still here" --force "a phone call at intake"
	[ "$status" -eq 0 ]
	run casectl sync
	[ "$status" -eq 1 ]
	casectl sync --allow-deletes >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || {
		cat "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/err"; return 1; }
	cat "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/err"
	# D changed here: kept whole, a conflict; the others are gone and reported
	grep -qx "conflict: $D; run 'casectl resolve $D'" "$BATS_TEST_TMPDIR/out"
	for id in "$A" "$B" "$C"; do
		grep -qx "deleted: case $id" "$BATS_TEST_TMPDIR/out"
		[ -z "$(ls -d cases/*/*/"$id" 2>/dev/null)" ]
	done
	[ "$(grep -c '^warning: this sync deleted 3 cases: ' "$BATS_TEST_TMPDIR/err")" -eq 1 ]
	grep -q "$A" "$BATS_TEST_TMPDIR/err"
	[ -f "$(dir_of "$D")/case.md" ]
	assert_clean
}

@test "git rm -r cases against a local change to one case: that case stays whole as a conflict; resolve --ours keeps it" {
	casectl monitor "$A" -m "called the daughter" >/dev/null
	before=$(files_of "$A")
	other_rm_push cases
	run casectl sync --allow-deletes
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"conflict: $A; run 'casectl resolve $A'"* ]]
	[[ "$output" == *"deleted: case $B"* && "$output" == *"deleted: case $C"* ]]
	[[ "$output" == *"deleted: case $D"* ]]
	[[ "$output" != *"deleted: case $A"* ]]
	# nothing of A lost: case.md, plan, assessment, links and journal are all there
	[ "$(files_of "$A")" = "$before" ]
	grep -q "plan.md" <<<"$before"
	grep -q "assessments/" <<<"$before"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"case.md:"*"conflict in 'deleted-files': files of this case were deleted on one side of a sync and the case changed on the other; both are kept; run 'casectl resolve $A --ours' or '--theirs'"* ]]
	run casectl list
	[ "$status" -eq 0 ]
	[[ "$output" == *"CONFLICT"* ]]
	# a value to assign is not an answer to a delete
	run casectl resolve "$A" review=2027-01-01
	[ "$status" -eq 1 ]
	[[ "$output" == *"run 'casectl resolve $A --ours' to take our side or '--theirs'"* ]]
	run casectl resolve "$A" --ours
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "$(files_of "$A")" = "$before" ]
	! grep -q "^conflict:" "$(dir_of "$A")/case.md" || false
	run casectl check
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	git -C "$OTHER" pull -q origin main
	[ -f "$OTHER/$(dir_of "$A")/plan.md" ]
	[ "$(cd "$OTHER" && find "$(dir_of "$A")" -type f | sort)" = "$before" ]
	[ -z "$(ls -d "$OTHER"/cases/*/*/"$B" 2>/dev/null)" ]
	assert_clean
	git --git-dir="$SRV" fsck --strict --no-progress
}

@test "one case deleted there against a local journal entry: kept whole as a conflict; resolve --theirs accepts the delete" {
	casectl monitor "$B" -m "home visit" >/dev/null
	before=$(files_of "$B")
	other_rm_push "$(dir_of "$B")"
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"conflict: $B; run 'casectl resolve $B'"* ]]
	[[ "$output" != *"deleted:"* ]]
	[ "$(files_of "$B")" = "$before" ]
	grep -A3 "deleted-files:" "$(dir_of "$B")/case.md" | grep -q "theirs:"
	run casectl resolve "$B" --theirs
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -z "$(ls -d cases/*/*/"$B" 2>/dev/null)" ]
	run casectl show "$B"
	[ "$status" -eq 1 ]
	run casectl check
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	assert_clean
	# the history keeps the journal entry that was given up
	[ "$(git log --format=%s | grep -c "^resolve $B: ")" -eq 1 ]
	run casectl sync
	[ "$status" -eq 0 ]
}

@test "a plan file deleted there against a local plan edit: a conflict; --ours keeps the plan, --theirs deletes it" {
	for side in ours theirs; do
		day=2027-03-0$((${#side} - 2))
		git -C "$OTHER" pull -q origin main
		casectl plan "$B" --review $day >/dev/null
		other_rm_push "$(dir_of "$B")/plan.md"
		run casectl sync
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
		[[ "$output" == *"conflict: $B"* ]]
		grep -q "$day" "$(dir_of "$B")/plan.md"
		run casectl resolve "$B" --$side
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
		if [ "$side" = ours ]; then
			grep -q "$day" "$(dir_of "$B")/plan.md"
			run casectl check
			[ "$status" -eq 0 ] || { echo "$output"; return 1; }
		else
			[ ! -e "$(dir_of "$B")/plan.md" ]
			[ -f "$(dir_of "$B")/case.md" ]
		fi
		run casectl sync
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	done
	assert_clean
}

@test "a file deleted here by hand against their change: theirs comes back as a conflict; --ours deletes it again" {
	git rm -q "$(dir_of "$B")/plan.md"
	git commit -q -m "remove the plan"
	(cd "$OTHER" && "$CASECTL_BIN" plan "$B" --review 2027-04-04 >/dev/null && git push -q origin main)
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"conflict: $B"* ]]
	grep -q "2027-04-04" "$(dir_of "$B")/plan.md"
	grep -A3 "deleted-files:" "$(dir_of "$B")/case.md" | grep -q "ours:"
	run casectl resolve "$B" --ours
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ ! -e "$(dir_of "$B")/plan.md" ]
	assert_clean
}

@test "a delete nobody changed here is taken, reported on stdout and warned about on stderr" {
	journal=$(cd "$STORE" && ls "$(dir_of "$A")"/journal/*.md | head -1)
	other_rm_push "$(dir_of "$C")" "$journal"
	casectl sync >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	cat "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/err"
	grep -qx "deleted: case $C" "$BATS_TEST_TMPDIR/out"
	grep -qx "deleted: $journal" "$BATS_TEST_TMPDIR/out"
	[ "$(grep -c '^deleted: ' "$BATS_TEST_TMPDIR/out")" -eq 2 ]
	grep -qx "warning: this sync deleted 1 case: $C" "$BATS_TEST_TMPDIR/err"
	[ -z "$(ls -d cases/*/*/"$C" 2>/dev/null)" ]
	[ ! -e "$journal" ]
	run casectl sync --quiet
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	assert_clean
}

@test "check flags a case folder that lost its case.md" {
	run casectl check
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	git rm -q "$(dir_of "$C")/case.md"
	git commit -q -m "hand delete"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$(dir_of "$C"): the case folder has no case.md; the case is incomplete (see what removed it with 'git log --diff-filter=D --stat -- $(dir_of "$C")'"* ]]
	[[ "$output" == *"1 problem found"* ]]
}

@test "resolve --ours of a case deleted there against a local entry keeps it whole and pushes it back" {
	casectl monitor "$C" -m "home visit" --force "a visit while assessing" >/dev/null
	before=$(files_of "$C")
	other_rm_push "$(dir_of "$C")"
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"conflict: $C; run 'casectl resolve $C'"* ]]
	run casectl resolve "$C" --ours
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "$(files_of "$C")" = "$before" ]
	run casectl sync
	[ "$status" -eq 0 ]
	git -C "$OTHER" pull -q origin main
	[ "$(cd "$OTHER" && find "$(dir_of "$C")" -type f | sort)" = "$before" ]
}

@test "a delete conflict that names a file outside its case is refused by resolve; nothing is deleted" {
	b=$(dir_of "$B")
	sed -i "1a conflict:\n  deleted-files:\n    theirs: [\"../../../$b/case.md\"]" "$(dir_of "$A")/case.md"
	git commit -q -am "a crafted conflict"
	before=$(snapshot)
	run casectl resolve "$A" --theirs
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: $(dir_of "$A")/case.md:4: '../../../$b/case.md' is not a file of case '$A'; fix the conflict with 'casectl edit $A'"* ]]
	[ "$(snapshot)" = "$before" ]
	[ -f "$b/case.md" ]
}
