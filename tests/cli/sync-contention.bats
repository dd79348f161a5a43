#!/usr/bin/env bats
# Many workers syncing at the same moment against one bare remote:
# refused pushes are retried after a random, growing pause until a
# time limit (casectl-sync(1)), and everyone converges with nothing
# lost or doubled.

load helper

# git daemon on a free loopback port serving $SRV; sets URL.  (A plain
# path is not used here: libgit2's local push moves the remote branch
# without checking its old value, so two pushes at the same moment can
# lose one; git daemon, ssh and https check it.)
start_daemon() {
	local port i
	port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	git daemon --reuseaddr --enable=receive-pack --base-path="$BATS_TEST_TMPDIR" --export-all \
		--listen=127.0.0.1 --port="$port" "$BATS_TEST_TMPDIR" 2>"$BATS_TEST_TMPDIR/daemon.log" &
	DAEMON_PID=$!
	URL="git://127.0.0.1:$port/srv.git"
	for i in $(seq 1 50); do
		git ls-remote "$URL" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "git daemon did not start"; cat "$BATS_TEST_TMPDIR/daemon.log"; return 1
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

@test "10 clones syncing at once, each with its own new cases and entries: all exit 0 and converge, nothing lost or doubled" {
	N=10
	for k in $(seq 1 $N); do
		git clone -q "$URL" "$BATS_TEST_TMPDIR/c$k"
		(
			cd "$BATS_TEST_TMPDIR/c$k"
			id=$("$CASECTL_BIN" open --client "Client $k" --referral school -m "new $k")
			"$CASECTL_BIN" monitor "$id" -m "call $k" --force "first call" >/dev/null
			"$CASECTL_BIN" monitor "$SHARED" -m "shared $k" --force "a call" >/dev/null
			echo "$id" >"$BATS_TEST_TMPDIR/id$k"
		) || return 1
	done
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
	for k in $(seq 1 $N); do
		run casectl -C "$BATS_TEST_TMPDIR/c$k" sync
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
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
	[ "$tries" -ge 3 ] && [ "$tries" -le 30 ]
	[[ "$output" == *"hint: give it longer with 'casectl sync --timeout SECONDS' or 'git config casectl.syncTimeout SECONDS'"* ]]
	[ "$ms" -ge 2000 ] && [ "$ms" -lt 8000 ]
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
