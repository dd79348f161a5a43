#!/usr/bin/env bats
# casectl edit, commit, check: hand edits and validation

load helper

setup() { setup_common; new_store; id=$(open_case); f=$(ls cases/*/*/"$id"/case.md); }

@test "casectl commit validates and commits a hand edit as one commit" {
	echo "A note written in another editor." >>"$f"
	run casectl commit
	[ "$status" -eq 0 ]
	msg=$(git log -1 --format=%B)
	[[ "$msg" == "edit $id: hand edit of case.md"* ]]
	[[ "$msg" == *"Case: $id"* && "$msg" == *"Action: edit"* ]]
	assert_clean
	run casectl commit
	[ "$status" -eq 0 ]
	[[ "$output" == *"nothing to commit"* ]]
}

@test "casectl commit refuses invalid files and commits nothing" {
	sed -i 's/^phase: intake$/phase: dancing/' "$f"
	n=$(commit_count)
	run casectl commit "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$f:"*"'phase' must be one of"* ]]
	[ "$(commit_count)" -eq "$n" ]
	grep -q 'phase: dancing' "$f"
}

@test "a dirty case refuses edit and names the file and the way out" {
	notes="$(dirname "$f")/notes.md"
	printf -- '---\ntitle: x\n---\nhand edit\n' >"$notes"
	n=$(commit_count)
	EDITOR=true run script -qec "$CASECTL_BIN edit $id" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"$notes"*"uncommitted changes"*"casectl commit"* ]]
	grep -q "hand edit" "$notes"
	[ "$(commit_count)" -eq "$n" ]
}

@test "casectl edit opens the editor, validates and commits" {
	cat >"$BATS_TEST_TMPDIR/ed" <<'SH'
#!/bin/sh
echo "Edited in the editor." >>"$1"
SH
	chmod +x "$BATS_TEST_TMPDIR/ed"
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN edit $id" /dev/null
	[ "$status" -eq 0 ]
	grep -q "Edited in the editor." "$f"
	[[ "$(git log -1 --format=%s)" == "edit $id: hand edit of case.md" ]]
	assert_clean
}

@test "casectl edit keeps an invalid result on disk, reports its line, commits nothing" {
	cat >"$BATS_TEST_TMPDIR/ed" <<'SH'
#!/bin/sh
sed -i 's/^opened: .*/opened: [unclosed/' "$1"
SH
	chmod +x "$BATS_TEST_TMPDIR/ed"
	n=$(commit_count)
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN edit $id" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"case.md:"[0-9]* ]]
	[[ "$output" == *"nothing committed"* ]]
	[ "$(commit_count)" -eq "$n" ]
	grep -q 'unclosed' "$f"
	# coming back to the same file is allowed, and a fix is committed
	cat >"$BATS_TEST_TMPDIR/fix" <<'SH'
#!/bin/sh
sed -i 's/^opened: .*/opened: 2026-11-23/' "$1"
echo "Fixed the date." >>"$1"
SH
	chmod +x "$BATS_TEST_TMPDIR/fix"
	EDITOR="$BATS_TEST_TMPDIR/fix" run script -qec "$CASECTL_BIN edit $id" /dev/null
	[ "$status" -eq 0 ]
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_clean
}

@test "casectl edit without a terminal fails" {
	run casectl edit "$id" </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a terminal"* ]]
}

@test "casectl check passes a sound store and lists problems as file:line" {
	run casectl check
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	sed -i 's/^opened: .*/opened: someday/' "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$f:"[0-9]*": 'opened' is not a date"* ]]
}

@test "check and commit refuse hostile front matter with file and line" {
	base=$(cat "$f")
	write() { printf '%s' "$1" >"$f"; }
	# anchors and aliases (billion laughs)
	write $'---\na: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n---\n'
	run casectl check; [ "$status" -eq 1 ]; [[ "$output" == *"$f:"*"alias"* || "$output" == *"anchor"* ]]
	run casectl commit; [ "$status" -eq 1 ]
	[[ "$output" == *"/case.md:2: anchors and aliases are not allowed"* ]]
	# deep nesting
	/usr/bin/python3 -c "print('---'); print('a: ' + '['*10000 + ']'*10000); print('---')" >"$f"
	run casectl check; [ "$status" -eq 1 ]; [[ "$output" == *"$f:"*"deep"* || "$output" == *"nest"* ]]
	# 10 MB of front matter
	/usr/bin/python3 -c "print('---'); print('a: ' + 'x'*10*1024*1024); print('---')" >"$f"
	run casectl check; [ "$status" -eq 1 ]; [[ "$output" == *"$f:"* ]]
	# invalid UTF-8 and NUL bytes
	printf -- '---\nid: \xff\xfe\n---\n' >"$f"
	run casectl check; [ "$status" -eq 1 ]; [[ "$output" == *"$f:2"*"UTF-8"* ]]
	printf -- '---\nid: x\n---\nbody\0zero\n' >"$f"
	run casectl check; [ "$status" -eq 1 ]; [[ "$output" == *"$f:4"* ]]
	n=$(commit_count)
	run casectl commit; [ "$status" -eq 1 ]
	[[ "$output" == *"/case.md:4: NUL byte"* ]]
	[ "$(commit_count)" -eq "$n" ]
	printf '%s\n' "$base" >"$f"
}

@test "casectl edit --settings edits the shared settings" {
	cat >"$BATS_TEST_TMPDIR/ed" <<'SH'
#!/bin/sh
sed -i 's/^caseload-limit: .*/caseload-limit: 8/' "$1"
SH
	chmod +x "$BATS_TEST_TMPDIR/ed"
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN edit --settings" /dev/null
	[ "$status" -eq 0 ]
	grep -q '^caseload-limit: 8$' casectl.md
	[[ "$(git log -1 --format=%s)" == "edit: hand edit of casectl.md" ]]
	assert_clean
}
