#!/usr/bin/env bats
# casectl close and reopen: closing after an evaluation, what a closed
# case refuses, and reopening

load helper
load journey

setup() { setup_common; new_store; id=$(open_case); }

@test "close without an evaluation that decided so is refused" {
	monitor_case "$id"
	before=$(snapshot)
	run casectl close "$id" --reason "goals achieved"
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: case '$id' has no evaluation that decided to close; run 'casectl evaluate $id --decision close' first, or give --force REASON"* ]]
	casectl evaluate "$id" --decision continue -m x >/dev/null
	before=$(snapshot)
	run casectl close "$id" --reason "goals achieved"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' has no evaluation that decided to close (the latest, evaluations/2026-11-23-"*".md, decided 'continue'); run 'casectl evaluate $id --decision close' first"* ]]
	[ "$(snapshot)" = "$before" ]
	grep -q '^status: open$' "$(case_md "$id")"
}

@test "close after an evaluation decided so records the closure in case.md" {
	monitor_case "$id"
	casectl evaluate "$id" --decision close --goal G0=achieved -m "all goals met" >/dev/null
	n=$(commit_count)
	run casectl close "$id" --reason "goals achieved" --follow-up +3m -m "Agreed together at the last visit."
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit close "$id" "case closed"
	[[ "$(git log -1 --format=%B)" != *"Forced"* ]]
	f=$(case_md "$id")
	[ "$(yaml_get "$f" "(d['status'], d['phase'], str(d['closed']), d['close-reason'], d['close-note'], str(d['follow-up']))")" = "('closed', 'closed', '2026-11-23', 'goals achieved', 'Agreed together at the last visit.', '2027-02-23')" ]
	# issue 12: closing also ends the open links, in the same commit
	[ "$(git show --name-only --format= HEAD | sed 's|.*/||' | sed 's/^informal-[0-9a-z]*\.md$/LINK/' | sort | tr '\n' ' ')" = "LINK case.md " ]
	assert_not_in_history "achieved"
	assert_not_in_history "Agreed"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "the latest evaluation counts: by date, then by the order of commits" {
	link_case "$id"
	casectl evaluate "$id" --decision close -m x >/dev/null
	casectl evaluate "$id" --decision continue -m x >/dev/null
	before=$(snapshot)
	run casectl close "$id" --reason done
	[ "$status" -eq 1 ]
	[[ "$output" == *"decided 'continue'"* ]]
	[ "$(snapshot)" = "$before" ]
	# an evaluation dated earlier does not count over a later one
	casectl evaluate "$id" --decision close --date -1d -m x >/dev/null
	run casectl close "$id" --reason done
	[ "$status" -eq 1 ]
	[[ "$output" == *"decided 'continue'"* ]]
	for i in 1 2 3; do
		casectl evaluate "$id" --decision continue -m x >/dev/null
		casectl evaluate "$id" --decision close -m x >/dev/null
	done
	run casectl close "$id" --reason done
	[ "$status" -eq 0 ]
	grep -q '^status: closed$' "$(case_md "$id")"
}

@test "close --force REASON closes without a close decision and records why" {
	assess_case "$id"
	run casectl close "$id" --reason "moved abroad" --force "client moved; no evaluation possible"
	[ "$status" -eq 0 ]
	assert_commit close "$id" "case closed"
	[[ "$(git log -1 --format=%B)" == *"Forced: client moved; no evaluation possible"* ]]
	[ "$(yaml_get "$(case_md "$id")" "(d['phase'], d['status'], 'follow-up' in d, 'close-note' in d)")" = "('closed', 'closed', False, False)" ]
	assert_clean
}

@test "close refuses a missing reason, bad follow-up dates and a dirty case" {
	link_case "$id"
	casectl evaluate "$id" --decision close -m x >/dev/null
	before=$(snapshot)
	run casectl close "$id"
	[ "$status" -eq 2 ]
	[[ "$output" == *"give --reason REASON"* ]]
	run casectl close "$id" --reason ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: a case is closed with a reason; give --reason REASON"* ]]
	run casectl close "$id" --reason x --force ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"--force needs a reason"* ]]
	run casectl close "$id" --reason x --follow-up -1d
	[ "$status" -eq 1 ]
	[[ "$output" == *"--follow-up: 2026-11-22 is in the past"* ]]
	run casectl close "$id" --reason x --follow-up soon
	[ "$status" -eq 1 ]
	[[ "$output" == *"'soon'"* ]]
	run casectl close
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which case? give its ID"* ]]
	[ "$(snapshot)" = "$before" ]
	echo "x" >>"$(case_md "$id")"
	before=$(snapshot)
	run casectl close "$id" --reason x
	[ "$status" -eq 1 ]
	[[ "$output" == *"uncommitted changes"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "a closed case refuses every change but reopen" {
	link_case "$id"
	casectl evaluate "$id" --decision close -m x >/dev/null
	casectl close "$id" --reason done >/dev/null
	before=$(snapshot)
	msg="case '$id' is closed; run 'casectl reopen $id' first"
	checked=0
	while IFS='|' read -r name args; do
		if ! casectl help 2>&1 | grep -q "^ *$name "; then
			continue    # not in this build
		fi
		eval "run casectl $name $id $args"
		[ "$status" -eq 1 ] || { echo "$name: status $status: $output"; false; }
		[[ "$output" == *"$msg"* ]] || { echo "$name: $output"; false; }
		checked=$((checked + 1))
	done <<'CMDS'
assess|--need x
plan|--goal "More help" --domain health --measure m --due +1m
link|--informal "Friend"
monitor|-m x
monitor|-m x --force "even so"
evaluate|--decision continue -m x
evaluate|--decision continue -m x --force "even so"
close|--reason again --force "again"
team|--add "Eva"
consent|--grant --to GP --what health
handover|--to "Eva Horak" --reason leave
CMDS
	[ "$checked" -eq 11 ]
	[ "$(snapshot)" = "$before" ]
	# reading still works
	run casectl show "$id"
	[ "$status" -eq 0 ]
	run casectl assess "$id" --list
	[ "$status" -eq 0 ]
}

@test "a closed case refuses hand edits: edit and commit" {
	monitor_case "$id"
	casectl close "$id" --reason done --force test >/dev/null
	before=$(snapshot)
	EDITOR=true run script -qec "$CASECTL_BIN edit $id" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is closed and refuses hand edits"*"casectl reopen $id"* ]]
	[ "$(snapshot)" = "$before" ]
	f=$(case_md "$id")
	sed -i 's/^status: closed$/status: open/; s/^phase: closed$/phase: monitoring/' "$f"
	run casectl commit
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is closed and refuses hand edits; undo them with 'git checkout -- $(case_dir "$id")'"* ]]
	git checkout -q -- .
	echo "note" >>"$STORE/$(case_dir "$id")/plan.md"
	run casectl commit "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is closed and refuses hand edits"* ]]
	git checkout -q -- .
	[ "$(snapshot)" = "$before" ]
}

