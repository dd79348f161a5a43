#!/usr/bin/env bats
# casectl report: programme evaluation from the records and their history.
# The journey store is built once with the real commands, each step on
# its own date (CASECTL_NOW), so that every figure below is known.

load helper

# Case A: intake 5 days, assessment 10, planning 12, linking 9,
# monitoring 28, evaluation 5, closed 2026-03-15 (goals-met).
# Case B: intake 3, assessment 7, planning 10, linking 12, monitoring 27,
# evaluation 5, closed 2026-04-06 (moved).  Case C: opened 2026-03-01,
# assessed 2026-03-11, still in assessment.  Cases D and E opened
# 2026-04-08.  The caseload limit is 1.  Today is 2026-04-10.
build_journey() {
	local a b c
	at() { export CASECTL_NOW=$1; }
	at 2026-01-01
	casectl init "$STORE" >/dev/null && cd "$STORE" &&
	sed -i 's/^caseload-limit: .*/caseload-limit: 1/' casectl.md &&
	git commit -qam "settings: caseload limit" &&
	casectl service add "Home Care P7" >/dev/null &&
	casectl service add "Meals On Wheels" >/dev/null || return 1

	at 2026-01-05; a=$(casectl open --client "Anna A" --referral hospital -m "needs") || return 1
	at 2026-01-10; casectl assess "$a" --client-need "stay" --need "meals" >/dev/null || return 1
	at 2026-01-20
	casectl plan "$a" --macro "Lives at home" --measure "no readmission" --due 2027-01-31 >/dev/null &&
	casectl plan "$a" --goal "Meals covered" --domain daily-living --measure "daily" \
		--due 2026-12-31 >/dev/null &&
	casectl plan "$a" --step "Home care" --under G1 --measure "visits" --due 2026-06-30 \
		--cost 1200 --payer city >/dev/null &&
	casectl plan "$a" --step "Meal box" --under G1 --measure "boxes" --due 2026-06-30 \
		--cost 300 --payer insurer >/dev/null || return 1
	at 2026-02-01
	casectl consent "$a" --grant --to "Home Care P7" --what "needs" >/dev/null &&
	casectl link "$a" home-care-p7 --goal G1.1 --status referred >/dev/null || return 1
	at 2026-02-03; casectl link "$a" home-care-p7 --status accepted >/dev/null || return 1
	at 2026-02-10; casectl monitor "$a" -m "visit" --kind visit --minutes 45 >/dev/null || return 1
	at 2026-03-02; casectl monitor "$a" -m "call" --kind phone --minutes 15 >/dev/null || return 1
	at 2026-03-10
	casectl evaluate "$a" --decision close --goal G1=achieved --goal G1.1=partly -m "ok" \
		>/dev/null || return 1
	at 2026-03-15; casectl close "$a" --reason goals-met -m "done" >/dev/null || return 1

	at 2026-02-01; b=$(casectl open --client "Boris B" --referral self -m "needs") || return 1
	at 2026-02-04; casectl assess "$b" --client-need "work" --need "income" >/dev/null || return 1
	at 2026-02-11
	casectl plan "$b" --macro "Has an income" --measure "paid" --due 2027-01-31 >/dev/null &&
	casectl plan "$b" --goal "Benefits" --domain income --measure "granted" \
		--due 2026-12-31 >/dev/null &&
	casectl plan "$b" --step "Apply" --under G1 --measure "sent" --due 2026-06-30 \
		--cost 500 --payer city >/dev/null || return 1
	at 2026-02-21
	casectl consent "$b" --grant --to "Meals On Wheels" --what "needs" >/dev/null &&
	casectl consent "$b" --grant --to "Home Care P7" --what "needs" >/dev/null &&
	casectl link "$b" meals-on-wheels --goal G1 --status referred >/dev/null || return 1
	at 2026-02-25
	casectl link "$b" meals-on-wheels --status declined >/dev/null &&
	casectl link "$b" home-care-p7 --goal G1.1 --status referred >/dev/null || return 1
	at 2026-03-02; casectl link "$b" home-care-p7 --status accepted >/dev/null || return 1
	at 2026-03-05
	GIT_AUTHOR_NAME="Petr Svoboda" GIT_AUTHOR_EMAIL=petr@example.org \
		casectl monitor "$b" -m "visit" --kind visit --minutes 30 >/dev/null || return 1
	at 2026-04-01
	casectl evaluate "$b" --decision close --goal G1=not-achieved -m "no" >/dev/null || return 1
	at 2026-04-06; casectl close "$b" --reason moved -m "moved" >/dev/null || return 1

	at 2026-03-01; c=$(casectl open --client "Cora C" --referral self -m "needs") || return 1
	at 2026-03-11; casectl assess "$c" --client-need "x" --need "y" >/dev/null || return 1
	at 2026-04-08
	casectl open --client "Dana D" --referral self -m "needs" >/dev/null &&
	casectl open --client "Emil E" --referral self -m "needs" \
		--manager "Petr Svoboda <petr@example.org>" >/dev/null || return 1
	echo "$a $b $c" >"$STORE/.git/ids"
}

