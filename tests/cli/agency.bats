#!/usr/bin/env bats
# What a new user and an agency's coordinator ran into (issue 12, section 5):
# init without an identity, contacts in every phase, re-referral, several
# team members at once, the mandate, closure and links, the printed plan.

load helper
load journey

setup() {
	setup_common
}

no_identity() {
	git config --global --unset user.name
	git config --global --unset user.email
	unset EMAIL
}

@test "init without a git identity leaves nothing behind, and works once it is set" {
	no_identity
	run casectl init "$STORE"
	[ "$status" -eq 1 ]
	[[ "$output" == *"author identity unknown"* ]]
	[[ "$output" == *"git config --global user.name"* ]]
	[ ! -e "$STORE" ]
	git config --global user.name "Jana Novak"
	git config --global user.email "jana@example.org"
	run casectl init "$STORE"
	[ "$status" -eq 0 ]
	[[ "$output" == "Initialized empty case store in "* ]]
	[ -f "$STORE/casectl.md" ]
	[ "$(git -C "$STORE" rev-list --count HEAD)" -eq 1 ]
	assert_clean
}

@test "init without an identity in an existing folder removes only the .git it made" {
	no_identity
	mkdir -p "$STORE/notes"
	echo keep >"$STORE/notes/a.txt"
	run casectl init "$STORE"
	[ "$status" -eq 1 ]
	[[ "$output" == *"author identity unknown"* ]]
	[ ! -e "$STORE/.git" ]
	[ "$(cat "$STORE/notes/a.txt")" = keep ]
	# nested folders it created are removed up to the first that existed
	mkdir -p "$BATS_TEST_TMPDIR/here"
	run casectl init "$BATS_TEST_TMPDIR/here/a/b/c"
	[ "$status" -eq 1 ]
	[ -d "$BATS_TEST_TMPDIR/here" ]
	[ ! -e "$BATS_TEST_TMPDIR/here/a" ]
	git config --global user.name "Jana Novak"
	git config --global user.email "jana@example.org"
	run casectl init "$STORE"
	[ "$status" -eq 0 ]
	[ -f "$STORE/casectl.md" ]
	[ "$(cat "$STORE/notes/a.txt")" = keep ]
}

@test "init refuses a folder that already is a git repository and keeps its .git" {
	mkdir -p "$STORE"
	git -C "$STORE" init -q
	run casectl init "$STORE"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is already a git repository"* ]]
	[ -d "$STORE/.git" ]
}

@test "a contact at intake is a journal entry without --force; the phase stays" {
	new_store
	id=$(open_case)
	[ "$(phase_of "$id")" = intake ]
	run casectl monitor "$id" --kind phone --with "daughter" --minutes 10 -m "first call"
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^journal/2026-11-23-[0-9a-z]{4}\.md$ ]]
	f=$STORE/$(case_dir "$id")/$output
	[ "$(yaml_get "$f" "(d['kind'], d['minutes'])")" = "('phone', 10)" ]
	assert_commit monitor "$id" "phone contact, 10 minutes"
	[[ "$(git log -1 --format=%B)" != *"Forced:"* ]]
	[ "$(phase_of "$id")" = intake ]
	# a case conference during assessment, too
	assess_case "$id"
	run casectl monitor "$id" --kind conference --client-present --with Marie -m "all met"
	[ "$status" -eq 0 ]
	[ "$(phase_of "$id")" = assessment ]
	# progress on a goal depends on a plan: refused, nothing written
	before=$(snapshot)
	run casectl monitor "$id" --goal G1 --progress on-track -m "x"
	[ "$status" -eq 1 ]
	[[ "$output" == *"has no plan yet"* ]]
	[ "$(snapshot)" = "$before" ]
	# with a plan, the first contact still moves planning to monitoring
	casectl plan "$id" --macro "Lives safely at home" --measure "no readmission" \
		--due 2027-11-20 >/dev/null
	run casectl monitor "$id" --goal G0 --progress on-track -m "visit"
	[ "$status" -eq 0 ]
	[ "$(phase_of "$id")" = monitoring ]
	# a closed case still takes no journal entry
	casectl close "$id" --reason moved --force "test" >/dev/null
	run casectl monitor "$id" -m "late call"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is closed; run 'casectl reopen $id' first"* ]]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

