#!/usr/bin/env bats
# casectl team: the responsibility group and contact overview

load helper
load network

setup() { setup_common; new_store; }

@test "team --add adds members T1, T2 with one commit each and no names in git" {
	id=$(open_case)
	n=$(commit_count)
	run casectl team "$id" --add "Eva Nováková" --role daughter --contact "+420 777 1" \
		--topic "daily care" --topic money --informal
	[ "$status" -eq 0 ]
	[ "$output" = "T1" ]
	assert_commit team "$id" "team member T1 added"
	[ "$(commit_count)" -eq $((n + 1)) ]
	run casectl team "$id" --add "Dr. Petr Malý" --role GP --org "Poliklinika Praha 7" \
		--topic health
	[ "$status" -eq 0 ]
	[ "$output" = "T2" ]
	assert_commit team "$id" "team member T2 added"
	run casectl team "$id" --add "Jan Soudny" --role guardian --org "District court" --guardian
	[ "$status" -eq 0 ]
	[ "$output" = "T3" ]
	f=$STORE/$(case_dir "$id")/team.md
	[ "$(yaml_get "$f" "[m['id'] for m in d['members']]")" = "['T1', 'T2', 'T3']" ]
	[ "$(yaml_get "$f" "d['members'][0]")" = "{'id': 'T1', 'name': 'Eva Nováková', 'role': 'daughter', 'contact': '+420 777 1', 'topics': ['daily care', 'money'], 'informal': True, 'guardian': False}" ]
	[ "$(yaml_get "$f" "(d['members'][1]['organisation'], d['members'][1]['informal'], d['members'][1]['guardian'])")" = "('Poliklinika Praha 7', False, False)" ]
	[ "$(yaml_get "$f" "(d['members'][2]['guardian'], 'topics' in d['members'][2])")" = "(True, False)" ]
	assert_not_in_history "Nováková"
	assert_not_in_history "Malý"
	assert_not_in_history "Soudny"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "team without options prints the contact overview as an aligned table" {
	id=$(open_case)
	casectl team "$id" --add "Eva Nováková" --role daughter --topic "daily care" --topic money --informal >/dev/null
	casectl team "$id" --add "Dr. Petr Malý" --role GP --org "Poliklinika" --contact "222 333" --guardian >/dev/null
	before=$(snapshot)
	run casectl team "$id"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == "ID  NAME"*"ROLE"*"ORGANISATION"*"CONTACT"*"TOPICS"*"NOTE" ]]
	[[ "${lines[1]}" == "T1  Eva Nováková"*"daughter"*"daily care; money"*"informal" ]]
	[[ "${lines[2]}" == "T2  Dr. Petr Malý"*"GP"*"Poliklinika"*"222 333"*"guardian" ]]
	# every column starts at the same character in every line
	/usr/bin/python3 - "$output" <<'PY'
import sys
lines = sys.argv[1].splitlines()
head = lines[0]
for col in ("NAME", "ROLE", "ORGANISATION", "CONTACT", "TOPICS", "NOTE"):
    at = head.index(col)
    for l in lines[1:]:
        assert l[at - 2:at] == "  " and l[at] != " ", (col, l)
PY
	[ "$(snapshot)" = "$before" ]
}

@test "team --format json prints one object per member per line" {
	id=$(open_case)
	casectl team "$id" --add 'Eva "Evi" Nová' --role daughter --topic a --topic b --informal >/dev/null
	casectl team "$id" --add "Dr. Malý" --org "Clinic" --guardian >/dev/null
	run casectl team "$id" --format json
	[ "$status" -eq 0 ]
	[ "$(json_objects "$output")" -eq 2 ]
	/usr/bin/python3 - "$output" <<'PY'
import json, sys
a, b = [json.loads(l) for l in sys.argv[1].splitlines()]
assert a == {"id": "T1", "name": 'Eva "Evi" Nová', "role": "daughter",
             "topics": ["a", "b"], "informal": True, "guardian": False}, a
assert b["id"] == "T2" and b["organisation"] == "Clinic" and b["guardian"] is True, b
assert b["informal"] is False, b
PY
	run casectl team "$id" --format xml
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: unknown format 'xml'; use text or json"* ]]
}