setup_file() {
	export HOME="$BATS_FILE_TMPDIR/home" GIT_CONFIG_NOSYSTEM=1
	export XDG_CONFIG_HOME="$HOME/.config"
	mkdir -p "$HOME"
	git config --global user.name "Jana Novak"
	git config --global user.email "jana@example.org"
	git config --global init.defaultBranch main
	unset CASECTL_DIR VISUAL EDITOR GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
	STORE="$BATS_FILE_TMPDIR/journey" build_journey >"$BATS_FILE_TMPDIR/build.log" 2>&1
}

setup() {
	setup_common
	export CASECTL_NOW=2026-04-10
}

# A copy of the journey store in $STORE, the shell inside it; A B C set.
journey() {
	[ -f "$BATS_FILE_TMPDIR/journey/.git/ids" ] || {
		cat "$BATS_FILE_TMPDIR/build.log"; return 1; }
	cp -a "$BATS_FILE_TMPDIR/journey" "$STORE"
	cd "$STORE"
	read -r A B C <.git/ids
}

# Evaluate Python expression $2 with r bound to the JSON in file $1;
# prints the result.
jq_py() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
ph = {p['phase']: p for p in r['phases']}
print(json.dumps(eval(sys.argv[2]), sort_keys=True))
PY
}

# Run the report as JSON into $BATS_TEST_TMPDIR/r.json (extra args: $@).
report_json() {
	casectl report --format json "$@" >"$BATS_TEST_TMPDIR/r.json"
}

# Assert that expression $1 over the last report equals JSON $2.
expect() {
	local got
	got=$(jq_py "$BATS_TEST_TMPDIR/r.json" "$1")
	[ "$got" = "$2" ] || { echo "$1: got $got, want $2"; return 1; }
}

@test "cases opened and closed, with the closing reasons" {
	journey
	report_json
	expect "r['period']" '{"since": null, "today": "2026-04-10", "until": null}'
	expect "[r['cases'][k] for k in ('total','active','open','opened','closed','reopened')]" \
		'[5, 5, 3, 5, 2, 0]'
	expect "r['cases']['close_reasons']" \
		'[{"count": 1, "reason": "goals-met"}, {"count": 1, "reason": "moved"}]'
}

@test "days in each phase come from the commit dates of the phase changes" {
	journey
	report_json
	expect "[ph['intake']['completed'][k] for k in ('count','min','q1','median','q3','max')]" \
		'[3, 3, 4, 5, 7.5, 10]'
	expect "[ph[p]['completed']['median'] for p in ('assessment','planning','linking','monitoring','evaluation')]" \
		'[8.5, 11, 10.5, 27.5, 5]'
	expect "[ph['monitoring']['completed'][k] for k in ('min','max')]" '[27, 28]'
	# the open case C is still in assessment: ongoing, not completed
	expect "ph['assessment']['completed']['count'], ph['assessment']['ongoing']" \
		'[2, {"count": 1, "max": 30, "median": 30, "min": 30, "q1": 30, "q3": 30}]'
	# D and E opened two days ago; the closed phase is not measured
	expect "ph['intake']['ongoing']['count'], ph['intake']['ongoing']['median']" '[2, 2]'
	expect "sorted(ph)" \
		'["assessment", "evaluation", "intake", "linking", "monitoring", "planning"]'
}

