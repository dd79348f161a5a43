#!/usr/bin/env bats
# sync-transport.bats - casectl reaches remotes through git's own
# transport (git fetch / git push as children, lib/store/store-transport.c):
# what that adds around git.  A time limit on a server that never
# answers; a signal that stops casectl says so and takes git with it;
# after a push the remote-tracking ref and the upstream are set, so
# plain git status and git pull work; a hook's words on a push that
# went through are shown as git shows them; git missing is named.

load helper
load server

setup() {
	setup_server_test
	PIDS=()
}
teardown() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	stop_servers
}

# A TCP server on loopback that accepts connections and never answers;
# sets SILENT_PORT.
start_silent() {
	SILENT_PORT=$(free_port)
	/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' "$SILENT_PORT" 3>&- &
	SERVER_PIDS+=($!)
	wait_port "$SILENT_PORT"
}

# No git process is left working on the store (they die with casectl).
assert_no_git_left() {
	local i
	for i in $(seq 1 50); do
		pgrep -f -- "--git-dir=$STORE/.git" >/dev/null || return 0
		sleep 0.1
	done
	echo "a git is still running:"; pgrep -af -- "--git-dir=$STORE/.git"; return 1
}

@test "a server that never answers: the sync stops at casectl.networkTimeout, says so, and leaves the store as it was" {
	start_silent
	store_with_case "http://127.0.0.1:$SILENT_PORT/store.git"
	before=$(snapshot)
	git config casectl.networkTimeout 2
	start=$(date +%s)
	run casectl sync
	took=$(( $(date +%s) - start ))
	[ "$status" -eq 1 ]
	[ "$output" = "error: cannot fetch from 'origin': no answer within 2 s, the time limit; nothing was changed here: run 'casectl sync' again, or give it longer with 'git config casectl.networkTimeout SECONDS'" ]
	[ "$took" -ge 2 ] && [ "$took" -le 8 ] || { echo "took $took s"; return 1; }
	[ "$(snapshot)" = "$before" ]
	[ ! -e .git/casectl/lock ] || [ ! -s .git/casectl/lock ]
	assert_no_git_left
	# a bad limit is named
	git config casectl.networkTimeout soon
	run casectl sync
	[ "$status" -eq 1 ]
	[ "$output" = "error: 'casectl.networkTimeout' in the git configuration is 'soon'; it must be a whole number of seconds from 1 to 86400" ]
	assert_clean
}

@test "SIGTERM or SIGINT during a fetch: casectl says it was stopped, git goes with it, the next command works" {
	start_silent
	store_with_case "http://127.0.0.1:$SILENT_PORT/store.git"
	before=$(snapshot)
	for sig in TERM INT; do
		# a background job of a script starts with SIGINT ignored: give it back
		env --default-signal=INT "$CASECTL_BIN" sync >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
		pid=$!
		PIDS+=("$pid")
		for i in $(seq 1 50); do
			pgrep -f -- "--git-dir=$STORE/.git" >/dev/null && break
			sleep 0.1
		done
		kill -"$sig" "$pid"
		rc=0
		wait "$pid" || rc=$?
		if [ "$sig" = TERM ]; then
			[ "$rc" -eq 143 ] || { echo "status $rc"; return 1; }
			grep -q "^fatal: casectl was stopped by SIGTERM; a change it was writing is completed or undone by the next casectl command$" "$BATS_TEST_TMPDIR/err"
		else
			[ "$rc" -eq 130 ] || { echo "status $rc"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
			grep -q "^fatal: casectl was stopped by SIGINT (interrupted); " "$BATS_TEST_TMPDIR/err"
		fi
		assert_no_git_left
	done
	[ "$(snapshot)" = "$before" ]
	run casectl list
	[ "$status" -eq 0 ]
	[[ "$output" == *"Anna A"* ]]
	assert_clean
}

@test "after casectl sync, plain git sees the store up to date with its upstream, and git pull works" {
	git init -q --bare "$SRV/plain.git"
	store_with_case "$SRV/store.git"
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$output" = "0 cases received, 1 case sent" ]
	[ "$(git rev-parse origin/main)" = "$(git rev-parse HEAD)" ]
	[ "$(git rev-parse --abbrev-ref '@{upstream}')" = "origin/main" ]
	run git status -sb
	[ "$status" -eq 0 ]
	[ "$output" = "## main...origin/main" ]
	# a colleague's clone sends a case; plain git pull here fast-forwards
	git clone -q "$SRV/store.git" "$BATS_TEST_TMPDIR/b"
	casectl -C "$BATS_TEST_TMPDIR/b" open --client "Bert B" --referral self -m "x" >/dev/null
	run casectl -C "$BATS_TEST_TMPDIR/b" sync
	[ "$status" -eq 0 ]
	[ "$output" = "0 cases received, 1 case sent" ]
	run git pull -q --ff-only
	[ "$status" -eq 0 ]
	[ "$(git rev-parse HEAD)" = "$(git -C "$BATS_TEST_TMPDIR/b" rev-parse HEAD)" ]
	# an upstream the worker chose is left alone
	casectl remote add backup "$SRV/plain.git"
	run casectl sync backup
	[ "$status" -eq 0 ]
	[ "$(git rev-parse --abbrev-ref '@{upstream}')" = "origin/main" ]
	[ "$(git rev-parse backup/main)" = "$(git rev-parse HEAD)" ]
	assert_clean
}

@test "what a server hook says on a push that went through is shown as git shows it, made safe" {
	cat >"$SRV/store.git/hooks/post-receive" <<-'EOF2'
	#!/bin/sh
	printf 'received; the nightly backup runs at 02:00\n' >&2
	printf 'colour \033[31mred\n' >&2
	EOF2
	chmod +x "$SRV/store.git/hooks/post-receive"
	store_with_case "$SRV/store.git"
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$(sed -n 1p <<<"$output")" = "remote: received; the nightly backup runs at 02:00" ]
	[ "$(sed -n 2p <<<"$output")" = "remote: colour ^[[31mred" ]
	[ "$(sed -n 3p <<<"$output")" = "0 cases received, 1 case sent" ]
	[[ "$output" != *$'\033'* ]]
	# with --quiet the summary goes, the server's words stay (git push -q keeps them too)
	open_case "Bert B" >/dev/null
	run casectl sync --quiet
	[ "$status" -eq 0 ]
	[[ "$output" == "remote: received; the nightly backup runs at 02:00"* ]]
}

@test "without git on PATH, sync says casectl needs it and changes nothing" {
	store_with_case "$SRV/store.git"
	before=$(snapshot)
	mkdir -p "$BATS_TEST_TMPDIR/nogit"
	PATH="$BATS_TEST_TMPDIR/nogit" run "$CASECTL_BIN" sync
	[ "$status" -eq 1 ]
	[ "$output" = "error: cannot fetch from 'origin': cannot run git, which casectl uses to reach remotes; install it (Debian package git)" ]
	[ "$(snapshot)" = "$before" ]
	[ -z "$(git --git-dir="$SRV/store.git" for-each-ref)" ]
}

@test "sync moves only the branch: push.followTags and fetch's tag options bring no tags either way" {
	store_with_case "$SRV/store.git"
	git config push.followTags true
	git tag -a -m "a note of the worker" mine HEAD
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$output" = "0 cases received, 1 case sent" ]
	[ -z "$(git --git-dir="$SRV/store.git" tag)" ]
	git --git-dir="$SRV/store.git" tag theirs refs/heads/main
	git config remote.origin.tagOpt --tags
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$output" = "0 cases received, 0 cases sent" ]
	[ "$(git tag)" = "mine" ]
}