# a case in phase planning with consent to share with the day centre
referred_case() {
	local id
	casectl service add "Day Centre" --org "Diakonie" --places 1 >/dev/null
	id=$(open_case)
	plan_case "$id"
	casectl consent "$id" --grant --to "Diakonie" --what "care needs" >/dev/null
	echo "$id"
}

@test "a declined referral can be referred again; the history keeps the first round" {
	new_store
	id=$(referred_case)
	casectl link "$id" day-centre --goal G1 --status referred >/dev/null
	CASECTL_NOW=2026-11-24 casectl link "$id" day-centre --status declined >/dev/null
	f=$STORE/$(case_dir "$id")/links/day-centre.md
	n=$(commit_count)
	CASECTL_NOW=2026-12-01 run casectl link "$id" day-centre --status referred
	[ "$status" -eq 0 ]
	[ "$output" = day-centre ]
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit link "$id" "link to day-centre referred, round 2"
	[ "$(yaml_get "$f" "(d['status'], d['round'], d['goal'], d['waitlist'])")" = "('referred', 2, 'G1', False)" ]
	[ "$(yaml_get "$f" "[(h['status'], str(h['date']), h.get('round', 1)) for h in d['history']]")" = "[('referred', '2026-11-23', 1), ('declined', '2026-11-24', 1), ('referred', '2026-12-01', 2)]" ]
	# the round goes on as a link does, and its moves carry the round
	run casectl link "$id" day-centre --status active
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to day-centre active"
	[ "$(yaml_get "$f" "(d['round'], d['history'][-1]['round'])")" = "(2, 2)" ]
	# one key a line: a plain "round: 2" that git merges as a field
	grep -q '^round: 2$' "$f"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "a bare link after a declined or ended link starts a new round as proposed" {
	new_store
	id=$(referred_case)
	casectl link "$id" day-centre --status declined >/dev/null
	run casectl link "$id" day-centre
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to day-centre proposed, round 2"
	f=$STORE/$(case_dir "$id")/links/day-centre.md
	[ "$(yaml_get "$f" "(d['status'], d['round'])")" = "('proposed', 2)" ]
	# an informal support, ended and taken up again: round 2, then 3
	casectl link "$id" --informal "Neighbour" --status active >/dev/null
	casectl link "$id" --informal "Neighbour" --status ended >/dev/null
	run casectl link "$id" --informal "Neighbour" --status active
	[ "$status" -eq 0 ]
	[[ "$output" == informal-* ]]
	g=$STORE/$(case_dir "$id")/links/$output.md
	[ "$(yaml_get "$g" "(d['status'], d['round'], len(d['history']))")" = "('active', 2, 3)" ]
	casectl link "$id" "$output" --status ended >/dev/null
	run casectl link "$id" "$output" --status referred
	[ "$status" -eq 0 ]
	[ "$(yaml_get "$g" "(d['status'], d['round'], d['history'][-1]['round'])")" = "('referred', 3, 3)" ]
	# a new round cannot start as ended, and nothing is written
	casectl link "$id" "$output" --status ended >/dev/null
	before=$(snapshot)
	run casectl link "$id" "$output" --status ended
	[ "$status" -eq 1 ]
	[[ "$output" == *"is ended; a new round cannot start as 'ended'"* ]]
	[ "$(snapshot)" = "$before" ]
	# a hand-written round that is not a number is flagged by check
	sed -i 's/^round: 2$/round: two/' "$f"
	git commit -qam "hand edit"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"links/day-centre.md:"*"'round' must be a whole number, not 'two'"* ]]
}

