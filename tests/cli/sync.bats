#!/usr/bin/env bats
# casectl remote, sync and resolve: sharing one store through a git
# remote (a plain path, and git daemon on loopback), merging case files,
# conflicts kept and resolved, killed syncs recovered.

load helper

setup() {
	setup_common
	umask 077
	SRV="$BATS_TEST_TMPDIR/srv"
	mkdir -p "$SRV"
	git init -q --bare "$SRV/store.git"
	DAEMON_PID=
}

teardown() {
	if [ -n "$DAEMON_PID" ]; then
		kill "$DAEMON_PID" 2>/dev/null || true
		wait "$DAEMON_PID" 2>/dev/null || true
	fi
}

# The first store, pushed to the server by its first sync; $1 the URL.
first_store() {
	new_store
	casectl remote add origin "$1"
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

# A clone of the server in $BATS_TEST_TMPDIR/NAME (a git clone of a
# casectl store is a casectl store).
clone() {
	git clone -q "$1" "$BATS_TEST_TMPDIR/$2"
}

# git daemon on a free loopback port; sets URL.
start_daemon() {
	start_git_daemon "$SRV" store.git
}

assert_commit() { # action id summary
	local subject msg
	subject=$(git -C "$STORE" log -1 --format=%s)
	msg=$(git -C "$STORE" log -1 --format=%B)
	[ "$subject" = "$1 $2: $3" ] || { echo "subject: $subject"; return 1; }
	[[ "$msg" == *"Case: $2"* ]] || { echo "no Case trailer: $msg"; return 1; }
	[[ "$msg" == *"Action: $1"* ]] || { echo "no Action trailer: $msg"; return 1; }
}

case_file() { # store id
	echo "$1/$(cd "$1" && ls -d cases/*/*/"$2")/case.md"
}

@test "remote add and list; bad names, duplicates and missing arguments are refused" {
	new_store
	run casectl remote list
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	casectl remote add origin "$SRV/store.git"
	casectl remote add backup "ssh://git@example.org/cases.git"
	run casectl remote list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "origin	$SRV/store.git" ]
	[ "${lines[1]}" = "backup	ssh://git@example.org/cases.git" ]
	[ "$(git config remote.origin.fetch)" = "+refs/heads/*:refs/remotes/origin/*" ]
	before=$(snapshot)
	cfg=$(sha1sum .git/config)
	run casectl remote add origin /elsewhere
	[ "$status" -eq 1 ]
	[[ "$output" == *"remote 'origin' already exists"* ]]
	run casectl remote add "bad name" /x
	[ "$status" -eq 1 ]
	[[ "$output" == *"'bad name' is not a valid remote name"* ]]
	run casectl remote add lonely
	[ "$status" -eq 2 ]
	[[ "$output" == *"needs a NAME and a URL"* ]]
	run casectl remote frobnicate
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: unknown subcommand 'frobnicate'"* ]]
	[ "$(snapshot)" = "$before" ]
	[ "$(sha1sum .git/config)" = "$cfg" ]
}

@test "sync without a remote, with two remotes and no origin, and with hand edits is refused" {
	new_store
	before=$(snapshot)
	run casectl sync
	[ "$status" -eq 1 ]
	[[ "$output" == *"no remote; run 'casectl remote add origin URL'"* ]]
	casectl remote add a "$SRV/store.git"
	casectl remote add b "$SRV/store.git"
	run casectl sync
	[ "$status" -eq 2 ]
	[[ "$output" == *"none is called 'origin'"* ]]
	run casectl sync nosuch
	[ "$status" -eq 1 ]
	[[ "$output" == *"no remote 'nosuch'"* ]]
	id=$(open_case)
	before=$(snapshot)
	echo "note" >>"$(case_file "$STORE" "$id")"
	run casectl sync a
	[ "$status" -eq 1 ]
	[[ "$output" == *"uncommitted changes"* ]]
	[ -z "$(git --git-dir="$SRV/store.git" for-each-ref)" ]
}

