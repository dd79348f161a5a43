#!/usr/bin/env bats
# erase-safety.bats - erase is atomic, never races, and says exactly
# what it reached (issue 12, section 1)

load helper

setup() {
	setup_common
}

case_dir() {
	ls -d "$STORE"/cases/*/*/"$1" | sed "s|^$STORE/||"
}

close_forced() {
	casectl close "$1" --reason "moved away" --force "test of a closed case" >/dev/null
}

# A closed case with a few records, named NAME; prints its ID.
closed_case() {
	local id
	id=$(open_case "$1")
	casectl monitor "$id" -m "visit with $1" --force "test" >/dev/null
	close_forced "$id"
	echo "$id"
}

# Every object of the repository, as text.
all_objects() {
	git -C "${1:-$STORE}" cat-file --batch-all-objects --batch
}

# No object of the repository REPO (the store) holds TEXT.
no_object_holds() {
	local n
	n=$(git -C "${2:-$STORE}" cat-file --batch-all-objects --batch | { grep -c -F "$1" || true; })
	[ "$n" -eq 0 ] || { echo "$n objects hold '$1'"; return 1; }
}

@test "erase while another worker commits: every acknowledged commit survives" {
	new_store
	b=$(open_case "Bert Cole")
	ids=()
	for k in 1 2 3 4 5 6; do
		ids+=("$(closed_case "Erasable Person$k")")
	done
	export CASECTL_NOW=2037-01-02
	: >"$BATS_TEST_TMPDIR/acked"
	(
		for i in $(seq 1 60); do
			if casectl monitor "$b" -m "note number $i" --force "test" >/dev/null 2>&1; then
				echo "$i" >>"$BATS_TEST_TMPDIR/acked"
			fi
		done
	) &
	writer=$!
	for id in "${ids[@]}"; do
		run casectl erase "$id"
		echo "$output"
		[ "$status" -eq 0 ]
		[[ "$output" == *"erased case '$id'"* ]]
	done
	wait "$writer"
	# the branch resolves, the repository is sound
	git rev-parse --verify -q HEAD^{commit} >/dev/null
	run git fsck --strict --no-progress
	[ "$status" -eq 0 ]
	# every acknowledged note is at HEAD
	[ -s "$BATS_TEST_TMPDIR/acked" ]
	while read -r i; do
		git grep -q -F "note number $i" HEAD -- cases || { echo "lost: note $i"; false; }
	done <"$BATS_TEST_TMPDIR/acked"
	# and the erased are gone
	no_object_holds "Erasable Person"
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}

@test "two erasures and a writer at once: they take turns, nothing acknowledged is lost" {
	new_store
	b=$(open_case "Bert Cole")
	x=$(closed_case "First Erasable")
	y=$(closed_case "Second Erasable")
	export CASECTL_NOW=2037-01-02
	(
		for i in $(seq 1 20); do
			if casectl monitor "$b" -m "call $i" --force "test" >/dev/null 2>&1; then
				echo "$i" >>"$BATS_TEST_TMPDIR/acked"
			fi
		done
	) &
	writer=$!
	casectl erase "$x" >"$BATS_TEST_TMPDIR/x.out" 2>&1 &
	ex=$!
	casectl erase "$y" >"$BATS_TEST_TMPDIR/y.out" 2>&1 &
	ey=$!
	wait "$ex"; rx=$?
	wait "$ey"; ry=$?
	wait "$writer"
	cat "$BATS_TEST_TMPDIR/x.out" "$BATS_TEST_TMPDIR/y.out"
	[ "$rx" -eq 0 ]
	[ "$ry" -eq 0 ]
	grep -q "erased case '$x'" "$BATS_TEST_TMPDIR/x.out"
	grep -q "erased case '$y'" "$BATS_TEST_TMPDIR/y.out"
	no_object_holds "First Erasable"
	no_object_holds "Second Erasable"
	while read -r i; do
		git grep -q -F "call $i" HEAD -- cases || { echo "lost: call $i"; false; }
	done <"$BATS_TEST_TMPDIR/acked"
	[ "$(git log --format=%s | grep -c '^erase ')" -eq 2 ]
	run git fsck --strict --no-progress
	[ "$status" -eq 0 ]
	assert_clean
}

# --- a killed erase is finished or rolled back ------------------------

