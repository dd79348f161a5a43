#!/usr/bin/env bats
# casectl evaluate: outcomes written to the plan, decisions move the phase

load helper
load journey

setup() { setup_common; new_store; id=$(open_case); }

plan_status() {
	yaml_get "$STORE/$(case_dir "$id")/plan.md" "[(g['id'], g['status']) for g in d['goals']]"
}

@test "evaluate before linking is refused; --force REASON goes ahead and is recorded" {
	plan_case "$id"
	before=$(snapshot)
	run casectl evaluate "$id" --decision continue -m "early look"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' has no services linked yet (phase 'planning'); run 'casectl link $id' first, or give --force REASON"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl evaluate "$id" --decision replan -m "the plan does not fit" --force "plan broke down"
	[ "$status" -eq 0 ]
	assert_commit evaluate "$id" "evaluation added, decision replan"
	[[ "$(git log -1 --format=%B)" == *"Forced: plan broke down"* ]]
	[ "$(phase_of "$id")" = planning ]
	run casectl evaluate "$id" --decision replan -m x --force ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --force needs a reason"* ]]
	assert_clean
}

@test "evaluate writes the evaluation and the goals' outcomes to the plan in one commit" {
	monitor_case "$id"
	n=$(commit_count)
	run casectl evaluate "$id" --decision continue --goal G1=partly --goal g1.1=achieved \
		--client-view "The meals help; I still feel alone." --worker-view "Home care works." \
		--date -2d -m "Six weeks in."
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^evaluations/2026-11-23-[0-9a-z]{4}\.md$ ]]
	f=$STORE/$(case_dir "$id")/$output
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit evaluate "$id" "evaluation added, decision continue"
	[ "$(yaml_get "$f" "list(d.keys())")" = "['date', 'by', 'decision', 'outcomes', 'client-view', 'worker-view']" ]
	[ "$(yaml_get "$f" "(str(d['date']), d['by'], d['decision'], d['outcomes'])")" = "('2026-11-21', 'Jana Novak', 'continue', [{'goal': 'G1', 'outcome': 'partly'}, {'goal': 'G1.1', 'outcome': 'achieved'}])" ]
	[ "$(yaml_get "$f" "(d['client-view'], d['worker-view'])")" = "('The meals help; I still feel alone.', 'Home care works.')" ]
	grep -q "Six weeks in." "$f"
	[ "$(plan_status)" = "[('G0', 'open'), ('G1', 'partly'), ('G1.1', 'achieved')]" ]
	[ "$(git show --name-only --format= HEAD | sed 's|.*/||' | sort | tr '\n' ' ')" = "$(basename "$f") plan.md " ]
	[ "$(phase_of "$id")" = monitoring ]
	assert_not_in_history "alone"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "each decision moves the phase as the method says" {
	monitor_case "$id"
	for pair in step-down:monitoring refer:linking close:evaluation continue:monitoring close:evaluation replan:planning; do
		casectl evaluate "$id" --decision "${pair%%:*}" -m x >/dev/null
		[ "$(phase_of "$id")" = "${pair#*:}" ] || { echo "$pair gave $(phase_of "$id")"; false; }
		assert_commit evaluate "$id" "evaluation added, decision ${pair%%:*}"
	done
	# an evaluation that decided close does not close the case
	grep -q '^status: open$' "$(case_md "$id")"
	[ "$(ls "$STORE/$(case_dir "$id")/evaluations" | wc -l)" -eq 6 ]
	# after replan, evaluating needs linking again
	run casectl evaluate "$id" --decision continue -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"phase 'planning'"* ]]
}

@test "evaluate refuses bad decisions and outcomes, and unknown or repeated goals" {
	link_case "$id"
	before=$(snapshot)
	run casectl evaluate "$id" -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"needs a decision"* ]]
	run casectl evaluate "$id" --decision stop -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"'stop' is not a valid --decision; use one of continue, replan, step-down, refer, close"* ]]
	run casectl evaluate "$id" --decision continue --goal G1=great -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"'great' is not a valid outcome; use one of achieved, partly, not-achieved, dropped"* ]]
	run casectl evaluate "$id" --decision continue --goal G1 -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"--goal needs GOAL=OUTCOME"* ]]
	run casectl evaluate "$id" --decision continue --goal =achieved -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --goal needs GOAL=OUTCOME (for example G1=achieved), not '=achieved'"* ]]
	run casectl evaluate "$id" --decision continue --goal G1=achieved --goal G1=partly -m x
	[ "$status" -eq 2 ]
	[[ "$output" == *"--goal G1 is given twice"* ]]
	run casectl evaluate "$id" --decision continue --goal G9=achieved -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"goal 'G9' is not in the plan of case '$id' (its goals: G0, G1, G1.1)"* ]]
	run casectl evaluate "$id" --decision continue --date +1d -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"in the future"* ]]
	[ "$(snapshot)" = "$before" ]
	[ "$(plan_status)" = "[('G0', 'open'), ('G1', 'open'), ('G1.1', 'open')]" ]
}

