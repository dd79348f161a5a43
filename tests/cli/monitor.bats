#!/usr/bin/env bats
# casectl monitor: the case journal, its rules and refusals

load helper
load journey

setup() { setup_common; new_store; id=$(open_case); }

@test "monitor before a plan notes the contact and keeps the phase; progress needs a plan" {
	# issue 12: contacts happen in every phase, so the journal no longer
	# needs a plan (it used to refuse here and ask for --force)
	assess_case "$id"
	run casectl monitor "$id" -m "called her"
	[ "$status" -eq 0 ]
	assert_commit monitor "$id" "visit"
	[[ "$(git log -1 --format=%B)" != *"Forced:"* ]]
	[ "$(phase_of "$id")" = assessment ]
	before=$(snapshot)
	run casectl monitor "$id" -m "called her" --goal G1 --progress on-track
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' has no plan yet; run 'casectl plan $id' first"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl monitor "$id" -m x --force ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --force needs a reason"* ]]
	assert_clean
}

@test "monitor with every option writes the journal entry, the review and one commit" {
	link_case "$id"
	n=$(commit_count)
	run casectl monitor "$id" --kind phone --with "daughter Eva" --with "home care nurse" \
		--minutes 20 --date -1d --goal G1 --progress on-track --goal g1.1 --progress behind \
		--client-present --next-review +2m -m "Meals arrive; the nurse comes once a day only."
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^journal/2026-11-23-[0-9a-z]{4}\.md$ ]]
	f=$STORE/$(case_dir "$id")/$output
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit monitor "$id" "phone contact, 20 minutes, progress on G1, G1.1"
	[ "$(yaml_get "$f" "list(d.keys())")" = "['date', 'kind', 'by', 'with', 'minutes', 'client-present', 'progress', 'next-review']" ]
	[ "$(yaml_get "$f" "(str(d['date']), d['kind'], d['by'], d['with'], d['minutes'], d['client-present'])")" = "('2026-11-22', 'phone', 'Jana Novak', ['daughter Eva', 'home care nurse'], 20, True)" ]
	[ "$(yaml_get "$f" "d['progress']")" = "[{'goal': 'G1', 'state': 'on-track'}, {'goal': 'G1.1', 'state': 'behind'}]" ]
	[ "$(yaml_get "$f" "str(d['next-review'])")" = "2027-01-23" ]
	grep -q "Meals arrive; the nurse comes once a day only." "$f"
	grep -q '^review: 2027-01-23$' "$(case_md "$id")"
	[ "$(phase_of "$id")" = monitoring ]
	[ "$(git show --name-only --format= HEAD | sed 's|.*/||' | sort)" = "$(printf '%s\n%s' case.md "$(basename "$f")" | sort)" ]
	assert_not_in_history "Eva"
	assert_not_in_history "nurse"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "monitor defaults to a visit and moves planning to monitoring" {
	plan_case "$id"
	[ "$(phase_of "$id")" = planning ]
	run casectl monitor "$id" -m "visited"
	[ "$status" -eq 0 ]
	f=$STORE/$(case_dir "$id")/$output
	[ "$(yaml_get "$f" "(d['kind'], 'minutes' in d, 'client-present' in d, d['with'], d['progress'])")" = "('visit', False, False, [], [])" ]
	assert_commit monitor "$id" "visit"
	[ "$(phase_of "$id")" = monitoring ]
	[ "$(git show --name-only --format= HEAD | wc -l)" -eq 2 ]
	for k in message consultation feedback; do
		casectl monitor "$id" --kind "$k" --minutes 1 -m x >/dev/null
	done
	[ "$(git log -3 --format=%s | sed 's/^[^:]*: //' | tr '\n' '|')" = "written feedback, 1 minute|case consultation, 1 minute|message, 1 minute|" ]
	[ "$(phase_of "$id")" = monitoring ]
}

@test "a case conference needs the client, or the reason the client was absent" {
	link_case "$id"
	before=$(snapshot)
	run casectl monitor "$id" --kind conference --with GP -m "met"
	[ "$status" -eq 2 ]
	[[ "$output" == *"a case conference is always with the client: give --client-present, or --client-absent REASON"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl monitor "$id" --kind conference --client-absent "in hospital" -m "met without her"
	[ "$status" -eq 0 ]
	f=$STORE/$(case_dir "$id")/$output
	[ "$(yaml_get "$f" "(d['client-present'], d['absent-reason'])")" = "(False, 'in hospital')" ]
	assert_commit monitor "$id" "case conference"
	assert_not_in_history "hospital"
	run casectl monitor "$id" --kind conference --client-present --minutes 90 -m "met with her"
	[ "$status" -eq 0 ]
	assert_commit monitor "$id" "case conference, 90 minutes"
	run casectl monitor "$id" --client-present --client-absent x -m y
	[ "$status" -eq 2 ]
	[[ "$output" == *"not both"* ]]
	run casectl monitor "$id" --kind conference --client-absent "" -m y
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --client-absent needs the reason the client was absent"* ]]
	assert_clean
}

@test "monitor refuses goals that are not in the plan" {
	link_case "$id"
	before=$(snapshot)
	run casectl monitor "$id" --goal G7 --progress done -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"goal 'G7' is not in the plan of case '$id' (its goals: G0, G1, G1.1)"* ]]
	run casectl monitor "$id" --goal G1.2 --progress done -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"'G1.2' is not in the plan"* ]]
	run casectl monitor "$id" --goal seven --progress done -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"'seven' is not a goal ID"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "monitor refuses bad kinds, states, minutes, dates and unpaired options" {
	link_case "$id"
	before=$(snapshot)
	run casectl monitor "$id" --kind party -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"'party' is not a valid --kind; use one of visit, phone, message, consultation, conference, feedback"* ]]
	run casectl monitor "$id" --goal G1 --progress fast -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"'fast' is not a valid --progress; use one of not-started, on-track, behind, blocked, done"* ]]
	run casectl monitor "$id" --progress done --goal G1 -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"--progress done: put it after the --goal"* ]]
	run casectl monitor "$id" --goal G1 --goal G0 --progress done -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"--goal G1 needs --progress STATE"* ]]
	run casectl monitor "$id" --goal G1 --progress done --goal G1 --progress behind -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"--goal G1 is given twice"* ]]
	for m in abc -5 1441 99999 "" 1.5; do
		run casectl monitor "$id" --minutes "$m" -m x
		[ "$status" -eq 2 ]
		[[ "$output" == *"--minutes must be a whole number from 0 to 1440"* ]]
	done
	run casectl monitor "$id" --date +1d -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"--date: 2026-11-24 is in the future"* ]]
	run casectl monitor "$id" --next-review -1d -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"--next-review: 2026-11-22 is in the past"* ]]
	run casectl monitor "$id" --next-review someday -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: --next-review: 'someday' is not a date; use YYYY-MM-DD or a relative form such as +14d, +2w, +3m, +1y"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl monitor "$id" --minutes 0 -m x
	[ "$status" -eq 0 ]
	run casectl monitor "$id" --minutes 1440 -m x
	[ "$status" -eq 0 ]
	assert_commit monitor "$id" "visit, 1440 minutes"
}

