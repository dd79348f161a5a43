#!/usr/bin/env bats
# What a colleague pushes with plain git is untrusted input: symbolic
# links, submodules, executable bits, names git or Windows treat
# specially, files where casectl keeps folders (and back), a deleted
# casectl.md.  The receiving sync refuses each such entry with a warning
# naming the commit and the path, keeps its own version, records the
# commit under refs/casectl/quarantine/, pushes a repaired merge, and
# takes everything else of the same push.

load helper

setup() {
	setup_common
	umask 077
	SRV="$BATS_TEST_TMPDIR/srv.git"
	git init -q --bare "$SRV"
	EVIL="$BATS_TEST_TMPDIR/evil"
	# a tree builder that takes any name and mode, as git mktree does:
	# put TREE MODE OID NAME... (the path as components; MODE "-" removes)
	PUT="$BATS_TEST_TMPDIR/put.py"
	cat >"$PUT" <<'PY'
import os, subprocess, sys
def ls(tree):
    if tree is None:
        return []
    out = subprocess.check_output(['git', 'ls-tree', '-z', tree])
    res = []
    for rec in out.split(b'\0'):
        if rec:
            meta, name = rec.split(b'\t', 1)
            mode, typ, oid = meta.split(b' ')
            res.append([mode, typ, oid, name])
    return res
def mk(entries):
    data = b''.join(b'%s %s %s\t%s\0' % tuple(e) for e in entries)
    return subprocess.check_output(['git', 'mktree', '-z', '--missing'], input=data).strip()
def put(tree, comps, mode, oid):
    entries = ls(tree)
    old = [e for e in entries if e[3] == comps[0]]
    entries = [e for e in entries if e[3] != comps[0]]
    if len(comps) == 1:
        if mode != b'-':
            typ = b'tree' if mode == b'040000' else b'commit' if mode == b'160000' else b'blob'
            entries.append([mode, typ, oid, comps[0]])
    else:
        sub = old[0][2] if old and old[0][1] == b'tree' else None
        entries.append([b'040000', b'tree', put(sub, comps[1:], mode, oid), comps[0]])
    return mk(entries)
base, mode, oid = (os.fsencode(a) for a in sys.argv[1:4])
print(put(base, [os.fsencode(a) for a in sys.argv[4:]], mode, oid).decode())
PY
}

# The worker's store ($STORE, with two cases $ID1 $ID2, synced) and a
# colleague's clone ($EVIL) that has opened a third case ($ID3, not yet
# pushed).
stores() {
	new_store
	casectl remote add origin "$SRV"
	ID1=$(open_case "Anna A")
	ID2=$(open_case "Bert B")
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	git clone -q "$SRV" "$EVIL"
	ID3=$(casectl -C "$EVIL" open --client "Cyril C" --referral school -m "needs")
	D1=$(cd "$STORE" && ls -d cases/*/*/"$ID1")
	D2=$(cd "$STORE" && ls -d cases/*/*/"$ID2")
}

# In $EVIL, set one entry of the tree being made ($TREE, else HEAD's):
# evil_put MODE OID NAME... ; evil_commit commits it (BAD), for
# push_evil; evil_entry is both.
evil_put() {
	TREE=$(cd "$EVIL" && /usr/bin/python3 "$PUT" "${TREE:-$(git rev-parse 'HEAD^{tree}')}" "$@")
}

evil_commit() {
	BAD=$(cd "$EVIL" && git commit-tree "$TREE" -p HEAD -m "plain git change") || return 1
	git -C "$EVIL" reset -q --soft "$BAD"
	TREE=
}

evil_entry() {
	evil_put "$@"
	evil_commit
}

# Commit with plain git in $EVIL what is staged and PATH...: sets BAD.
evil_git() { # MESSAGE [PATH...]
	local msg=$1
	shift
	[ "$#" -eq 0 ] || git -C "$EVIL" add "$@"
	git -C "$EVIL" commit -qam "$msg"
	BAD=$(git -C "$EVIL" rev-parse HEAD)
}

blob() { # CONTENT
	printf '%s' "$1" | git -C "$EVIL" hash-object -w --stdin
}

push_evil() {
	git -C "$EVIL" push -q origin main
}

# The colleague's clone at what the remote has now (after a repair).
evil_update() {
	git -C "$EVIL" fetch -q origin
	git -C "$EVIL" reset -q --soft origin/main
}

