#!/usr/bin/env bats
# privacy.bats - the client's rights: export (access), erase, retention

load helper
load journey

setup() {
	setup_common
}

@test "export: files, plan.html, history and a JSON bundle, all 0600" {
	new_store
	id=$(open_case "Marie Dvorakova")
	monitor_case "$id"
	other=$(open_case "Bert Cole")
	n=$(commit_count)
	run casectl export "$id" -o "$BATS_TEST_TMPDIR/out"
	[ "$status" -eq 0 ]
	[[ "$output" == *"exported"* ]]
	out="$BATS_TEST_TMPDIR/out"
	# every file of the case folder, byte for byte
	dir=$(case_dir "$id")
	(cd "$STORE/$dir" && find . -type f | sort) >"$BATS_TEST_TMPDIR/a"
	(cd "$out/files" && find . -type f | sort) >"$BATS_TEST_TMPDIR/b"
	diff "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/a")" -ge 4 ]
	while read -r f; do cmp "$STORE/$dir/$f" "$out/files/$f"; done <"$BATS_TEST_TMPDIR/a"
	# the plan as one HTML document with the goals
	/usr/bin/python3 - "$out/plan.html" <<'PY'
import sys, html5lib
t = open(sys.argv[1], encoding='utf-8').read()
html5lib.HTMLParser(strict=True).parse(t)
assert 'Meals are covered' in t and 'Lives safely at home' in t
PY
	# the history: one line per commit that touched the case, none of the other case
	[ "$(wc -l <"$out/history.txt")" -eq "$(git log --format=%H -- "$dir" | wc -l)" ]
	grep -q "open .*case opened" "$out/history.txt"
	grep -q "Jana Novak" "$out/history.txt"
	! grep -q "$other" "$out/history.txt" || false
	# the bundle: case and every record
	/usr/bin/python3 - "$out/case.json" "$id" "$(wc -l <"$BATS_TEST_TMPDIR/a")" <<'PY'
import sys, json
b = json.load(open(sys.argv[1]))
assert b['id'] == sys.argv[2]
assert b['case']['client']['name'] == 'Marie Dvorakova'
paths = [r['path'] for r in b['records']]
assert len(paths) == int(sys.argv[3]), paths
assert 'case.md' in paths and 'plan.md' in paths
plan = [r for r in b['records'] if r['path'] == 'plan.md'][0]
assert isinstance(plan['data'], dict) and isinstance(plan['body'], str)
PY
	# modes, and nothing committed
	[ -z "$(find "$out" -type f ! -perm 0600)" ]
	[ -z "$(find "$out" -type d ! -perm 0700)" ]
	[ "$(commit_count)" -eq "$n" ]
	assert_clean
}