@test "monitor without -m and without a terminal fails naming -m" {
	link_case "$id"
	before=$(snapshot)
	run casectl monitor "$id" --kind phone </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a terminal"*"-m TEXT"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "monitor in the editor: the whole entry is edited, checked and committed" {
	link_case "$id"
	cat >"$BATS_TEST_TMPDIR/prog" <<'SED'
s/^minutes:$/minutes: 35/
s/^progress: \[\]$/progress:\n  - goal: G1\n    state: blocked/
$a She was not at home; spoke to the neighbour.
SED
	ed=$(make_editor "$BATS_TEST_TMPDIR/prog")
	with_terminal "$ed" monitor "$id" --kind visit --with neighbour
	[ "$status" -eq 0 ]
	file=$(echo "$output" | tr -d '\r' | tail -1)
	f=$STORE/$(case_dir "$id")/$file
	[ "$(yaml_get "$f" "(d['minutes'], d['progress'], d['with'], 'absent-reason' in d)")" = "(35, [{'goal': 'G1', 'state': 'blocked'}], ['neighbour'], False)" ]
	grep -q "spoke to the neighbour" "$f"
	assert_commit monitor "$id" "visit, 35 minutes, progress on G1"
	assert_clean
}

@test "monitor in the editor: a conference without the client or an unknown goal is refused and kept" {
	link_case "$id"
	before=$(snapshot)
	echo '$a met without her' >"$BATS_TEST_TMPDIR/prog"
	ed=$(make_editor "$BATS_TEST_TMPDIR/prog")
	with_terminal "$ed" monitor "$id" --kind conference
	[ "$status" -eq 1 ]
	[[ "$output" == *"journal/2026-11-23-"*".md:3: a case conference is always with the client"* ]]
	[[ "$output" == *".git/casectl/JOURNAL.md"* ]]
	printf '%s\n' 's/^progress: \[\]$/progress:\n  - goal: G9\n    state: done/' '$a x' >"$BATS_TEST_TMPDIR/prog"
	with_terminal "$ed" monitor "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"goal 'G9' is not in the plan"* ]]
	with_terminal true monitor "$id"
	[ "$status" -eq 1 ]
	[ "$(snapshot)" = "$before" ]
}

@test "monitor refuses a closed case and a dirty one" {
	link_case "$id"
	echo "hand edit" >>"$(case_md "$id")"
	before=$(snapshot)
	run casectl monitor "$id" -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"uncommitted changes"* ]]
	[ "$(snapshot)" = "$before" ]
	git checkout -q -- .
	casectl close "$id" --reason "moved" --force "test" >/dev/null
	before=$(snapshot)
	run casectl monitor "$id" -m x --force "even so"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is closed; run 'casectl reopen $id' first"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "hand-edited journal entries are checked with file and line" {
	link_case "$id"
	run casectl monitor "$id" --kind conference --client-present --goal G1 --progress done --minutes 10 -m x
	[ "$status" -eq 0 ]
	f=$STORE/$(case_dir "$id")/$output
	rel=$(case_dir "$id")/$output
	sed -i 's/^client-present: true$/client-present: false/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:3: a case conference is always with the client"* ]]
	git checkout -q -- "$f"
	sed -i 's/^minutes: 10$/minutes: 5000/' "$f"
	run casectl commit
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:"[0-9]*": 'minutes' must be at most 1440"* ]]
	git checkout -q -- "$f"
	sed -i 's/^    state: done$/    state: finished/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:"[0-9]*": 'state' must be one of not-started, on-track, behind, blocked, done, not 'finished'"* ]]
	git checkout -q -- "$f"
	sed -i 's/^  - goal: G1$/  - goal: goal one/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:"[0-9]*": 'goal' 'goal one' is not a goal ID"* ]]
	git checkout -q -- "$f"
	sed -i 's/^kind: conference$/kind: party/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:3: 'kind' must be one of"* ]]
}