@test "goal outcomes by level, and evaluation decisions" {
	journey
	report_json
	expect "r['goals']['status']['macro']" \
		'{"achieved": 0, "dropped": 0, "not-achieved": 0, "open": 2, "partly": 0, "total": 2}'
	expect "r['goals']['status']['meso']" \
		'{"achieved": 1, "dropped": 0, "not-achieved": 1, "open": 0, "partly": 0, "total": 2}'
	expect "r['goals']['status']['micro']" \
		'{"achieved": 0, "dropped": 0, "not-achieved": 0, "open": 2, "partly": 1, "total": 3}'
	expect "r['goals']['outcomes']['all']" \
		'{"achieved": 1, "dropped": 0, "not-achieved": 1, "partly": 1, "total": 3}'
	expect "r['goals']['outcomes']['micro']['partly'], r['goals']['outcomes']['macro']['total']" '[1, 0]'
	expect "r['decisions']" \
		'{"close": 2, "continue": 0, "refer": 0, "replan": 0, "step-down": 0, "total": 2}'
}

@test "referrals per service and their acceptance rate" {
	journey
	report_json
	expect "[(s['service'], s['name'], s['links'], s['accepted'], s['declined'], s['acceptance_rate']) for s in r['referrals']['services']]" \
		'[["home-care-p7", "Home Care P7", 2, 2, 0, 1.0], ["meals-on-wheels", "Meals On Wheels", 1, 0, 1, 0.0]]'
	expect "r['referrals']['services'][1]['status']" \
		'{"accepted": 0, "active": 0, "declined": 1, "ended": 0, "proposed": 0, "referred": 0}'
	expect "r['referrals']['total']['decided'], round(r['referrals']['total']['acceptance_rate'], 4)" \
		'[3, 0.6667]'
}

@test "the monthly contact sheet, costs per payer and caseload against the limit" {
	journey
	report_json
	expect "[(c['month'], c['worker'], c['contacts'], c['minutes']) for c in r['contacts']]" \
		'[["2026-02", "Jana Novak", 1, 45], ["2026-03", "Jana Novak", 1, 15], ["2026-03", "Petr Svoboda", 1, 30]]'
	expect "r['contacts'][1]['kinds']['phone'], r['contacts'][2]['kinds']['visit']" '[1, 1]'
	expect "r['costs']" \
		'[{"cost": 1700, "payer": "city", "steps": 2}, {"cost": 300, "payer": "insurer", "steps": 1}]'
	expect "r['caseload']" \
		'{"limit": 1, "managers": [{"email": "jana@example.org", "name": "Jana Novak", "open": 2, "over": true}, {"email": "petr@example.org", "name": "Petr Svoboda", "open": 1, "over": false}]}'
}

@test "--since and --until limit the events to the period" {
	journey
	report_json --since 2026-03-01 --until 2026-03-31
	expect "r['period']['since'], r['period']['until']" '["2026-03-01", "2026-03-31"]'
	expect "[r['cases'][k] for k in ('opened','closed','active')]" '[1, 1, 3]'
	expect "r['cases']['close_reasons']" '[{"count": 1, "reason": "goals-met"}]'
	# stays that ended in March; those running on 31 March are ongoing
	expect "[ph[p]['completed']['count'] for p in ph]" '[1, 0, 0, 1, 1, 1]'
	expect "[ph[p]['completed']['median'] for p in ('intake','linking','monitoring','evaluation')]" \
		'[10, 12, 28, 5]'
	expect "ph['monitoring']['ongoing']['median'], ph['assessment']['ongoing']['median']" '[26, 20]'
	expect "[(c['worker'], c['minutes']) for c in r['contacts']]" \
		'[["Jana Novak", 15], ["Petr Svoboda", 30]]'
	expect "r['decisions']['close'], r['goals']['outcomes']['all']['total']" '[1, 2]'
	# in March B's referral to home care was accepted, and A's ended when
	# A was closed (issue 12: closing ends the open links)
	expect "[(s['service'], s['links'], s['status']['accepted'], s['status']['ended']) for s in r['referrals']['services']]" \
		'[["home-care-p7", 2, 1, 1]]'

	report_json --until 2026-02-28
	# at the end of February B's referral to home care was still open
	expect "[(s['service'], s['status']['referred'], s['accepted'], s['declined']) for s in r['referrals']['services']]" \
		'[["home-care-p7", 1, 1, 0], ["meals-on-wheels", 0, 0, 1]]'
	expect "r['referrals']['total']['acceptance_rate']" '0.5'
	expect "r['cases']['opened'], r['cases']['closed'], r['decisions']['total']" '[2, 0, 0]'
	expect "[(c['month'], c['minutes']) for c in r['contacts']]" '[["2026-02", 45]]'

	report_json --since 2026-05-01
	expect "r['cases']['opened'], r['contacts'], r['referrals']['services'], r['decisions']['total']" \
		'[0, [], [], 0]'
	expect "r['costs']" '[]'
}