@test "export: refuses a non-empty folder, an unknown case, and bad usage" {
	new_store
	id=$(open_case)
	mkdir "$BATS_TEST_TMPDIR/full"; echo x >"$BATS_TEST_TMPDIR/full/keep"
	before=$(snapshot)
	run casectl export "$id" -o "$BATS_TEST_TMPDIR/full"
	[ "$status" -eq 1 ]
	[[ "$output" == *"folder '$BATS_TEST_TMPDIR/full' is not empty"* ]]
	[ "$(ls "$BATS_TEST_TMPDIR/full")" = keep ]
	run casectl export zzzz -o "$BATS_TEST_TMPDIR/new"
	[ "$status" -eq 1 ]
	[[ "$output" == *"zzzz"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/new" ]
	run casectl export "$id"
	[ "$status" -eq 2 ]
	[[ "$output" == *"-o DIR"* ]]
	run casectl export -o "$BATS_TEST_TMPDIR/new"
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which case? give its ID"* ]]
	[ "$(snapshot)" = "$before" ]
	# an empty folder is fine; a case without a plan has no plan.html
	mkdir "$BATS_TEST_TMPDIR/empty"
	run casectl export "$id" -o "$BATS_TEST_TMPDIR/empty"
	[ "$status" -eq 0 ]
	[ -f "$BATS_TEST_TMPDIR/empty/case.json" ]
	[ ! -e "$BATS_TEST_TMPDIR/empty/plan.html" ]
}

# --- erase -----------------------------------------------------------

close_forced() {
	casectl close "$1" --reason "moved away" --force "test of a closed case" >/dev/null
}

@test "erase: no object of the repository still holds the client's name" {
	new_store
	a=$(open_case "Marie Dvorakova")
	b=$(open_case "Bert Cole")
	monitor_case "$a"
	casectl monitor "$b" -m "first call" --force "test" >/dev/null
	casectl monitor "$a" -m "visit with Marie Dvorakova" >/dev/null
	close_forced "$a"
	casectl monitor "$b" -m "second call" --force "test" >/dev/null
	git branch side HEAD~1
	git tag before-close HEAD~2
	adir=$(case_dir "$a"); bdir=$(case_dir "$b")
	b_commits=$(git log --format=%H -- "$bdir" | wc -l)
	b_files=$(git ls-tree -r HEAD -- "$bdir" | sort)
	git cat-file --batch-all-objects --batch | grep -q "Dvorakova"
	# a plain git commit whose message names her, kept in the log cache
	echo "Called Marie Dvorakova's sister." >"$adir/note.md"
	git add "$adir/note.md"
	git commit -q -m "note about Marie Dvorakova"
	casectl log "$a" >/dev/null
	casectl log "$a" | grep -q "note about Marie Dvorakova"
	grep -rq "Dvorakova" .git/casectl/logmeta
	export CASECTL_NOW=2037-01-02
	run casectl erase "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"erased case '$a'"* ]]
	[[ "$output" == *"git push --force"* ]]
	[[ "$output" == *"clone again"* ]]
	[[ "$output" == *"backups"* ]]
	# not in any object, loose or packed, nor in any plain file of .git
	! git cat-file --batch-all-objects --batch | grep -q "Dvorakova" || false
	! grep -rq "Dvorakova" .git || false
	for idx in .git/objects/pack/*.idx; do
		[ -e "$idx" ] || continue
		git verify-pack -v "$idx" | awk '/^[0-9a-f]{40} /{print $1}' |
			git cat-file --batch | grep -q "Dvorakova" && false
	done
	[ -z "$(git count-objects -v | sed -n 's/^count: //p' | grep -v '^0$')" ]
	git fsck --strict --unreachable --no-progress >"$BATS_TEST_TMPDIR/fsck" 2>&1
	[ ! -s "$BATS_TEST_TMPDIR/fsck" ]
	[ ! -e "$STORE/$adir" ]
	assert_clean
	# the other case: the same commits and files
	[ "$(git log --format=%H -- "$bdir" | wc -l)" -eq "$b_commits" ]
	[ "$(git ls-tree -r HEAD -- "$bdir" | sort)" = "$b_files" ]
	# the tombstone
	[ "$(git log -1 --format=%s)" = "erase $a: case erased" ]
	git log -1 --format=%B | grep -qx "Case: $a"
	git log -1 --format=%B | grep -qx "Action: erase"
	git log -1 --format=%B | grep -qx "Erased: 2037-01-02"
	[ "$(git log --format=%H -- "$adir" | wc -l)" -eq 0 ]
	# the other refs were moved too
	! git log --format=%s side before-close | grep -q " $a:" || false
	run casectl show "$a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: no case '"*"'; run 'casectl list' to see the cases"* ]]
	run casectl check
	[ "$status" -eq 0 ]
}

@test "erase: refusals: open, within retention, under hold, usage" {
	new_store
	a=$(open_case "Marie Dvorakova")
	before=$(snapshot)
	run casectl erase "$a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$a' is open; close it first, or give --force --reason TEXT"* ]]
	close_forced "$a"
	before=$(snapshot)
	run casectl erase "$a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$a' must be kept until 2036-11-23"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl erase "$a" --force
	[ "$status" -eq 2 ]
	[[ "$output" == *"--force needs --reason"* ]]
	run casectl erase
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: which case? give its ID"* ]]
	run casectl erase zzzz
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: no case 'zzzz'; run 'casectl list' to see the cases"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl retention hold "$a" --reason "court case 12/2026"
	[ "$status" -eq 0 ]
	assert_commit retention "$a" "hold set"
	before=$(snapshot)
	CASECTL_NOW=2040-01-01 run casectl erase "$a" --force --reason "asked"
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$a' is under a retention hold (court case 12/2026)"* ]]
	[ "$(snapshot)" = "$before" ]
	casectl retention hold "$a" --release >/dev/null
	assert_commit retention "$a" "hold released"
	# within retention, forced with a reason: goes, and the reason is recorded
	run casectl erase "$a" --force --reason "client's request, ticket 42"
	[ "$status" -eq 0 ]
	git log -1 --format=%B | grep -qx "Forced: client's request, ticket 42"
	! git cat-file --batch-all-objects --batch | grep -q "Dvorakova" || false
	assert_clean
}

@test "erase: an open case goes with --force --reason; signed stores keep a signed tombstone" {
	ssh-keygen -q -t ed25519 -N '' -f "$HOME/k" >/dev/null
	git config --global commit.gpgsign true
	git config --global gpg.format ssh
	git config --global user.signingkey "$HOME/k.pub"
	new_store
	casectl verify --add-signer jana@example.org "$HOME/k.pub" >/dev/null
	a=$(open_case "Marie Dvorakova")
	b=$(open_case "Bert Cole")
	run casectl erase "$a" --force --reason "opened by mistake"
	[ "$status" -eq 0 ]
	! git cat-file --batch-all-objects --batch | grep -q "Dvorakova" || false
	git config gpg.ssh.allowedSignersFile "$STORE/allowed-signers"
	git verify-commit HEAD
	# the commits before the case existed keep their ids and signatures
	git verify-commit HEAD~2
	# B's rebuilt commits lost their signatures: said so, and not a failure
	run casectl verify -q "$b"
	[ "$status" -eq 0 ]
	[[ "$output" == *": rewritten by the erasure in $(git rev-parse --short=12 HEAD) on 2026-11-23;"* ]]
	! grep -q ': unsigned' <<<"$output" || false
	assert_clean
}

# --- retention -------------------------------------------------------

@test "retention: closed cases past the period, and holds; JSON" {
	new_store
	a=$(open_case "Anna Berg")
	b=$(open_case "Bert Cole")
	c=$(open_case "Cora Dahl")
	close_forced "$a"
	casectl retention hold "$b" --reason "court 7/2026" >/dev/null
	run casectl retention
	[ "$status" -eq 0 ]
	[ "$output" = "$b  hold: court 7/2026" ]
	CASECTL_NOW=2036-11-22 run casectl retention
	[[ "$output" != *"$a"* ]]
	CASECTL_NOW=2036-11-23 run casectl retention
	[[ "$output" == *"$a  closed 2026-11-23  kept until 2036-11-23  may be erased"* ]]
	[[ "$output" != *"$c"* ]]
	CASECTL_NOW=2036-11-23 run casectl retention --format json
	[ "$status" -eq 0 ]
	/usr/bin/python3 - "$a" "$b" <<PY
import json
rows = [json.loads(l) for l in '''$output'''.splitlines()]
by = {r['id']: r for r in rows}
assert set(by) == {"$a", "$b"}, by
assert by["$a"]['due'] is True and by["$a"]['until'] == '2036-11-23' and by["$a"]['hold'] is False
assert by["$b"]['hold'] is True and by["$b"]['hold-reason'] == 'court 7/2026' and by["$b"]['due'] is False
PY
	run casectl retention --format xml
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: unknown format 'xml'; use text or json"* ]]
	run casectl retention hold "$c"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--reason"* ]]
	run casectl retention hold "$c" --release
	[ "$status" -eq 1 ]
	[[ "$output" == *"not under a retention hold"* ]]
}

@test "erase: merges and mixed commits keep their shape and the other case's part" {
	new_store
	a=$(open_case "Marie Dvorakova")
	b=$(open_case "Bert Cole")
	adir=$(case_dir "$a"); bdir=$(case_dir "$b")
	git checkout -q -b side
	casectl monitor "$b" -m "call on side" --force "test" >/dev/null
	git checkout -q main
	casectl monitor "$a" -m "call on main" --force "test" >/dev/null
	git merge -q --no-edit side
	# one hand commit that changes both cases
	echo "note A" >>"$adir/case.md"; echo "note B" >>"$bdir/case.md"
	git commit -q -am "hand edit of two cases"
	close_forced "$a"
	b_commits=$(git log --format=%H -- "$bdir" | wc -l)
	merges=$(git rev-list --merges --count HEAD)
	[ "$merges" -eq 1 ]
	run casectl erase "$a" --force --reason "test"
	[ "$status" -eq 0 ]
	! git cat-file --batch-all-objects --batch | grep -q "Dvorakova" || false
	[ "$(git rev-list --merges --count HEAD)" -eq 1 ]
	[ "$(git log --format=%H -- "$bdir" | wc -l)" -eq "$b_commits" ]
	git log --format=%s | grep -qx "hand edit of two cases"
	tail -1 "$bdir/case.md" | grep -qx "note B"
	[ "$(git show HEAD~1:"$bdir/case.md")" = "$(cat "$bdir/case.md")" ]
	git fsck --strict --no-progress
	assert_clean
}