@test "an unreachable remote fails with a message naming it; the store is unchanged and works offline" {
	new_store
	id=$(open_case)
	casectl remote add origin "git://127.0.0.1:9/store.git"
	before=$(snapshot)
	run casectl sync
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot fetch from 'origin': unable to connect to 127.0.0.1: "*"Connection refused"* ]]
	[ "$(snapshot)" = "$before" ]
	[ ! -e .git/casectl/lock ]
	casectl team "$id" --add "Helper One" --role neighbour --informal >/dev/null
	assert_clean
}

@test "sync over a local path: push, clone, fast-forward, merge of separate cases" {
	first_store "$SRV/store.git"
	clone "$SRV/store.git" b
	id1=$(open_case "Anna A")
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$output" = "0 cases received, 1 case sent" ]
	cd "$BATS_TEST_TMPDIR/b"
	id2=$(open_case "Bert B")
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$output" = "1 case received, 1 case sent (merged)" ]
	[ "$(git log -1 --format=%s)" = "sync: merge from origin" ]
	[[ "$(git log -1 --format=%B)" == *"Action: sync"* ]]
	[ "$(git rev-list --parents -1 HEAD | wc -w)" -eq 3 ]
	assert_clean "$BATS_TEST_TMPDIR/b"
	cd "$STORE"
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$output" = "1 case received, 0 cases sent (fast-forward)" ]
	[ "$(git rev-parse HEAD)" = "$(git -C "$BATS_TEST_TMPDIR/b" rev-parse HEAD)" ]
	casectl show "$id2" >/dev/null
	casectl -C "$BATS_TEST_TMPDIR/b" show "$id1" >/dev/null
	assert_clean
	git --git-dir="$SRV/store.git" fsck --strict --no-progress
	# the original commits keep their own messages and trailers
	[ "$(git log --format=%s | grep -c '^open ')" -eq 2 ]
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$output" = "0 cases received, 0 cases sent" ]
}

@test "with signing configured the merge commit is signed and the merged commits keep their signatures" {
	ssh-keygen -q -t ed25519 -N '' -f "$HOME/k" >/dev/null
	git config --global commit.gpgsign true
	git config --global gpg.format ssh
	git config --global user.signingkey "$HOME/k.pub"
	first_store "$SRV/store.git"
	clone "$SRV/store.git" b
	open_case "Anna A" >/dev/null
	casectl sync >/dev/null
	cd "$BATS_TEST_TMPDIR/b"
	open_case "Bert B" >/dev/null
	theirs_sig=$(git --git-dir="$SRV/store.git" cat-file commit main | sed -n '/^gpgsig/,/END SSH SIGNATURE/p')
	[ -n "$theirs_sig" ]
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$(git log -1 --format=%s)" = "sync: merge from origin" ]
	git cat-file commit HEAD | grep -q '^gpgsig -----BEGIN SSH SIGNATURE-----'
	[ "$(git cat-file commit HEAD^2 | sed -n '/^gpgsig/,/END SSH SIGNATURE/p')" = "$theirs_sig" ]
	echo "jana@example.org $(cat "$HOME/k.pub")" >"$HOME/allowed"
	git -c gpg.ssh.allowedSignersFile="$HOME/allowed" verify-commit HEAD 2>/dev/null
	git -c gpg.ssh.allowedSignersFile="$HOME/allowed" verify-commit HEAD^2 2>/dev/null
}

# A case shared through the server with clone b, then changed in the
# first store (review date $1, text $2 appended), committed and synced;
# sets id, f (its case.md here), g (in clone b) and moves into clone b.
changed_on_a() {
	first_store "$SRV/store.git"
	id=$(open_case)
	casectl sync >/dev/null
	clone "$SRV/store.git" b
	f=$(case_file "$STORE" "$id")
	sed -i "s/^review: .*/review: $1/" "$f"
	printf '%b' "$2" >>"$f"
	casectl commit "$id" >/dev/null
	casectl sync >/dev/null
	cd "$BATS_TEST_TMPDIR/b"
	g=$(case_file "$PWD" "$id")
}