@test "relative dates are taken; a bad date, format or period is a usage error" {
	journey
	report_json --since -10d
	expect "r['period']['since'], r['cases']['opened']" '["2026-03-31", 2]'
	before=$(snapshot)
	run casectl report --since 2026-02-30
	[ "$status" -eq 2 ]
	[[ "$output" == *"--since"*"2026-02-30"* ]]
	run casectl report --since 2026-03-02 --until 2026-03-01
	[ "$status" -eq 2 ]
	[[ "$output" == *"--since 2026-03-02 is after --until 2026-03-01"* ]]
	run casectl report --format pdf
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown format 'pdf'; use text, json or html"* ]]
	run casectl report extra
	[ "$status" -eq 2 ]
	[[ "$output" == *"unexpected argument 'extra'"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "phase times follow the history even when case.md was edited by hand" {
	journey
	dir=$(ls -d cases/*/*/"$C")
	# C was assessed on 2026-03-11; someone moves it on by hand on 2026-03-21
	sed -i 's/^phase: assessment$/phase: planning/' "$dir/case.md"
	GIT_AUTHOR_DATE="2026-03-21T12:00:00Z" GIT_COMMITTER_DATE="2026-03-21T12:00:00Z" \
		git commit -qam "hand edit"
	report_json
	expect "ph['assessment']['completed']['count'], ph['assessment']['completed']['max']" '[3, 10]'
	expect "ph['planning']['ongoing']" \
		'{"count": 1, "max": 20, "median": 20, "min": 20, "q1": 20, "q3": 20}'
}

@test "a merge counts a side branch's phase change once, at the side commit's date" {
	journey
	dir=$(ls -d cases/*/*/"$C")
	git checkout -qb side
	sed -i 's/^phase: assessment$/phase: planning/' "$dir/case.md"
	GIT_AUTHOR_DATE="2026-03-16T12:00:00Z" GIT_COMMITTER_DATE="2026-03-16T12:00:00Z" \
		git commit -qam "side: planning"
	git checkout -q main
	echo x >notes.txt
	git add notes.txt
	GIT_AUTHOR_DATE="2026-03-17T12:00:00Z" GIT_COMMITTER_DATE="2026-03-17T12:00:00Z" \
		git commit -qm "main: notes"
	GIT_AUTHOR_DATE="2026-04-09T12:00:00Z" GIT_COMMITTER_DATE="2026-04-09T12:00:00Z" \
		git merge -q --no-ff side -m "merge side"
	report_json
	# assessment 2026-03-11 .. 2026-03-16, then planning ongoing since then
	expect "sorted(ph['assessment']['completed'][k] for k in ('min','max'))" '[5, 10]'
	expect "ph['planning']['ongoing']['count'], ph['planning']['ongoing']['median']" '[1, 25]'
	expect "ph['planning']['completed']['count']" '2'
}

@test "phase times from the history index equal those of a full walk, through removals and bad files" {
	journey
	dir=$(ls -d cases/*/*/"$C")
	cp "$dir/case.md" "$BATS_TEST_TMPDIR/case.md"
	# C (assessment since 2026-03-11) loses case.md on 2026-03-25 (local
	# date), is back in linking on 2026-03-27, gets an unknown phase and a
	# broken file (both change nothing), monitoring on 2026-03-30, and is
	# back in assessment on 2026-04-02
	git rm -q "$dir/case.md"
	GIT_AUTHOR_DATE="2026-03-25T23:30:00+0200" git commit -qm "removed"
	sed 's/^phase: assessment$/phase: linking/' "$BATS_TEST_TMPDIR/case.md" >"$dir/case.md"
	git add "$dir/case.md"
	GIT_AUTHOR_DATE="2026-03-27T00:30:00-0500" git commit -qm "back"
	sed -i 's/^phase: .*$/phase: bogus/' "$dir/case.md"
	GIT_AUTHOR_DATE="2026-03-29T12:00:00Z" git commit -qam "unknown phase"
	sed -i 's/^phase: .*$/phase: monitoring/' "$dir/case.md"
	GIT_AUTHOR_DATE="2026-03-30T12:00:00Z" git commit -qam "monitoring"
	printf -- '---\n: [\n' >"$dir/case.md"
	GIT_AUTHOR_DATE="2026-04-01T12:00:00Z" git commit -qam "broken"
	cp "$BATS_TEST_TMPDIR/case.md" "$dir/case.md"
	GIT_AUTHOR_DATE="2026-04-02T12:00:00Z" git commit -qam "assessment again"
	for period in "" "--since 2026-03-01 --until 2026-03-31" "--until 2026-02-28" \
		"--since 2026-03-27 --until 2026-03-27"; do
		with=$(casectl report --format json $period)
		without=$(CASECTL_HISTORY_INDEX=0 casectl report --format json $period)
		[ "$with" = "$without" ] || { echo "differ for '$period'"; return 1; }
	done
	[ "$(sed -n 1p .git/casectl/history/tip)" = "casectl-history 2" ]
	report_json
	expect "ph['linking']['completed']['count'], ph['linking']['completed']['min']" '[3, 3]'
	expect "ph['monitoring']['completed']['count'], ph['monitoring']['completed']['min']" '[3, 3]'
	expect "ph['assessment']['completed']['count']" '2'
	expect "ph['assessment']['ongoing']['count'], ph['assessment']['ongoing']['max']" '[1, 8]'
}

@test "text report: aligned tables for people" {
	journey
	run casectl report
	[ "$status" -eq 0 ]
	[[ "$output" == "Programme report: all time (today 2026-04-10)"* ]]
	[[ "$output" == *"goals-met  1"* ]]
	line=$(grep -E '^monitoring ' <<<"$output")
	[[ "$line" =~ ^monitoring\ +2\ +27\ +27.25\ +27.5\ +27.75\ +28\ +0 ]] || { echo "$line"; false; }
	[[ "$output" == *"meals-on-wheels  Meals On Wheels  1"*"0%"* ]]
	[[ "$output" == *"2026-03  Petr Svoboda  1         30"* ]]
	[[ "$output" == *"city     2      1700"* ]]
	[[ "$output" == *"Jana Novak    jana@example.org  2     OVER LIMIT"* ]]
}

@test "html report: one self-contained file with SVG charts and no script" {
	journey
	run casectl report --format html -o "$BATS_TEST_TMPDIR/r.html"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/r.html" <<'PY'
import sys, html5lib
src = open(sys.argv[1], encoding='utf-8').read()
p = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
doc = p.parse(src)
assert not p.errors, p.errors[:5]
els = list(doc.iter())
tags = [e.tag for e in els]
assert 'script' not in tags and not any(str(t).endswith('}script') for t in tags)
for e in els:
    for a, v in e.attrib.items():
        a = str(a).split('}')[-1].lower()
        assert not a.startswith('on'), a
        assert not (a in ('href', 'src') or a.endswith('href')), (a, v)
svgs = [e for e in els if str(e.tag).endswith('svg')]
assert len(svgs) >= 5, len(svgs)
assert '@page' in src and 'size: A4' in src and '@media print' in src
assert 'http://' not in src.replace('xmlns="http://www.w3.org/2000/svg"', '')
assert 'https://' not in src and 'url(' not in src and '<link' not in src
assert 'Home Care P7' in src and 'Petr Svoboda' in src
PY
}

@test "store values cannot inject markup into the html report" {
	new_store
	export CASECTL_NOW=2026-01-10
	sed -i 's/^caseload-limit: .*/caseload-limit: 1/' casectl.md
	git commit -qam limit
	casectl service add '"><svg onload=alert(1)>' --slug evil-service >/dev/null
	# git refuses < and > in names: a manager and a worker with quotes and &
	m='Max" onclick="alert(2) & Co <m@example.org>'
	id=$(casectl open --client '<script>alert(3)</script>' --referral self -m x --manager "$m")
	casectl open --client x --referral self -m x --manager "$m" >/dev/null
	casectl assess "$id" --client-need a --need b >/dev/null
	casectl plan "$id" --macro '<img src=x onerror=alert(4)>' --measure m --due 2027-01-01 >/dev/null
	casectl plan "$id" --goal g --domain housing --measure m --due 2027-01-01 >/dev/null
	casectl plan "$id" --step s --under G1 --measure m --due 2027-01-01 --cost 10 \
		--payer '<iframe src=javascript:alert(5)>' >/dev/null
	casectl link "$id" evil-service --legal-basis "law" >/dev/null
	GIT_AUTHOR_NAME='Eve" onmouseover="alert(6)' casectl monitor "$id" -m x --minutes 5 >/dev/null
	# a hand edit puts markup in the worker of a second contact
	casectl monitor "$id" -m y --minutes 7 >/dev/null
	f=$(grep -L '^by: Eve' cases/*/*/"$id"/journal/*)
	sed -i "s|^by: .*|by: '<svg/onload=alert(7)>'|" "$f"
	git commit -qam "hand edit"
	casectl report --format html -o "$BATS_TEST_TMPDIR/r.html"
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/r.html" <<'PY'
import sys, html5lib
src = open(sys.argv[1], encoding='utf-8').read()
p = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
doc = p.parse(src)
assert not p.errors, p.errors[:5]
for e in doc.iter():
    t = str(e.tag).split('}')[-1].lower()
    assert t not in ('script', 'iframe', 'img', 'b'), t
    for a in e.attrib:
        assert not str(a).split('}')[-1].lower().startswith('on'), a
for raw in ('"><svg onload', 'Max" onclick', '<script>', '<img src', '<iframe',
            'Eve" onmouseover', '<svg/onload', '& Co'):
    assert raw not in src, raw
# the values are shown, escaped
for esc in ('&quot;&gt;&lt;svg onload=alert(1)&gt;', 'Max&quot; onclick=&quot;alert(2) &amp; Co',
            '&lt;iframe src=javascript:alert(5)&gt;', 'Eve&quot; onmouseover=&quot;alert(6)',
            '&lt;svg/onload=alert(7)&gt;'):
    assert esc in src, esc
PY
}

@test "-o FILE writes the file, - writes standard output; nothing is committed" {
	journey
	n=$(commit_count)
	run casectl report --format json -o "$BATS_TEST_TMPDIR/out.json"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	/usr/bin/python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["report"] == 1' \
		"$BATS_TEST_TMPDIR/out.json"
	casectl report --format json -o - >"$BATS_TEST_TMPDIR/stdout.json"
	cmp "$BATS_TEST_TMPDIR/out.json" "$BATS_TEST_TMPDIR/stdout.json"
	run casectl report -o "$BATS_TEST_TMPDIR/no/such/dir/r.txt"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot write '$BATS_TEST_TMPDIR/no/such/dir/r.txt'"* ]]
	[ "$(commit_count)" -eq "$n" ]
	assert_clean
}

@test "an empty store gives a valid empty report in every format" {
	new_store
	report_json
	expect "[r['cases'][k] for k in ('total','opened','closed','open')]" '[0, 0, 0, 0]'
	expect "[ph[p]['completed']['count'] + ph[p]['ongoing']['count'] for p in ph]" \
		'[0, 0, 0, 0, 0, 0]'
	expect "ph['intake']['completed']['median']" 'null'
	expect "r['referrals']['services'], r['referrals']['total']['acceptance_rate'], r['contacts'], r['costs'], r['caseload']['managers']" \
		'[[], null, [], [], []]'
	expect "r['caseload']['limit'], r['goals']['status']['all']['total']" '[12, 0]'
	run casectl report
	[ "$status" -eq 0 ]
	[[ "$output" == *"(none)"* ]]
	casectl report --format html >"$BATS_TEST_TMPDIR/e.html"
	/usr/bin/python3 -c '
import sys, html5lib
p = html5lib.HTMLParser(strict=False)
p.parse(open(sys.argv[1], encoding="utf-8").read())
assert not p.errors, p.errors' "$BATS_TEST_TMPDIR/e.html"
}

@test "outside a store the report fails with a clear message" {
	cd "$BATS_TEST_TMPDIR"
	run casectl report
	[ "$status" -eq 1 ]
	[[ "$output" == *"casectl init"* ]]
}
