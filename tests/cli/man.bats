#!/usr/bin/env bats
# Every command has a man page with the sections a reader expects, and
# every page renders without warnings.

load helper

setup() { setup_common; man="$BATS_TEST_DIRNAME/../../man"; }

@test "every command in 'casectl help' has a page with every section" {
	cmds=$(casectl help | awk '/^   [a-z]/ {print $1}')
	[ -n "$cmds" ]
	missing=""
	for c in $cmds; do
		page="$man/casectl-$c.1"
		[ -f "$page" ] || { missing="$missing $c(no page)"; continue; }
		for sec in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
			grep -q "^\.SH \"\?$sec\"\?\$" "$page" || missing="$missing $c($sec)"
		done
	done
	echo "missing:$missing"
	[ -z "$missing" ]
}

@test "every page renders without groff warnings and is listed in casectl(1)" {
	for page in "$man"/*.1 "$man"/*.5; do
		out=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
		[ -z "$out" ] || { echo "$page: $out"; return 1; }
	done
	for page in "$man"/casectl-*.1; do
		name=$(basename "$page" .1)
		grep -q "${name//-/\\\\-}" "$man/casectl.1" || { echo "casectl(1) does not mention $name"; return 1; }
	done
}