@test "changes to different keys of one case file and to its text merge without conflict" {
	changed_on_a 2027-01-15 '\nA note from Jana.\n'
	sed -i 's/^  name: Marie Dvorakova/  name: Marie Dvorak/' "$g"
	sed -i 's/^## Why case management/## Why case management (updated)/' "$g"
	casectl commit "$id" >/dev/null
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" != *conflict* ]]
	grep -q '^review: 2027-01-15$' "$g"
	grep -q '^  name: Marie Dvorak$' "$g"
	grep -q '^A note from Jana.$' "$g"
	grep -q '(updated)$' "$g"
	! grep -q '^conflict:' "$g" || false
	run casectl check
	[ "$status" -eq 0 ]
	[[ "$output" != *conflict* ]]
	assert_clean "$PWD"
}

@test "lists of maps merge item by item by their id; the same new id on both sides is kept as a conflict" {
	first_store "$SRV/store.git"
	id=$(open_case)
	casectl team "$id" --add "Helper One" --role neighbour --informal >/dev/null
	casectl sync >/dev/null
	clone "$SRV/store.git" b
	casectl team "$id" --add "Helper Two" --role neighbour --informal >/dev/null
	casectl sync >/dev/null
	cd "$BATS_TEST_TMPDIR/b"
	t=$(dirname "$(case_file "$PWD" "$id")")/team.md
	sed -i 's/^    name: Helper One$/    name: Helper Uno/' "$t"
	casectl commit "$id" >/dev/null
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" != *conflict* ]]
	/usr/bin/python3 - "$t" <<'PY'
import sys, yaml
t = open(sys.argv[1]).read()
d = yaml.safe_load(t[4:t.index('\n---\n', 3) + 1])
names = {m['id']: m['name'] for m in d['members']}
assert names == {'T1': 'Helper Uno', 'T2': 'Helper Two'}, names
assert 'conflict' not in d
PY
	assert_clean "$PWD"
	# both add a member offline: the same new id T3 with different people
	casectl team "$id" --add "Helper Three" --role neighbour --informal >/dev/null
	casectl sync >/dev/null
	casectl -C "$STORE" team "$id" --add "Helper Four" --role neighbour --informal >/dev/null
	run casectl -C "$STORE" sync
	[ "$status" -eq 0 ]
	[[ "$output" == *"conflict: $id"* ]]
	f=$(dirname "$(case_file "$STORE" "$id")")/team.md
	grep -q 'Helper Three' "$f"
	grep -q 'Helper Four' "$f"
	run casectl -C "$STORE" check
	[ "$status" -eq 1 ]
	[[ "$output" == *"team.md:"*"conflict in 'members[T3]."* ]]
}