# The checks every hostile push must pass, after 'run casectl sync' in
# $STORE: exit 0, a warning naming the commit and PATH (as shown), the
# store clean and sound, no link, executable or submodule in the
# working tree, the colleague's new case arrived, the remote repaired,
# the commit kept, later commands and syncs working.
assert_refused() { # SHOWN-PATH [WHY]
	local short=${BAD:0:10}
	[ "$status" -eq 0 ] || { echo "status $status: $output"; return 1; }
	[[ "$output" == *"refused '$1' from commit $short"* ]] || { echo "$output"; return 1; }
	if [ -n "${2:-}" ]; then
		[[ "$output" == *"$2"* ]] || { echo "$output"; return 1; }
	fi
	[[ "$output" == *"refs/casectl/quarantine/$BAD"* ]] || { echo "$output"; return 1; }
	[ "$(git -C "$STORE" rev-parse "refs/casectl/quarantine/$BAD")" = "$BAD" ]
	git -C "$STORE" log -1 --format=%B | grep -q "^Refused: [0-9a-f]\{40\} '" || {
		git -C "$STORE" log -1 --format=%B; return 1; }
	# the remote has the repaired merge, which has the refused commit
	[ "$(git --git-dir="$SRV" rev-parse main)" = "$(git -C "$STORE" rev-parse HEAD)" ]
	git -C "$STORE" merge-base --is-ancestor "$BAD" HEAD
	assert_sane
}

# The store works and holds nothing a sync must not write.  With
# LAX_FSCK, the history may hold trees 'git fsck --strict' warns about
# (the refused commit itself, kept): plain fsck must pass.
assert_sane() {
	local saved_output=$output saved_status=$status
	if [ -n "${LAX_FSCK:-}" ]; then
		[ -z "$(git -C "$STORE" status --porcelain)" ]
		git -C "$STORE" fsck --no-progress >/dev/null 2>&1
	else
		assert_clean
	fi
	[ -z "$(find "$STORE" -path "$STORE/.git" -prune -o -type l -print)" ]
	[ -z "$(find "$STORE" -path "$STORE/.git" -prune -o -type f -perm /111 -print)" ]
	[ -z "$(git -C "$STORE" ls-tree -r HEAD | grep -v '^100644 blob ')" ]
	[ ! -e "$STORE/.gitmodules" ]
	[ ! -e "$STORE/.gitattributes" ]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR" | grep -v -x -e home -e store -e srv.git -e evil -e put.py -e elsewhere)" ]
	casectl show "$ID1" >/dev/null
	casectl show "$ID3" >/dev/null
	run casectl check
	[ "$status" -eq 0 ] || { echo "check: $output"; return 1; }
	run open_case "Dora D"
	[ "$status" -eq 0 ] || { echo "open: $output"; return 1; }
	run casectl sync
	[ "$status" -eq 0 ] || { echo "second sync: $output"; return 1; }
	[[ "$output" != *refused* ]]
	[ -z "$(git -C "$STORE" status --porcelain)" ]
	output=$saved_output
	status=$saved_status
}

@test "a file where 'cases' was is refused; the cases stay and the remote is repaired" {
	stores
	push_evil      # the new case first, then the plain git commit
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	git -C "$EVIL" rm -rq cases
	echo "not a folder" >"$EVIL/cases"
	evil_git "cases as a file" cases
	push_evil
	run casectl sync
	assert_refused cases "a file where the folder of all cases must be"
	[ -d "$STORE/cases" ]
	[ "$(git -C "$STORE" cat-file -t HEAD:cases)" = tree ]
	[ "$(git --git-dir="$SRV" cat-file -t main:cases)" = tree ]
	# the colleague's clone takes the repair with an ordinary sync
	run casectl -C "$EVIL" sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	assert_clean "$EVIL"
	[ -f "$EVIL/$D1/case.md" ]
}