@test "team of a case without members prints nothing" {
	id=$(open_case)
	run casectl team "$id"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run casectl team "$id" --format json
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "team --set changes, clears and replaces fields" {
	id=$(open_case)
	casectl team "$id" --add "Eva" --role daughter --org "Family" --topic a --informal --guardian >/dev/null
	casectl team "$id" --add "Petr" --role GP >/dev/null
	run casectl team "$id" --set t1 --name "Eva Horak" --role niece --org "" --topic x --topic y \
		--professional --no-guardian --contact "555"
	[ "$status" -eq 0 ]
	assert_commit team "$id" "team member T1 changed"
	f=$STORE/$(case_dir "$id")/team.md
	[ "$(yaml_get "$f" "d['members'][0]")" = "{'id': 'T1', 'name': 'Eva Horak', 'role': 'niece', 'topics': ['x', 'y'], 'informal': False, 'guardian': False, 'contact': '555'}" ]
	[ "$(yaml_get "$f" "d['members'][1]['name']")" = "Petr" ]
	run casectl team "$id" --set T2 --informal --guardian
	[ "$status" -eq 0 ]
	[ "$(yaml_get "$f" "(d['members'][1]['informal'], d['members'][1]['guardian'])")" = "(True, True)" ]
	assert_not_in_history "Horak"
	assert_clean
}

@test "team --remove drops a member and IDs are not reused for the highest" {
	id=$(open_case)
	casectl team "$id" --add A >/dev/null
	casectl team "$id" --add B >/dev/null
	casectl team "$id" --add C >/dev/null
	run casectl team "$id" --remove T2
	[ "$status" -eq 0 ]
	assert_commit team "$id" "team member T2 removed"
	f=$STORE/$(case_dir "$id")/team.md
	[ "$(yaml_get "$f" "[m['id'] + m['name'] for m in d['members']]")" = "['T1A', 'T3C']" ]
	run casectl team "$id" --add D
	[ "$status" -eq 0 ]
	[ "$output" = "T4" ]
	assert_clean
}

@test "team changes are allowed in every open phase" {
	id=$(open_case)
	for p in assessment planning linking monitoring evaluation; do
		set_phase "$id" "$p"
		run casectl team "$id" --add "Member in $p"
		[ "$status" -eq 0 ]
		grep -q "^phase: $p$" "$STORE/$(case_dir "$id")/case.md"
	done
	[ "$(yaml_get "$STORE/$(case_dir "$id")/team.md" "len(d['members'])")" -eq 5 ]
	assert_clean
}

@test "team on a closed case is refused but can still be listed" {
	id=$(open_case)
	casectl team "$id" --add "Eva" >/dev/null
	close_case "$id"
	grep -q '^status: closed$' "$STORE/$(case_dir "$id")/case.md"
	before=$(snapshot)
	run casectl team "$id" --add "Petr"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is closed"* ]]
	run casectl team "$id" --set T1 --role x
	[ "$status" -eq 1 ]
	[[ "$output" == *"closed"* ]]
	run casectl team "$id" --remove T1
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: case '"*"' is closed; run 'casectl reopen "*"' first"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl team "$id"
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == "T1  Eva"* ]]
}

@test "team refusals: unknown or bad member IDs, nothing to change" {
	id=$(open_case)
	casectl team "$id" --add "Eva" --role daughter >/dev/null
	before=$(snapshot)
	run casectl team "$id" --set T9 --role x
	[ "$status" -eq 1 ]
	[[ "$output" == *"no team member 'T9'"* ]]
	run casectl team "$id" --remove T9
	[ "$status" -eq 1 ]
	[[ "$output" == *"no team member 'T9'"* ]]
	run casectl team "$id" --set X1 --role x
	[ "$status" -eq 2 ]
	[[ "$output" == *"'X1' is not a team member ID"* ]]
	run casectl team "$id" --set T1 --role daughter
	[ "$status" -eq 1 ]
	[[ "$output" == *"nothing changed for team member 'T1'"* ]]
	run casectl team "$id" --set T1 --name ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"name must not be empty"* ]]
	run casectl team zzzzzz --add X
	[ "$status" -eq 1 ]
	[[ "$output" == *"no case 'zzzzzz'"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "team usage errors exit 2 and write nothing" {
	id=$(open_case)
	before=$(snapshot)
	run casectl team
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which case? give its ID"* ]]
	run casectl team "$id" --add ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"needs a name"* ]]
	run casectl team "$id" --role x
	[ "$status" -eq 2 ]
	[[ "$output" == *"--add or --set"* ]]
	run casectl team "$id" --set T1
	[ "$status" -eq 2 ]
	[[ "$output" == *"nothing to change"* ]]
	run casectl team "$id" --add A --remove T1
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: give only one of --add, --set and --remove"* ]]
	run casectl team "$id" --remove T1 --role x
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: the member options go with --add or --set"* ]]
	run casectl team "$id" --add A --name B
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --name is for --set; --add takes the name"* ]]
	run casectl team "$id" --add A --format json
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --format is for listing the team"* ]]
	run casectl team "$id" --bogus
	[ "$status" -eq 2 ]
	[[ "$output" == *"'--bogus'"*"usage: casectl team"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "team refuses a case with uncommitted hand edits" {
	id=$(open_case)
	echo "note" >>"$STORE/$(case_dir "$id")/case.md"
	before=$(snapshot)
	run casectl team "$id" --add Eva
	[ "$status" -eq 1 ]
	[[ "$output" == *"uncommitted changes"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "hand edits of team.md are validated with file and line" {
	id=$(open_case)
	casectl team "$id" --add Eva --informal >/dev/null
	casectl team "$id" --add Petr >/dev/null
	f=$STORE/$(case_dir "$id")/team.md
	sed -i 's/^    informal: true$/    informal: perhaps/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"team.md:5: 'informal' must be true or false, not 'perhaps'"* ]]
	run casectl commit "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"/team.md:5: 'informal' must be true or false, not 'perhaps'"* ]]
	git -C "$STORE" checkout -q -- .
	sed -i 's/^  - id: T2$/  - id: T1/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"team.md:"*"team member ID 'T1' is used twice"* ]]
	git -C "$STORE" checkout -q -- .
	sed -i 's/^  - id: T2$/  - id: X2/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"team.md:"*"'id' must be T1, T2, ..., not 'X2'"* ]]
	git -C "$STORE" checkout -q -- .
	sed -i 's/^    name: Petr$/    name: ""/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"team.md:"*"'name' must not be empty"* ]]
	git -C "$STORE" checkout -q -- .
	printf -- '---\nmembers: nobody\n---\n' >"$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"team.md:2: 'members' must be a list"* ]]
}
