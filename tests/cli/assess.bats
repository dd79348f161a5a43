#!/usr/bin/env bats
# casectl assess: (re)assessments, their list, and refusals

load helper
load journey

setup() { setup_common; new_store; id=$(open_case); }

@test "assess with every option writes one record, moves intake to assessment, one commit" {
	n=$(commit_count)
	run casectl assess "$id" --client-need "stay in her flat" --client-need "see the grandchildren" \
		--need "help with meals" --personal "cooks well" --social "daughter Eva nearby" \
		--community "parish day centre" --strength "humour" --works "neighbour shops" \
		--risk "falls at night" --domain housing --domain daily-living --domain pets-and-garden \
		--date 2026-11-20 -m "Assessed at her kitchen table."
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^assessments/2026-11-23-[0-9a-z]{4}\.md$ ]]
	f=$STORE/$(case_dir "$id")/$output
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit assess "$id" "assessment added"
	[ "$(phase_of "$id")" = assessment ]
	[ "$(yaml_get "$f" "list(d.keys())")" = "['date', 'by', 'with-client', 'needs', 'resources', 'strengths', 'works', 'risks', 'domains']" ]
	[ "$(yaml_get "$f" "(str(d['date']), d['by'], d['with-client'])")" = "('2026-11-20', 'Jana Novak', True)" ]
	[ "$(yaml_get "$f" "d['needs']")" = "{'client': ['stay in her flat', 'see the grandchildren'], 'professional': ['help with meals']}" ]
	[ "$(yaml_get "$f" "d['resources']")" = "{'personal': ['cooks well'], 'social': ['daughter Eva nearby'], 'community': ['parish day centre']}" ]
	[ "$(yaml_get "$f" "(d['strengths'], d['works'], d['risks'], d['domains'])")" = "(['humour'], ['neighbour shops'], ['falls at night'], ['housing', 'daily-living', 'pets-and-garden'])" ]
	[ "$(sed -n '/^---$/,/^---$/!p' "$f")" = "Assessed at her kitchen table." ]
	assert_not_in_history "flat"
	assert_not_in_history "Eva"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "assess --without-client records it; empty lists stay as a fixed shape" {
	run casectl assess "$id" --need "home care" --without-client
	[ "$status" -eq 0 ]
	f=$STORE/$(case_dir "$id")/$output
	[ "$(yaml_get "$f" "(d['with-client'], d['needs']['client'], d['risks'])")" = "(False, [], [])" ]
	grep -q '^with-client: false$' "$f"
}

@test "a reassessment adds a new file and keeps the earlier one byte for byte" {
	run casectl assess "$id" --need "home care"
	[ "$status" -eq 0 ]
	first=$STORE/$(case_dir "$id")/$output
	sum=$(sha1sum <"$first")
	run casectl assess "$id" --client-need "no more help" --date -1d
	[ "$status" -eq 0 ]
	second=$STORE/$(case_dir "$id")/$output
	[ "$first" != "$second" ]
	[ "$(sha1sum <"$first")" = "$sum" ]
	[ "$(ls "$STORE/$(case_dir "$id")/assessments" | wc -l)" -eq 2 ]
	assert_commit assess "$id" "reassessment added"
	[ "$(yaml_get "$second" "str(d['date'])")" = "2026-11-22" ]
	[ "$(git show --name-only --format= HEAD | wc -l)" -eq 1 ]
	assert_clean
}

@test "assess moves evaluation back to assessment and leaves later phases alone" {
	monitor_case "$id"
	casectl assess "$id" --need "more help" >/dev/null
	[ "$(phase_of "$id")" = monitoring ]
	casectl evaluate "$id" --decision close -m "done" >/dev/null
	[ "$(phase_of "$id")" = evaluation ]
	casectl assess "$id" --need "new need after a fall" >/dev/null
	[ "$(phase_of "$id")" = assessment ]
	assert_commit assess "$id" "reassessment added"
}

