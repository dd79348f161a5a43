# server.bash - real servers on loopback for the sync tests (load after
# helper): sshd with its own host key and authorized keys, ssh-agent,
# git http-backend behind nginx over HTTPS or HTTP with a CA that the
# test makes (pki.bash, web.bash), and an HTTP proxy.
# Everything lives under $BATS_TEST_TMPDIR; stop_servers (from teardown)
# stops every process started here (they do not hold bats' fd 3).

SERVER_PIDS=()
SERVER_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

stop_servers() {
	local p
	for p in "${SERVER_PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${SERVER_PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	SERVER_PIDS=()
}

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Skips the test when program $1 (package $2) is not installed.
need_program() {
	[ -x "$1" ] || skip "$2 is not installed ($1)"
}

# A free port on 127.0.0.1 in $FREE_PORT; skips the test when none can be
# bound.
pick_port() {
	local err
	FREE_PORT=$(free_port 2>&1) || { err=$FREE_PORT; skip "cannot bind a loopback port: ${err##*$'\n'}"; }
}

# Wait until something accepts connections on 127.0.0.1:$1 (5 s at most).
wait_port() {
	local i
	for i in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.05
	done
	echo "nothing listens on port $1"; return 1
}

# The common set-up (helper.bash), private files, and the bare
# repository $SRV/store.git that the servers share.
setup_server_test() {
	setup_common
	umask 077
	# the servers are on loopback: no proxy of the environment's
	unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
	SRV="$BATS_TEST_TMPDIR/srv"
	mkdir -p "$SRV"
	git init -q --bare "$SRV/store.git"
}

# --- ssh ---------------------------------------------------------------

# OpenSSH reads ~/.ssh from the password database, not from $HOME, so
# git and casectl get "ssh -F $HOME/.ssh/config" through core.sshCommand
# (honoured by both): known_hosts is $HOME/.ssh/known_hosts and the only
# key file is $HOME/.ssh/id_ed25519 (absent unless a test makes it).
ssh_client_setup() {
	mkdir -p "$HOME/.ssh"
	chmod 700 "$HOME/.ssh"
	cat >"$HOME/.ssh/config" <<-EOF
	Host *
	  UserKnownHostsFile $HOME/.ssh/known_hosts
	  GlobalKnownHostsFile /dev/null
	  IdentityFile $HOME/.ssh/id_ed25519
	  ControlMaster no
	  ControlPath none
	  UpdateHostKeys no
	EOF
	git config --global core.sshCommand "ssh -F $HOME/.ssh/config"
	unset SSH_AUTH_SOCK SSH_AGENT_PID GIT_SSH GIT_SSH_COMMAND
}

# sshd on a free loopback port with a fresh ed25519 host key
# ($SSHD_DIR/host_key{,.pub}), keys from $SSHD_DIR/authorized_keys, as
# the current user.  Sets SSH_PORT, SSH_USER and SSH_URL (the store).
# As root sshd needs /run/sshd (its privilege separation folder): when
# that is missing, sshd runs in a private mount namespace whose /run is
# a folder of the test; only where that is impossible is /run/sshd made.
start_sshd() {
	local cfg run
	SSHD_DIR="$BATS_TEST_TMPDIR/sshd"
	mkdir -p "$SSHD_DIR"
	need_program /usr/sbin/sshd openssh-server
	pick_port
	SSH_PORT=$FREE_PORT
	ssh-keygen -q -t ed25519 -N '' -C test-host -f "$SSHD_DIR/host_key"
	: >"$SSHD_DIR/authorized_keys"
	SSH_USER=$(id -un)
	cfg="$SSHD_DIR/sshd_config"
	cat >"$cfg" <<-EOF
	ListenAddress 127.0.0.1
	HostKey $SSHD_DIR/host_key
	AuthorizedKeysFile $SSHD_DIR/authorized_keys
	PidFile $SSHD_DIR/sshd.pid
	StrictModes no
	UsePAM no
	PubkeyAuthentication yes
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	PermitRootLogin prohibit-password
	AllowUsers $SSH_USER
	KexAlgorithms curve25519-sha256
	LogLevel VERBOSE
	EOF
	run=(/usr/sbin/sshd -D -e -f "$cfg" -p "$SSH_PORT")
	if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
		mkdir -p "$SSHD_DIR/run/sshd"
		chmod 755 "$SSHD_DIR/run" "$SSHD_DIR/run/sshd"
		if unshare -m sh -c 'mount --bind "$0" /run' "$SSHD_DIR/run" 2>/dev/null; then
			run=(unshare -m sh -c 'mount --bind "$0" /run && exec "$@"' "$SSHD_DIR/run" "${run[@]}")
		else
			mkdir -m 755 /run/sshd
		fi
	fi
	"${run[@]}" >/dev/null 2>"$SSHD_DIR/log" 3>&- &
	SERVER_PIDS+=($!)
	wait_port "$SSH_PORT" || { cat "$SSHD_DIR/log"; return 1; }
	SSH_URL="ssh://$SSH_USER@127.0.0.1:$SSH_PORT$SRV/store.git"
}