@test "a new round at a full service waits, and its waitlist starts afresh" {
	new_store
	id=$(referred_case)
	other=$(open_case "Eva Horak")
	plan_case "$other"
	casectl consent "$other" --grant --to "Diakonie" --what "care needs" >/dev/null
	casectl link "$id" day-centre --status declined >/dev/null
	casectl link "$other" day-centre --status active >/dev/null
	before=$(snapshot)
	run casectl link "$id" day-centre --status referred
	[ "$status" -eq 1 ]
	[[ "$output" == *"service 'day-centre' is full (1 of 1 places in use)"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl link "$id" day-centre --status referred --waitlist
	[ "$status" -eq 0 ]
	f=$STORE/$(case_dir "$id")/links/day-centre.md
	[ "$(yaml_get "$f" "(d['status'], d['round'], d['waitlist'])")" = "('referred', 2, True)" ]
}

@test "team --add A --role r --add B --role s adds both, each with its own options, in one commit" {
	new_store
	id=$(open_case)
	n=$(commit_count)
	run casectl team "$id" --add "Eva Novakova" --role daughter --topic money --informal \
		--add "Dr. Petr Maly" --role GP --org "Poliklinika" --topic health --topic pills \
		--add "Jan Soudny" --role guardian --guardian
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'T1\nT2\nT3')" ]
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit team "$id" "team members T1, T2 and T3 added"
	f=$STORE/$(case_dir "$id")/team.md
	[ "$(yaml_get "$f" "[(m['id'], m['name'], m.get('role'), m.get('organisation'), m.get('topics'), m['informal'], m['guardian']) for m in d['members']]")" = "[('T1', 'Eva Novakova', 'daughter', None, ['money'], True, False), ('T2', 'Dr. Petr Maly', 'GP', 'Poliklinika', ['health', 'pills'], False, False), ('T3', 'Jan Soudny', 'guardian', None, None, False, True)]" ]
	assert_not_in_history "Novakova"
	# two more: the IDs go on from the highest
	run casectl team "$id" --add A --add B --role neighbour
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'T4\nT5')" ]
	assert_commit team "$id" "team members T4 and T5 added"
	[ "$(yaml_get "$f" "[(m['id'], m.get('role')) for m in d['members'][3:]]")" = "[('T4', None), ('T5', 'neighbour')]" ]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "team refuses member options before the first of several --add, and writes nothing" {
	new_store
	id=$(open_case)
	before=$(snapshot)
	run casectl team "$id" --role daughter --add A --add B --role GP
	[ "$status" -eq 2 ]
	[[ "$output" == *"with several --add, give each member's options after its --add"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl team "$id" --add A --name X --add B
	[ "$status" -eq 2 ]
	[[ "$output" == *"--name is for --set"* ]]
	run casectl team "$id" --add A --set T1 --role x
	[ "$status" -eq 2 ]
	run casectl team "$id" --add A --add ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"a team member needs a name"* ]]
	[ "$(snapshot)" = "$before" ]
	# a single --add still takes the options given before it
	run casectl team "$id" --role daughter --add A
	[ "$status" -eq 0 ]
	[ "$output" = T1 ]
	f=$STORE/$(case_dir "$id")/team.md
	[ "$(yaml_get "$f" "d['members'][0]['role']")" = daughter ]
}

@test "open --mandate records the mandate, held by the case manager" {
	new_store
	run casectl open --client "Marie Dvorakova" --referral hospital -m "several needs" \
		--mandate "She agrees that I contact her GP and home care; ends when she says so."
	[ "$status" -eq 0 ]
	id=$output
	f=$(case_md "$id")
	[ "$(yaml_get "$f" "(d['mandate']['text'], d['mandate']['holder'], str(d['mandate']['agreed']))")" = "('She agrees that I contact her GP and home care; ends when she says so.', 'Jana Novak <jana@example.org>', '2026-11-23')" ]
	assert_not_in_history "GP and home care"
	run casectl check
	[ "$status" -eq 0 ]
	run casectl open --client X --referral self -m x --mandate ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"--mandate needs the text of the mandate"* ]]
	# a hand-written mandate without its holder is refused by check
	sed -i '/^  holder: /d' "$f"
	git commit -qam "hand edit"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"case.md:"*"the mandate needs 'holder'"* ]]
}

