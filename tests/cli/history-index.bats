#!/usr/bin/env bats
# The per-case history index (.git/casectl/history): 'casectl log ID'
# must give exactly what a full walk of the history gives, whatever
# happened to the history behind casectl's back.

load helper

setup() {
	setup_common
	CASECTL_NOW=2026-03-01 new_store
	a=$(CASECTL_NOW=2026-03-02 open_case "Anna")
	b=$(CASECTL_NOW=2026-03-03 open_case "Bert")
	fa=$(ls cases/*/*/"$a"/case.md)
	fb=$(ls cases/*/*/"$b"/case.md)
	edit "$fa" 2026-06-30 2026-03-10
	edit "$fb" 2026-06-30 2026-03-11
	edit "$fa" 2026-07-31 2026-03-12
}

# Change the review date of case file $1 to $2 and commit it at day $3.
edit() {
	sed -i "s/^review: .*/review: $2/" "$1"
	CASECTL_NOW=$3 casectl commit >/dev/null 2>&1
}

# The index answers, and answers what the full walk answers, for both
# cases and for the phase times of the report; the index then records
# HEAD.
same_history() {
	local id with without
	for id in "$a" "$b"; do
		with=$(casectl log "$id" --format json)
		without=$(CASECTL_HISTORY_INDEX=0 casectl log "$id" --format json)
		if [ "$with" != "$without" ]; then
			echo "index and walk differ for $id:"; echo "$with"; echo "--"; echo "$without"
			return 1
		fi
		# asked again, the log cache can answer without libgit2
		with=$(casectl log "$id" --format json)
		if [ "$with" != "$without" ]; then
			echo "log cache and walk differ for $id:"; echo "$with"; echo "--"; echo "$without"
			return 1
		fi
		[ -n "$with" ]
	done
	[ "$(sed -n 2p .git/casectl/history/tip)" = "$(git rev-parse HEAD)" ]
	same_report
}

# The report (phase times) from the index equals the one from a walk.
same_report() {
	local with without
	with=$(CASECTL_NOW=2027-06-01 casectl report --format json)
	without=$(CASECTL_HISTORY_INDEX=0 CASECTL_NOW=2027-06-01 casectl report --format json)
	if [ "$with" != "$without" ]; then
		echo "index and walk give other reports:"; echo "$with"; echo "--"; echo "$without"
		return 1
	fi
	[[ "$with" == *'"phases":'* ]]
	[ "$(sed -n 2p .git/casectl/history/tip)" = "$(git rev-parse HEAD)" ]
}

# The phase counts of the last report: "phase:completed:ongoing" a line.
phase_counts() {
	CASECTL_NOW=2027-06-01 casectl report --format json | /usr/bin/python3 -c '
import sys, json
for p in json.load(sys.stdin)["phases"]:
    print("%s:%d:%d" % (p["phase"], p["completed"]["count"], p["ongoing"]["count"]))'
}

# The last field (what the commit did to case.md) of the lines of case $1.
states() {
	grep -h "^$1 " .git/casectl/history/?? | awk '{ print $6 }' | tr -d '\n'
}

# The lines of the index for case $1.
entry() {
	grep "^$1 " .git/casectl/history/?? | cut -d' ' -f2
}

# The number of commits 'casectl log ID' lists.
count() {
	casectl log "$1" --format json | /usr/bin/python3 -c '
import sys, json
t = sys.stdin.read().strip()
d = json.loads(t) if t.startswith("[") else [json.loads(l) for l in t.splitlines() if l.strip()]
print(len(d))'
}

@test "casectl commits keep the index up to date without a walk" {
	[ -f .git/casectl/history/tip ]
	[ "$(sed -n 2p .git/casectl/history/tip)" = "$(git rev-parse HEAD)" ]
	# Case a: open and two edits, each one line in its entry.
	[ "$(entry "$a" | wc -l)" -eq 3 ]
	[ "$(entry "$b" | wc -l)" -eq 2 ]
	[ "$(entry "$a" | head -1)" = "$(git log --format=%H -- "$(dirname "$fa")" | tail -1)" ]
	[ "$(entry "$a" | tail -1)" = "$(git rev-parse HEAD)" ]
	same_history
	[ "$(count "$a")" -eq 3 ]
	[ "$(count "$b")" -eq 2 ]
}

