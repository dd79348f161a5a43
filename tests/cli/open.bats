#!/usr/bin/env bats
# casectl open: the intake record, IDs, and refusals

load helper

setup() { setup_common; new_store; }

@test "casectl open prints only the new ID and commits one change" {
	run casectl open --client "Marie Dvořáková" --birth-date 1946-04-02 \
		--contact "+420 777 000 111" --referral "hospital discharge" \
		--referral-date 2026-11-20 --reason "stroke, going home alone" \
		--ref "P7/2026/0412" -m "Several needs and no one coordinating."
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^[0-9a-hjkmnp-tv-z]{10}$ ]]
	id=$output
	[ "$(commit_count)" -eq 2 ]
	f=$(ls cases/*/*/"$id"/case.md)
	[ "$f" = "cases/${id:2:1}/${id:3:1}/$id/case.md" ]
	grep -q '^phase: intake$' "$f"
	grep -q '^status: open$' "$f"
	grep -q '^opened: 2026-11-23$' "$f"
	grep -q '^review: 2027-05-23$' "$f"
	grep -q '  name: Marie Dvořáková$' "$f"
	grep -q '  birth-date: 1946-04-02$' "$f"
	grep -q 'Several needs and no one coordinating.' "$f"
	assert_clean
}

@test "the open commit carries the subject and trailers and no personal data" {
	id=$(open_case "Marie Dvořáková" --reason "stroke")
	msg=$(git log -1 --format=%B)
	[[ "$msg" == "open $id: case opened"* ]]
	[[ "$msg" == *"Case: $id"* ]]
	[[ "$msg" == *"Action: open"* ]]
	[ "$(git log -1 --format=%an)" = "Jana Novak" ]
	! git log --all --format=%B | grep -qi "dvo" || false
	! git ls-tree -r --name-only HEAD | grep -qi "dvo" || false
	run git -c core.quotepath=off log -1 --name-only --format=
	[ "$status" -eq 0 ]
	[[ "$output" != *"Marie"* ]]
}

@test "the manager defaults to the worker and can be given" {
	id=$(open_case)
	run casectl show "$id" --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"manager":{"name":"Jana Novak","email":"jana@example.org"}'* ]]
	id2=$(open_case "Petr" --manager "Eva Horak <eva@example.org>")
	run casectl show "$id2" --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"manager":{"name":"Eva Horak","email":"eva@example.org"}'* ]]
}

@test "case files load in Python's YAML parser and in pandoc" {
	id=$(open_case "Yes" --ref "0123" --contact "no: really # not a comment" --reason "- dash")
	f=$(ls cases/*/*/"$id"/case.md)
	run python_yaml_load "$f"
	[ "$status" -eq 0 ]
	[ "$output" = "$id" ]
	/usr/bin/python3 - "$f" <<'PY'
import sys, yaml
t = open(sys.argv[1], encoding='utf-8').read()
d = yaml.safe_load(t[4:t.index('\n---\n', 3) + 1])
assert d['client']['name'] == 'Yes', d
assert d['ref'] == '0123', d
assert d['client']['contact'] == 'no: really # not a comment', d
assert d['referral']['reason'] == '- dash', d
PY
	if command -v pandoc >/dev/null; then
		run pandoc -f markdown+yaml_metadata_block -t html "$f"
		[ "$status" -eq 0 ]
	fi
}

@test "relative dates are accepted and bad dates refused with nothing written" {
	id=$(open_case "A" --review +14d --referral-date -3d)
	f=$(ls cases/*/*/"$id"/case.md)
	grep -q '^review: 2026-12-07$' "$f"
	grep -q '  date: 2026-11-20$' "$f"
	before=$(snapshot)
	run casectl open --client B --review 2026-02-30 -m x
	[ "$status" -eq 1 ]
	[[ "$output" == *"'2026-02-30' is not a date"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "open without -m and without a terminal fails with a message" {
	before=$(snapshot)
	run casectl open --client X </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a terminal"* ]]
	run casectl open -m "text only"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--client"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "open in an editor: the edited text is committed, an unchanged one aborts" {
	cat >"$BATS_TEST_TMPDIR/ed" <<'SH'
#!/bin/sh
sed -i 's/^  name: ""$/  name: Edited Client/; s/^  name: *$/  name: Edited Client/' "$1"
echo "She wants to stay at home." >>"$1"
SH
	chmod +x "$BATS_TEST_TMPDIR/ed"
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN open --referral self" /dev/null
	[ "$status" -eq 0 ]
	id=$(echo "$output" | tr -d '\r' | tail -1)
	f=$(ls cases/*/*/"$id"/case.md)
	grep -q 'name: Edited Client' "$f"
	grep -q 'She wants to stay at home.' "$f"
	! grep -q '<!--' "$f" || false
	before=$(snapshot)
	EDITOR=true run script -qec "$CASECTL_BIN open --client Z" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"not changed"* ]]
	[ "$(snapshot)" = "$before" ]
	assert_clean
}

@test "text typed in the editor that does not validate is kept, not lost" {
	cat >"$BATS_TEST_TMPDIR/ed" <<'SH'
#!/bin/sh
sed -i 's/^opened: .*/opened: not-a-date/' "$1"
echo "Notes I typed for a long time." >>"$1"
SH
	chmod +x "$BATS_TEST_TMPDIR/ed"
	before=$(snapshot)
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN open --client Q" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"'opened' is not a date"* ]]
	[[ "$output" == *"kept in"*"OPEN_CASE.md"* ]]
	grep -q "Notes I typed for a long time." .git/casectl/OPEN_CASE.md
	[ "$(snapshot)" = "$before" ]
}

@test "open -m keeps the template's other sections without hints" {
	id=$(open_case)
	f=$(ls cases/*/*/"$id"/case.md)
	grep -q '^## Why case management$' "$f"
	grep -q '^## Agreement with the client$' "$f"
	! grep -q '<!--' "$f" || false
	! grep -q 'source: ""' "$f" || false
}

@test "a missing identity is a clear error and writes nothing" {
	before=$(snapshot)
	rm "$HOME/.gitconfig"
	run casectl open --client X -m y
	[ "$status" -eq 1 ]
	[[ "$output" == *"git config --global user.name"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "four processes opening cases at the same time all succeed" {
	for i in 1 2 3 4; do
		( for j in 1 2 3; do casectl open --client "P$i-$j" -m x >>"$BATS_TEST_TMPDIR/ids.$i" || echo FAIL >>"$BATS_TEST_TMPDIR/ids.$i"; done ) &
	done
	wait
	! grep -q FAIL "$BATS_TEST_TMPDIR"/ids.* || false
	[ "$(cat "$BATS_TEST_TMPDIR"/ids.* | sort -u | wc -l)" -eq 12 ]
	[ "$(commit_count)" -eq 13 ]
	for id in $(cat "$BATS_TEST_TMPDIR"/ids.*); do
		casectl show "$id" >/dev/null
	done
	assert_clean
}

@test "IDs sort by the month they were opened" {
	a=$(CASECTL_NOW=2026-01-15 open_case A)
	b=$(CASECTL_NOW=2026-11-15 open_case B)
	[[ "$a" < "$b" ]]
	[ "${a:0:2}" != "${b:0:2}" ]
}
