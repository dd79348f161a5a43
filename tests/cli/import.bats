#!/usr/bin/env bats
# casectl import: cases in bulk from JSON Lines

load helper

setup() { setup_common; new_store; }

@test "casectl import brings cases in, one commit per case" {
	cat >"$BATS_TEST_TMPDIR/in.jsonl" <<'J'
{"client":{"name":"Anna Černá","birth-date":"1950-01-02"},"ref":"A-1","referral":{"source":"self"}}

{"id":"2j00000001","client":{"name":"Boris"},"status":"open","phase":"assessment","opened":"2026-10-01","manager":{"name":"Eva Horak","email":"eva@example.org"},"x-legacy":"kept"}
J
	run casectl import "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 0 ]
	[[ "$output" == *"imported 2 cases"* ]]
	[ "$(commit_count)" -eq 3 ]
	[[ "$(git log -1 --format=%B)" == "import 2j00000001: case imported"*"Action: import"* ]]
	run casectl show 2j00000001 --format json
	[[ "$output" == *'"phase":"assessment"'* && "$output" == *'"x-legacy":"kept"'* ]]
	run casectl list --format json
	[[ "$output" == *'"name":"Anna Černá"'* ]]
	[[ "$output" == *'"manager":{"name":"Jana Novak","email":"jana@example.org"}'* ]]
	! git log --format=%B | grep -q "Anna" || false
	assert_clean
}

@test "what show --format json prints imports back the same" {
	id=$(open_case "Round Trip" --ref R-1 --birth-date 1940-02-03)
	casectl show "$id" --format json >"$BATS_TEST_TMPDIR/one.jsonl"
	init2="$BATS_TEST_TMPDIR/store2"
	casectl init "$init2" >/dev/null
	run casectl -C "$init2" import "$BATS_TEST_TMPDIR/one.jsonl"
	[ "$status" -eq 0 ]
	diff <(casectl show "$id" --format json) <(casectl -C "$init2" show "$id" --format json)
	cmp "$(ls "$STORE"/cases/*/*/"$id"/case.md)" "$(ls "$init2"/cases/*/*/"$id"/case.md)"
}

@test "--batch makes one commit, and stdin works" {
	printf '{"client":{"name":"A"}}\n{"client":{"name":"B"}}\n{"client":{"name":"C"}}\n' |
		casectl import --batch -
	[ "$(commit_count)" -eq 2 ]
	[[ "$(git log -1 --format=%s)" == "import: 3 cases imported" ]]
	[ "$(casectl list | wc -l)" -eq 4 ]
	assert_clean
}

@test "a bad record stops the import with its line number and nothing is written" {
	before=$(snapshot)
	printf '{"client":{"name":"A"}}\n{"client":{"name":"B"},"opened":"yesterday"}\n' >"$BATS_TEST_TMPDIR/bad1"
	run casectl import "$BATS_TEST_TMPDIR/bad1"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad1:2:"*"'opened' is not a date"* ]]
	printf '{"client":{"name":"A"}}\n{"client":{"name":"B"}\nnot json\n' >"$BATS_TEST_TMPDIR/bad2"
	run casectl import "$BATS_TEST_TMPDIR/bad2"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad2:2: not a JSON object"* ]]
	printf '{"client":{}}\n' >"$BATS_TEST_TMPDIR/bad3"
	run casectl import "$BATS_TEST_TMPDIR/bad3"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad3:1:"*"client.name"* ]]
	printf '{"id":"2j00000001","client":{"name":"A"}}\n{"id":"2j00000001","client":{"name":"B"}}\n' >"$BATS_TEST_TMPDIR/bad4"
	run casectl import "$BATS_TEST_TMPDIR/bad4"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad4:2:"*"appears twice"* ]]
	printf '{"id":"../../etc","client":{"name":"A"}}\n' >"$BATS_TEST_TMPDIR/bad5"
	run casectl import "$BATS_TEST_TMPDIR/bad5"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad5:1:"*"not a case ID"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl import /nonexistent
	[ "$status" -eq 1 ]
	run casectl import
	[ "$status" -eq 2 ]
}

@test "an ID already in the store is refused" {
	id=$(open_case)
	before=$(snapshot)
	printf '{"id":"%s","client":{"name":"A"}}\n' "$id" | run casectl import -
	printf '{"id":"%s","client":{"name":"A"}}\n' "$id" >"$BATS_TEST_TMPDIR/dup"
	run casectl import "$BATS_TEST_TMPDIR/dup"
	[ "$status" -eq 1 ]
	[[ "$output" == *"already in the store"* ]]
	[ "$(snapshot)" = "$before" ]
}