@test "the index catches up with plain git commits" {
	casectl log "$a" >/dev/null
	sed -i 's/^review: .*/review: 2026-08-31/' "$fa"
	git commit -qam "hand edit" --date=2026-03-20T12:00:00Z
	# a phase moved on by hand: the report sees it through the index
	sed -i 's/^review: .*/review: 2026-08-31/; s/^phase: intake$/phase: assessment/' "$fb"
	git commit -qam "hand edit" --date=2026-03-21T12:00:00Z
	same_history
	[ "$(count "$a")" -eq 4 ]
	[ "$(count "$b")" -eq 3 ]
	[ "$(states "$b")" = "001" ]
	[ "$(phase_counts | head -2 | tr '\n' ' ')" = "intake:1:1 assessment:0:1 " ]
	# and casectl appends again on top of the caught-up index
	edit "$fa" 2026-09-30 2026-03-22
	[ "$(entry "$a" | wc -l)" -eq 5 ]
	same_history
}

@test "the index is rebuilt after git reset --hard HEAD~2" {
	casectl log "$a" >/dev/null
	git reset -q --hard HEAD~2
	same_history
	[ "$(count "$a")" -eq 2 ]
	[ "$(count "$b")" -eq 1 ]
	edit "$fa" 2026-10-31 2026-03-25
	same_history
	[ "$(count "$a")" -eq 3 ]
}

@test "the index is rebuilt after git commit --amend" {
	old=$(git rev-parse HEAD)
	casectl log "$a" >/dev/null
	sed -i 's/^review: .*/review: 2026-12-31/' "$fa"
	git commit -q -a --amend --no-edit
	same_history
	run casectl log "$a" --format json
	[ "$status" -eq 0 ]
	[[ "$output" != *"$old"* ]]
	[[ "$output" == *"$(git rev-parse HEAD)"* ]]
	[ "$(count "$a")" -eq 3 ]
}

@test "the index is brought up to a merge of another clone's work without a rebuild" {
	other="$BATS_TEST_TMPDIR/other"
	git clone -q "$STORE" "$other"
	casectl log "$a" >/dev/null
	# the other worker edits both cases, in between our own dates
	sed -i 's/^review: .*/review: 2027-01-31/' "$other/$fb"
	(cd "$other" && CASECTL_NOW=2026-03-13 casectl commit >/dev/null 2>&1)
	edit "$fa" 2027-02-28 2026-03-14
	echo "A note added elsewhere." >>"$other/$fa"
	sed -i 's/^phase: intake$/phase: assessment/' "$other/$fa"
	(cd "$other" && git commit -qam "hand edit elsewhere" --date=2026-03-15T12:00:00Z)
	git pull -q --no-rebase --no-edit "$other" main
	[ "$(git rev-list --merges --count HEAD)" -eq 1 ]
	CASECTL_TRACE_INDEX=1 casectl log "$a" 2>"$BATS_TEST_TMPDIR/trace" >/dev/null
	grep -qx "casectl: history index: merged" "$BATS_TEST_TMPDIR/trace"
	! grep -q "rebuilt" "$BATS_TEST_TMPDIR/trace" || false
	same_history
	# open, our edit, the other's edit, and the merge (against its first parent)
	[ "$(count "$b")" -eq 4 ]
	# a's case.md: the other's phase change, then the merge of both edits
	[ "$(states "$a" | tail -c 3)" = "011" ]
	# casectl goes on appending after the rebuild
	edit "$fb" 2027-04-30 2026-03-16
	same_history
}

# Commit everything as plain git at date $1 (author and committer) with message $2.
commit_at() {
	git add -A
	GIT_COMMITTER_DATE="$1" git commit -qm "$2" --date="$1"
}

