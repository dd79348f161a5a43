#!/usr/bin/env bats
# The whole-store check for uncommitted changes that casectl sync makes
# (lib/store-status-all.c): without libgit2's status it must see what
# git status sees - a change, an untracked file, a staged change, a
# deleted file, a new mode - and nothing where git sees nothing (a new
# mtime, an ignored file, an empty folder); unusual trees fall back.

load helper

setup() {
	setup_common
	umask 077
	git init -q --bare "$BATS_TEST_TMPDIR/srv.git"
	new_store
	casectl remote add origin "$BATS_TEST_TMPDIR/srv.git"
	a=$(open_case "Anna")
	b=$(open_case "Bert")
	da=$(dirname cases/*/*/"$a"/case.md)
	db=$(dirname cases/*/*/"$b"/case.md)
	export CASECTL_TRACE_INDEX=1
}

# casectl sync refuses, naming $1, having looked the fast way.
refuses() {
	run casectl sync
	[ "$status" -eq 1 ]
	[[ "$output" == *"index: status whole"* ]]
	[[ "$output" == *"'$1' has uncommitted changes"* ]] || { echo "output: $output"; return 1; }
}

# casectl sync goes ahead, having looked the fast way.
syncs() {
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" == *"index: status whole"* ]]
	[[ "$output" == *"cases sent"* ]]
}

@test "sync refuses what git status shows, found without libgit2's status" {
	echo "note" >>"$db/case.md"
	refuses "$db/case.md"
	git checkout -q -- "$db/case.md"
	echo "x" >"$da/new.md"
	refuses "$da/new.md"
	rm "$da/new.md"
	mkdir -p "$da/sub/deeper"
	echo "x" >"$da/sub/deeper/f.md"
	refuses "$da/sub/deeper/f.md"
	rm -r "$da/sub"
	chmod u+x "$da/case.md"
	refuses "$da/case.md"
	chmod u-x "$da/case.md"
	rm "$db/case.md"
	refuses "$db/case.md"
	git checkout -q -- "$db/case.md"
	sed -i 's/^review: .*/review: 2031-01-31/' "$da/case.md"
	git add "$da/case.md"                   # staged, the file as staged
	refuses "$da/case.md"
	git reset -q --hard                     # one change at a time: the first is named
	git rm -q --cached "$db/case.md"        # unstaged from the index only
	refuses "$db/case.md"
	git reset -q --hard
	echo "x" >topfile
	refuses topfile
	rm topfile
	syncs
}

@test "sync goes ahead past a new mtime, an ignored file and an empty folder" {
	touch -d "2020-01-01" "$da/case.md"
	mkdir "$db/empty"
	mkdir -p .git/info
	echo "*.tmp" >.git/info/exclude
	echo "x" >"$da/scratch.tmp"
	syncs
	rm "$da/scratch.tmp"
	rmdir "$db/empty"
	git update-index --index-version 4
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" == *"index: status libgit2"* ]]
	git update-index --index-version 2
	ln -s case.md "$da/link"
	run casectl sync
	[ "$status" -eq 1 ]
	[[ "$output" == *"index: status libgit2"* ]]
	[[ "$output" == *"'$da/link' has uncommitted changes"* ]]
}