@test "the same key changed on both sides: both values kept, check shows it, resolve KEY=VALUE" {
	first_store "$SRV/store.git"
	id=$(open_case)
	casectl sync >/dev/null
	clone "$SRV/store.git" b
	f=$(case_file "$STORE" "$id")
	sed -i 's/^review: .*/review: 2027-01-01/' "$f"
	casectl commit "$id" >/dev/null
	casectl sync >/dev/null
	cd "$BATS_TEST_TMPDIR/b"
	g=$(case_file "$PWD" "$id")
	sed -i 's/^review: .*/review: 2027-02-02/' "$g"
	casectl commit "$id" >/dev/null
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" == *"conflict: $id; run 'casectl resolve $id'"* ]]
	# neither value is lost
	/usr/bin/python3 - "$g" <<'PY'
import sys, yaml
t = open(sys.argv[1]).read()
d = yaml.safe_load(t[4:t.index('\n---\n', 3) + 1])
c = d['conflict']['review']
assert str(d['review']) == '2027-02-02', d
assert str(c['ours']) == '2027-02-02' and str(c['theirs']) == '2027-01-01', c
assert str(c['base']) == '2027-05-23', c
PY
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"case.md:"*": conflict in 'review'; run 'casectl resolve $id'"* ]]
	run casectl show "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"conflict:  a sync kept two versions; run 'casectl resolve $id'"* ]]
	run casectl list
	[ "$status" -eq 0 ]
	[[ "$output" == *"$id  intake  CONFLICT"* ]]
	run casectl due
	[ "$status" -eq 0 ]
	[[ "$output" == *"sync conflict: run 'casectl resolve $id'"* ]]
	STORE=$PWD
	before=$(snapshot)
	run casectl resolve "$id" client.name=Somebody
	[ "$status" -eq 1 ]
	[[ "$output" == *"conflict in 'review'"*"is not resolved"* ]]
	run casectl resolve "$id"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--ours, --theirs or KEY=VALUE (or edit the file with 'casectl edit $id'"* ]]
	run casectl monitor "$id" -m "a call" --force "test"
	[ "$status" -eq 1 ]
	[[ "$output" == *"conflict in 'review'; run 'casectl resolve $id'"* ]]
	run casectl resolve "$id" --ours --theirs
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: --ours and --theirs exclude each other"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl resolve "$id" review=2027-03-03
	[ "$status" -eq 0 ]
	[ "$output" = "$id" ]
	grep -q '^review: 2027-03-03$' "$g"
	! grep -q '^conflict:' "$g" || false
	assert_commit resolve "$id" "1 conflict resolved"
	run casectl check
	[ "$status" -eq 0 ]
	[[ "$output" != *conflict* ]]
	run casectl show "$id"
	[ "$status" -eq 0 ]
	[[ "$output" != *conflict* ]]
	run casectl list
	[ "$status" -eq 0 ]
	[[ "$output" != *CONFLICT* ]]
	assert_clean "$PWD"
	run casectl resolve "$id" --ours
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id' has no conflicts"* ]]
	# the resolution travels to the other worker
	casectl sync >/dev/null
	cd "$BATS_TEST_TMPDIR/store"
	casectl sync >/dev/null
	grep -q '^review: 2027-03-03$' "$f"
	! grep -q '^conflict:' "$f" || false
}

# A case whose review date and text were changed on both sides: sets id,
# g (its case.md in clone b, the shell's directory) and STORE.
text_conflict() {
	changed_on_a 2027-01-01 'line from a\n'
	sed -i 's/^review: .*/review: 2027-02-02/' "$g"
	printf 'line from b\n' >>"$g"
	casectl commit "$id" >/dev/null
	casectl sync >/dev/null
	STORE=$PWD
	grep -q '^conflict:' "$g"
	grep -q '^<<<<<<< ours$' "$g"
}

@test "conflicting text keeps conflict markers; resolve --theirs takes their side of keys and text" {
	text_conflict
	grep -q '^line from a$' "$g"
	grep -q '^line from b$' "$g"
	run casectl check
	[[ "$output" == *"conflict in the text; run 'casectl resolve $id'"* ]]
	run casectl resolve "$id" review=2027-04-04
	[ "$status" -eq 1 ]
	[[ "$output" == *"conflict markers"* ]]
	run casectl resolve "$id" --theirs
	[ "$status" -eq 0 ]
	grep -q '^review: 2027-01-01$' "$g"
	grep -q '^line from a$' "$g"
	! grep -q '^line from b$' "$g" || false
	! grep -q '^<<<<<<<' "$g" || false
	assert_commit resolve "$id" "2 conflicts resolved"
	assert_clean "$PWD"
}