# What an erase killed right after its tombstone leaves: the tombstone
# commit on the branch (made here with plain git, as an older casectl
# left it), the case's data still in the history.
half_erase() {
	local dir
	dir=$(case_dir "$1")
	git rm -q -r "$dir"
	git commit -q -m "erase $1: case erased" -m "Erased: 2037-01-02" -m "Case: $1
Action: erase"
}

# A pid that is surely dead.
dead_pid() {
	sh -c 'echo $$'
}

# The lock file of an erase killed at that point: header, and with
# TOMB (40 hex) the mark that the tombstone is on the branch.
dead_erase_lock() {
	local id=$1 dir=$2 old=$3 tomb=${4:-}
	mkdir -p .git/casectl
	{
		printf 'casectl-lock 1\npid %s\n' "$(dead_pid)"
		printf 'erase-case %s\nerase-path %s\nerase-ref refs/heads/main\nerase-old %s\n' \
			"$id" "$dir" "$old"
		if [ -n "$tomb" ]; then printf 'erase-tomb %s\n' "$tomb"; fi
	} >.git/casectl/lock
}

# A store with cases $b and $a (folder $adir), and the state an erase
# of $a killed just after marking its tombstone leaves.
killed_after_tombstone() {
	local old
	new_store
	b=$(open_case "Bert Cole")
	a=$(closed_case "Marie Dvorakova")
	old=$(git rev-parse HEAD)
	adir=$(case_dir "$a")
	half_erase "$a"
	dead_erase_lock "$a" "$adir" "$old" "$(git rev-parse HEAD)"
}

@test "erase of a half-erased case (tombstone made, history not rebuilt) finishes the job" {
	new_store
	b=$(open_case "Bert Cole")
	a=$(closed_case "Marie Dvorakova")
	half_erase "$a"
	all_objects | grep -q "Dvorakova"
	run casectl show "$a"
	[ "$status" -eq 1 ]
	export CASECTL_NOW=2037-01-02
	run casectl erase "${a:0:6}"
	[ "$status" -eq 0 ]
	[[ "$output" == *"finished the erasure of case '$a'"* ]]
	[[ "$output" != *"no case"* ]]
	no_object_holds Dvorakova
	[ "$(git log --format=%H -- "cases/*/*/$a" | wc -l)" -eq 0 ]
	[ "$(git log -1 --format=%s)" = "erase $a: case erased" ]
	git log -1 --format=%B | grep -q "^Rewritten: "
	casectl show "$b" >/dev/null
	assert_clean
	# again: nothing left to do, and it says so truthfully
	run casectl erase "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"finished the erasure of case '$a': 0 commits rebuilt"* ]]
	# a case that never existed is still "no case"
	run casectl erase zzzzzz
	[ "$status" -eq 1 ]
	[[ "$output" != *"finished"* ]]
}

@test "killed after its tombstone: the next command finishes the erasure" {
	killed_after_tombstone
	export CASECTL_NOW=2037-01-02
	run casectl monitor "$b" -m "next call" --force "test"
	[ "$status" -eq 0 ]
	[[ "$output" == *"finished the erasure of case '$a'"* ]]
	[ ! -e .git/casectl/lock ]
	no_object_holds Dvorakova
	git grep -q "next call" HEAD -- cases
	[ "$(git log --format=%s -2 | tail -1)" = "erase $a: case erased" ]
	assert_clean
}

@test "killed after its tombstone, and the prune cannot run: commands go on, erase finishes later" {
	killed_after_tombstone
	# a gc "running" in this very shell: git gc refuses to start
	echo "$$ $(hostname)" >.git/gc.pid
	run casectl monitor "$b" -m "next call" --force "test"
	[ "$status" -eq 0 ]
	[[ "$output" == *"finished the erasure of case '$a'"*"old objects are still"* ]]
	[[ "$output" == *"run 'casectl erase $a' again"* ]]
	[ ! -e .git/casectl/lock ]
	[ "$(git log --all --format=%H -- "$adir" | wc -l)" -eq 0 ]
	git grep -q "next call" HEAD -- cases
	rm .git/gc.pid
	CASECTL_NOW=2037-01-02 run casectl erase "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"finished the erasure of case '$a'"* ]]
	no_object_holds Dvorakova
	assert_clean
}

