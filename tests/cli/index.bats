#!/usr/bin/env bats
# The git index, read and spliced without libgit2's whole-index parse
# (lib/store/store-dirc.c, lib/store/store-status-dir.c): after casectl
# commits, git must see exactly what libgit2 would have left, the
# cache-tree must never claim an old tree, racily clean entries must stay
# detectable, and every index shape the fast way does not handle must
# fall back.

load helper

setup() {
	setup_common
	new_store
	a=$(open_case "Anna")
	b=$(open_case "Bert")
	da=$(dirname cases/*/*/"$a"/case.md)
	db=$(dirname cases/*/*/"$b"/case.md)
	export CASECTL_TRACE_INDEX=1
}

# Hand edit case file $1 (the review date) and commit it with casectl.
hand_commit() {
	sed -i "s/^review: .*/review: $2/" "$1/case.md"
	casectl commit "$3" >/dev/null
}

# The index holds HEAD's tree exactly, and its cache-tree (what 'git
# write-tree' trusts) names no stale tree.
index_is_head() {
	diff <(git ls-files -s) \
		<(git ls-tree -r HEAD | awk '{ split($0, t, "\t"); print $1 " " $3 " 0\t" t[2] }')
	[ "$(git write-tree)" = "$(git rev-parse 'HEAD^{tree}')" ]
	assert_clean
}

@test "commits splice the index; git sees HEAD's tree and a valid cache-tree" {
	git write-tree >/dev/null            # a full cache-tree extension
	git update-index --untracked-cache   # an extension that is dropped
	git status --porcelain >/dev/null
	run casectl commit "$a"
	[ "$status" -eq 0 ]
	run hand_commit "$da" 2027-01-31 "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"index: status direct"* ]]
	[[ "$output" == *"index: spliced"* ]]
	index_is_head
	c=$(open_case "Cyril" 2>&1)
	[[ "$c" == *"index: spliced"* ]]
	index_is_head
	git commit -q --allow-empty -m "plain git commit reads the spliced index"
	index_is_head
	# libgit2 reads the spliced file too (it checks the checksum).
	run env CASECTL_TRACE_INDEX=0 "$CASECTL_BIN" check
	[ "$status" -eq 0 ]
}

# Set the mtime of files $2... to that of file $1, to the nanosecond.
same_mtime() {
	/usr/bin/python3 -c '
import os, sys
m = os.stat(sys.argv[1]).st_mtime_ns
for f in sys.argv[2:]:
    os.utime(f, ns=(m, m))' "$@"
}

@test "a racily clean edit in another case stays visible after a commit" {
	f="$db/case.md"
	# Stat data alone cannot see this edit: same size, same mtime, and
	# ctime not trusted.  Only the index being as new as the file makes
	# readers compare contents; a splice that copied the entry into a
	# newer index unchanged would hide the edit for good.
	git config core.trustctime false
	git update-index --refresh >/dev/null
	touch "$BATS_TEST_TMPDIR/ref"
	same_mtime "$f" "$BATS_TEST_TMPDIR/ref"
	# in place, keeping the inode (sed -i would make a new file)
	/usr/bin/python3 -c '
import sys
with open(sys.argv[1], "r+b") as fh:
    t = fh.read(); fh.seek(0); fh.write(t.replace(b"phase: intake\n", b"phase: intakf\n"))' "$f"
	same_mtime "$BATS_TEST_TMPDIR/ref" "$f" .git/index
	git ls-files --debug "$f" | grep -q "size: $(stat -c %s "$f")"
	[ "$(git diff-files --name-only)" = "$f" ]   # (does not write the index)
	sleep 1
	run hand_commit "$da" 2027-02-28 "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"index: spliced"* ]]
	[ "$(git status --porcelain)" = " M $f" ]
	run casectl handover "$b" --to "Petr Novy" --reason "leave"
	[ "$status" -eq 1 ]
	[[ "$output" == *"'$f' has uncommitted changes"* ]]
}

@test "dirty checks without the whole index see staged, deleted, new and chmod'ed files" {
	s=$(snapshot)
	# staged but the working file put back: the index differs from HEAD
	cp "$da/case.md" "$BATS_TEST_TMPDIR/keep"
	echo "note: x" >> "$da/case.md"
	git add "$da/case.md"
	cp "$BATS_TEST_TMPDIR/keep" "$da/case.md"
	run casectl handover "$a" --to "Petr Novy" --reason "leave"
	[ "$status" -eq 1 ]
	[[ "$output" == *"'$da/case.md' has uncommitted changes"* ]]
	[[ "$output" == *"status direct"* ]]
	git reset -q
	# an untracked file in the case folder
	echo "x" > "$da/stray.md"
	run casectl handover "$a" --to "Petr Novy" --reason "leave"
	[ "$status" -eq 1 ]
	[[ "$output" == *"'$da/stray.md' has uncommitted changes"* ]]
	rm "$da/stray.md"
	# an ignored one is not a change
	printf '*.swp\n' > .gitignore
	git add .gitignore
	git commit -q -m "ignore swap files"
	echo "x" > "$da/.case.md.swp"
	# a file deleted by hand
	mv "$da/case.md" "$BATS_TEST_TMPDIR/gone"
	run casectl handover "$a" --to "Petr Novy" --reason "leave"
	[ "$status" -eq 1 ]
	[[ "$output" == *"'$da/case.md' has uncommitted changes"* ]]
	mv "$BATS_TEST_TMPDIR/gone" "$da/case.md"
	# the executable bit
	chmod u+x "$da/case.md"
	run casectl handover "$a" --to "Petr Novy" --reason "leave"
	[ "$status" -eq 1 ]
	[[ "$output" == *"'$da/case.md' has uncommitted changes"* ]]
	chmod u-x "$da/case.md"
	# a new mtime alone is no change
	touch -d "2020-01-01" "$da/case.md"
	run casectl handover "$a" --to "Petr Novy" --reason "leave"
	[ "$status" -eq 0 ]
	[[ "$output" == *"status direct"* ]]
	rm "$da/.case.md.swp"
	index_is_head
}

@test "index version 4 falls back to libgit2; .gitattributes hash through filters" {
	git update-index --index-version 4
	run hand_commit "$da" 2027-03-31 "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"index: libgit2"* ]]
	[[ "$output" == *"status libgit2"* ]]
	index_is_head
	git update-index --index-version 2
	printf '*.md text eol=lf\n' > .gitattributes
	git add .gitattributes
	git commit -q -m attributes
	run hand_commit "$db" 2027-03-31 "$b"
	[ "$status" -eq 0 ]
	[[ "$output" == *"index: spliced"* ]]
	index_is_head
}

@test "a conflict in the index falls back and is reported" {
	oid=$(git rev-parse "HEAD:$da/case.md")
	printf '100644 %s 1\t%s\n100644 %s 2\t%s\n' "$oid" "$da/case.md" "$oid" "$da/case.md" |
		git update-index --index-info
	run casectl handover "$a" --to "Petr Novy" --reason "leave"
	[ "$status" -eq 1 ]
	[[ "$output" == *"status libgit2"* ]]
	[[ "$output" == *"$da/case.md"* ]]
}
