#!/usr/bin/env bats
# The store engine seen from the command line: locks, crashes left
# behind, permissions, symlinks, installation.

load helper

setup() { setup_common; new_store; }

dead_pid() {
	# a PID that is certainly not running: a finished child's
	sh -c 'exit 0' & local p=$!; wait $p; echo $p
}

@test "a stale lock from a dead process is cleared with a message and the command works" {
	id=$(open_case)
	mkdir -p .git/casectl
	printf 'casectl-lock 1\npid %s\n' "$(dead_pid)" >.git/casectl/lock
	run casectl open --client Second -m "x"
	[ "$status" -eq 0 ]
	[[ "$output" == *"stale lock"* ]]
	[ ! -e .git/casectl/lock ]
	assert_clean
}

@test "a crash after the commit but before the files is completed on the next command" {
	id=$(open_case)
	f=$(ls cases/*/*/"$id"/case.md)
	# make a commit with plain git, then put the tree and branch back to
	# the state a crash between "ref moved" and "files written" leaves
	old=$(git rev-parse HEAD)
	sed -i 's/^review: .*/review: 2030-01-01/' "$f"
	git add "$f"
	new=$(git commit -q -m "edit $id: x" && git rev-parse HEAD)
	git show "$old:$f" >"$f"
	git reset -q "$old" -- "$f"
	printf 'casectl-lock 1\npid %s\njournal\nref refs/heads/main\nold %s\nnew %s\nwrite %s\nend\n' \
		"$(dead_pid)" "$old" "$new" "$f" >.git/casectl/lock
	run casectl open --client Third -m y
	[ "$status" -eq 0 ]
	[[ "$output" == *"stale lock"* ]]
	grep -q '^review: 2030-01-01$' "$f"
	assert_clean
}

@test "a crash before the ref moved is rolled back on the next command" {
	id=$(open_case)
	f=$(ls cases/*/*/"$id"/case.md)
	head=$(git rev-parse HEAD)
	echo "half-written change" >>"$f"
	echo "partial" >"$(dirname "$f")/.casectl-tmp-abc123"
	printf 'casectl-lock 1\npid %s\njournal\nref refs/heads/main\nold %s\nnew %s\nwrite %s\nend\n' \
		"$(dead_pid)" "$head" "0123456789012345678901234567890123456789" "$f" >.git/casectl/lock
	run casectl open --client Fourth -m y
	[ "$status" -eq 0 ]
	[[ "$output" == *"stale lock"* ]]
	! grep -q "half-written" "$f" || false
	[ ! -e "$(dirname "$f")/.casectl-tmp-abc123" ]
	assert_clean
}

@test "casectl commit after a killed command rolls its files back, and commits nothing of them" {
	id=$(open_case)
	f=$(ls cases/*/*/"$id"/case.md)
	head=$(git rev-parse HEAD)
	# a killed import: two new cases written, the branch not moved
	# (the third killed while its file was still a temporary one, the
	# fourth right after its folder was made)
	mkdir -p cases/x/y/2jxy000001 cases/x/y/2jxy000002 cases/x/y/2jxy000003 cases/x/z/2jxz000004
	echo "half" >cases/x/y/2jxy000001/case.md
	echo "half" >cases/x/y/2jxy000002/case.md
	echo "hal" >cases/x/y/2jxy000003/.casectl-tmp-abc123
	printf 'casectl-lock 1\npid %s\njournal\nref refs/heads/main\nold %s\nnew %s\nwrite %s\nwrite %s\nwrite %s\nwrite %s\nend\n' \
		"$(dead_pid)" "$head" "0123456789012345678901234567890123456789" \
		cases/x/y/2jxy000001/case.md cases/x/y/2jxy000002/case.md \
		cases/x/y/2jxy000003/case.md cases/x/z/2jxz000004/case.md >.git/casectl/lock
	# and a real hand edit beside it
	echo "A note by hand." >>"$f"
	run casectl commit
	[ "$status" -eq 0 ]
	[[ "$output" == *"stale lock"* ]]
	[ "$(git rev-list --count "$head"..HEAD)" -eq 1 ]
	[ "$(git diff-tree --no-commit-id --name-only -r HEAD)" = "$f" ]
	# no file and no empty folder is left of them
	[ ! -e cases/x/y/2jxy000001 ]
	[ ! -e cases/x/y/2jxy000003 ]
	[ ! -e cases/x/z/2jxz000004 ]
	[ -z "$(find cases -type d -empty)" ]
	run casectl list
	[ "$status" -eq 0 ]
	[[ "$output" != *"warning"* ]]
	assert_clean
}