# The known_hosts line of the server's host key for [127.0.0.1]:PORT
# (or of the key file $1).
host_key_line() {
	echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "${1:-$SSHD_DIR/host_key.pub}")"
}

# A new client key $1 (a path), allowed by the server.
authorized_key() {
	ssh-keygen -q -t ed25519 -N '' -C test-user -f "$1"
	cat "$1.pub" >>"$SSHD_DIR/authorized_keys"
}

# ssh-agent on a socket of the test, holding key $1.
start_agent() {
	eval "$(ssh-agent -s -a "$BATS_TEST_TMPDIR/agent.sock" 3>&-)" >/dev/null
	SERVER_PIDS+=("$SSH_AGENT_PID")
	ssh-add -q "$1" 2>/dev/null
}

# --- https, proxy --------------------------------------------------------

# The test CA (make_cert, TLS_DIR, TLS_CA, TLS_OTHER_CA) and the web
# servers (start_https, start_http, start_proxy, make_slow_helper).
. "$SERVER_SCRIPTS/pki.bash"
. "$SERVER_SCRIPTS/web.bash"

# --- checks shared by the sync tests -----------------------------------

# A pre-receive hook in the server's repository $1 (default
# $SRV/store.git) that refuses every push with a reason on stderr, with a
# control character that must not reach the terminal.
protect_branch() {
	cat >"${1:-$SRV/store.git}/hooks/pre-receive" <<-'EOF'
	#!/bin/sh
	printf 'protected branch\n' >&2
	printf 'ask the coordinator \033[31m(ext. 12)\n' >&2
	exit 1
	EOF
	chmod +x "${1:-$SRV/store.git}/hooks/pre-receive"
}

# A store with remote origin $1 and one case, the shell inside it.
store_with_case() {
	new_store
	casectl remote add origin "$1"
	open_case "Anna A" >/dev/null
}

# 'casectl sync' succeeds with summary $1 and the server's main (of
# repository $2, default $SRV/store.git) is HEAD.
assert_synced() {
	run casectl sync
	[ "$status" -eq 0 ] || { echo "status $status: $output"; return 1; }
	[ "$output" = "$1" ] || { echo "output: $output"; return 1; }
	[ "$(git --git-dir="${2:-$SRV/store.git}" rev-parse refs/heads/main)" = "$(git rev-parse HEAD)" ]
}

# Nothing reached the server and the store is as it was ($1: snapshot).
assert_nothing_moved() {
	[ "$(snapshot)" = "$1" ] || { echo "the store changed"; return 1; }
	[ -z "$(git --git-dir="$SRV/store.git" for-each-ref)" ] || { echo "the server got refs"; return 1; }
	[ -z "$(git for-each-ref refs/remotes)" ] || { echo "remote-tracking refs appeared"; return 1; }
	[ ! -e .git/casectl/lock ]
}

# 'casectl sync' fails with exit status 1 and a message that starts
# with $1 and holds each further argument (all literal), and changes
# nothing: not the store (snapshot $before), not the server, not
# ~/.ssh/known_hosts.
assert_refused() {
	local kh f
	kh=$(cat "$HOME/.ssh/known_hosts" 2>/dev/null | sha1sum)
	run casectl sync
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[[ "$output" == "$1"* ]] || { echo "output: $output"; return 1; }
	for f in "${@:2}"; do
		[[ "$output" == *"$f"* ]] || { echo "no '$f' in: $output"; return 1; }
	done
	[ "$(cat "$HOME/.ssh/known_hosts" 2>/dev/null | sha1sum)" = "$kh" ] ||
		{ echo "known_hosts changed"; return 1; }
	assert_nothing_moved "$before"
}

# The store and the clone $1 (origin: the same server) each open a case
# offline, then sync: the clone sends, the store merges, the clone
# fast-forwards; all end on one commit and both have every case.
assert_two_clones_converge() {
	local b=$1 id2 id3 h
	id2=$(casectl -C "$b" open --client "Bert B" --referral hospital -m "needs")
	id3=$(open_case "Carla C")
	run casectl -C "$b" sync
	[ "$status" -eq 0 ] && [ "$output" = "0 cases received, 1 case sent" ] || { echo "$output"; return 1; }
	assert_synced "1 case received, 1 case sent (merged)"
	run casectl -C "$b" sync
	[ "$status" -eq 0 ] && [ "$output" = "1 case received, 0 cases sent (fast-forward)" ] ||
		{ echo "$output"; return 1; }
	h=$(git rev-parse HEAD)
	[ "$(git -C "$b" rev-parse HEAD)" = "$h" ]
	[ "$(git --git-dir="$SRV/store.git" rev-parse refs/heads/main)" = "$h" ]
	casectl show "$id2" >/dev/null
	casectl -C "$b" show "$id3" >/dev/null
	assert_clean
	assert_clean "$b"
	git --git-dir="$SRV/store.git" fsck --strict --no-progress
}
