#!/usr/bin/env bats
# casectl consent: grants and withdrawals as dated events

load helper
load network

setup() { setup_common; new_store; }

@test "consent --grant writes one event file and commits it without the scope" {
	id=$(open_case)
	n=$(commit_count)
	run casectl consent "$id" --grant --to "Home Care Praha 7" --what "diagnosis and medication" --expires +6m
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^C[0-9A-HJKMNP-TV-Z]{4}$ ]]
	cid=$output
	assert_commit consent "$id" "consent $cid granted"
	[ "$(commit_count)" -eq $((n + 1)) ]
	d=$(case_dir "$id")
	suffix=$(echo "${cid:1}" | tr 'A-Z' 'a-z')
	f=$STORE/$d/consent/2026-11-23-$suffix.md
	[ -f "$f" ]
	[ "$(yaml_get "$f" "d")" = "{'id': '$cid', 'action': 'grant', 'date': datetime.date(2026, 11, 23), 'by': 'Jana Novak', 'to': 'Home Care Praha 7', 'what': 'diagnosis and medication', 'expires': datetime.date(2027, 5, 23)}" ]
	assert_not_in_history "diagnosis"
	assert_not_in_history "Home Care"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "consent lists grants with their state: active, expired, withdrawn" {
	id=$(open_case)
	a=$(casectl consent "$id" --grant --to "GP" --what "health")
	b=$(casectl consent "$id" --grant --to "Day centre" --what "contact details" --expires 2026-12-01)
	c=$(casectl consent "$id" --grant --to "Housing office" --what "income")
	CASECTL_NOW=2026-11-25 casectl consent "$id" --withdraw "$c"
	export CASECTL_NOW=2026-12-02
	before=$(snapshot)
	run casectl consent "$id"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[[ "${lines[0]}" == "ID     STATE      GRANTED     EXPIRES     WITHDRAWN   TO"*"WHAT" ]]
	echo "$output" | grep -q "^$a  active     2026-11-23  -           -           GP  *health$"
	echo "$output" | grep -q "^$b  expired    2026-11-23  2026-12-01  -           Day centre  *contact details$"
	echo "$output" | grep -q "^$c  withdrawn  2026-11-23  -           2026-11-25  Housing office  *income$"
	run casectl consent "$id" --format json
	[ "$status" -eq 0 ]
	[ "$(json_objects "$output")" -eq 3 ]
	/usr/bin/python3 - "$output" "$a" "$b" "$c" <<'PY'
import json, sys
rows = {j["id"]: j for j in map(json.loads, sys.argv[1].splitlines())}
a, b, c = sys.argv[2:5]
assert rows[a] == {"id": a, "state": "active", "date": "2026-11-23", "by": "Jana Novak",
                   "to": "GP", "what": "health", "expires": None, "withdrawn": None}, rows[a]
assert rows[b]["state"] == "expired" and rows[b]["expires"] == "2026-12-01", rows[b]
assert rows[c]["state"] == "withdrawn" and rows[c]["withdrawn"] == "2026-11-25", rows[c]
PY
	[ "$(snapshot)" = "$before" ]
}