@test "a merge that moves older commits in the walk rewrites their lines in walk order" {
	casectl log "$a" >/dev/null
	other="$BATS_TEST_TMPDIR/other"
	h0=$(git rev-parse HEAD)
	# Y1 on main, then a clone of it that commits with a slow clock
	sed -i 's/^review: .*/review: 2027-05-31/' "$fb"
	commit_at 2026-03-20T12:00:00Z "Y1"
	git clone -q "$STORE" "$other"
	sed -i 's/^review: .*/review: 2027-06-30/' "$other/$fa"
	(cd "$other" && commit_at 2026-03-05T12:00:00Z "N1")
	# Y2 on a branch from before Y1, merged: the walk gives Y1, then Y2
	git checkout -q -b side "$h0"
	echo "side" >"$(dirname "$fb")/side.md"
	commit_at 2026-03-15T12:00:00Z "Y2"
	git checkout -q main
	GIT_COMMITTER_DATE=2026-03-25T12:00:00Z git merge -q --no-edit side
	casectl log "$a" >/dev/null
	same_history
	before=$(entry "$b")
	# N1 waits in the walk for nothing newer but holds Y1 back: Y2 now
	# comes before Y1, though b gains no line from the merge
	GIT_COMMITTER_DATE=2026-03-30T12:00:00Z git pull -q --no-rebase --no-edit "$other" main
	CASECTL_TRACE_INDEX=1 casectl log "$b" 2>"$BATS_TEST_TMPDIR/trace" >/dev/null
	grep -qx "casectl: history index: merged" "$BATS_TEST_TMPDIR/trace"
	same_history
	after=$(entry "$b")
	[ "$(echo "$before" | sort)" = "$(echo "$after" | sort)" ]
	[ "$before" != "$after" ]
	# and a rebuild writes the same
	rm -rf .git/casectl/history
	same_history
	[ "$(entry "$b")" = "$after" ]
}

@test "casectl sync brings the index up to the merged HEAD itself" {
	git init -q --bare "$BATS_TEST_TMPDIR/srv.git"
	casectl remote add origin "$BATS_TEST_TMPDIR/srv.git"
	casectl sync >/dev/null
	other="$BATS_TEST_TMPDIR/other"
	git clone -q "$BATS_TEST_TMPDIR/srv.git" "$other"
	sed -i 's/^review: .*/review: 2027-01-31/' "$other/$fb"
	(cd "$other" && CASECTL_NOW=2026-03-13 casectl commit >/dev/null 2>&1 && casectl sync >/dev/null)
	edit "$fa" 2027-02-28 2026-03-14
	casectl log "$a" >/dev/null
	CASECTL_TRACE_INDEX=1 CASECTL_NOW=2026-03-15 casectl sync 2>"$BATS_TEST_TMPDIR/trace" >/dev/null
	[ "$(git rev-list --merges --count HEAD)" -eq 1 ]
	grep -qx "casectl: history index: merged" "$BATS_TEST_TMPDIR/trace"
	[ "$(sed -n 2p .git/casectl/history/tip)" = "$(git rev-parse HEAD)" ]
	# nothing left for the next reader to do
	CASECTL_TRACE_INDEX=1 casectl log "$b" 2>"$BATS_TEST_TMPDIR/trace" >/dev/null
	! grep -q "history index" "$BATS_TEST_TMPDIR/trace" || false
	same_history
	[ "$(count "$b")" -eq 4 ]
}

@test "a deleted or damaged index is rebuilt" {
	casectl log "$a" >/dev/null
	rm -rf .git/casectl/history
	same_history
	ba=$(grep -l "^$a " .git/casectl/history/??)
	bb=$(grep -l "^$b " .git/casectl/history/??)
	echo "not a commit id" >>"$ba"
	same_history
	[ "$(entry "$a" | wc -l)" -eq 3 ]
	# a case that lost its lines is not believed either
	sed -i "/^$b /d" "$bb"
	same_history
	[ "$(count "$b")" -eq 2 ]
	[ "$(entry "$b" | wc -l)" -eq 2 ]
	# a commit id that is not in the repository
	sed -i "0,/^$a /s/^$a .*/$a 0123456789012345678901234567890123456789/" "$ba"
	same_history
	[ "$(entry "$a" | grep -c 0123456789012345678901234567890123456789)" -eq 0 ]
	printf 'garbage\n' >.git/casectl/history/tip
	same_history
}

@test "the index is only a cache: when it cannot be written, log walks the history" {
	rm -rf .git/casectl/history
	echo "in the way" >.git/casectl/history
	run casectl log "$a"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$output" = "$(CASECTL_HISTORY_INDEX=0 casectl log "$a")" ]
	edit "$fa" 2026-11-30 2026-03-30
	run casectl log "$a"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$(cat .git/casectl/history)" = "in the way" ]
	assert_clean
}