@test "three clones over git daemon, offline work and syncs in random order converge" {
	start_daemon
	first_store "$URL"
	clone "$URL" c2
	clone "$URL" c3
	stores=("$STORE" "$BATS_TEST_TMPDIR/c2" "$BATS_TEST_TMPDIR/c3")
	: >"$BATS_TEST_TMPDIR/ids"
	RANDOM=42
	for round in $(seq 1 6); do
		for k in 0 1 2; do
			id=$(casectl -C "${stores[$k]}" open --client "C$round-$k" -m "round $round") 
			echo "$id" >>"$BATS_TEST_TMPDIR/ids"
		done
		for k in $(printf '%s\n' 0 1 2 | shuf --random-source=<(yes $round)); do
			run casectl -C "${stores[$k]}" sync
			[ "$status" -eq 0 ] || { echo "$output"; return 1; }
		done
	done
	for k in 0 1 2 0 1; do
		casectl -C "${stores[$k]}" sync >/dev/null
	done
	h=$(git -C "$STORE" rev-parse HEAD)
	[ "$(git -C "$BATS_TEST_TMPDIR/c2" rev-parse HEAD)" = "$h" ]
	[ "$(git -C "$BATS_TEST_TMPDIR/c3" rev-parse HEAD)" = "$h" ]
	[ "$(git --git-dir="$SRV/store.git" rev-parse refs/heads/main)" = "$h" ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/ids")" -eq 18 ]
	for id in $(cat "$BATS_TEST_TMPDIR/ids"); do
		[ "$(ls -d "$STORE"/cases/*/*/"$id" | wc -l)" -eq 1 ]
	done
	[ "$(git -C "$STORE" log --format=%s | grep -c '^open ')" -eq 18 ]
	[ "$(casectl list | tail -n +2 | wc -l)" -eq 18 ]
	git --git-dir="$SRV/store.git" fsck --strict --no-progress
	for s in "${stores[@]}"; do assert_clean "$s"; done
}

@test "clones syncing at the same time through git daemon retry refused pushes and converge" {
	start_daemon
	first_store "$URL"
	clone "$URL" c2
	clone "$URL" c3
	stores=("$STORE" "$BATS_TEST_TMPDIR/c2" "$BATS_TEST_TMPDIR/c3")
	: >"$BATS_TEST_TMPDIR/out"
	for round in 1 2 3 4; do
		for k in 0 1 2; do
			casectl -C "${stores[$k]}" open --client "P$round-$k" -m x >>"$BATS_TEST_TMPDIR/ids"
		done
		pids=()
		for k in 0 1 2; do
			CASECTL_LOCK_TIMEOUT=60 casectl -C "${stores[$k]}" sync >>"$BATS_TEST_TMPDIR/out" 2>&1 &
			pids+=($!)
		done
		wait "${pids[@]}"   # not the daemon
	done
	for k in 0 1 2 0 1; do casectl -C "${stores[$k]}" sync >/dev/null; done
	cat "$BATS_TEST_TMPDIR/out"
	! grep -q "error" "$BATS_TEST_TMPDIR/out" || false
	h=$(git -C "$STORE" rev-parse HEAD)
	[ "$(git -C "$BATS_TEST_TMPDIR/c2" rev-parse HEAD)" = "$h" ]
	[ "$(git -C "$BATS_TEST_TMPDIR/c3" rev-parse HEAD)" = "$h" ]
	[ "$(git --git-dir="$SRV/store.git" rev-parse main)" = "$h" ]
	for id in $(cat "$BATS_TEST_TMPDIR/ids"); do
		[ "$(ls -d "$STORE"/cases/*/*/"$id" | wc -l)" -eq 1 ]
	done
	[ "$(git -C "$STORE" log --format=%s | grep -c '^open ')" -eq 12 ]
	git --git-dir="$SRV/store.git" fsck --strict --no-progress
	n=$(grep -c "after [0-9] rounds" "$BATS_TEST_TMPDIR/out" || true)
	echo "# $n of 12 concurrent syncs were refused and retried" >&3
}

