#!/usr/bin/env bats
# casectl import: cases in bulk from JSON Lines

load helper

setup() { setup_common; new_store; }

@test "casectl import brings cases in, one commit per case" {
	cat >"$BATS_TEST_TMPDIR/in.jsonl" <<'J'
{"client":{"name":"Anna Černá","birth-date":"1950-01-02"},"ref":"A-1","referral":{"source":"self"}}

{"id":"2j00000001","client":{"name":"Boris"},"status":"open","phase":"assessment","opened":"2026-10-01","manager":{"name":"Eva Horak","email":"eva@example.org"},"x-legacy":"kept"}
J
	run casectl import "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 0 ]
	[[ "$output" == *"imported 2 cases"* ]]
	[ "$(commit_count)" -eq 3 ]
	[[ "$(git log -1 --format=%B)" == "import 2j00000001: case imported"*"Action: import"* ]]
	run casectl show 2j00000001 --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"phase":"assessment"'* && "$output" == *'"x-legacy":"kept"'* ]]
	run casectl list --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"name":"Anna Černá"'* ]]
	[[ "$output" == *'"manager":{"name":"Jana Novak","email":"jana@example.org"}'* ]]
	! git log --format=%B | grep -q "Anna" || false
	assert_clean
}

@test "what show --format json prints imports back the same" {
	id=$(open_case "Round Trip" --ref R-1 --birth-date 1940-02-03)
	casectl show "$id" --format json >"$BATS_TEST_TMPDIR/one.jsonl"
	init2="$BATS_TEST_TMPDIR/store2"
	casectl init "$init2" >/dev/null
	run casectl -C "$init2" import "$BATS_TEST_TMPDIR/one.jsonl"
	[ "$status" -eq 0 ]
	diff <(casectl show "$id" --format json) <(casectl -C "$init2" show "$id" --format json)
	cmp "$(ls "$STORE"/cases/*/*/"$id"/case.md)" "$(ls "$init2"/cases/*/*/"$id"/case.md)"
}

@test "--batch makes one commit, and stdin works" {
	printf '{"client":{"name":"A"}}\n{"client":{"name":"B"}}\n{"client":{"name":"C"}}\n' |
		casectl import --batch -
	[ "$(commit_count)" -eq 2 ]
	[[ "$(git log -1 --format=%s)" == "import: 3 cases imported" ]]
	[ "$(casectl list | wc -l)" -eq 4 ]
	assert_clean
}

@test "a bad record stops the import with its line number and nothing is written" {
	before=$(snapshot)
	printf '{"client":{"name":"A"}}\n{"client":{"name":"B"},"opened":"yesterday"}\n' >"$BATS_TEST_TMPDIR/bad1"
	run casectl import "$BATS_TEST_TMPDIR/bad1"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad1:2:"*"'opened' is not a date"* ]]
	printf '{"client":{"name":"A"}}\n{"client":{"name":"B"}\nnot json\n' >"$BATS_TEST_TMPDIR/bad2"
	run casectl import "$BATS_TEST_TMPDIR/bad2"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad2:2: not a JSON object"* ]]
	printf '{"client":{}}\n' >"$BATS_TEST_TMPDIR/bad3"
	run casectl import "$BATS_TEST_TMPDIR/bad3"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad3:1:"*"client.name"* ]]
	printf '{"id":"2j00000001","client":{"name":"A"}}\n{"id":"2j00000001","client":{"name":"B"}}\n' >"$BATS_TEST_TMPDIR/bad4"
	run casectl import "$BATS_TEST_TMPDIR/bad4"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad4:2:"*"appears twice"* ]]
	printf '{"id":"../../etc","client":{"name":"A"}}\n' >"$BATS_TEST_TMPDIR/bad5"
	run casectl import "$BATS_TEST_TMPDIR/bad5"
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad5:1:"*"not a case ID"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl import /nonexistent
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: cannot read '/nonexistent': No such file or directory"* ]]
	run casectl import
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: give one file of JSON Lines, or - for standard input"* ]]
}

@test "an ID already in the store is refused" {
	id=$(open_case)
	before=$(snapshot)
	printf '{"id":"%s","client":{"name":"A"}}\n' "$id" >"$BATS_TEST_TMPDIR/dup"
	run casectl import - <"$BATS_TEST_TMPDIR/dup"
	[ "$status" -eq 1 ]
	[[ "$output" == *"already in the store"* ]]
	[ "$(snapshot)" = "$before" ]
	run casectl import "$BATS_TEST_TMPDIR/dup"
	[ "$status" -eq 1 ]
	[[ "$output" == *"already in the store"* ]]
	[ "$(snapshot)" = "$before" ]
}

# N records of JSON Lines, clients "Client 1" .. "Client N".
records() {
	local i
	for i in $(seq "$1"); do printf '{"client":{"name":"Client %d"},"ref":"R-%d"}\n' "$i" "$i"; done
}

