#!/usr/bin/env bats
# casectl service: the store-wide service directory

load helper
load network

setup() { setup_common; new_store; }

@test "service add writes services/SLUG.md in a store-wide commit" {
	n=$(commit_count)
	run casectl service add "Home Care P7" --org "Social Services Praha 7" \
		--contact "+420 222 000" --area "Praha 7" --offers "personal care" --offers meals --places 12
	[ "$status" -eq 0 ]
	[ "$output" = "home-care-p7" ]
	assert_commit service "" "home-care-p7 added"
	[ "$(commit_count)" -eq $((n + 1)) ]
	f=$STORE/services/home-care-p7.md
	[ "$(yaml_get "$f" "d")" = "{'name': 'Home Care P7', 'organisation': 'Social Services Praha 7', 'contact': '+420 222 000', 'area': 'Praha 7', 'offers': ['personal care', 'meals'], 'capacity': {'places': 12, 'updated': datetime.date(2026, 11, 23)}}" ]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "service slugs drop accents, transliterate and use '-' for the rest" {
	run casectl service add "Domácí péče – Praha 7!"
	[ "$status" -eq 0 ]
	[ "$output" = "domaci-pece-praha-7" ]
	run casectl service add "Straße & Ærø Øst"
	[ "$status" -eq 0 ]
	[ "$output" = "strasse-aero-ost" ]
	run casectl service add "Дом милосердия"
	[ "$status" -eq 0 ]
	[ "$output" = "dom-miloserdiya" ]
	run casectl service add "  St. Mary's  (day centre) "
	[ "$status" -eq 0 ]
	[ "$output" = "st-marys-day-centre" ]
	run casectl service add "Whatever" --slug my-own-1
	[ "$status" -eq 0 ]
	[ "$output" = "my-own-1" ]
	[ -f "$STORE/services/my-own-1.md" ]
	[ "$(ls "$STORE/services" | wc -l)" -eq 5 ]
	ls "$STORE/services" | grep -qvE '^[a-z0-9-]+\.md$' && false
	assert_clean
}

@test "service add refuses an existing slug, a name without letters and bad values" {
	casectl service add "Home Care P7" --places 2 >/dev/null
	before=$(snapshot)
	run casectl service add "home care, p7"
	[ "$status" -eq 1 ]
	[[ "$output" == *"service 'home-care-p7' is already in the directory"* ]]
	[[ "$output" == *"casectl service edit home-care-p7"* ]]
	run casectl service add "★ ★"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot make a file name"*"--slug"* ]]
	run casectl service add "X" --slug "Bad Slug"
	[ "$status" -eq 1 ]
	[[ "$output" == *"--slug: 'Bad Slug' is not a slug"* ]]
	run casectl service add "Informal Help"
	[ "$status" -eq 1 ]
	[[ "$output" == *"names informal links"* ]]
	run casectl service add "X" --places many
	[ "$status" -eq 1 ]
	[[ "$output" == *"--places: 'many' is not a whole number"* ]]
	run casectl service add "X" --places -3
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: --places: '-3' is not a whole number of places"* ]]
	run casectl service add "X" --places 3 --updated 2026-13-01
	[ "$status" -eq 1 ]
	[[ "$output" == *"--updated"*"not a date"* ]]
	run casectl service add "X" --updated 2026-11-01
	[ "$status" -eq 2 ]
	[[ "$output" == *"--places"* ]]
	run casectl service add
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: the service needs a name"* ]]
	run casectl service add "X" --name Y
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: 'service add' takes the name as its argument"* ]]
	run casectl service add "X" --format json
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --format is for list and show"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "service list prints a table and JSON with places in use" {
	casectl service add "Home Care P7" --area "Praha 7" --places 12 >/dev/null
	casectl service add "Day Centre Holešovice" --area "Praha 7" >/dev/null
	before=$(snapshot)
	run casectl service list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "SLUG                   NAME                   AREA     PLACES  IN USE  FREE" ]
	[ "${lines[1]}" = "day-centre-holesovice  Day Centre Holešovice  Praha 7  -       0       -" ]
	[ "${lines[2]}" = "home-care-p7           Home Care P7           Praha 7  12      0       12" ]
	run casectl service list --format json
	[ "$status" -eq 0 ]
	[ "$(json_objects "$output")" -eq 2 ]
	/usr/bin/python3 - "$output" <<'PY'
import json, sys
a, b = [json.loads(l) for l in sys.argv[1].splitlines()]
assert a == {"slug": "day-centre-holesovice", "name": "Day Centre Holešovice",
             "area": "Praha 7", "in-use": 0, "free": None}, a
assert b["slug"] == "home-care-p7" and b["capacity"] == {"places": 12, "updated": "2026-11-23"}, b
assert b["in-use"] == 0 and b["free"] == 12, b
PY
	[ "$(snapshot)" = "$before" ]
}