@test "a sync killed at random points leaves the store as before or completed" {
	first_store "$SRV/store.git"
	clone "$SRV/store.git" b
	before=0 completed=0
	for i in $(seq 1 24); do
		id=$(casectl -C "$BATS_TEST_TMPDIR/b" open --client "Remote $i" -m x)
		casectl -C "$BATS_TEST_TMPDIR/b" sync >/dev/null
		open_case "Local $i" >/dev/null
		old=$(git rev-parse HEAD)
		theirs=$(git --git-dir="$SRV/store.git" rev-parse main)
		case $((i % 3)) in
		0)	# inside the window between the journal and the branch
			CASECTL_TEST_SYNC_PAUSE=5000 "$CASECTL_BIN" sync >/dev/null 2>&1 &
			pid=$!
			for t in $(seq 1 100); do
				grep -qs '^end$' .git/casectl/lock && break; sleep 0.05
			done ;;
		1)	# after the branch moved, before the index
			CASECTL_TEST_SYNC_PAUSE_MOVED=5000 "$CASECTL_BIN" sync >/dev/null 2>&1 &
			pid=$!
			for t in $(seq 1 100); do
				[ "$(git rev-parse HEAD)" != "$old" ] && break; sleep 0.05
			done ;;
		2)	# anywhere
			"$CASECTL_BIN" sync >/dev/null 2>&1 &
			pid=$!; sleep 0.0$((RANDOM % 10)) ;;
		esac
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		now=$(git rev-parse HEAD)
		if [ "$now" != "$old" ]; then
			# completed: a merge of old with what the server had
			[ "$(git rev-parse HEAD^1)" = "$old" ] || { echo "HEAD $now is neither"; return 1; }
			[ "$(git rev-parse HEAD^2)" = "$theirs" ]
			completed=$((completed + 1))
		else
			before=$((before + 1))
		fi
		# the next command recovers the lock and the working tree
		run casectl sync
		[ "$status" -eq 0 ] || { echo "round $i: $output"; return 1; }
		assert_clean
		casectl show "$id" >/dev/null
		[ -z "${SYNC_TEST_TRACE:-}" ] || echo "# round $i $(date +%s.%N)" >&3
	done
	echo "# killed 24 syncs: $before left as before, $completed completed" >&3
	[ "$before" -ge 8 ] && [ "$completed" -ge 8 ]
	git fsck --strict --no-progress
	git --git-dir="$SRV/store.git" fsck --strict --no-progress
}

@test "three clones, ${SYNC_OPS:-240} random offline operations and syncs: converged, nothing lost or doubled" {
	run "$BATS_TEST_DIRNAME/../stress/sync.sh" "$CASECTL_BIN" 3 "${SYNC_OPS:-240}" 42
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"converged"* ]]
}

# --- resolve --edit ----------------------------------------------------

# A fake editor: it checks that it was shown the conflict and the hint
# (else it fails, which aborts), copies what it saw to seen.md, then
# runs $1 on the text t.
resolve_editor() {
	cat >"$BATS_TEST_TMPDIR/ed.py" <<PY
import re, shutil, sys
p = sys.argv[1]
t = open(p, encoding='utf-8').read()
shutil.copy(p, "$BATS_TEST_TMPDIR/seen.md")
assert t.endswith("<!-- casectl resolve: keep what is right, delete the 'conflict:' map and the <<<<<<< ||||||| ======= >>>>>>> lines, then save; an unchanged file aborts -->\n"), t
$1
open(p, 'w', encoding='utf-8').write(t)
PY
	printf '#!/bin/sh\nexec /usr/bin/python3 %s "$1"\n' "$BATS_TEST_TMPDIR/ed.py" >"$BATS_TEST_TMPDIR/ed"
	chmod +x "$BATS_TEST_TMPDIR/ed"
}

NOMAP='t = re.sub(r"(?m)^conflict:\n(?: .*\n)*", "", t)
t = t.replace("review: 2027-02-02", "review: 2027-03-03")'
NOMARKERS='t = re.sub(r"(?m)^(<<<<<<<|\|\|\|\|\|\|\||=======|>>>>>>>).*\n", "", t)'