@test "after a handover check flags a mandate naming the old manager, until it is agreed again" {
	new_store
	id=$(open_case "Marie Dvorakova" --mandate "She agrees that I contact her GP.")
	run casectl handover "$id" --to "Petr Maly <petr@example.org>" --reason "parental leave"
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: the mandate of case '$id' still names 'Jana Novak <jana@example.org>'"* ]]
	[[ "$output" == *"hint: agree it again with the client and record it with 'casectl handover $id --mandate TEXT'"* ]]
	f=$(case_md "$id")
	[ "$(yaml_get "$f" "d['mandate']['holder']")" = "Jana Novak <jana@example.org>" ]
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$(case_dir "$id")/case.md:"*": the mandate was given to 'Jana Novak <jana@example.org>', who is no longer the case manager ('Petr Maly <petr@example.org>'); agree it again with the client and record it with 'casectl handover $id --mandate TEXT'"* ]]
	# other work on the case goes on meanwhile
	run casectl monitor "$id" -m "call"
	[ "$status" -eq 0 ]
	# the new manager agrees it again: one commit, check passes
	n=$(commit_count)
	CASECTL_NOW=2026-11-30 run casectl handover "$id" --mandate "She agrees that Petr contacts her GP."
	[ "$status" -eq 0 ]
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit mandate "$id" "mandate agreed"
	[ "$(yaml_get "$f" "(d['mandate']['text'], d['mandate']['holder'], str(d['mandate']['agreed']))")" = "('She agrees that Petr contacts her GP.', 'Petr Maly <petr@example.org>', '2026-11-30')" ]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "handover --mandate hands over and renews the mandate in one commit" {
	new_store
	id=$(open_case "Marie Dvorakova" --mandate "She agrees that I contact her GP.")
	n=$(commit_count)
	run casectl handover "$id" --to "Petr Maly <petr@example.org>" --reason "leave" \
		--mandate "She agrees that Petr contacts her GP and her daughter."
	[ "$status" -eq 0 ]
	[[ "$output" != *warning* ]]
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit handover "$id" "case handed over, mandate agreed"
	f=$(case_md "$id")
	[ "$(yaml_get "$f" "(d['manager']['name'], d['mandate']['holder'], d['handovers'][0]['to'])")" = "('Petr Maly', 'Petr Maly <petr@example.org>', 'Petr Maly <petr@example.org>')" ]
	assert_not_in_history "daughter"
	run casectl check
	[ "$status" -eq 0 ]
	# a case without a mandate: handover warns of nothing, check passes
	other=$(open_case "Eva Horak")
	run casectl handover "$other" --to "Petr Maly <petr@example.org>" --reason "leave"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run casectl check
	[ "$status" -eq 0 ]
	# a closed case's old mandate is not flagged
	casectl handover "$id" --to "Jana Novak <jana@example.org>" --reason "back" >/dev/null 2>&1
	casectl close "$id" --reason moved --force test >/dev/null
	casectl close "$other" --reason moved --force test >/dev/null
	run casectl check
	[ "$status" -eq 0 ]
	run casectl handover "$id" --mandate ""
	[ "$status" -eq 2 ]
}

@test "close ends every open link in the same one commit; ended and declined ones stay" {
	new_store
	casectl service add "Home Care P7" --org "Social Services Praha 7" --places 5 >/dev/null
	id=$(referred_case)
	casectl consent "$id" --grant --to "Social Services Praha 7" --what "care needs" >/dev/null
	casectl link "$id" day-centre --status active >/dev/null
	casectl link "$id" home-care-p7 --status referred >/dev/null
	inf=$(casectl link "$id" --informal "Neighbour" --status active)
	done_=$(casectl link "$id" --informal "Old friend" --status declined)
	d=$STORE/$(case_dir "$id")/links
	casectl evaluate "$id" --decision close -m "goals met" >/dev/null
	n=$(commit_count)
	CASECTL_NOW=2026-11-25 run casectl close "$id" --reason "goals achieved"
	[ "$status" -eq 0 ]
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit close "$id" "case closed"
	[[ "$(git log -1 --format=%B)" == *"Links ended: day-centre, home-care-p7, $inf"* ]]
	[ "$(git show --name-only --format= HEAD | sed 's|.*/||' | sort | tr '\n' ' ')" = "$(printf '%s\n' case.md day-centre.md home-care-p7.md "$inf.md" | sort | tr '\n' ' ')" ]
	for l in day-centre home-care-p7 "$inf"; do
		[ "$(yaml_get "$d/$l.md" "(d['status'], d['history'][-1]['status'], str(d['history'][-1]['date']))")" = "('ended', 'ended', '2026-11-25')" ]
	done
	[ "$(yaml_get "$d/$done_.md" "(d['status'], len(d['history']))")" = "('declined', 1)" ]
	run grep -l "^status: active$" "$d"/*.md
	[ "$status" -eq 1 ]
	# no place stays taken at the day centre
	run casectl service list --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"slug":"day-centre",'*'"in-use":0,"free":1}'* ]]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
	# reopened, the service can be linked again: a new round
	casectl reopen "$id" -m "back" >/dev/null
	casectl plan "$id" --goal "Meals again" --domain daily-living --measure "every day" --due 2027-03-01 >/dev/null
	run casectl link "$id" day-centre --status active
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to day-centre active, round 2"
}

@test "a close that is refused ends no link" {
	new_store
	id=$(referred_case)
	casectl link "$id" day-centre --status active >/dev/null
	before=$(snapshot)
	run casectl close "$id" --reason "moved"
	[ "$status" -eq 1 ]
	[[ "$output" == *"has no evaluation that decided to close"* ]]
	[ "$(snapshot)" = "$before" ]
	grep -q '^status: active$' "$STORE/$(case_dir "$id")/links/day-centre.md"
}

# Facts of the rendered plan $1 (HTML), parsed with html5lib: prints
# python expression $2 evaluated with doc (the parsed tree), rows(sel)
# (the [th, td...] texts of each row under the first element of class
# sel) and css (the text of the style sheet).
html_eval() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys, html5lib
doc = html5lib.parse(open(sys.argv[1], 'rb').read(), namespaceHTMLElements=False)
def text(e):
    return ''.join(e.itertext()).strip()
def rows(cls):
    el = [e for e in doc.iter() if cls in (e.get('class') or '').split()][0]
    return [[text(c) for c in tr if c.tag in ('th', 'td')] for tr in el.iter('tr')]
css = ''.join(text(s) for s in doc.iter('style'))
def rule(selector):
    import re
    out = []
    for sel, body in re.findall(r'([^{}]+)\{([^{}]*)\}', re.sub(r'/\*.*?\*/', '', css, flags=re.S)):
        if selector in [s.strip() for s in sel.split(',')]:
            out += [d.strip().replace(' ', '') for d in body.split(';') if d.strip()]
    return out
print(eval(sys.argv[2]))
PY
}

@test "the printed plan has a signature line for each guardian, and keeps headings with what follows" {
	new_store
	id=$(open_case)
	plan_case "$id"
	casectl team "$id" --add "Jan Soudny" --role guardian --org "District court" --guardian \
		--add "Eva Novakova" --role daughter --informal >/dev/null
	run casectl plan "$id" --render -o "$BATS_TEST_TMPDIR/plan.html"
	[ "$status" -eq 0 ]
	f=$BATS_TEST_TMPDIR/plan.html
	[ "$(html_eval "$f" "[r[:2] for r in rows('sign')[1:]]")" = "[['Client', 'Marie Dvorakova'], ['Case manager', 'Jana Novak'], ['Guardian', 'Jan Soudny']]" ]
	# each signatory has a blank date and signature line
	[ "$(html_eval "$f" "[len(r) for r in rows('sign')]")" = "[4, 4, 4, 4]" ]
	# headings keep with the block after them and are never split
	[ "$(html_eval "$f" "[d in rule('h2') for d in ('break-after:avoid', 'page-break-after:avoid', 'break-inside:avoid')]")" = "[True, True, True]" ]
	[ "$(html_eval "$f" "[d in rule('h3') for d in ('break-after:avoid', 'break-inside:avoid')]")" = "[True, True]" ]
	[ "$(html_eval "$f" "'break-before:avoid' in rule('h2 + *')")" = True ]
	[ "$(html_eval "$f" "[d in rule('h2::after') for d in ('height:25mm', 'margin-bottom:-25mm')]")" = "[True, True]" ]
	# the plan of today says no day
	[ "$(html_eval "$f" "[r for r in rows('facts') if r[0] == 'As it was on']")" = "[]" ]
	# the other formats have the guardian's line too
	for to in latex man commonmark; do
		run casectl plan "$id" --render --to $to
		[ "$status" -eq 0 ]
		[[ "$output" == *"Guardian"*"Jan Soudny"* ]]
		[[ "$output" != *"Eva Novakova"*"Signature"*"Eva"* ]]
	done
	# one guardian, one line
	run casectl plan "$id" --render --to commonmark
	[ "$status" -eq 0 ]
	[ "$(grep -c 'Guardian' <<<"$output")" -eq 1 ]
}

@test "a plan rendered with --at says which day it shows" {
	new_store
	CASECTL_NOW=2026-03-10 id=$(open_case)
	CASECTL_NOW=2026-03-10 plan_case "$id"
	CASECTL_NOW=2026-03-20 casectl plan "$id" --set G1 --status achieved >/dev/null
	run casectl plan "$id" --render --at 2026-03-12 -o "$BATS_TEST_TMPDIR/at.html"
	[ "$status" -eq 0 ]
	[ "$(html_eval "$BATS_TEST_TMPDIR/at.html" "[r for r in rows('facts') if r[0] == 'As it was on']")" = "[['As it was on', '2026-03-12']]" ]
	# a revision: the day of that commit, and the revision
	run casectl plan "$id" --render --at HEAD~1 -o "$BATS_TEST_TMPDIR/rev.html"
	[ "$status" -eq 0 ]
	[ "$(html_eval "$BATS_TEST_TMPDIR/rev.html" "[r for r in rows('facts') if r[0] == 'As it was on']")" = "[['As it was on', '2026-03-10 (HEAD~1)']]" ]
	# a relative date is shown as the day it means
	CASECTL_NOW=2026-03-25 run casectl plan "$id" --render --at -1w --to commonmark
	[ "$status" -eq 0 ]
	[[ "$output" == *"**As it was on**: 2026-03-18"* ]]
	run casectl plan "$id" --render --at 2026-03-12 --to latex
	[ "$status" -eq 0 ]
	[[ "$output" == *'\textbf{As it was on}: 2026-03-12'* ]]
	run casectl plan "$id" --render --at 2026-03-12 --to man
	[ "$status" -eq 0 ]
	[[ "$output" == *'\f[B]As it was on\f[]: 2026\-03\-12'* ]]
	# in the store's language
	sed -i 's/^language: en$/language: de/' casectl.md
	git commit -qam "German"
	run casectl plan "$id" --render --at 2026-03-12 --to commonmark
	[ "$status" -eq 0 ]
	[[ "$output" == *"**Stand vom**: 2026-03-12"* ]]
}

# The words of each "$ ..." line of file $1, re-parsed as a POSIX shell
# would (shlex), against the argument lists recorded in $2 (NUL-separated
# words, each command ended by a word "\1"), without the leading
# "-C STORE" the demo adds.  Prints the count, or the first mismatch.
compare_echoed() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import shlex, sys
echoed = [shlex.split(l[2:]) for l in open(sys.argv[1], encoding='utf-8').read().split('\n')
          if l.startswith('$ ')]
raw = open(sys.argv[2], 'rb').read().decode('utf-8').split('\0')
runs, cur = [], []
for w in raw:
    if w == '\1':
        runs.append(cur); cur = []
    else:
        cur.append(w)
runs = [['casectl'] + (r[2:] if r[:1] == ['-C'] else r) for r in runs]
if len(echoed) != len(runs):
    print('echoed %d commands, ran %d' % (len(echoed), len(runs))); sys.exit(0)
for e, r in zip(echoed, runs):
    if e != r:
        print('mismatch: %r != %r' % (e, r)); sys.exit(0)
print(len(runs))
PY
}

