#!/usr/bin/env bats
# casectl due: the morning cron job

load helper

setup() {
	setup_common
	export CASECTL_NOW=2026-11-01
	new_store
	a=$(open_case "Anna Secret" --review 2026-11-10)
	b=$(open_case "Boris" --manager "Eva Horak <eva@example.org>" --review 2027-06-01)
}

@test "nothing due prints nothing and exits 0, also to a pipe" {
	run casectl due
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	casectl due </dev/null | cat >"$BATS_TEST_TMPDIR/out"
	[ ! -s "$BATS_TEST_TMPDIR/out" ]
}

@test "reviews, goals, waiting links, expiring consents and silent cases are listed by manager and urgency" {
	casectl assess "$a" --need "help at home" >/dev/null
	casectl plan "$a" --macro "lives safely at home" --measure "no readmission" --due 2027-05-01 >/dev/null
	casectl plan "$a" --goal "meals daily" --domain daily-living --measure "5 meals a week" --due 2026-11-15 >/dev/null
	casectl plan "$a" --review 2026-11-10 >/dev/null
	casectl service add "Home care P7" --org "Home care P7" --places 2 >/dev/null
	casectl consent "$a" --grant --to "Home care P7" --what health --expires 2026-12-10 >/dev/null
	casectl link "$a" home-care-p7 --goal G1 --status referred >/dev/null
	export CASECTL_NOW=2026-12-05
	run casectl due
	[ "$status" -eq 0 ]
	echo "$output"
	[[ "${lines[0]}" == "Jana Novak <jana@example.org>" ]]
	[[ "${lines[1]}" == *"overdue 25d"*"$a"*"case review"* ]]
	[[ "${lines[2]}" == *"overdue 20d"*"goal G1 is not achieved"* ]]
	[[ "$output" == *"link to home-care-p7 is still waiting"* ]]
	[[ "$output" == *"no contact since 2026-11-01"* ]]
	[[ "$output" != *"consent"* ]]
	# Eva's case has nothing but the missing contact
	[[ "$output" == *"Eva Horak <eva@example.org>"*"$b"*"no contact since"* ]]
	# no client names in what goes to cron mail
	[[ "$output" != *"Anna"* && "$output" != *"Boris"* ]]
	run casectl due --within 7d
	[ "$status" -eq 0 ]
	[[ "$output" == *"due in 5d"*"consent C"*"expires"* ]]
}

@test "a journal entry resets the contact clock; achieved goals are not due" {
	casectl assess "$a" --need "help" >/dev/null
	casectl plan "$a" --goal "meals" --domain daily-living --measure m --due 2026-11-15 >/dev/null
	casectl plan "$a" --set G1 --status achieved >/dev/null
	casectl plan "$a" --review 2027-06-01 >/dev/null
	CASECTL_NOW=2026-11-20 casectl monitor "$a" --kind phone --minutes 10 -m "called" >/dev/null
	export CASECTL_NOW=2026-12-05
	run casectl due --manager jana@example.org
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "follow-ups of closed cases and managers over the caseload limit" {
	casectl close "$a" --reason "moved away" --follow-up 2026-11-20 --force "test" >/dev/null
	sed -i 's/^caseload-limit: .*/caseload-limit: 1/' casectl.md
	casectl commit >/dev/null 2>&1
	open_case C >/dev/null
	open_case D >/dev/null
	export CASECTL_NOW=2026-11-21
	run casectl due
	[ "$status" -eq 0 ]
	[[ "$output" == *"overdue 1d"*"$a"*"follow-up contact after closing"* ]]
	[[ "$output" == *"2/1 open cases: over the caseload limit"* ]]
	[[ "$output" != *"Eva Horak"*"over the caseload"* ]]
}

@test "--format json gives one object per line for scripts; --mine and --manager filter" {
	export CASECTL_NOW=2026-12-05
	casectl due --format json >"$BATS_TEST_TMPDIR/out"
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/out" "$a" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
kinds = {(r['case'], r['kind']) for r in rows}
assert (sys.argv[2], 'review') in kinds, rows
r = [r for r in rows if r['kind'] == 'review'][0]
assert r['days'] == -25 and r['due'] == '2026-11-10' and r['manager']['email'] == 'jana@example.org'
PY
	run casectl due --mine
	[ "$status" -eq 0 ]
	[[ "$output" == *"$a"* && "$output" != *"$b"* ]]
	run casectl due --manager "Eva Horak"
	[ "$status" -eq 0 ]
	[[ "$output" != *"$a"* && "$output" == *"$b"* ]]
	run casectl due --within soon
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: 'soon' is not a duration; use a number and d, w, m or y (e.g. 14d, 6m)"* ]]
}