@test "resolve on a terminal opens the conflicted file in the editor; the result is committed once" {
	text_conflict
	resolve_editor "$NOMAP
$NOMARKERS"
	n=$(commit_count)
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN resolve $id" /dev/null
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"$id"* ]]
	# it was shown as stored: the conflict map and the markers
	grep -q '^conflict:' "$BATS_TEST_TMPDIR/seen.md"
	grep -q '^<<<<<<< ours$' "$BATS_TEST_TMPDIR/seen.md"
	[ "$(commit_count)" -eq $((n + 1)) ]
	assert_commit resolve "$id" "2 conflicts resolved by editing"
	grep -q '^review: 2027-03-03$' "$g"
	grep -qx 'line from a' "$g"
	grep -qx 'line from b' "$g"
	! grep -q '^conflict:' "$g" || false
	! grep -q '^<<<<<<<\|^=======\|^>>>>>>>' "$g" || false
	! grep -q '<!--' "$g" || false
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean "$PWD"
	[ -z "$(ls .git/casectl | grep RESOLVE)" ]
}

@test "resolve --edit refuses a result that still has a conflict, keeps it, and goes on from it" {
	text_conflict
	resolve_editor "$NOMAP"
	before=$(snapshot)
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN resolve $id --edit" /dev/null
	[ "$status" -eq 1 ]
	kept=$(ls .git/casectl/RESOLVE-"$id"-case-*.md)
	line=$(grep -n '^<<<<<<< ours' "$kept" | cut -d: -f1)
	[[ "$output" == *"${g#$PWD/}:$line: conflict in the text"* ]]
	[[ "$output" == *"nothing committed"* ]]
	[[ "$output" == *"kept in '$PWD/$kept'"* ]]
	[ "$(snapshot)" = "$before" ]
	! grep -q '^conflict:' "$kept" || false
	grep -q '^review: 2027-03-03$' "$kept"
	# coming back starts from the kept text
	resolve_editor "$NOMARKERS"
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN resolve $id --edit" /dev/null
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"starting from the text you left"* ]]
	! grep -q '^conflict:' "$BATS_TEST_TMPDIR/seen.md" || false
	assert_commit resolve "$id" "2 conflicts resolved by editing"
	grep -q '^review: 2027-03-03$' "$g"
	[ ! -e "$kept" ]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean "$PWD"
}

@test "resolve --edit: an unchanged or empty result aborts with nothing written" {
	text_conflict
	before=$(snapshot)
	resolve_editor ''
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN resolve $id --edit" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"aborting: the text was not changed"* ]]
	[ -f "$BATS_TEST_TMPDIR/seen.md" ]
	[ "$(snapshot)" = "$before" ]
	resolve_editor 't = ""'
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN resolve $id --edit" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"aborting: the text is empty"* ]]
	[ "$(snapshot)" = "$before" ]
	grep -q '^conflict:' "$g"
	assert_clean "$PWD"
}

@test "resolve without a terminal: no choice or --edit is a usage error naming --edit" {
	text_conflict
	before=$(snapshot)
	run casectl resolve "$id" </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"--ours, --theirs or KEY=VALUE"*"--edit opens the editor, on a terminal only"* ]]
	[[ "$output" == *"usage: casectl resolve CASE (--edit | --ours | --theirs | KEY=VALUE...)"* ]]
	EDITOR=false run casectl resolve "$id" --edit </dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"not a terminal"*"give --ours, --theirs or KEY=VALUE instead"* ]]
	run casectl resolve "$id" --edit --ours
	[ "$status" -eq 2 ]
	[[ "$output" == *"--edit cannot be given with --ours"* ]]
	[ "$(snapshot)" = "$before" ]
	# a case with no conflict
	id2=$(open_case "Other Person")
	EDITOR=false run script -qec "$CASECTL_BIN resolve $id2 --edit" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"case '$id2' has no conflicts"* ]]
}