@test "make demo echoes every command shell-quoted, so that it re-parses to the words it ran" {
	src=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	# a casectl that records its words, then runs the real one
	cat >"$BATS_TEST_TMPDIR/casectl" <<SH
#!/bin/sh
for w in "\$@"; do printf '%s\0' "\$w"; done >>"$BATS_TEST_TMPDIR/argv"
printf '\1\0' >>"$BATS_TEST_TMPDIR/argv"
exec "$CASECTL_BIN" "\$@"
SH
	chmod +x "$BATS_TEST_TMPDIR/casectl"
	TMPDIR=$BATS_TEST_TMPDIR run sh "$src/tests/demo.sh" "$BATS_TEST_TMPDIR/casectl"
	[ "$status" -eq 0 ]
	[[ "$output" == *"The demo store is "* ]]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/demo.out"
	grep -q "^\$ casectl open --client 'Marie Dvořáková' " "$BATS_TEST_TMPDIR/demo.out"
	run compare_echoed "$BATS_TEST_TMPDIR/demo.out" "$BATS_TEST_TMPDIR/argv"
	[ "$status" -eq 0 ]
	echo "$output"
	[[ "$output" =~ ^[0-9]+$ ]]
	[ "$output" -ge 20 ]
}

@test "the demo's quoting survives quotes, blanks, dollars, globs and empty words" {
	src=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	sed -n '/^q() {/,/^}/p; /^say() {/,/^}/p' "$src/tests/demo.sh" >"$BATS_TEST_TMPDIR/q.sh"
	[ -s "$BATS_TEST_TMPDIR/q.sh" ]
	words=("it's" "" "two  blanks" '$HOME' 'a*b' '`ls`' 'a\b' 'é' '--x=1' "tab	here" '!')
	run sh -c '. "$1"; shift; say casectl "$@"' sh "$BATS_TEST_TMPDIR/q.sh" "${words[@]}"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/one.out"
	for w in "${words[@]}"; do printf '%s\0' "$w"; done >"$BATS_TEST_TMPDIR/one.argv"
	printf '\1\0' >>"$BATS_TEST_TMPDIR/one.argv"
	run compare_echoed "$BATS_TEST_TMPDIR/one.out" "$BATS_TEST_TMPDIR/one.argv"
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
	# and a real shell, not only shlex, gets the same words back
	run sh -c "set -- $(sed 's/^\$ casectl//' "$BATS_TEST_TMPDIR/one.out"); printf '%s|' \"\$@\""
	[ "$status" -eq 0 ]
	[ "$output" = "it's||two  blanks|\$HOME|a*b|\`ls\`|a\\b|é|--x=1|tab	here|!|" ]
}

@test "a contact is still refused while case.md holds a sync conflict, in any phase" {
	new_store
	id=$(open_case)
	f=$(case_md "$id")
	# a conflict as sync records it
	/usr/bin/python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding='utf-8').read()
t = t.replace('\nreview: ', '\nconflict:\n  review:\n    ours: 2027-02-02\n    theirs: 2027-01-01\n    base: 2027-05-23\nreview: ', 1)
open(p, 'w', encoding='utf-8').write(t)
PY
	git commit -qam "a merge kept both values"
	before=$(snapshot)
	run casectl monitor "$id" -m "a call"
	[ "$status" -eq 1 ]
	[[ "$output" == *"conflict in 'review'; run 'casectl resolve $id'"* ]]
	[ "$(snapshot)" = "$before" ]
}