@test "evaluate without text and without a terminal fails naming the options" {
	link_case "$id"
	before=$(snapshot)
	run casectl evaluate "$id" --decision continue --goal G1=partly </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a terminal"*"-m TEXT"*"--client-view"*"--worker-view"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl evaluate "$id" --decision continue --client-view "fine"
	[ "$status" -eq 0 ]
	f=$STORE/$(case_dir "$id")/$output
	[ "$(yaml_get "$f" "('worker-view' in d, d['client-view'], d['outcomes'])")" = "(False, 'fine', [])" ]
	[ "$(sed -n '/^---$/,/^---$/!p' "$f")" = "" ]
}

@test "evaluate in the editor: the decision and outcomes of the edited text count" {
	link_case "$id"
	cat >"$BATS_TEST_TMPDIR/prog" <<'SED'
s/^decision: continue$/decision: replan/
s/^outcomes:$/outcomes:\n  - goal: G0\n    outcome: not-achieved/
s/^client-view:$/client-view: I want to move to my daughter./
SED
	ed=$(make_editor "$BATS_TEST_TMPDIR/prog")
	with_terminal "$ed" evaluate "$id" --decision continue --goal G1=dropped
	[ "$status" -eq 0 ]
	file=$(echo "$output" | tr -d '\r' | tail -1)
	f=$STORE/$(case_dir "$id")/$file
	[ "$(yaml_get "$f" "(d['decision'], d['outcomes'], d['client-view'])")" = "('replan', [{'goal': 'G0', 'outcome': 'not-achieved'}, {'goal': 'G1', 'outcome': 'dropped'}], 'I want to move to my daughter.')" ]
	[ "$(phase_of "$id")" = planning ]
	[ "$(plan_status)" = "[('G0', 'not-achieved'), ('G1', 'dropped'), ('G1.1', 'open')]" ]
	assert_commit evaluate "$id" "evaluation added, decision replan"
	assert_clean
}

@test "evaluate in the editor: a bad decision or unknown goal is refused with its line" {
	link_case "$id"
	before=$(snapshot)
	echo 's/^decision: continue$/decision: maybe/' >"$BATS_TEST_TMPDIR/prog"
	ed=$(make_editor "$BATS_TEST_TMPDIR/prog")
	with_terminal "$ed" evaluate "$id" --decision continue
	[ "$status" -eq 1 ]
	[[ "$output" == *"evaluations/2026-11-23-"*".md:4: 'decision' must be one of"* ]]
	[[ "$output" == *".git/casectl/EVALUATION.md"* ]]
	echo 's/^outcomes:$/outcomes:\n  - goal: G5\n    outcome: achieved/' >"$BATS_TEST_TMPDIR/prog"
	with_terminal "$ed" evaluate "$id" --decision continue --goal G1=partly
	[ "$status" -eq 1 ]
	[[ "$output" == *"goal 'G5' is not in the plan"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "evaluate refuses a closed case and a dirty one" {
	link_case "$id"
	echo "x" >>"$STORE/$(case_dir "$id")/plan.md"
	before=$(snapshot)
	run casectl evaluate "$id" --decision continue -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"plan.md' has uncommitted changes"* ]]
	[ "$(snapshot)" = "$before" ]
	git checkout -q -- .
	casectl evaluate "$id" --decision close -m done >/dev/null
	casectl close "$id" --reason "goals achieved" >/dev/null
	before=$(snapshot)
	run casectl evaluate "$id" --decision continue -m x --force "still"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is closed; run 'casectl reopen $id' first"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "hand-edited evaluations are checked with file and line" {
	link_case "$id"
	run casectl evaluate "$id" --decision continue --goal G1=partly --goal G0=achieved -m x
	[ "$status" -eq 0 ]
	f=$STORE/$(case_dir "$id")/$output
	rel=$(case_dir "$id")/$output
	sed -i 's/^    outcome: partly$/    outcome: half/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:7: 'outcome' must be one of achieved, partly, not-achieved, dropped, not 'half'"* ]]
	git checkout -q -- "$f"
	sed -i 's/^  - goal: G0$/  - goal: G1/' "$f"
	run casectl commit
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:8: goal 'G1' appears twice in 'outcomes'"* ]]
	git checkout -q -- "$f"
	sed -i '/^decision:/d' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:"[0-9]*": missing required key 'decision'"* ]]
}