@test "consent --withdraw adds a withdraw event and never edits the grant" {
	id=$(open_case)
	cid=$(casectl consent "$id" --grant --to GP --what health)
	d=$(case_dir "$id")
	grant=$(ls "$STORE/$d/consent/")
	sum=$(sha1sum <"$STORE/$d/consent/$grant")
	lower=$(echo "$cid" | tr 'A-Z' 'a-z')
	run casectl consent "$id" --withdraw "$lower"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	assert_commit consent "$id" "consent $cid withdrawn"
	[ "$(ls "$STORE/$d/consent/" | wc -l)" -eq 2 ]
	[ "$(sha1sum <"$STORE/$d/consent/$grant")" = "$sum" ]
	w=$(ls "$STORE/$d/consent/" | grep -v "$grant")
	[ "$(yaml_get "$STORE/$d/consent/$w" "d")" = "{'action': 'withdraw', 'consent': '$cid', 'date': datetime.date(2026, 11, 23), 'by': 'Jana Novak'}" ]
	# the grant file was written by exactly one commit
	[ "$(git log --format=%H -- "$d/consent/$grant" | wc -l)" -eq 1 ]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "consent --withdraw refuses unknown and already withdrawn consents" {
	id=$(open_case)
	cid=$(casectl consent "$id" --grant --to GP --what health)
	casectl consent "$id" --withdraw "$cid"
	before=$(snapshot)
	run casectl consent "$id" --withdraw "$cid"
	[ "$status" -eq 1 ]
	[[ "$output" == *"consent '$cid' was already withdrawn on 2026-11-23"* ]]
	run casectl consent "$id" --withdraw C0000
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' has no consent 'C0000'"* ]]
	[[ "$output" == *"casectl consent $id"* ]]
	run casectl consent "$id" --withdraw X12
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a consent ID"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "consent --grant refuses missing, bad and past values" {
	id=$(open_case)
	before=$(snapshot)
	run casectl consent "$id" --grant --to GP
	[ "$status" -eq 2 ]
	[[ "$output" == *"--what SCOPE"* ]]
	run casectl consent "$id" --grant --what x
	[ "$status" -eq 2 ]
	[[ "$output" == *"--to"* ]]
	run casectl consent "$id" --grant --to "" --what x
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: a consent needs --to ORG_OR_ROLE (who may receive) and --what SCOPE (what may be shared)"* ]]
	run casectl consent "$id" --grant --to GP --what x --expires 2026-02-30
	[ "$status" -eq 1 ]
	[[ "$output" == *"--expires"*"'2026-02-30' is not a date"* ]]
	run casectl consent "$id" --grant --to GP --what x --expires 2026-11-22
	[ "$status" -eq 1 ]
	[[ "$output" == *"--expires: '2026-11-22' lies in the past"* ]]
	run casectl consent "$id" --grant --withdraw C0000 --to GP --what x
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: give --grant or --withdraw, not both"* ]]
	run casectl consent "$id" --to GP --what x
	[ "$status" -eq 2 ]
	[[ "$output" == *"go with --grant"* ]]
	run casectl consent "$id" --grant --to GP --what x --format json
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --format is for listing the consents"* ]]
	run casectl consent
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which case? give its ID"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "consent on a closed case is refused; the list still works" {
	id=$(open_case)
	cid=$(casectl consent "$id" --grant --to GP --what health)
	close_case "$id"
	before=$(snapshot)
	run casectl consent "$id" --grant --to X --what y
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is closed"* ]]
	run casectl consent "$id" --withdraw "$cid"
	[ "$status" -eq 1 ]
	[[ "$output" == *"closed"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl consent "$id"
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == "$cid  active"* ]]
}

@test "consent refuses a case with uncommitted hand edits" {
	id=$(open_case)
	echo "x" >>"$STORE/$(case_dir "$id")/case.md"
	before=$(snapshot)
	run casectl consent "$id" --grant --to GP --what health
	[ "$status" -eq 1 ]
	[[ "$output" == *"uncommitted changes"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "consent is allowed in every open phase" {
	id=$(open_case)
	for p in assessment planning linking monitoring evaluation; do
		set_phase "$id" "$p"
		run casectl consent "$id" --grant --to "GP" --what "$p"
		[ "$status" -eq 0 ]
	done
	[ "$(ls "$STORE/$(case_dir "$id")/consent" | wc -l)" -eq 5 ]
}

@test "hand edits of consent events are validated with file and line" {
	id=$(open_case)
	cid=$(casectl consent "$id" --grant --to GP --what health --expires +1y)
	d=$(case_dir "$id")
	f=$(ls "$STORE/$d"/consent/*.md)
	sed -i 's/^expires: .*/expires: soon/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"consent/2026-11-23-"*".md:8: 'expires' is not a date (YYYY-MM-DD): 'soon'"* ]]
	run casectl consent "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: "*"/consent/"*":8: 'expires' is not a date (YYYY-MM-DD): 'soon'"* ]]
	git checkout -q -- .
	sed -i "s/^id: .*/id: CZZZZ/" "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *".md:2: 'id' of this file must be '$cid', not 'CZZZZ'"* ]]
	git checkout -q -- .
	sed -i 's/^action: grant/action: revoke/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *".md:3: 'action' must be one of grant, withdraw, not 'revoke'"* ]]
	git checkout -q -- .
	sed -i '/^to: /d' "$f"
	run casectl commit
	[ "$status" -eq 1 ]
	[[ "$output" == *"missing required key 'to'"* ]]
}