@test "a file where a case folder was is refused; the other cases of the same push arrive" {
	stores
	evil_entry 100644 "$(blob 'not a folder')" ${D1//\// }
	push_evil
	run casectl sync
	assert_refused "$D1" "a file where a case folder must be"
	[ -f "$STORE/$D1/case.md" ]
	# the two upper levels of the layout are folders too
	evil_update
	evil_entry 100644 "$(blob 'x')" cases "${D2:6:1}"
	push_evil
	run casectl sync
	assert_refused "cases/${D2:6:1}" "a file where casectl keeps folders of cases"
	[ -f "$STORE/$D2/case.md" ]
}

@test "a deleted casectl.md is refused and kept; every command still finds the store" {
	stores
	git -C "$EVIL" rm -q casectl.md
	evil_git "no settings"
	push_evil
	run casectl sync
	assert_refused casectl.md "the settings file was deleted"
	[ -f "$STORE/casectl.md" ]
	[ "$(git --git-dir="$SRV" cat-file -t main:casectl.md)" = blob ]
}

@test "a folder where casectl.md or a case file was is refused" {
	stores
	evil_entry 100644 "$(blob 'x')" casectl.md inner
	push_evil
	run casectl sync
	assert_refused casectl.md "a folder where the settings file must be"
	[ -f "$STORE/casectl.md" ]
	evil_update
	evil_entry 100644 "$(blob 'x')" ${D1//\// } case.md inner
	push_evil
	run casectl sync
	assert_refused "$D1/case.md" "a folder where a file was"
	[ -f "$STORE/$D1/case.md" ]
}

@test "an executable bit is dropped and the content taken, with a warning naming commit and path" {
	stores
	f="$EVIL/$D1/case.md"
	printf '\nA note added by hand.\n' >>"$f"
	chmod +x "$f"
	evil_git "exec"
	push_evil
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" == *"'$D1/case.md' from commit ${BAD:0:10} (Jana Novak) was executable; taken as a plain file"* ]]
	grep -q '^A note added by hand.$' "$STORE/$D1/case.md"
	[ ! -x "$STORE/$D1/case.md" ]
	[ "$(git -C "$STORE" ls-tree HEAD "$D1/case.md" | cut -c1-6)" = 100644 ]
	git -C "$STORE" log -1 --format=%B | grep -q "^Repaired: $BAD '$D1/case.md'"
	assert_sane
}

@test "symbolic links to /etc/passwd and to ~/.ssh are refused, as a new file and in place of a case file" {
	stores
	mkdir -p "$HOME/.ssh"
	echo secret >"$HOME/.ssh/id_test"
	ln -s /etc/passwd "$EVIL/$D1/notes.md"
	ln -s "$HOME/.ssh" "$EVIL/ssh"
	evil_git "links" "$D1/notes.md" ssh
	push_evil
	run casectl sync
	assert_refused "$D1/notes.md" "a symbolic link; left out"
	[[ "$output" == *"refused 'ssh' from commit ${BAD:0:10}"* ]]
	[ ! -e "$STORE/$D1/notes.md" ]
	[ ! -e "$STORE/ssh" ]
	# a link in place of a tracked case file: ours is kept
	evil_update
	evil_entry 120000 "$(blob /etc/passwd)" ${D2//\// } case.md
	push_evil
	run casectl sync
	assert_refused "$D2/case.md" "a symbolic link; this store keeps its own version"
	[ -f "$STORE/$D2/case.md" ]
	[ ! -L "$STORE/$D2/case.md" ]
	grep -q "^id: $ID2" "$STORE/$D2/case.md"
}

@test "a symbolic link in place of 'cases' or of a case folder is refused; nothing is read or written through it" {
	stores
	mkdir "$BATS_TEST_TMPDIR/elsewhere"
	evil_put 120000 "$(blob "$BATS_TEST_TMPDIR/elsewhere")" ${D1//\// }
	evil_commit
	push_evil
	run casectl sync
	assert_refused "$D1" "a symbolic link; this store keeps its own version"
	[ -d "$STORE/$D1" ]
	[ ! -L "$STORE/$D1" ]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/elsewhere")" ]
	evil_update
	evil_entry 120000 "$(blob /etc)" cases
	push_evil
	run casectl sync
	assert_refused cases "a symbolic link"
	[ -d "$STORE/cases" ]
	[ ! -L "$STORE/cases" ]
}

@test "names with control characters, a newline or invalid UTF-8 are refused and shown escaped" {
	stores
	b=$(blob 'x')
	evil_put 100644 "$b" ${D1//\// } $'esc\033[31mred.md'
	evil_put 100644 "$b" ${D1//\// } $'two\nlines.md'
	evil_put 100644 "$b" ${D1//\// } $'bad\xff\xfe.md'
	evil_put 100644 "$b" ${D1//\// } $'zero\u200bwidth.md'
	evil_commit
	push_evil
	run casectl sync
	assert_refused "$D1/esc\\x1b[31mred.md" "a control character in the name"
	[[ "$output" == *"refused '$D1/two\\x0alines.md' from commit ${BAD:0:10}"*"a newline in the name"* ]]
	[[ "$output" == *"refused '$D1/bad\\xff\\xfe.md' from commit ${BAD:0:10}"*"not valid UTF-8"* ]]
	[[ "$output" == *"refused '$D1/zero\\u{200b}width.md'"*"invisible character"* ]]
	[[ "$output" != *$'\033'* ]]
	[ "$(ls "$STORE/$D1")" = case.md ]
}

@test "'..', '.', '.git', '.GIT' and their lookalikes are refused; nothing is written outside the store" {
	stores
	b=$(blob '#!/bin/sh
touch "$HOME/pwned"
')
	LAX_FSCK=1
	evil_put 100644 "$b" .. outside.txt
	evil_put 100644 "$b" ${D1//\// } .. .. .. .. .. escaped.txt
	evil_put 100644 "$b" . dot.txt
	evil_put 100644 "$b" .git hooks post-merge
	evil_put 100644 "$b" .GIT config
	evil_put 100644 "$b" ${D1//\// } .Git
	evil_put 100644 "$b" git~1 config
	evil_put 100644 "$b" 'cases.' x.md
	evil_put 100644 "$b" 'trailing ' x.md
	evil_put 100644 "$b" 'a:b'
	evil_commit
	push_evil
	run casectl sync
	assert_refused .. "a '.' or '..' name"
	for p in "$D1/.." . .git .GIT "$D1/.Git" "git~1" "cases." "trailing " "a:b"; do
		[[ "$output" == *"refused '$p' from commit ${BAD:0:10}"* ]] || { echo "no $p: $output"; return 1; }
	done
	[ ! -e "$BATS_TEST_TMPDIR/outside.txt" ]
	[ ! -e "$HOME/pwned" ]
	[ ! -e "$STORE/.git/hooks/post-merge" ]
	[ ! -e "$STORE/.GIT" ]
	[ -z "$(find "$BATS_TEST_TMPDIR" -name escaped.txt -o -name dot.txt)" ]
}

@test ".gitattributes, .gitmodules and .gitignore from a colleague are refused" {
	stores
	printf '* filter=evil\n*.md -text\n' >"$EVIL/.gitattributes"
	printf 'cases/\n' >"$EVIL/$D1/.gitignore"
	printf '[submodule "x"]\n\tpath = x\n\turl = ../x\n' >"$EVIL/.gitmodules"
	evil_git "attributes" .gitattributes .gitmodules "$D1/.gitignore"
	push_evil
	run casectl sync
	assert_refused .gitattributes "a name that git keeps for itself"
	[[ "$output" == *"refused '.gitmodules' from commit ${BAD:0:10}"* ]]
	[[ "$output" == *"refused '$D1/.gitignore' from commit ${BAD:0:10}"* ]]
}

@test "a submodule, a very long name and path, and an unknown mode are refused" {
	stores
	evil_put 160000 "$(git -C "$STORE" rev-parse HEAD)" ${D1//\// } sub
	long=$(printf 'n%.0s' $(seq 300))
	evil_put 100644 "$(blob x)" ${D1//\// } "$long.md"
	deep=$(printf 'folder%03d ' $(seq 200))
	evil_put 100644 "$(blob x)" ${D2//\// } $deep end.md
	evil_put 010644 "$(blob x)" ${D1//\// } fifo.md
	evil_commit
	push_evil
	run casectl sync
	assert_refused "$D1/sub" "a submodule"
	[[ "$output" == *"refused '$D1/$long.md'"*"a name longer than 255 bytes"* ]]
	[[ "$output" == *"a path longer than 1024 bytes"* ]]
	[[ "$output" == *"refused '$D1/fifo.md'"*"neither a plain file nor a folder"* ]]
	[ ! -e "$STORE/$D1/sub" ]
	[ ! -e "$STORE/$D2/folder001" ]
}

@test "refused entries in a push that needs a merge: the merge keeps local work and the other changes" {
	stores
	casectl assess "$ID1" --need "local work"
	ln -s /etc/passwd "$EVIL/$D2/evil.md"
	evil_git "link" "$D2/evil.md"
	push_evil
	run casectl sync
	assert_refused "$D2/evil.md" "a symbolic link"
	[[ "$output" == *"(merged)"* ]]
	[ "$(git -C "$STORE" log --format=%s | grep -c '^assess ')" -eq 1 ]
	[ ! -e "$STORE/$D2/evil.md" ]
	# the colleague's own clone takes the repair: the link goes, not its target
	run casectl -C "$EVIL" sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ ! -L "$EVIL/$D2/evil.md" ]
	[ -f /etc/passwd ]
	assert_clean "$EVIL"
}

# A stale lock with a complete journal from a dead process: old HEAD,
# new NEW, the paths written.
dead_journal() { # NEW PATH...
	local new=$1 pid p
	shift
	pid=$(sh -c 'echo $$')
	mkdir -p "$STORE/.git/casectl"
	{
		printf 'casectl-lock 1\npid %s\njournal\nref refs/heads/main\n' "$pid"
		printf 'old %s\nnew %s\n' "$(git -C "$STORE" rev-parse HEAD)" "$new"
		for p in "$@"; do printf 'write %s\n' "$p"; done
		printf 'end\n'
	} >"$STORE/.git/casectl/lock"
}

# A commit on HEAD of $STORE whose tree has PATH... set as put.py does.
store_commit() { # MODE OID NAME...
	local tree
	tree=$(cd "$STORE" && /usr/bin/python3 "$PUT" "$(git rev-parse 'HEAD^{tree}')" "$@")
	git -C "$STORE" commit-tree "$tree" -p HEAD -m "made by hand"
}

@test "a killed command's journal with a file where the folder 'cases' was is recovered by the next command" {
	new_store
	ID1=$(open_case "Anna A")
	ID2=$(open_case "Bert B")
	D1=$(ls -d cases/*/*/"$ID1")
	D2=$(ls -d cases/*/*/"$ID2")
	new=$(store_commit 100644 "$(echo file | git hash-object -w --stdin)" cases)
	# killed after it removed the case files and wrote 'cases'
	rm -r cases
	echo file >cases
	dead_journal "$new" cases "$D1/case.md" "$D2/case.md"
	run casectl open --client "Cyril C" --referral school -m "needs"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"cleared a stale lock left by process"*"restored"* ]]
	[ -f "$D1/case.md" ]
	[ -f "$D2/case.md" ]
	[ ! -e .git/casectl/lock ]
	assert_clean
	run casectl check
	[ "$status" -eq 0 ]
	[ "$(casectl list --format json | wc -l)" -eq 3 ]
}

@test "a journal completed onto a file where a folder was: the folder goes, a hand-made file in it is kept aside" {
	new_store
	ID1=$(open_case "Anna A")
	D1=$(ls -d cases/*/*/"$ID1")
	new=$(store_commit 100644 "$(echo file | git hash-object -w --stdin)" cases)
	git update-ref refs/heads/main "$new"
	echo "my own notes" >cases/notes.txt      # not tracked, not casectl's
	dead_journal "$new" cases "$D1/case.md"
	# the branch was moved: the journal's old is HEAD^ now
	sed -i "s/^old .*/old $(git rev-parse HEAD^)/" .git/casectl/lock
	# the recovery completes the journal; the command itself is then
	# refused, since the commit it recovered to has a file at 'cases'
	run casectl open --client "Cyril C" --referral school -m "needs"
	[ "$status" -eq 1 ] || { echo "$output"; return 1; }
	[[ "$output" == *"the last commit has a file 'cases' where casectl keeps a folder"* ]] || { echo "$output"; return 1; }
	[[ "$output" == *"cleared a stale lock left by process"*"completed"* ]] || { echo "$output"; return 1; }
	[[ "$output" == *"moved 'cases', which was in the way, to '"*"/.git/casectl/displaced/"* ]]
	[ ! -e .git/casectl/lock ]
	[ "$(cat .git/casectl/displaced/*cases/notes.txt)" = "my own notes" ]
	[ -z "$(git status --porcelain)" ]
	# back to the last good commit, with git, and casectl works on
	git reset -q --hard HEAD^
	run casectl open --client "Dora D" --referral school -m "needs"
	[ "$status" -eq 0 ]
	assert_clean
}

@test "a killed command's journal with a folder where casectl.md was is recovered by the next command" {
	new_store
	ID1=$(open_case "Anna A")
	new=$(store_commit 100644 "$(echo x | git hash-object -w --stdin)" casectl.md inner)
	cp casectl.md "$BATS_TEST_TMPDIR/settings"
	rm casectl.md
	mkdir casectl.md
	echo x >casectl.md/inner
	dead_journal "$new" casectl.md casectl.md/inner
	run casectl open --client "Cyril C" --referral school -m "needs"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"cleared a stale lock"*"restored"* ]]
	[ -f casectl.md ]
	cmp casectl.md "$BATS_TEST_TMPDIR/settings"
	assert_clean
}

# $EVIL at what the remote has, working tree and all.
evil_pull() {
	git -C "$EVIL" fetch -q origin
	git -C "$EVIL" merge -q --ff-only origin/main
}

# A change to $D1/case.md here and hostile content there (the shell
# command $1, run in $EVIL), then a sync: a whole-file conflict.
hostile_merge() {
	echo "ours $RANDOM" >>"$STORE/$D1/case.md"
	run casectl commit "$ID1"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	evil_pull
	(cd "$EVIL" && eval "$1")
	evil_git "hostile content"
	push_evil
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"conflict: $ID1; run 'casectl resolve $ID1'"* ]] || { echo "$output"; return 1; }
	# ours is whole and readable, the conflict names what came
	run casectl show "$ID1"
	[ "$status" -eq 0 ]
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$D1/case.md:"*"conflict in '(whole file)'; run 'casectl resolve $ID1'"* ]]
	grep -q "^    theirs: \"not taken: theirs (origin) sent $2" "$STORE/$D1/case.md" || {
		cat "$STORE/$D1/case.md"; return 1; }
	assert_clean
}

# After a resolve: check passes, the store is clean, the sync goes out.
assert_settled() {
	run casectl check
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	assert_clean
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" != *conflict* ]]
}

@test "hostile content needing a merge: binary, invalid YAML and huge files keep ours whole; resolve settles each" {
	stores
	push_evil
	run casectl sync
	[ "$status" -eq 0 ]
	# binary data: --theirs says why not, --ours takes ours
	hostile_merge "head -c 2000 /dev/urandom >'$D1/case.md'; printf '\0' >>'$D1/case.md'" "binary data"
	before=$(snapshot)
	run casectl resolve "$ID1" --theirs
	[ "$status" -eq 1 ]
	[[ "$output" == *"the other side of '$D1/case.md' could not be merged and is not in the file; keep this version with 'casectl resolve $ID1 --ours', or rewrite it with 'casectl resolve $ID1 --edit'"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl resolve "$ID1" --ours
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	assert_settled
	# front matter that does not parse: --edit
	hostile_merge "printf -- '---\nid: [unclosed\n: : :\n---\nbody\n' >'$D1/case.md'" "not a record"
	cat >"$BATS_TEST_TMPDIR/ed" <<PY
#!/usr/bin/python3
import re, sys
t = open(sys.argv[1], encoding='utf-8').read()
t = re.sub(r"(?m)^conflict:\n(?: .*\n)*", "", t)
open(sys.argv[1], 'w', encoding='utf-8').write(t)
PY
	chmod +x "$BATS_TEST_TMPDIR/ed"
	EDITOR="$BATS_TEST_TMPDIR/ed" run script -qec "$CASECTL_BIN resolve $ID1 --edit" /dev/null
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	assert_settled
	# a huge file (9 MB of text)
	hostile_merge "head -c 9000000 /dev/zero | tr '\\\\0' a >>'$D1/case.md'" "a file of"
	run casectl resolve "$ID1" --ours
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "$(stat -c %s "$STORE/$D1/case.md")" -lt 100000 ]
	assert_clean
	# a link in place of the changed file: refused, ours kept, no conflict
	echo "ours again" >>"$STORE/$D1/case.md"
	run casectl commit "$ID1"
	[ "$status" -eq 0 ]
	evil_pull
	rm "$EVIL/$D1/case.md"
	ln -s /etc/passwd "$EVIL/$D1/case.md"
	evil_git "link" "$D1/case.md"
	push_evil
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" == *"refused '$D1/case.md' from commit ${BAD:0:10}"*"a symbolic link; this store keeps its own version"* ]]
	[[ "$output" != *"conflict:"* ]]
	[ -f "$STORE/$D1/case.md" ]
	[ ! -L "$STORE/$D1/case.md" ]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}
