#!/usr/bin/env bats
# casectl show, list, log: views, JSON, prefixes

load helper

setup() { setup_common; new_store; }

json_field() { /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.readline()); print($1)"; }

@test "casectl show prints the summary and JSON" {
	id=$(open_case "Marie Dvořáková" --ref "P7/1")
	run casectl show "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"case $id"* ]]
	[[ "$output" == *"client:    Marie Dvořáková"* ]]
	[[ "$output" == *"phase intake"* ]]
	[[ "$output" == *"Why case management"* ]]
	run bash -c "casectl() { \"$CASECTL_BIN\" \"\$@\"; }; casectl show $id --format json | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[\"id\"], d[\"phase\"], d[\"client\"][\"name\"], d[\"files\"])'"
	[ "$status" -eq 0 ]
	[ "$output" = "$id intake Marie Dvořáková ['case.md']" ]
}

@test "any unambiguous prefix works; unknown and ambiguous ones are errors" {
	id=$(open_case)
	run casectl show "${id:0:5}"
	[ "$status" -eq 0 ]
	run casectl show "${id^^}"
	[ "$status" -eq 0 ]
	run casectl show zzzzzzz
	[ "$status" -eq 1 ]
	[[ "$output" == *"no case 'zzzzzzz'"* ]]
	open_case B >/dev/null
	open_case C >/dev/null
	run casectl show "${id:0:2}"
	[ "$status" -eq 1 ]
	[[ "$output" == *"ambiguous"* ]]
	[[ "$output" == *"$id"* ]]
	for bad in "../etc" "a/b" "$(printf 'a\tb')" "x..y" "" "0123456789abc"; do
		run casectl show "$bad"
		[ "$status" -ne 0 ]
		[[ "$output" == *"not a case ID"* || "$output" == *"case ID"* || "$output" == *"usage"* ]]
	done
}

@test "casectl list prints an aligned table and filters" {
	a=$(open_case "Anna")
	b=$(open_case "Boris" --manager "Eva Horak <eva@example.org>")
	run casectl list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == ID*PHASE*STATUS*REVIEW*MANAGER*CLIENT ]]
	[ "$(echo "$output" | awk '{print index($0, $2)}' | sort -u | wc -l)" -eq 1 ]
	run casectl list --mine
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "$output" == *"$a"* ]]
	run casectl list --manager eva@example.org
	[ "$status" -eq 0 ]
	[[ "$output" == *"$b"* && "$output" != *"$a"* ]]
	run casectl list --manager "eva horak"
	[ "$status" -eq 0 ]
	[[ "$output" == *"$b"* ]]
	run casectl list --phase intake --status open
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	run casectl list --status closed
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run casectl list --phase nonsense
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: unknown phase 'nonsense'; use one of intake, assessment, planning, linking, monitoring, evaluation, closed"* ]]
	# closed cases are hidden unless asked for
	casectl close "$a" --reason "moved away" --force "test of list" 2>/dev/null
	run casectl list
	[ "$status" -eq 0 ]
	[[ "$output" != *"$a"* && "$output" == *"$b"* ]]
	run casectl list --all
	[ "$status" -eq 0 ]
	[[ "$output" == *"$a"* && "$output" == *"$b"* ]]
	run casectl list --status closed
	[ "$status" -eq 0 ]
	[[ "$output" == *"$a"* && "$output" != *"$b"* ]]
}

@test "casectl list --format json prints one object per line" {
	open_case A >/dev/null
	open_case B >/dev/null
	casectl list --format json >"$BATS_TEST_TMPDIR/out"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -eq 2 ]
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/out" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    assert d['status'] == 'open' and d['phase'] == 'intake'
    assert len(d['id']) == 10
PY
}

@test "casectl log shows the audit trail of the store and of one case" {
	a=$(open_case A)
	b=$(open_case B)
	run casectl log
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == *"open"*"$b"*"case opened"*"Jana Novak"* ]]
	[[ "${lines[2]}" == *"init"*"create case store"* ]]
	run casectl log "$a"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$a"* ]]
	casectl log "$a" --format json >"$BATS_TEST_TMPDIR/out"
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/out" "$a" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 1
r = rows[0]
assert r['case'] == sys.argv[2] and r['action'] == 'open'
assert r['author'] == 'Jana Novak' and r['email'] == 'jana@example.org'
assert r['date'].startswith('2026-11-23T12:00:00'), r['date']
assert len(r['commit']) == 40 and r['summary'] == 'case opened'
PY
}

@test "casectl log of a case includes hand commits made with plain git" {
	a=$(open_case A)
	f=$(ls cases/*/*/"$a"/case.md)
	echo "note by hand" >>"$f"
	git commit -qam "tidy"
	run casectl log "$a"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == *"tidy"* ]]
}