@test "killed before its tombstone was marked: the next command rolls the erasure back" {
	new_store
	b=$(open_case "Bert Cole")
	a=$(closed_case "Marie Dvorakova")
	old=$(git rev-parse HEAD)
	n=$(git rev-list --count HEAD -- "$(case_dir "$a")")
	files=$(git ls-tree -r HEAD -- "$(case_dir "$a")")
	adir=$(case_dir "$a")
	half_erase "$a"
	dead_erase_lock "$a" "$adir" "$old"
	run casectl monitor "$b" -m "next call" --force "test"
	[ "$status" -eq 0 ]
	[[ "$output" == *"rolled back the erasure of case '$a'"* ]]
	[[ "$output" == *"run 'casectl erase $a' again"* ]]
	[ ! -e .git/casectl/lock ]
	# the case is back, whole, with its history; the tombstone is gone
	[ "$(git rev-parse HEAD~1)" = "$old" ]
	[ "$(git ls-tree -r HEAD -- "$adir")" = "$files" ]
	[ "$(git rev-list --count HEAD -- "$adir")" -eq "$n" ]
	casectl show "$a" | grep -q "Dvorakova"
	! git log --format=%s | grep -q "^erase " || false
	assert_clean
	# and erasing it now works
	CASECTL_NOW=2037-01-02 run casectl erase "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"erased case '$a'"* ]]
}

@test "killed before its tombstone was made: nothing changes, the next command says so" {
	new_store
	b=$(open_case "Bert Cole")
	a=$(closed_case "Marie Dvorakova")
	before=$(snapshot)
	dead_erase_lock "$a" "$(case_dir "$a")" "$(git rev-parse HEAD)"
	run casectl monitor "$b" -m "next call" --force "test"
	[ "$status" -eq 0 ]
	[[ "$output" == *"rolled back the erasure of case '$a'"* ]]
	[[ "$output" == *"nothing was erased"* ]]
	[ "$(git rev-parse HEAD~1)" = "$(echo "$before" | cut -d' ' -f1)" ]
	casectl show "$a" | grep -q "Dvorakova"
	assert_clean
}

@test "erase killed at random moments (15 runs): finished or rolled back, never half done" {
	[ -n "${CASECTL_BIN:-}" ]
	n=${ERASE_CHECK_RUNS:-15}
	run "$BATS_TEST_DIRNAME/../stress/erase-kill.sh" "$CASECTL_BIN" "$n"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"erase-kill: $n runs"*"all sound"* ]]
}

# --- what erase reaches --------------------------------------------------

@test "erase keeps other stashes and rebuilds the ones that hold the case" {
	new_store
	b=$(open_case "Bert Cole")
	a=$(closed_case "Marie Dvorakova")
	bdir=$(case_dir "$b"); adir=$(case_dir "$a")
	echo "a hand note about Bert" >>"$bdir/case.md"
	git stash -q
	echo "a hand note about Marie Dvorakova" >>"$adir/case.md"
	echo "and Bert again" >>"$bdir/case.md"
	git stash -q
	echo "another hand note about Bert" >>"$bdir/case.md"
	git stash -q
	[ "$(git stash list | wc -l)" -eq 3 ]
	export CASECTL_NOW=2037-01-02
	run casectl erase "$a"
	[ "$status" -eq 0 ]
	# all three stashes are there, in order, Bert's parts whole
	[ "$(git stash list | wc -l)" -eq 3 ]
	git stash show -p 'stash@{0}' | grep -q "another hand note about Bert"
	git stash show -p 'stash@{1}' | grep -q "and Bert again"
	git stash show -p 'stash@{2}' | grep -q "a hand note about Bert"
	! git stash show -p 'stash@{1}' | grep -q "Dvorakova" || false
	no_object_holds Dvorakova
	run git fsck --strict --no-progress
	[ "$status" -eq 0 ]
	# a stash still applies
	git stash pop -q
	grep -q "another hand note about Bert" "$bdir/case.md"
}

