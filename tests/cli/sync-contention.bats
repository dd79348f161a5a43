#!/usr/bin/env bats
# Many workers syncing at the same moment against one bare remote:
# refused pushes are retried after a random, growing pause until a
# time limit (casectl-sync(1)), and everyone converges with nothing
# lost or doubled.

load helper

# git daemon on a free loopback port serving $SRV; sets URL.
start_daemon() {
	start_git_daemon "$BATS_TEST_TMPDIR" srv.git
}

teardown() {
	if [ -n "${DAEMON_PID:-}" ]; then
		kill "$DAEMON_PID" 2>/dev/null || true
		wait "$DAEMON_PID" 2>/dev/null || true
	fi
}

setup() {
	setup_common
	umask 077
	SRV="$BATS_TEST_TMPDIR/srv.git"
	git init -q --bare "$SRV"
	start_daemon
	new_store
	casectl remote add origin "$URL"
	SHARED=$(open_case "Shared")
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

# N clones of $1 (in c1..cN), each opening a case and noting an entry in
# it and in the shared case, sync all at once: all exit 0, every HEAD
# is on the remote, one more sync each converges them, nothing lost or
# doubled, fsck clean.
ten_clones() {
	N=10
	pids=()
	for k in $(seq 1 $N); do
		(
			git clone -q "$1" "$BATS_TEST_TMPDIR/c$k" || exit 1
			cd "$BATS_TEST_TMPDIR/c$k" || exit 1
			id=$("$CASECTL_BIN" open --client "Client $k" --referral school -m "new $k") || exit 1
			"$CASECTL_BIN" monitor "$id" -m "call $k" --force "first call" >/dev/null || exit 1
			"$CASECTL_BIN" monitor "$SHARED" -m "shared $k" --force "a call" >/dev/null || exit 1
			echo "$id" >"$BATS_TEST_TMPDIR/id$k"
		) &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || return 1; done
	start=$(date +%s)
	pids=()
	for k in $(seq 1 $N); do
		"$CASECTL_BIN" -C "$BATS_TEST_TMPDIR/c$k" sync >"$BATS_TEST_TMPDIR/out$k" 2>&1 &
		pids+=($!)
	done
	failed=0
	for k in $(seq 1 $N); do
		wait "${pids[$((k - 1))]}" || { failed=1; echo "clone $k:"; cat "$BATS_TEST_TMPDIR/out$k"; }
	done
	[ "$failed" -eq 0 ]
	echo "# $N concurrent syncs took $(( $(date +%s) - start )) s; rounds: $(cat "$BATS_TEST_TMPDIR"/out* | grep -o 'after [0-9]* rounds' | tr '\n' ' ')" >&3
	# the remote has every clone's work: each HEAD is in its history
	for k in $(seq 1 $N); do
		git --git-dir="$SRV" merge-base --is-ancestor \
			"$(git -C "$BATS_TEST_TMPDIR/c$k" rev-parse HEAD)" main ||
			{ echo "clone $k's HEAD is not on the remote:"; cat "$BATS_TEST_TMPDIR/out$k"; return 1; }
	done
	# one more sync each brings in what the later ones pushed
	pids=()
	for k in $(seq 1 $N); do
		"$CASECTL_BIN" -C "$BATS_TEST_TMPDIR/c$k" sync >"$BATS_TEST_TMPDIR/last$k" 2>&1 &
		pids+=($!)
	done
	for k in $(seq 1 $N); do
		wait "${pids[$((k - 1))]}" || { cat "$BATS_TEST_TMPDIR/last$k"; return 1; }
		grep -q "0 cases sent (fast-forward)\|0 cases sent\$" "$BATS_TEST_TMPDIR/last$k" ||
			{ cat "$BATS_TEST_TMPDIR/last$k"; return 1; }
	done
	h=$(git --git-dir="$SRV" rev-parse main)
	for k in $(seq 1 $N); do
		[ "$(git -C "$BATS_TEST_TMPDIR/c$k" rev-parse HEAD)" = "$h" ] || { echo "clone $k"; git -C "$BATS_TEST_TMPDIR/c$k" log --oneline --graph -5; git --git-dir="$SRV" log --oneline --graph -5 main; cat "$BATS_TEST_TMPDIR/out$k"; return 1; }
		assert_clean "$BATS_TEST_TMPDIR/c$k"
	done
	c1="$BATS_TEST_TMPDIR/c1"
	for k in $(seq 1 $N); do
		id=$(cat "$BATS_TEST_TMPDIR/id$k")
		[ "$(ls -d "$c1"/cases/*/*/"$id" | wc -l)" -eq 1 ]
		[ "$(grep -l "call $k" "$c1"/cases/*/*/"$id"/journal/*.md | wc -l)" -eq 1 ]
		[ "$(grep -l "shared $k\$" "$c1"/cases/*/*/"$SHARED"/journal/*.md | wc -l)" -eq 1 ]
	done
	[ "$(ls "$c1"/cases/*/*/"$SHARED"/journal/*.md | wc -l)" -eq $N ]
	[ "$(git -C "$c1" log --format=%s | grep -c '^open ')" -eq $((N + 1)) ]
	[ "$(git -C "$c1" log --format=%s | grep -c '^monitor ')" -eq $((2 * N)) ]
	run casectl -C "$c1" check
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	git --git-dir="$SRV" fsck --strict --no-progress
}

@test "10 clones syncing at once over git daemon, each with its own new cases and entries: all exit 0 and converge, nothing lost or doubled" {
	ten_clones "$URL"
}

@test "10 clones syncing at once through a plain folder: pushes take turns, none is lost" {
	git config remote.origin.url "$SRV"
	ten_clones "$SRV"
	# git receive-pack moves the folder's branch only from the value it
	# saw (a ref lock and a compare); casectl adds no lock file of its own
	[ ! -e "$SRV/casectl-push.lock" ]
}

@test "a remote that keeps moving: sync retries until --timeout and says the limit was hit; the store is unchanged" {
	open_case "Local" >/dev/null
	before=$(snapshot)
	start=$(date +%s%N)
	CASECTL_TEST_PUSH_REFUSED=1 run casectl sync --timeout 2
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" =~ "error: 'origin' kept moving while casectl pushed: "([0-9]+)" tries in 2 s, the time limit; nothing is lost, run 'casectl sync' again" ]]
	tries=${BASH_REMATCH[1]}
	[ "$tries" -ge 3 ]
	[ "$tries" -le 30 ]
	[[ "$output" == *"hint: give it longer with 'casectl sync --timeout SECONDS' or 'git config casectl.syncTimeout SECONDS'"* ]]
	[ "$ms" -ge 2000 ]
	[ "$ms" -lt 8000 ]
	echo "# $tries tries in $ms ms" >&3
	[ "$(snapshot)" = "$before" ]
	# the git config limit is used when no --timeout is given
	git config casectl.syncTimeout 1
	CASECTL_TEST_PUSH_REFUSED=1 run casectl sync
	[ "$status" -eq 1 ]
	[[ "$output" == *" s, the time limit"* && "$output" == *"tries in 1 s"* ]]
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "$(git --git-dir="$SRV" rev-parse main)" = "$(git rev-parse HEAD)" ]
}

@test "a bad time limit is refused: --timeout as a usage error, casectl.syncTimeout naming the key" {
	for v in 0 -3 abc 1.5 99999; do
		run casectl sync --timeout "$v"
		[ "$status" -eq 2 ]
		[[ "$output" == *"--timeout must be a whole number of seconds from 1 to 86400, not '$v'"* ]]
	done
	git config casectl.syncTimeout soon
	run casectl sync
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: 'casectl.syncTimeout' in the git configuration is 'soon'; it must be a whole number of seconds from 1 to 86400"* ]]
}
