#!/usr/bin/env bats
# A whole case, from referral to closure, with the commands alone: the
# Prague 7 "care" case (an older woman home from hospital after a stroke,
# several health and social needs, friends willing to help), in two
# languages.

load helper

setup() { setup_common; }

# Every step is exactly one commit, and the store stays sound.
step() {
	local before after
	before=$(commit_count)
	"$CASECTL_BIN" "$@" >/dev/null || { echo "step failed: casectl $*"; return 1; }
	after=$(commit_count)
	[ "$after" -eq $((before + 1)) ] || { echo "casectl $* made $((after - before)) commits"; return 1; }
	assert_clean
}

phase_of() { casectl show "$1" --format json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["phase"])'; }

care_case() {
	local lang=$1
	export CASECTL_NOW=2026-03-02
	new_store --lang "$lang"
	id=$(casectl open --client "Marie Dvořáková" --birth-date 1941-05-12 \
		--contact "Praha 7, +420 777 123 456" --referral "hospital discharge" \
		--referral-date 2026-02-27 --reason "stroke; going home alone" --ref "P7/2026/0412" \
		-m "Several health and social needs, several services, nobody coordinating.")
	[ "$(phase_of "$id")" = intake ]
	export CASECTL_NOW=2026-03-05
	step assess "$id" --client-need "to stay in her flat" --need "daily help with medication" \
		--personal "determined, manages her money" --social "two friends from the parish" \
		--community "home care service Praha 7" --strength "knows what she wants" \
		--works "neighbour brings the post" --risk "falls at night" --domain health --domain daily-living
	[ "$(phase_of "$id")" = assessment ]
	export CASECTL_NOW=2026-03-09
	step plan "$id" --macro "Marie lives safely in her flat" --measure "no readmission within 6 months" \
		--due 2026-09-09 --responsible "Marie"
	step plan "$id" --goal "medication taken every day" --domain health --measure "no missed dose in a week" \
		--due 2026-04-09 --responsible "home care"
	step plan "$id" --step "home care visits twice a day" --under G1 --measure "visits logged" \
		--due 2026-03-20 --responsible "home care" --checks "case manager" --cost 4200 --payer "care allowance"
	step plan "$id" --crisis "a fall at night" --contact "neighbour, then 155" --action "alarm button; neighbour has a key"
	step plan "$id" --agreed 2026-03-09 --review 2026-09-09
	[ "$(phase_of "$id")" = planning ]
	step team "$id" --add "Věra Malá" --role friend --contact "+420 602 000 111" --topic shopping --informal
	step service add "Home care Praha 7" --org "Home care Praha 7" --area "Praha 7" --offers "home care" --places 20
	step consent "$id" --grant --to "Home care Praha 7" --what "health, medication"
	export CASECTL_NOW=2026-03-12
	step link "$id" home-care-praha-7 --goal G1.1 --status referred
	[ "$(phase_of "$id")" = linking ]
	step link "$id" home-care-praha-7 --status active
	step link "$id" "Věra Malá" --informal --goal G1 --status active
	export CASECTL_NOW=2026-04-02
	step monitor "$id" --kind visit --with "Marie" --minutes 45 --goal G1.1 --progress on-track -m "Visits run well."
	[ "$(phase_of "$id")" = monitoring ]
	step monitor "$id" --kind conference --client-present --with "Marie" --with "home care" --minutes 60 \
		-m "Case conference: the plan holds."
	export CASECTL_NOW=2026-09-09
	step evaluate "$id" --decision close --goal G0=achieved --goal G1=achieved --goal G1.1=achieved \
		--client-view "I manage now" --worker-view "goals met" -m "Stable for six months."
	step close "$id" --reason "goals achieved" --follow-up 2026-12-09
	[ "$(phase_of "$id")" = closed ]
	run casectl assess "$id" --need x
	[ "$status" -eq 1 ]
	[[ "$output" == *"is closed"* ]]
	# the plan prints for the client to read and sign
	casectl plan "$id" --render --to html -o "$BATS_TEST_TMPDIR/plan.html"
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/plan.html" <<'PY'
import sys, html5lib
doc = html5lib.parse(open(sys.argv[1], encoding='utf-8').read(), namespaceHTMLElements=False)
text = ''.join(doc.itertext())
for s in ['Marie Dvořáková', 'Marie lives safely in her flat', 'home care visits twice a day',
          'a fall at night', 'Věra Malá', '2026-09-09']:
    assert s in text, s
PY
	# the history is the audit trail, and names stay out of it
	! git log --format=%B | grep -q "Dvořáková" || false
	! git ls-tree -r --name-only HEAD | grep -q "Marie" || false
	git fsck --strict --no-progress
	# every file of the store loads in another YAML parser and in pandoc
	find cases services casectl.md -name '*.md' -type f >"$BATS_TEST_TMPDIR/files"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/files")" -ge 10 ]
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/files" <<'PY'
import sys, yaml
for path in open(sys.argv[1]).read().split():
    t = open(path, encoding='utf-8').read()
    assert t.startswith('---\n'), path
    data = yaml.safe_load(t[4:t.index('\n---\n', 3) + 1])
    assert isinstance(data, dict) and data, path
PY
	while read -r f; do
		pandoc -f markdown+yaml_metadata_block -t plain "$f" >/dev/null || { echo "pandoc: $f"; return 1; }
	done <"$BATS_TEST_TMPDIR/files"
}

@test "the Prague 7 care case from open to close, in English" {
	care_case en
	run casectl log "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"close"* && "$output" == *"evaluate"* && "$output" == *"open"* ]]
	grep -q "Individual" "$BATS_TEST_TMPDIR/plan.html" || grep -qi "plan" "$BATS_TEST_TMPDIR/plan.html"
}

@test "the same case in Czech: Czech templates and plan labels" {
	care_case cs
	f=$(ls cases/*/*/"$id"/case.md)
	! grep -q "Why case management" "$f" || false
	grep -qi "plán" "$BATS_TEST_TMPDIR/plan.html"
	! grep -q ">Goals<" "$BATS_TEST_TMPDIR/plan.html" || false
}