@test "assess without a need is refused and names the options" {
	before=$(snapshot)
	run casectl assess "$id" --personal "cooks" --risk "falls"
	[ "$status" -eq 2 ]
	[[ "$output" == *"at least one need"*"--client-need"*"--need"* ]]
	run casectl assess "$id" -m "only a note"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--client-need"* ]]
	[ "$(snapshot)" = "$before" ]
	[ "$(phase_of "$id")" = intake ]
}

@test "assess refuses bad domains, empty values and future dates" {
	before=$(snapshot)
	run casectl assess "$id" --need x --domain "Daily Living"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--domain: 'Daily Living' must be lowercase words joined by '-'"* ]]
	for d in Housing -housing housing- "a--b" "bydlení"; do
		run casectl assess "$id" --need x --domain "$d"
		[ "$status" -eq 2 ]
		[[ "$output" == *"--domain"* ]]
	done
	run casectl assess "$id" --need ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"--need must not be empty"* ]]
	run casectl assess "$id" --need x --date +1d
	[ "$status" -eq 1 ]
	[[ "$output" == *"--date: 2026-11-24 is in the future"* ]]
	run casectl assess "$id" --need x --date 2026-13-01
	[ "$status" -eq 1 ]
	[[ "$output" == *"'2026-13-01'"* ]]
	run casectl assess "$id" --need x --with-client --without-client
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: give --with-client or --without-client, not both"* ]]
	run casectl assess --need x
	[ "$status" -eq 2 ]
	[[ "$output" == *"which case"* ]]
	run casectl assess zzzzzz --need x
	[ "$status" -eq 1 ]
	[[ "$output" == *"'zzzzzz'"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "assess without options and without a terminal fails naming the options" {
	before=$(snapshot)
	run casectl assess "$id" </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a terminal"*"--client-need"*"--need"* ]]
	run casectl assess "$id" --date -1d </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: standard input is not a terminal, so no editor can be opened; give the needs with --client-need TEXT (as the client sees them) or --need TEXT (as you assess them), and the other options in 'casectl help assess'"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "assess in the editor: the whole record is edited and committed" {
	cat >"$BATS_TEST_TMPDIR/prog" <<'SED'
s/^  client: \[\]$/  client:\n    - live alone safely/
s/^risks: \[\]$/risks:\n    - falls/
$a Seen at home with her daughter.
SED
	ed=$(make_editor "$BATS_TEST_TMPDIR/prog")
	with_terminal "$ed" assess "$id" --without-client --date -2d
	[ "$status" -eq 0 ]
	file=$(echo "$output" | tr -d '\r' | tail -1)
	f=$STORE/$(case_dir "$id")/$file
	[ "$(yaml_get "$f" "(d['needs']['client'], d['risks'], d['with-client'], str(d['date']))")" = "(['live alone safely'], ['falls'], False, '2026-11-21')" ]
	grep -q "Seen at home with her daughter." "$f"
	grep -q "^## Notes" "$f"
	! grep -q "<!--" "$f" || false
	assert_commit assess "$id" "assessment added"
	assert_clean
}

@test "assess in the editor: unchanged aborts; a record without a need is refused and kept" {
	before=$(snapshot)
	with_terminal true assess "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not changed"* || "$output" == *"unchanged"* ]]
	[ "$(snapshot)" = "$before" ]
	echo '$a only notes' >"$BATS_TEST_TMPDIR/prog"
	ed=$(make_editor "$BATS_TEST_TMPDIR/prog")
	with_terminal "$ed" assess "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"assessments/2026-11-23-"*".md:"[0-9]*": no need recorded"* ]]
	[[ "$output" == *".git/casectl/ASSESSMENT.md"* ]]
	grep -q "only notes" "$STORE/.git/casectl/ASSESSMENT.md"
	[ "$(snapshot)" = "$before" ]
}