@test "a lock held by a live process makes others wait, then fail clearly" {
	mkdir -p .git/casectl
	sleep 30 & holder=$!
	printf 'casectl-lock 1\npid %s\n' "$holder" >.git/casectl/lock
	n=$(commit_count)
	CASECTL_LOCK_TIMEOUT=1 run casectl open --client X -m y
	kill "$holder"
	[ "$status" -eq 1 ]
	[[ "$output" == *"locked by process $holder"* ]]
	[ "$(commit_count)" -eq "$n" ]
	rm .git/casectl/lock
}

@test "store files are 0600 and folders 0700 whatever the umask" {
	umask 000
	id=$(open_case)
	f=$(ls cases/*/*/"$id"/case.md)
	[ "$(stat -c %a "$f")" = 600 ]
	[ "$(stat -c %a "$(dirname "$f")")" = 700 ]
	[ "$(stat -c %a cases)" = 700 ]
	[ "$(stat -c %a casectl.md)" = 600 ]
}

@test "a case folder that is a symlink out of the store is refused" {
	id=$(open_case)
	d=$(dirname "$(ls cases/*/*/"$id"/case.md)")
	mkdir "$BATS_TEST_TMPDIR/outside"
	cp "$d/case.md" "$BATS_TEST_TMPDIR/outside/"
	git rm -rq "$d"
	git commit -qm "move away"
	mkdir -p "$(dirname "$d")"
	ln -s "$BATS_TEST_TMPDIR/outside" "$d"
	run casectl show "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"symbolic link"* || "$output" == *"symlink"* ]]
	before=$(cat "$BATS_TEST_TMPDIR/outside/case.md")
	n=$(commit_count)
	run casectl commit
	[ "$status" -eq 1 ]
	[[ "$output" == *"'"*"' is a symbolic link; casectl does not follow links inside the store"* ]]
	[ "$(commit_count)" -eq "$n" ]
	[ "$(cat "$BATS_TEST_TMPDIR/outside/case.md")" = "$before" ]
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"is a symbolic link; casectl does not follow links inside the store"* ]]
}

@test "make install puts the program, man pages and templates under DESTDIR" {
	src=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	[ -x "$src/build/casectl" ] || skip "build/casectl not built"
	run make -C "$src" install DESTDIR="$BATS_TEST_TMPDIR/dest" PREFIX=/usr
	[ "$status" -eq 0 ]
	[ -x "$BATS_TEST_TMPDIR/dest/usr/bin/casectl" ]
	[ -f "$BATS_TEST_TMPDIR/dest/usr/share/man/man1/casectl.1" ]
	[ -f "$BATS_TEST_TMPDIR/dest/usr/share/man/man1/casectl-open.1" ]
	[ -f "$BATS_TEST_TMPDIR/dest/usr/share/man/man5/casectl-case.5" ]
	[ -f "$BATS_TEST_TMPDIR/dest/usr/share/casectl/templates/en/case.md" ]
	run "$BATS_TEST_TMPDIR/dest/usr/bin/casectl" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "casectl version "* ]]
}

@test "every write is flushed to disk unless git config core.fsync is none" {
	command -v strace >/dev/null || skip "strace is not installed (make deps installs it)"
	id=$(open_case "Anna")
	fsyncs() {
		# (LeakSanitizer cannot run under ptrace)
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
			strace -f -c -e trace=fsync,fdatasync -o "$BATS_TEST_TMPDIR/st" "$CASECTL_BIN" "$@" >/dev/null
		awk '$NF == "fsync" || $NF == "fdatasync" { n += $4 } END { print n + 0 }' "$BATS_TEST_TMPDIR/st"
	}
	n=$(fsyncs handover "$id" --to "Petr Novy" --reason "leave")
	[ "$n" -ge 5 ]
	git config core.fsync none
	n=$(fsyncs handover "$id" --to "Eva Horak" --reason "back")
	[ "$n" -eq 0 ]
	[ "$(git log -1 --format=%s)" = "handover $id: case handed over" ]
	[ "$(git rev-list --count HEAD)" -eq 4 ]
	assert_clean
}