@test "a case is not closed by hand: status and phase stay in step" {
	monitor_case "$id"
	f=$(case_md "$id")
	before=$(snapshot)
	sed -i 's/^status: open$/status: closed/; s/^phase: .*/phase: closed/' "$f"
	sed -i 's/^review: \(.*\)$/review: \1\nclosed: 2026-11-23/' "$f"
	run casectl commit
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' may not be closed by hand"*"casectl close $id"* ]]
	git checkout -q -- .
	sed -i 's/^status: open$/status: closed/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$(case_dir "$id")/case.md:3: 'status' is 'closed' but 'phase' is 'monitoring'"* ]]
	git checkout -q -- .
	[ "$(snapshot)" = "$before" ]
}

@test "reopen brings a closed case back to assessment; the history keeps the closure" {
	monitor_case "$id"
	casectl evaluate "$id" --decision close -m x >/dev/null
	casectl close "$id" --reason "goals achieved" --follow-up +3m -m "ended well" >/dev/null
	n=$(commit_count)
	run casectl reopen "$id" -m "She fell again and asks for help."
	[ "$status" -eq 0 ]
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit reopen "$id" "case reopened"
	f=$(case_md "$id")
	[ "$(yaml_get "$f" "(d['status'], d['phase'], str(d['reopened']), d['reopen-reason'])")" = "('open', 'assessment', '2026-11-23', 'She fell again and asks for help.')" ]
	[ "$(yaml_get "$f" "[k for k in ('closed', 'close-reason', 'close-note', 'follow-up') if k in d]")" = "[]" ]
	git show "HEAD~1:$(case_dir "$id")/case.md" | grep -q '^close-reason: goals achieved$'
	assert_not_in_history "fell"
	# the case works again: a reassessment, then the plan it already has;
	# a contact meanwhile is noted and keeps the phase (issue 12: the
	# journal is open in every phase)
	run casectl monitor "$id" -m x
	[ "$status" -eq 0 ]
	[ "$(phase_of "$id")" = assessment ]
	run casectl assess "$id" --need "help after the fall"
	[ "$status" -eq 0 ]
	assert_commit assess "$id" "reassessment added"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "reopen without -m leaves no stale reason; reopen refuses an open case" {
	assess_case "$id"
	before=$(snapshot)
	run casectl reopen "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is not closed (phase 'assessment')"* ]]
	[ "$(snapshot)" = "$before" ]
	casectl close "$id" --reason a --force t >/dev/null
	casectl reopen "$id" -m "first return" >/dev/null
	casectl close "$id" --reason b --force t >/dev/null
	run casectl reopen "$id"
	[ "$status" -eq 0 ]
	[ "$(yaml_get "$(case_md "$id")" "('reopen-reason' in d, d['status'])")" = "(False, 'open')" ]
	run casectl reopen "$id" extra
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: too many arguments"* ]]
	run casectl reopen
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which case? give its ID"* ]]
}

@test "reopen refuses a closed case with uncommitted hand edits" {
	assess_case "$id"
	casectl close "$id" --reason a --force t >/dev/null
	echo "x" >>"$(case_md "$id")"
	before=$(snapshot)
	run casectl reopen "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"uncommitted changes"* ]]
	[ "$(snapshot)" = "$before" ]
}