@test "the index records what each commit did to case.md, and the report reads it" {
	[ "$(states "$a")" = "000" ]
	# plain git: a file beside case.md, case.md removed, back with
	# another phase, a phase that does not exist, a file that is no YAML
	echo "note" >"$(dirname "$fa")/note.txt"
	git add .
	git commit -qm "note" --date=2026-04-01T12:00:00Z
	git rm -q "$fa"
	git commit -qm "gone" --date=2026-04-02T23:30:00+0200
	git checkout -q HEAD~1 -- "$fa"
	sed -i 's/^phase: intake$/phase: planning/' "$fa"
	git commit -qam "back" --date=2026-04-05T00:30:00-0500
	sed -i 's/^phase: planning$/phase: nonsense/' "$fa"
	git commit -qam "typo" --date=2026-04-06T12:00:00Z
	printf -- '---\n: [\n' >"$fa"
	git commit -qam "broken" --date=2026-04-07T12:00:00Z
	git checkout -q HEAD~4 -- "$fa"
	sed -i 's/^phase: intake$/phase: monitoring/' "$fa"
	git commit -qam "monitoring" --date=2026-04-09T12:00:00Z
	same_history
	[ "$(states "$a")" = "000-x2??4" ]
	# the index lines have one width; the time zone is kept in minutes
	[ "$(awk '{ print length($0) }' .git/casectl/history/?? | sort -u)" = 113 ]
	grep "^$a " .git/casectl/history/?? | grep -q ' +01775367000 -0300 2$'
	# a's intake ended when case.md went; planning 2026-04-05 .. 04-09
	[ "$(phase_counts | sed -n 3p)" = "planning:1:0" ]
	[ "$(phase_counts | sed -n 5p)" = "monitoring:0:1" ]
}

@test "an index of the previous format is rebuilt" {
	casectl log "$a" >/dev/null
	head=$(git rev-parse HEAD)
	printf 'casectl-history 1\n%s\n' "$head" >.git/casectl/history/tip
	for f in .git/casectl/history/??; do
		cut -d' ' -f1,2 "$f" >"$f.old"
		mv "$f.old" "$f"
	done
	same_report
	[ "$(sed -n 1p .git/casectl/history/tip)" = "casectl-history 2" ]
	[ "$(entry "$a" | wc -l)" -eq 3 ]
	same_history
}

@test "a case's log comes from the caches alone when they are complete, else from git" {
	export CASECTL_TRACE_INDEX=1
	walk=$(CASECTL_HISTORY_INDEX=0 casectl log "$a" 2>/dev/null)
	casectl log "$a" >/dev/null 2>&1       # fills the log cache
	run casectl log "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"index: log peek"* ]]
	[ "$(casectl log "$a" 2>/dev/null)" = "$walk" ]
	[ "$(casectl log "$a" -n 1 2>/dev/null)" = "$(echo "$walk" | head -1)" ]
	[ "$(cd / && casectl -C "$STORE" log "$a" 2>/dev/null)" = "$walk" ]
	[ "$(cd / && CASECTL_DIR="$STORE" casectl log "$a" 2>/dev/null)" = "$walk" ]
	# a prefix, -p, or no cache line for a commit: git answers, the same
	run casectl log "${a:0:6}"
	[ "$status" -eq 0 ]
	[[ "$output" != *"log peek"* ]]
	[[ "$output" == *"$(echo "$walk" | head -1)"* ]]
	run casectl log "$a" -p
	[ "$status" -eq 0 ]
	[[ "$output" != *"log peek"* ]]
	rm -r .git/casectl/logmeta
	run casectl log "$a"
	[ "$status" -eq 0 ]
	[[ "$output" != *"log peek"* ]]
	[ "$(casectl log "$a" 2>/dev/null)" = "$walk" ]
	# a plain git commit on top: the index is behind HEAD until git is asked
	edit "$fa" 2026-08-31 2026-03-20
	git commit -q --allow-empty -m "plain git"
	sed -i "s/^review: .*/review: 2026-09-30/" "$fa"
	git commit -q -am "hand edit with plain git"
	walk=$(CASECTL_HISTORY_INDEX=0 casectl log "$a" 2>/dev/null)
	run casectl log "$a"
	[ "$status" -eq 0 ]
	[[ "$output" != *"log peek"* ]]
	run casectl log "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"log peek"* ]]
	[[ "$output" == *"hand edit with plain git"* ]]
	[ "$(casectl log "$a" 2>/dev/null)" = "$walk" ]
	# a damaged cache line is never printed
	sed -i 's/\t/ /g' .git/casectl/logmeta/*
	run casectl log "$a"
	[ "$status" -eq 0 ]
	[[ "$output" != *"log peek"* ]]
	[ "$(casectl log "$a" 2>/dev/null)" = "$walk" ]
}