@test "erase that cannot rewrite the stashes after moving the refs: says so, erase again finishes" {
	new_store
	b=$(open_case "Bert Cole")
	a=$(closed_case "Marie Dvorakova")
	echo "a hand note about Marie Dvorakova" >>"$(case_dir "$a")/case.md"
	git stash -q
	echo "a hand note about Bert" >>"$(case_dir "$b")/case.md"
	git stash -q
	# the stash's reflog is locked (a git command killed while writing it)
	touch .git/logs/refs/stash.lock
	export CASECTL_NOW=2037-01-02
	run casectl erase "$a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"out of the history, but not everything was rebuilt"* ]]
	[[ "$output" == *"run 'casectl erase $a' again"* ]]
	[[ "$output" != *"nothing was erased"* ]]
	[[ "$output" != *"gone from"* ]]
	[ ! -e .git/casectl/lock ]
	rm .git/logs/refs/stash.lock
	run casectl erase "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"finished the erasure of case '$a'"* ]]
	[ "$(git stash list | wc -l)" -eq 2 ]
	git stash show -p 'stash@{0}' | grep -q "a hand note about Bert"
	no_object_holds Dvorakova
	run git fsck --strict --no-progress
	[ "$status" -eq 0 ]
}

@test "erase refuses a store with a linked worktree, before changing anything" {
	new_store
	a=$(closed_case "Marie Dvorakova")
	git worktree add -q "$BATS_TEST_TMPDIR/wt" -b other
	before=$(snapshot)
	export CASECTL_NOW=2037-01-02
	run casectl erase "$a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"linked worktree"*"$BATS_TEST_TMPDIR/wt"* ]]
	[[ "$output" == *"git worktree remove"* ]]
	[ "$(snapshot)" = "$before" ]
	[ ! -e .git/casectl/lock ]
	git log -1 --format=%s | grep -qv "^erase"
	# from inside the linked worktree: refused too
	run casectl -C "$BATS_TEST_TMPDIR/wt" erase "$a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"linked worktree"* ]]
	[ "$(snapshot)" = "$before" ]
	# as told: remove it, then erase reaches everything
	git worktree remove "$BATS_TEST_TMPDIR/wt"
	git branch -q -D other
	run casectl erase "$a"
	[ "$status" -eq 0 ]
	no_object_holds Dvorakova
}

@test "erase refuses a kept pack (.keep), before changing anything" {
	new_store
	a=$(closed_case "Marie Dvorakova")
	git repack -q -a -d
	pack=$(ls .git/objects/pack/*.pack)
	touch "${pack%.pack}.keep"
	before=$(snapshot)
	export CASECTL_NOW=2037-01-02
	run casectl erase "$a"
	[ "$status" -eq 1 ]
	[[ "$output" == *".keep"* ]]
	[[ "$output" == *"remove"* ]]
	[ "$(snapshot)" = "$before" ]
	rm "${pack%.pack}.keep"
	run casectl erase "$a"
	[ "$status" -eq 0 ]
	no_object_holds Dvorakova
}

@test "erase in a --shared clone refuses its borrowed objects and says what to do" {
	new_store
	a=$(closed_case "Marie Dvorakova")
	clone="$BATS_TEST_TMPDIR/clone"
	git clone -q --shared "$STORE" "$clone"
	cd "$clone"
	before=$(git rev-parse HEAD)
	export CASECTL_NOW=2037-01-02
	run casectl erase "$a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"borrows objects"*"alternates"* ]]
	[[ "$output" == *"git repack -a -d"* ]]
	[ "$(git rev-parse HEAD)" = "$before" ]
	[ -z "$(git status --porcelain)" ]
	# an environment that borrows objects: refused too
	GIT_ALTERNATE_OBJECT_DIRECTORIES="$STORE/.git/objects" run casectl -C "$STORE" erase "$a"
	[ "$status" -eq 1 ]
	[[ "$output" == *"GIT_ALTERNATE_OBJECT_DIRECTORIES"* ]]
	# as told: copy the objects in, stop borrowing, erase
	git repack -q -a -d
	rm .git/objects/info/alternates
	run casectl erase "$a"
	[ "$status" -eq 0 ]
	# the final message does not claim the other store
	[[ "$output" == *"NOT gone from"* ]]
	[[ "$output" == *"every other clone"* ]]
	[[ "$output" == *"--shared"* ]]
	no_object_holds Dvorakova "$clone"
	# which indeed still holds her
	git -C "$STORE" cat-file --batch-all-objects --batch | grep -q Dvorakova
}