@test "service list of an empty directory prints nothing" {
	run casectl service list
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run casectl service list --format json
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "service show takes a slug or an unambiguous prefix" {
	casectl service add "Home Care P7" --org "Social Services" --offers meals --offers care --places 3 >/dev/null
	casectl service add "Home Help" >/dev/null
	run casectl service show home-c
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "service home-care-p7" ]
	[[ "$output" == *"organisation: Social Services"* ]]
	[[ "$output" == *"offers:       meals, care"* ]]
	[[ "$output" == *"places:       3 (updated 2026-11-23)"* ]]
	[[ "$output" == *"free:         3"* ]]
	run casectl service show HOME-CARE-P7 --format json
	[ "$status" -eq 0 ]
	[ "$(json_objects "$output")" -eq 1 ]
	/usr/bin/python3 -c 'import json,sys; j=json.loads(sys.argv[1]); assert j["slug"]=="home-care-p7" and j["offers"]==["meals","care"] and j["free"]==3, j' "$output"
	run casectl service show home
	[ "$status" -eq 1 ]
	[[ "$output" == *"service 'home' is ambiguous; it matches: home-care-p7, home-help"* ]]
	run casectl service show nursing
	[ "$status" -eq 1 ]
	[[ "$output" == *"no service 'nursing'"*"casectl service list"* ]]
	run casectl service show
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which service? give its slug"* ]]
	run casectl service show home-help --places 3
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: 'service show' takes no options but --format"* ]]
}

@test "service edit changes fields; a capacity change dates itself" {
	casectl service add "Home Care P7" --org "Old Org" --area "Praha 7" --offers a --places 3 >/dev/null
	export CASECTL_NOW=2026-12-05
	run casectl service edit home --places 5 --offers x --offers y --org "" --contact "+420 1"
	[ "$status" -eq 0 ]
	assert_commit service "" "home-care-p7 changed"
	f=$STORE/services/home-care-p7.md
	[ "$(yaml_get "$f" "(d['capacity'], d['offers'], 'organisation' in d, d['contact'])")" = "({'places': 5, 'updated': datetime.date(2026, 12, 5)}, ['x', 'y'], False, '+420 1')" ]
	run casectl service edit home-care-p7 --places 4 --updated 2026-12-01
	[ "$status" -eq 0 ]
	[ "$(yaml_get "$f" "d['capacity']")" = "{'places': 4, 'updated': datetime.date(2026, 12, 1)}" ]
	run casectl service edit home-care-p7 --name "Home Care Praha 7"
	[ "$status" -eq 0 ]
	[ -f "$f" ]
	[ "$(yaml_get "$f" "d['name']")" = "Home Care Praha 7" ]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "service edit refusals leave the store unchanged" {
	casectl service add "Home Care P7" --places 3 >/dev/null
	before=$(snapshot)
	run casectl service edit home-care-p7
	[ "$status" -eq 2 ]
	[[ "$output" == *"nothing to change"* ]]
	run casectl service edit home-care-p7 --places 3 --updated 2026-11-23
	[ "$status" -eq 1 ]
	[[ "$output" == *"nothing changed for service 'home-care-p7'"* ]]
	run casectl service edit home-care-p7 --slug other
	[ "$status" -eq 2 ]
	[[ "$output" == *"slug never changes"* ]]
	run casectl service edit home-care-p7 --name ""
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: a service's name must not be empty"* ]]
	run casectl service edit nursing --places 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"no service 'nursing'"* ]]
	run casectl service edit home-care-p7 --places x
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: --places: 'x' is not a whole number of places"* ]]
	echo "hand edit" >>"$STORE/services/home-care-p7.md"
	before2=$(snapshot)
	run casectl service edit home-care-p7 --places 9
	[ "$status" -eq 1 ]
	[[ "$output" == *"services/home-care-p7.md' has uncommitted changes"* ]]
	[ "$(snapshot)" = "$before2" ]
	git checkout -q -- .
	[ "$(snapshot)" = "$before" ]
}

@test "service usage errors exit 2" {
	run casectl service
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which subcommand? add, list, show or edit"* ]]
	run casectl service remove x
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown subcommand 'remove'"* ]]
	run casectl service list extra
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: too many arguments"* ]]
	run casectl service list --places 3
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: 'service list' takes no options but --format"* ]]
	run casectl service list --format yaml
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: unknown format 'yaml'; use text or json"* ]]
}

@test "hand edits of the directory are validated with file and line" {
	casectl service add "Home Care P7" --places 3 --offers meals >/dev/null
	f=$STORE/services/home-care-p7.md
	sed -i 's/^  places: 3$/  places: many/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"services/home-care-p7.md:6: 'capacity.places' must be a whole number, not 'many'"* ]]
	run casectl commit
	[ "$status" -eq 1 ]
	[[ "$output" == *"services/home-care-p7.md:6: 'capacity.places' must be a whole number, not 'many'"* ]]
	git checkout -q -- .
	sed -i '/^  updated: /d' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"services/home-care-p7.md:"*"missing required key 'capacity.updated'"* ]]
	git checkout -q -- .
	sed -i 's/^name: .*/name: ""/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"services/home-care-p7.md:2: 'name' must not be empty"* ]]
	git checkout -q -- .
	cp "$f" "$STORE/services/Bad_Name.md"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"services/Bad_Name.md: a service file is named SLUG.md"* ]]
}
