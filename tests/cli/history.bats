#!/usr/bin/env bats
# History for reviewers: log filters and -p, casectl diff, show --at

load helper

setup() {
	setup_common
	CASECTL_NOW=2026-03-01 new_store
	id=$(CASECTL_NOW=2026-03-02 open_case "Anna")
	f=$(ls cases/*/*/"$id"/case.md)
	sed -i 's/^review: .*/review: 2026-06-30/' "$f"
	CASECTL_NOW=2026-03-12 casectl commit 2>/dev/null
	sed -i 's/^review: .*/review: 2026-07-31/' "$f"
	GIT_AUTHOR_NAME="Eva Horak" GIT_AUTHOR_EMAIL=eva@example.org \
		CASECTL_NOW=2026-04-20 casectl commit 2>/dev/null
}

@test "casectl log filters by date, author and action" {
	run casectl log "$id" --since 2026-03-10
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	run casectl log "$id" --until 2026-03-12
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == *"open"* ]]
	run casectl log --author eva
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"Eva Horak"* ]]
	run casectl log --action open
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	run casectl log -n 1
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	run casectl log --since yesterdayish
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --since: 'yesterdayish' is not a date; use YYYY-MM-DD or a relative form such as +14d, +2w, +3m, +1y"* ]]
}

@test "casectl log -p shows each change itself, also in JSON" {
	run casectl log "$id" -p -n 1
	[ "$status" -eq 0 ]
	[[ "$output" == *"-review: 2026-06-30"* ]]
	[[ "$output" == *"+review: 2026-07-31"* ]]
	casectl log "$id" -p --format json >"$BATS_TEST_TMPDIR/out"
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 3, rows
assert '+review: 2026-07-31' in rows[0]['patch']
assert rows[2]['action'] == 'open' and 'case.md' in rows[2]['patch']
PY
}

@test "casectl show --at shows the case as it stood then" {
	run casectl show "$id" --at 2026-03-15
	[ "$status" -eq 0 ]
	[[ "$output" == *"review:    2026-06-30"* ]]
	[[ "$output" == *"as of commit"* ]]
	run casectl show "$id" --at HEAD~1 --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"review":"2026-06-30"'* ]]
	run casectl show "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"review:    2026-07-31"* ]]
	run casectl show "$id" --at 2026-02-01
	[ "$status" -eq 1 ]
	[[ "$output" == *"no history on or before 2026-02-01"* ]]
	run casectl show "$id" --at 2026-03-01
	[ "$status" -eq 1 ]
	[[ "$output" == *"did not exist yet"* ]]
}

@test "casectl diff shows what changed since a date, between two, and by hand" {
	run casectl diff "$id" 2026-03-15
	[ "$status" -eq 0 ]
	[[ "$output" == *"-review: 2026-06-30"* && "$output" == *"+review: 2026-07-31"* ]]
	run casectl diff "$id" 2026-03-02 2026-03-12
	[ "$status" -eq 0 ]
	[[ "$output" == *"-review: 2026-09-02"* && "$output" == *"+review: 2026-06-30"* ]]
	[[ "$output" != *"2026-07-31"* ]]
	run casectl diff "$id"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	echo "hand note" >>"$f"
	run casectl diff "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"+hand note"* ]]
	run casectl diff "$id" nosuchrev
	[ "$status" -eq 1 ]
	[[ "$output" == *"no revision 'nosuchrev'"* ]]
	other=$(open_case Other 2>/dev/null || true)
	run casectl diff "$id" 2026-03-02 2026-04-20
	[ "$status" -eq 0 ]
	[[ "$output" != *"Other"* ]]
}

@test "the plan in force at the March conference, and who changed it since: two commands" {
	CASECTL_NOW=2026-03-05 casectl assess "$id" --need "help at home" >/dev/null
	CASECTL_NOW=2026-03-09 casectl plan "$id" --macro "lives safely at home" --measure "no readmission" \
		--due 2026-09-09 >/dev/null
	CASECTL_NOW=2026-03-10 casectl plan "$id" --goal "meals every day" --domain daily-living \
		--measure "5 meals a week" --due 2026-04-30 >/dev/null
	# the conference is on 12 March; then Eva changes the goal
	GIT_AUTHOR_NAME="Eva Horak" GIT_AUTHOR_EMAIL=eva@example.org CASECTL_NOW=2026-05-02 \
		casectl plan "$id" --set G1 --measure "7 meals a week" >/dev/null
	run casectl plan "$id" --render --at 2026-03-12 --to commonmark
	[ "$status" -eq 0 ]
	[[ "$output" == *"5 meals a week"* && "$output" != *"7 meals a week"* ]]
	run casectl log "$id" --since 2026-03-13 --action plan
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"Eva Horak"* ]]
	run casectl plan "$id" --render --at 2026-03-06
	[ "$status" -eq 1 ]
	[[ "$output" == *"had no plan yet"* ]]
	run casectl plan "$id" --at 2026-03-12
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --to, --at and -o go with --render"* ]]
}
