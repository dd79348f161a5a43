#!/usr/bin/env bats
# casectl handover: a new case manager, with the reason on record

load helper
load journey

setup() { setup_common; new_store; id=$(open_case); }

@test "handover replaces the manager and records who, when and why" {
	n=$(commit_count)
	run casectl handover "$id" --to "Eva Horáková <eva@example.org>" --reason "Jana goes on parental leave"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit handover "$id" "case handed over"
	f=$(case_md "$id")
	[ "$(yaml_get "$f" "d['manager']")" = "{'name': 'Eva Horáková', 'email': 'eva@example.org'}" ]
	[ "$(yaml_get "$f" "[(str(h['date']), h['from'], h['to'], h['reason']) for h in d['handovers']]")" = "[('2026-11-23', 'Jana Novak <jana@example.org>', 'Eva Horáková <eva@example.org>', 'Jana goes on parental leave')]" ]
	[ "$(phase_of "$id")" = intake ]
	[ "$(git show --name-only --format= HEAD | sed 's|.*/||')" = "case.md" ]
	assert_not_in_history "Horáková"
	assert_not_in_history "parental"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "handover takes a name or an email; later handovers append" {
	casectl handover "$id" --to "Petr Maly" --reason "caseload" >/dev/null
	f=$(case_md "$id")
	[ "$(yaml_get "$f" "d['manager']")" = "{'name': 'Petr Maly'}" ]
	casectl handover "$id" --to "olga@example.org" --reason "Petr left" >/dev/null
	[ "$(yaml_get "$f" "d['manager']")" = "{'name': 'olga@example.org', 'email': 'olga@example.org'}" ]
	[ "$(yaml_get "$f" "[(h['from'], h['to']) for h in d['handovers']]")" = "[('Jana Novak <jana@example.org>', 'Petr Maly'), ('Petr Maly', 'olga@example.org')]" ]
	run casectl list --manager olga@example.org --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *"$id"* ]]
}

@test "handover is allowed in every phase of an open case" {
	for step in assess_case plan_case link_case; do
		id=$(open_case)
		$step "$id"
		run casectl handover "$id" --to "Eva <eva@example.org>" --reason "team change"
		[ "$status" -eq 0 ]
		assert_commit handover "$id" "case handed over"
	done
	casectl evaluate "$id" --decision close -m x >/dev/null
	run casectl handover "$id" --to "Jana Novak <jana@example.org>" --reason "back"
	[ "$status" -eq 0 ]
	[ "$(phase_of "$id")" = evaluation ]
}

@test "handover refuses missing options, the same manager, a closed and a dirty case" {
	before=$(snapshot)
	run casectl handover "$id" --reason x
	[ "$status" -eq 2 ]
	[[ "$output" == *"give --to WORKER"* ]]
	run casectl handover "$id" --to "Eva"
	[ "$status" -eq 2 ]
	[[ "$output" == *"a handover needs a reason; give --reason TEXT"* ]]
	run casectl handover "$id" --to "Eva" --reason ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: a handover needs a reason; give --reason TEXT"* ]]
	run casectl handover --to Eva --reason x
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which case? give its ID"* ]]
	run casectl handover "$id" --to "<>" --reason x
	[ "$status" -eq 1 ]
	[[ "$output" == *"is not a person"* ]]
	run casectl handover "$id" --to "JANA@example.org" --reason x
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is already managed by 'JANA@example.org'"* ]]
	run casectl handover "$id" --to "jana novak" --reason x
	[ "$status" -eq 1 ]
	[[ "$output" == *"already managed"* ]]
	[ "$(snapshot)" = "$before" ]
	echo "x" >>"$(case_md "$id")"
	before=$(snapshot)
	run casectl handover "$id" --to Eva --reason x
	[ "$status" -eq 1 ]
	[[ "$output" == *"uncommitted changes"* ]]
	[ "$(snapshot)" = "$before" ]
	git checkout -q -- .
	casectl close "$id" --reason done --force test >/dev/null
	before=$(snapshot)
	run casectl handover "$id" --to Eva --reason x
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is closed; run 'casectl reopen $id' first"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "hand-edited handovers are checked with file and line" {
	casectl handover "$id" --to "Eva <eva@example.org>" --reason "leave" >/dev/null
	f=$(case_md "$id")
	rel=$(case_dir "$id")/case.md
	sed -i '/^    reason: leave$/d' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:"[0-9]*": missing required key 'reason'"* ]]
	git checkout -q -- .
	sed -i 's/^  - date: 2026-11-23$/  - date: last week/' "$f"
	run casectl commit
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:"[0-9]*": 'date' is not a date"* ]]
	git checkout -q -- .
	sed -i 's/^handovers:$/handovers: many/; /^  - date:/,/^    reason:/d' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:"[0-9]*": 'handovers' must be a list"* ]]
}