@test "one commit per case: a chain in which each commit adds only its case, logged as such" {
	records 12 >"$BATS_TEST_TMPDIR/in.jsonl"
	casectl log >/dev/null                 # the history index exists before
	run casectl import "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 0 ]
	[ "$(commit_count)" -eq 13 ]
	[ "$(git rev-list --merges --count HEAD)" -eq 0 ]
	# every import commit adds exactly one case.md, the one its subject names
	for c in $(git rev-list HEAD~12..HEAD); do
		id=$(git log -1 --format=%s "$c" | sed -n 's/^import \([0-9a-z]*\): case imported$/\1/p')
		[ -n "$id" ]
		[ "$(git diff-tree --no-commit-id --name-status -r "$c")" = "A	$(ls -d cases/*/*/"$id")/case.md" ]
		[ "$(casectl log "$id" --format json)" = "$(CASECTL_HISTORY_INDEX=0 casectl log "$id" --format json)" ]
		[ "$(casectl log "$id" | wc -l)" -eq 1 ]
	done
	[ "$(sed -n 2p .git/casectl/history/tip)" = "$(git rev-parse HEAD)" ]
	[ "$(casectl list | wc -l)" -eq 13 ]
	assert_clean
}

@test "an import that fails at the end leaves nothing: no commit, no file" {
	records 5 >"$BATS_TEST_TMPDIR/in.jsonl"
	id=$(open_case "Anna")
	before=$(snapshot)
	head=$(git rev-parse HEAD)
	touch .git/refs/heads/main.lock        # the branch cannot move
	run casectl import "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 1 ]
	[[ "$output" != *"imported"* ]]
	rm .git/refs/heads/main.lock
	[ "$(git rev-parse HEAD)" = "$head" ]
	[ "$(snapshot)" = "$before" ]
	[ "$(ls -d cases/*/*/* | wc -l)" -eq 1 ]
	assert_clean
	# and then it goes through
	run casectl import "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 0 ]
	[ "$(commit_count)" -eq 7 ]
}

@test "the chain's objects are flushed once, before the branch moves to them" {
	command -v strace >/dev/null || skip "strace is not installed (make deps installs it)"
	records 20 >"$BATS_TEST_TMPDIR/in.jsonl"
	# (LeakSanitizer cannot run under ptrace)
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -e trace=fsync,syncfs,rename -o "$BATS_TEST_TMPDIR/st" \
		"$CASECTL_BIN" import "$BATS_TEST_TMPDIR/in.jsonl" >/dev/null 2>&1
	[ "$(commit_count)" -eq 21 ]
	# one syncfs, before the rename that moves refs/heads/main
	[ "$(grep -c 'syncfs(' "$BATS_TEST_TMPDIR/st")" -eq 1 ]
	s=$(grep -n 'syncfs(' "$BATS_TEST_TMPDIR/st" | cut -d: -f1)
	r=$(grep -n 'rename(.*refs/heads/main.lock' "$BATS_TEST_TMPDIR/st" | cut -d: -f1)
	[ -n "$r" ]
	[ "$s" -lt "$r" ]
	# far fewer flushes than a commit per case each flushing its own
	[ "$(grep -c 'fsync(' "$BATS_TEST_TMPDIR/st")" -lt 40 ]
	git config core.fsync none
	records 3 | sed 's/Client/Other/' >"$BATS_TEST_TMPDIR/in2.jsonl"
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -e trace=fsync,syncfs -o "$BATS_TEST_TMPDIR/st2" \
		"$CASECTL_BIN" import "$BATS_TEST_TMPDIR/in2.jsonl" >/dev/null 2>&1
	[ "$(commit_count)" -eq 24 ]
	! grep -q 'syncfs(\|fsync(' "$BATS_TEST_TMPDIR/st2" || false
	git fsck --strict --no-progress
}

@test "imports killed at random points leave the store as before or with every case" {
	umask 077                              # git reset below writes files as git does
	records 150 >"$BATS_TEST_TMPDIR/in.jsonl"
	t0=$(date +%s%N)
	casectl -C "$STORE" import "$BATS_TEST_TMPDIR/in.jsonl" >/dev/null 2>&1
	ms=$(( ($(date +%s%N) - t0) / 1000000 + 20 ))
	git reset -q --hard HEAD~150
	whole=0 none=0
	for i in $(seq 12); do
		head=$(git rev-parse HEAD)
		records 150 | sed "s/Client/Run $i/" >"$BATS_TEST_TMPDIR/in.jsonl"
		"$CASECTL_BIN" import "$BATS_TEST_TMPDIR/in.jsonl" >/dev/null 2>&1 &
		pid=$!
		r=$(( RANDOM % ms ))
		sleep "$(printf '%d.%03d' $((r / 1000)) $((r % 1000)))"
		{ kill -9 "$pid"; wait "$pid"; } 2>/dev/null || true
		# the next command that takes the store lock recovers what the
		# killed one left (a stale lock is cleared with a warning)
		casectl commit >/dev/null 2>&1 || true
		casectl check >/dev/null
		n=$(git rev-list --count "$head"..HEAD)
		[ "$n" -eq 0 ] || [ "$n" -eq 150 ] || { echo "run $i: $n commits"; return 1; }
		[ "$n" -eq 0 ] && none=$((none + 1)) || whole=$((whole + 1))
		[ "$(ls -d cases/*/*/* | wc -l)" -eq "$(git ls-tree -d -r --name-only HEAD cases | awk -F/ 'NF == 4' | wc -l)" ]
		assert_clean
	done
	echo "# killed imports: $none left nothing, $whole completed" >&3
}
