#!/usr/bin/env bats
# casectl link: links to directory services and informal supports

load helper
load network

setup() {
	setup_common
	new_store
	casectl service add "Home Care P7" --org "Social Services Praha 7" --places 2 >/dev/null
	casectl service add "Day Centre" --org "Diakonie" --places 1 >/dev/null
}

# A case in phase planning, with consent for both services.
planned_case() {
	local id
	id=$(open_case "${1:-Marie Dvorakova}")
	plan_case "$id"
	casectl consent "$id" --grant --to "Social Services Praha 7" --what "care needs" >/dev/null
	casectl consent "$id" --grant --to "Diakonie" --what "care needs" >/dev/null
	echo "$id"
}

link_file() {
	echo "$STORE/$(case_dir "$1")/links/$2.md"
}

@test "the first link is proposed, records its history and moves planning to linking" {
	id=$(planned_case)
	grep -q '^phase: planning$' "$STORE/$(case_dir "$id")/case.md"
	n=$(commit_count)
	run casectl link "$id" home-care-p7 --goal G1.1
	[ "$status" -eq 0 ]
	[ "$output" = "home-care-p7" ]
	assert_commit link "$id" "link to home-care-p7 proposed"
	[ "$(commit_count)" -eq $((n + 1)) ]
	grep -q '^phase: linking$' "$STORE/$(case_dir "$id")/case.md"
	f=$(link_file "$id" home-care-p7)
	[ "$(yaml_get "$f" "d")" = "{'service': 'home-care-p7', 'informal': False, 'goal': 'G1.1', 'status': 'proposed', 'waitlist': False, 'history': [{'status': 'proposed', 'date': datetime.date(2026, 11, 23), 'by': 'Jana Novak'}]}" ]
	# the phase commit and the link are the same commit
	git show --name-only --format= HEAD | grep -q 'case.md$'
	git show --name-only --format= HEAD | grep -q 'links/home-care-p7.md$'
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "a new link may start with a given status; a prefix of the slug works" {
	id=$(planned_case)
	run casectl link "$id" home --status referred
	[ "$status" -eq 0 ]
	[ "$output" = "home-care-p7" ]
	assert_commit link "$id" "link to home-care-p7 referred"
	[ "$(yaml_get "$(link_file "$id" home-care-p7)" "[h['status'] for h in d['history']]")" = "['referred']" ]
	before=$(snapshot)
	run casectl link "$id" day-centre --status ended
	[ "$status" -eq 1 ]
	[[ "$output" == *"a new link cannot start as 'ended'"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "--status moves a link forward, skipping steps, and appends to its history" {
	id=$(planned_case)
	casectl link "$id" home-care-p7 >/dev/null
	export CASECTL_NOW=2026-11-25
	run casectl link "$id" home-care-p7 --status referred
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to home-care-p7 referred"
	CASECTL_NOW=2026-12-01 run casectl link "$id" home-care-p7 --status active
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to home-care-p7 active"
	CASECTL_NOW=2027-02-01 run casectl link "$id" home-care-p7 --status ended
	[ "$status" -eq 0 ]
	f=$(link_file "$id" home-care-p7)
	[ "$(yaml_get "$f" "d['status']")" = "ended" ]
	[ "$(yaml_get "$f" "[(h['status'], str(h['date'])) for h in d['history']]")" = "[('proposed', '2026-11-23'), ('referred', '2026-11-25'), ('active', '2026-12-01'), ('ended', '2027-02-01')]" ]
	# phase stays linking once reached
	grep -q '^phase: linking$' "$STORE/$(case_dir "$id")/case.md"
	assert_clean
}

@test "backward moves and repeats are refused; after ended or declined a new round starts" {
	id=$(planned_case)
	casectl link "$id" home-care-p7 --status accepted >/dev/null
	before=$(snapshot)
	run casectl link "$id" home-care-p7 --status referred
	[ "$status" -eq 1 ]
	[[ "$output" == *"link 'home-care-p7' is accepted and cannot move to referred; it can move to: active, ended, declined"* ]]
	run casectl link "$id" home-care-p7 --status accepted
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot move to accepted; it can move to: active, ended, declined"* ]]
	run casectl link "$id" home-care-p7 --status maybe
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown link status 'maybe'"* ]]
	[ "$(snapshot)" = "$before" ]
	casectl link "$id" home-care-p7 --status active >/dev/null
	before=$(snapshot)
	run casectl link "$id" home-care-p7 --status declined
	[ "$status" -eq 1 ]
	[[ "$output" == *"is active and cannot move to declined; it can move to: ended"* ]]
	[ "$(snapshot)" = "$before" ]
	casectl link "$id" home-care-p7 --status ended >/dev/null
	# issue 12: an ended or declined link is no longer a dead end; a new
	# round may start as a new link would, never as ended
	before=$(snapshot)
	run casectl link "$id" home-care-p7 --status ended
	[ "$status" -eq 1 ]
	[[ "$output" == *"link 'home-care-p7' is ended; a new round cannot start as 'ended'; use one of: proposed, referred, accepted, active, declined"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl link "$id" home-care-p7 --status active
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to home-care-p7 active, round 2"
	# declined from referred, then a new round
	casectl link "$id" day-centre --status referred >/dev/null
	run casectl link "$id" day-centre --status declined
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to day-centre declined"
	run casectl link "$id" day-centre --status accepted
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to day-centre accepted, round 2"
}

@test "an existing link without --status is refused; --goal alone changes the goal" {
	id=$(planned_case)
	casectl link "$id" home-care-p7 --goal G1 >/dev/null
	before=$(snapshot)
	run casectl link "$id" home-care-p7
	[ "$status" -eq 1 ]
	[[ "$output" == *"already has the link 'home-care-p7' (proposed); move it with --status"* ]]
	run casectl link "$id" home-care-p7 --goal G1
	[ "$status" -eq 1 ]
	[[ "$output" == *"nothing changed for link 'home-care-p7'"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl link "$id" home-care-p7 --goal G1.1
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to home-care-p7 changed"
	[ "$(yaml_get "$(link_file "$id" home-care-p7)" "(d['goal'], len(d['history']))")" = "('G1.1', 1)" ]
}

@test "an unknown goal or service is refused" {
	id=$(planned_case)
	before=$(snapshot)
	run casectl link "$id" home-care-p7 --goal G7
	[ "$status" -eq 1 ]
	[[ "$output" == *"the plan of case '$id' has no goal 'G7'; its goals are: G0, G1, G1.1"* ]]
	run casectl link "$id" nursing-home
	[ "$status" -eq 1 ]
	[[ "$output" == *"no service 'nursing-home' in the directory; run 'casectl service list'"* ]]
	run casectl link "$id" home-care-p7 --goal ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --goal needs a goal ID from the plan"* ]]
	run casectl link "$id"
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: give the case and the service (or, with --informal, a name)"* ]]
	run casectl link "$id" a b
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: too many arguments; quote a name with spaces"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "out of phase is refused; --force REASON links anyway and records the reason" {
	id=$(open_case)
	casectl consent "$id" --grant --to "Diakonie" --what "care needs" >/dev/null
	before=$(snapshot)
	run casectl link "$id" day-centre
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' has no plan yet (phase 'intake'); run 'casectl plan $id' first, or give --force REASON"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl link "$id" day-centre --goal G1 --force "crisis bed needed tonight"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' has no plan, so no goal 'G1'"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl link "$id" day-centre --force "crisis bed needed tonight"
	[ "$status" -eq 0 ]
	assert_commit link "$id" "link to day-centre proposed"
	[[ "$(git log -1 --format=%B)" == *"Forced: crisis bed needed tonight"* ]]
	grep -q '^phase: linking$' "$STORE/$(case_dir "$id")/case.md"
	run casectl link "$id" home-care-p7 --force ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --force needs a reason"* ]]
}

@test "a closed case and a case with hand edits are refused" {
	id=$(planned_case)
	casectl link "$id" home-care-p7 >/dev/null
	echo "x" >>"$STORE/$(case_dir "$id")/plan.md"
	before=$(snapshot)
	run casectl link "$id" home-care-p7 --status referred
	[ "$status" -eq 1 ]
	[[ "$output" == *"uncommitted changes"* ]]
	[ "$(snapshot)" = "$before" ]
	git checkout -q -- .
	close_case "$id"
	before=$(snapshot)
	run casectl link "$id" home-care-p7 --status referred
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' is closed"* ]]
	run casectl link "$id" day-centre --force "even so"
	[ "$status" -eq 1 ]
	[[ "$output" == *"closed"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "a full service is refused unless --waitlist, which keeps the link waiting" {
	a=$(planned_case A)
	b=$(planned_case B)
	casectl link "$a" day-centre --status active >/dev/null
	run casectl service list
	[ "$status" -eq 0 ]
	[[ "$output" == *"day-centre    Day Centre    -     1       1       0"* ]]
	before=$(snapshot)
	run casectl link "$b" day-centre
	[ "$status" -eq 1 ]
	[[ "$output" == *"service 'day-centre' is full (1 of 1 places in use); add --waitlist"* ]]
	run casectl link "$b" day-centre --waitlist --status active
	[ "$status" -eq 1 ]
	[[ "$output" == *"a link on the waiting list stays proposed or referred"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl link "$b" day-centre --waitlist --status referred
	[ "$status" -eq 0 ]
	f=$(link_file "$b" day-centre)
	[ "$(yaml_get "$f" "(d['status'], d['waitlist'])")" = "('referred', True)" ]
	# no place yet: moving to active is refused
	before=$(snapshot)
	run casectl link "$b" day-centre --status active
	[ "$status" -eq 1 ]
	[[ "$output" == *"is full"* ]]
	[ "$(snapshot)" = "$before" ]
	# A's place ends: B takes it and leaves the waiting list
	casectl link "$a" day-centre --status ended >/dev/null
	run casectl link "$b" day-centre --status active
	[ "$status" -eq 0 ]
	[ "$(yaml_get "$f" "(d['status'], d['waitlist'])")" = "('active', False)" ]
	run casectl service show day-centre --format json
	[ "$status" -eq 0 ]
	/usr/bin/python3 -c 'import json,sys; j=json.loads(sys.argv[1]); assert (j["in-use"], j["free"]) == (1, 0), j' "$output"
}

@test "places in use count active links across all cases" {
	a=$(planned_case A)
	b=$(planned_case B)
	c=$(planned_case C)
	casectl link "$a" home-care-p7 --status active >/dev/null
	casectl link "$b" home-care-p7 --status referred >/dev/null
	run casectl service list --format json
	[ "$status" -eq 0 ]
	/usr/bin/python3 -c '
import json, sys
rows = {j["slug"]: j for j in map(json.loads, sys.argv[1].splitlines())}
assert (rows["home-care-p7"]["in-use"], rows["home-care-p7"]["free"]) == (1, 1), rows
assert rows["day-centre"]["in-use"] == 0, rows' "$output"
	casectl link "$b" home-care-p7 --status active >/dev/null
	run casectl link "$c" home-care-p7
	[ "$status" -eq 1 ]
	[[ "$output" == *"full (2 of 2 places in use)"* ]]
	casectl service edit home-care-p7 --places 3 >/dev/null
	run casectl link "$c" home-care-p7
	[ "$status" -eq 0 ]
}

@test "a directory service needs a consent or a recorded legal basis" {
	id=$(open_case)
	plan_case "$id"
	before=$(snapshot)
	run casectl link "$id" home-care-p7
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' has no active consent to share with 'Social Services Praha 7'"* ]]
	[[ "$output" == *"--legal-basis TEXT"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl link "$id" home-care-p7 --legal-basis "Social Services Act s. 91(3), urgent care"
	[ "$status" -eq 0 ]
	f=$(link_file "$id" home-care-p7)
	[ "$(yaml_get "$f" "d['legal-basis']")" = "Social Services Act s. 91(3), urgent care" ]
	assert_not_in_history "Social Services Act"
	# the recorded basis keeps covering the link's next steps
	run casectl link "$id" home-care-p7 --status active
	[ "$status" -eq 0 ]
	run casectl link "$id" day-centre --legal-basis ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --legal-basis needs the text of the legal basis"* ]]
}

@test "a consent to the organisation or the service's name covers, in any case" {
	id=$(open_case)
	plan_case "$id"
	casectl consent "$id" --grant --to "  social services PRAHA 7 " --what x >/dev/null
	run casectl link "$id" home-care-p7
	[ "$status" -eq 0 ]
	casectl consent "$id" --grant --to "day centre" --what x >/dev/null
	run casectl link "$id" day-centre
	[ "$status" -eq 0 ]
	[ "$(yaml_get "$(link_file "$id" day-centre)" "'legal-basis' in d")" = "False" ]
}

@test "a withdrawn or expired consent no longer covers" {
	id=$(open_case)
	plan_case "$id"
	cid=$(casectl consent "$id" --grant --to "Social Services Praha 7" --what x)
	casectl consent "$id" --grant --to "Diakonie" --what x --expires 2026-12-31 >/dev/null
	casectl link "$id" home-care-p7 >/dev/null
	casectl consent "$id" --withdraw "$cid"
	before=$(snapshot)
	run casectl link "$id" home-care-p7 --status referred
	[ "$status" -eq 1 ]
	[[ "$output" == *"no active consent to share with 'Social Services Praha 7'"* ]]
	[ "$(snapshot)" = "$before" ]
	# ending a link shares nothing: allowed
	run casectl link "$id" home-care-p7 --status ended
	[ "$status" -eq 0 ]
	# the Diakonie consent covers until it expires
	export CASECTL_NOW=2027-01-01
	before=$(snapshot)
	run casectl link "$id" day-centre
	[ "$status" -eq 1 ]
	[[ "$output" == *"no active consent to share with 'Diakonie'"* ]]
	[ "$(snapshot)" = "$before" ]
	CASECTL_NOW=2026-12-31 run casectl link "$id" day-centre
	[ "$status" -eq 0 ]
}

@test "informal supports: the name stays inside links/informal-xxxx.md" {
	id=$(planned_case)
	run casectl link "$id" 'Sousedka Jiřina "Jirka" Veselá' --informal --goal G1
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^informal-[0-9a-hjkmnp-tv-z]{4}$ ]]
	lid=$output
	assert_commit link "$id" "link to $lid proposed"
	f=$(link_file "$id" "$lid")
	[ "$(yaml_get "$f" "d")" = "{'name': 'Sousedka Jiřina \"Jirka\" Veselá', 'informal': True, 'goal': 'G1', 'status': 'proposed', 'history': [{'status': 'proposed', 'date': datetime.date(2026, 11, 23), 'by': 'Jana Novak'}]}" ]
	# by name (any case, blanks ignored) or by ID
	run casectl link "$id" ' sousedka jiřina "jirka" veselá' --informal --status active
	[ "$status" -eq 0 ]
	[ "$output" = "$lid" ]
	assert_commit link "$id" "link to $lid active"
	run casectl link "$id" "$lid" --status ended
	[ "$status" -eq 0 ]
	[ "$(yaml_get "$f" "[h['status'] for h in d['history']]")" = "['proposed', 'active', 'ended']" ]
	assert_not_in_history "Veselá"
	assert_not_in_history "Jiřina"
	assert_not_in_history "Sousedka"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "informal links: refusals" {
	id=$(open_case)
	plan_case "$id"
	casectl link "$id" "Aunt Eva" --informal >/dev/null
	before=$(snapshot)
	run casectl link "$id" "aunt eva" --informal
	[ "$status" -eq 1 ]
	[[ "$output" == *"already has the link 'informal-"* ]]
	run casectl link "$id" "Aunt Eva" --informal --waitlist
	[ "$status" -eq 2 ]
	[[ "$output" == *"--waitlist is for directory services"* ]]
	run casectl link "$id" informal-zzzz --status active
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' has no link 'informal-zzzz'"* ]]
	run casectl link "$id" "Aunt Eva"
	[ "$status" -eq 1 ]
	[[ "$output" == *"no service 'Aunt Eva' in the directory"*"--informal"* ]]
	run casectl link "$id" "" --informal
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: an informal support needs a name or a description"* ]]
	[ "$(snapshot)" = "$before" ]
	assert_not_in_history "Aunt"
}

@test "hand edits of links are validated with file and line" {
	id=$(planned_case)
	casectl link "$id" home-care-p7 >/dev/null
	lid=$(casectl link "$id" "Neighbour" --informal)
	f=$(link_file "$id" home-care-p7)
	sed -i 's/^status: proposed$/status: maybe/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"links/home-care-p7.md:4: 'status' must be one of proposed, referred, accepted, active, ended, declined, not 'maybe'"* ]]
	run casectl commit "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"/links/home-care-p7.md:4: 'status' must be one of proposed, referred, accepted, active, ended, declined, not 'maybe'"* ]]
	git checkout -q -- .
	sed -i 's/^service: home-care-p7$/service: day-centre/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"links/home-care-p7.md:2: 'service' must be 'home-care-p7', the file's name"* ]]
	git checkout -q -- .
	sed -i 's/^    date: 2026-11-23$/    date: yesterday/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"links/home-care-p7.md:8: 'date' is not a date (YYYY-MM-DD): 'yesterday'"* ]]
	git checkout -q -- .
	g=$(link_file "$id" "$lid")
	sed -i 's/^informal: true$/informal: false/' "$g"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"links/$lid.md:3: 'informal' must be true in an informal link"* ]]
	git checkout -q -- .
	sed -i '/^name: /d' "$g"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"links/$lid.md:"*"an informal link needs 'name'"* ]]
}

@test "a closed case holds no places, even with its links still active" {
	a=$(planned_case A)
	b=$(planned_case B)
	c=$(planned_case C)
	casectl link "$a" home-care-p7 --status active >/dev/null
	casectl link "$b" home-care-p7 --status active >/dev/null
	run casectl link "$c" home-care-p7
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: service 'home-care-p7' is full (2 of 2 places in use); add --waitlist to put the client on its waiting list, or see 'casectl service list' for another"* ]]
	casectl close "$a" --reason "moved away" --force "test" >/dev/null
	run casectl service list --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"slug":"home-care-p7"'*'"in-use":1'* ]]
	run casectl link "$c" home-care-p7
	[ "$status" -eq 0 ]
}