@test "assess --list shows the assessments newest first, as text and JSON" {
	casectl assess "$id" --need "first need" --date -3d >/dev/null
	casectl assess "$id" --need "third need" >/dev/null
	casectl assess "$id" --need "second need" --client-need "her wish" --date -1d \
		--domain housing >/dev/null
	run casectl assess "$id" --list
	[ "$status" -eq 0 ]
	[[ "$output" == *"third need"*"second need"*"first need"* ]]
	[[ "$output" == *"2026-11-22  assessments/"*"by Jana Novak, with the client"* ]]
	[[ "$output" == *"needs (client):"*"her wish"* ]]
	[[ "$output" == *"life domains:"*"housing"* ]]
	run casectl assess "$id" --list --format json
	[ "$status" -eq 0 ]
	/usr/bin/python3 - "$output" <<'PY'
import json, sys
rows = [json.loads(l) for l in sys.argv[1].splitlines()]
assert [r['date'] for r in rows] == ['2026-11-23', '2026-11-22', '2026-11-20'], rows
assert rows[1]['needs'] == {'client': ['her wish'], 'professional': ['second need']}, rows[1]
assert all(r['file'].startswith('assessments/2026-11-23-') for r in rows), rows
assert rows[0]['with-client'] is True
PY
}

@test "assess --list orders same-day assessments by when they were committed" {
	for n in one two three four five six; do
		casectl assess "$id" --need "$n" >/dev/null
	done
	run casectl assess "$id" --list --format json
	[ "$status" -eq 0 ]
	[ "$(/usr/bin/python3 -c 'import json,sys; print(" ".join(json.loads(l)["needs"]["professional"][0] for l in sys.argv[1].splitlines()))' "$output")" = "six five four three two one" ]
}

@test "assess --list takes no other options; --format needs --list" {
	run casectl assess "$id" --list --need x
	[ "$status" -eq 2 ]
	[[ "$output" == *"--list"* ]]
	run casectl assess "$id" --need x --format json
	[ "$status" -eq 2 ]
	[[ "$output" == *"--format goes with --list"* ]]
	run casectl assess "$id" --list --format yaml
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: unknown format 'yaml'; use text or json"* ]]
	run casectl assess "$id" --list
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "assess refuses a closed case, and --list still shows it" {
	casectl assess "$id" --need "x" >/dev/null
	casectl close "$id" --reason "moved away" --force "test" >/dev/null
	before=$(snapshot)
	run casectl assess "$id" --need "y"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is closed; run 'casectl reopen $id' first"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl assess "$id" --list
	[ "$status" -eq 0 ]
	[[ "$output" == *"needs (professional):"*"x"* ]]
}

@test "assess refuses a case with uncommitted hand edits" {
	echo "hand edit" >>"$(case_md "$id")"
	before=$(snapshot)
	run casectl assess "$id" --need x
	[ "$status" -eq 1 ]
	[[ "$output" == *"case.md' has uncommitted changes"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "hand-edited assessments are checked with file and line" {
	run casectl assess "$id" --need "meals" --domain housing
	[ "$status" -eq 0 ]
	f=$STORE/$(case_dir "$id")/$output
	rel=$(case_dir "$id")/$output
	sed -i 's/^  - housing$/  - Daily Living/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:"[0-9]*": 'domains' item 'Daily Living' must be lowercase"* ]]
	git checkout -q -- "$f"
	sed -i 's/^with-client: true$/with-client: maybe/' "$f"
	run casectl commit
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:4: 'with-client' must be true or false, not 'maybe'"* ]]
	git checkout -q -- "$f"
	sed -i 's/^    - meals$//; s/^  professional:$/  professional: []/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:"[0-9]*": no need recorded"* ]]
	git checkout -q -- "$f"
	sed -i 's/^date: .*/date: yesterday/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$rel:2: 'date' is not a date"* ]]
}
