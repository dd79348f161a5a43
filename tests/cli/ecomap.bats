#!/usr/bin/env bats
# casectl ecomap: the client's network as Graphviz DOT

load helper
load network

setup() { setup_common; new_store; }

# A case with a team and links in several states.
network_case() {
	local id
	id=$(open_case "${1:-Marie Dvořáková}")
	plan_case "$id"
	casectl team "$id" --add "Eva Nováková" --role daughter --informal >/dev/null
	casectl team "$id" --add "Dr. Petr Malý" --role GP --org "Poliklinika" >/dev/null
	casectl team "$id" --add "Jan Soudný" --role "court guardian" --guardian >/dev/null
	casectl service add "Home Care P7" --org "Social Services" --places 5 >/dev/null
	casectl service add "Day Centre" --places 5 >/dev/null
	casectl service add "Meals on Wheels" --places 5 >/dev/null
	casectl consent "$id" --grant --to "Social Services" --what x >/dev/null
	casectl link "$id" home-care-p7 --goal G1.1 --status active >/dev/null
	casectl link "$id" day-centre --legal-basis "law" --status referred >/dev/null
	casectl link "$id" meals-on-wheels --legal-basis "law" --status referred >/dev/null
	casectl link "$id" meals-on-wheels --status declined >/dev/null
	casectl link "$id" "Neighbour Joe" --informal --goal G0 >/dev/null
	echo "$id"
}

@test "ecomap prints the network as DOT that dot renders" {
	id=$(network_case)
	before=$(snapshot)
	run casectl ecomap "$id"
	[ "$status" -eq 0 ]
	[ "$(snapshot)" = "$before" ]
	[[ "${lines[0]}" == 'graph "ecomap" {' ]]
	[[ "$output" == *'root="client"'* ]]
	echo "$output" | grep -q '^	"client" \[label="Marie Dvořáková\\nclient", shape=doublecircle'
	echo "$output" | grep -q '^	"manager" \[label="Jana Novak\\ncase manager"'
	# informal members green ellipses, professionals blue boxes, the guardian marked
	echo "$output" | grep -q '^	"T1" \[label="Eva Nováková\\ndaughter", shape=ellipse, fillcolor="#d9f2d0"'
	echo "$output" | grep -q '^	"T2" \[label="Dr. Petr Malý\\nGP\\nPoliklinika", shape=box, fillcolor="#dce8f7"'
	echo "$output" | grep -q '^	"T3" \[label="Jan Soudný\\ncourt guardian, guardian", shape=box, .*peripheries=2'
	# services coloured by link status, edges labelled with the goal
	echo "$output" | grep -q '^	"link:home-care-p7" \[label="Home Care P7\\nactive", shape=box, style="rounded,bold,filled", fillcolor="#b7e4b0"'
	echo "$output" | grep -q '^	"client" -- "link:home-care-p7" \[label="G1.1 Home care twice a day"'
	echo "$output" | grep -q '^	"link:day-centre" \[label="Day Centre\\nreferred", .*fillcolor="#fff3b0"'
	echo "$output" | grep -q '^	"link:meals-on-wheels" \[label="Meals on Wheels\\ndeclined", .*fillcolor="#f4b6b6"'
	echo "$output" | grep -q '^	"link:informal-[a-z0-9]*" \[label="Neighbour Joe\\nproposed", shape=ellipse, .*fillcolor="#eeeeee"'
	echo "$output" | grep -q '^	"client" -- "link:informal-[a-z0-9]*" \[label="G0 Lives safely at home"'
	[ "${lines[-1]}" = "}" ]
	echo "$output" >"$BATS_TEST_TMPDIR/map.dot"
	run dot -Tsvg "$BATS_TEST_TMPDIR/map.dot" -o "$BATS_TEST_TMPDIR/map.svg"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/map.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
texts = [t.text for t in ET.parse(sys.argv[1]).iter('{http://www.w3.org/2000/svg}text')]
for want in ("Marie Dvořáková", "Eva Nováková", "Home Care P7", "active", "Neighbour Joe",
             "G1.1 Home care twice a day"):
    assert want in texts, (want, texts)
PY
}

@test "ecomap escapes quotes, backslashes and newlines for DOT" {
	id=$(open_case 'Marie "Mája" D\')
	plan_case "$id"
	# a newline in a one-line value is refused at input (local-input.bats)
	run casectl team "$id" --add $'Eva\nsecond line' --role friend
	[ "$status" -eq 1 ]
	casectl team "$id" --add 'Eva "Evi" second line' --role 'back\slash' --informal >/dev/null
	casectl team "$id" --add 'Trailing\' --org 'Org "X"' >/dev/null
	casectl service add 'Care "Plus" \ Co' --places 1 >/dev/null
	casectl link "$id" care-plus-co --legal-basis law --goal G1 >/dev/null
	casectl link "$id" 'Mr "Q" \n' --informal >/dev/null
	run casectl ecomap "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"client" [label="Marie \"Mája\" D\\\nclient"'* ]]
	[[ "$output" == *'[label="Eva \"Evi\" second line\nback\\slash"'* ]]
	[[ "$output" == *'[label="Trailing\\\nOrg \"X\""'* ]]
	[[ "$output" == *'[label="Care \"Plus\" \\ Co\nproposed"'* ]]
	[[ "$output" == *'[label="Mr \"Q\" \\n\nproposed"'* ]]
	echo "$output" >"$BATS_TEST_TMPDIR/map.dot"
	run dot -Tsvg "$BATS_TEST_TMPDIR/map.dot" -o "$BATS_TEST_TMPDIR/map.svg"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/map.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
texts = [t.text for t in ET.parse(sys.argv[1]).iter('{http://www.w3.org/2000/svg}text')]
for want in ('Marie "Mája" D\\', 'Eva "Evi" second line', 'back\\slash', 'Trailing\\',
             'Org "X"', 'Care "Plus" \\ Co', 'Mr "Q" \\n'):
    assert want in texts, (want, texts)
PY
}

@test "ecomap of a case without a network shows the client and the manager" {
	id=$(open_case)
	run casectl ecomap "$id"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | grep -c ' -- ')" -eq 1 ]
	echo "$output" | dot -Tsvg >/dev/null
}

@test "ecomap works on a closed case and refuses bad input" {
	id=$(network_case)
	close_case "$id"
	before=$(snapshot)
	run casectl ecomap "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"link:home-care-p7"'* ]]
	run casectl ecomap zzzzzz
	[ "$status" -eq 1 ]
	[[ "$output" == *"no case 'zzzzzz'"* ]]
	run casectl ecomap
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which case? give its ID"* ]]
	run casectl ecomap "$id" extra
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: too many arguments"* ]]
	[ "$(snapshot)" = "$before" ]
}
