#!/usr/bin/env bats
# sync-matrix.bats - casectl sync against real servers on loopback, each
# setting compared with plain git in the same setting (issue 13): sshd,
# nginx serving git http-backend over TLS with the test's own CA, an
# HTTP proxy, credential helpers.  Each row (one test) sets the setting
# up once, then plain git pushes the store's main to the server's
# git.git and casectl syncs the store with the server's store.git: both
# must succeed, or both fail, each saying why.  Neither has a terminal.
# With CASECTL_NET_MATRIX set, each row appends
# "ROW<TAB>git: ok|refused<TAB>casectl: ok|refused" to that file
# (tests/net-matrix.sh prints them as a table).

load helper
load server

setup() {
	setup_server_test
	git init -q --bare "$SRV/git.git"
	unset DISPLAY SSH_ASKPASS SSH_ASKPASS_REQUIRE GIT_ASKPASS
	GIT_OUTCOME="not run"
	CASECTL_OUTCOME="not run"
}

teardown() {
	if [ -n "${CASECTL_NET_MATRIX:-}" ]; then
		printf '%s\tgit: %s\tcasectl: %s\n' "$BATS_TEST_DESCRIPTION" "$GIT_OUTCOME" "$CASECTL_OUTCOME" \
			>>"$CASECTL_NET_MATRIX"
	fi
	stop_servers
}

# Plain git pushes the store's main to git.git on the server of URL $1
# (the store.git one), with no terminal.
git_push() {
	setsid -w git push "${1%store.git}git.git" main </dev/null
}

# casectl sync, with no terminal.
casectl_sync() {
	setsid -w casectl sync </dev/null
}

outcome() {
	if [ "$status" -eq 0 ]; then echo ok; else echo refused; fi
}

# git's run ended as $1 (ok or refused); its output holds each further
# argument.  A push that went through reached git.git.
git_was() {
	local f
	GIT_OUTCOME=$(outcome)
	[ "$GIT_OUTCOME" = "$1" ] || { echo "git: wanted $1, status $status: $output"; return 1; }
	for f in "${@:2}"; do
		[[ "$output" == *"$f"* ]] || { echo "git: no '$f' in: $output"; return 1; }
	done
	if [ "$1" = ok ]; then
		[ "$(git --git-dir="$SRV/git.git" rev-parse refs/heads/main)" = "$(git rev-parse HEAD)" ] ||
			{ echo "git said ok, but git.git has no main at HEAD"; return 1; }
	fi
}

# casectl's run ended as $1 (ok or refused), as git's did, with exit
# status 0 or 1 (never a signal's); its output holds each further
# argument.  ok: the summary of a first push, and the server's main is
# HEAD; refused: the server got nothing and no lock is left.
casectl_was() {
	local f
	CASECTL_OUTCOME=$(outcome)
	[ "$status" -eq 0 ] || [ "$status" -eq 1 ] || { echo "casectl: status $status: $output"; return 1; }
	[ "$CASECTL_OUTCOME" = "$1" ] || { echo "casectl: wanted $1, status $status: $output"; return 1; }
	for f in "${@:2}"; do
		[[ "$output" == *"$f"* ]] || { echo "casectl: no '$f' in: $output"; return 1; }
	done
	if [ "$1" = ok ]; then
		[ "$output" = "0 cases received, 1 case sent" ] || { echo "casectl: $output"; return 1; }
		[ "$(git --git-dir="$SRV/store.git" rev-parse refs/heads/main)" = "$(git rev-parse HEAD)" ] ||
			{ echo "casectl said ok, but the server's main is not HEAD"; return 1; }
	else
		[ -z "$(git --git-dir="$SRV/store.git" for-each-ref)" ] || { echo "the server got refs"; return 1; }
	fi
	[ ! -e .git/casectl/lock ] || { echo "casectl left its lock"; return 1; }
	[ "$CASECTL_OUTCOME" = "$GIT_OUTCOME" ] || { echo "git: $GIT_OUTCOME, casectl: $CASECTL_OUTCOME"; return 1; }
}

# Plain git pushes to the server of URL $1, then casectl syncs: both
# succeed.
both_succeed() {
	run git_push "$1"
	git_was ok "main -> main"
	run casectl_sync
	casectl_was ok
}

# --- ssh ---------------------------------------------------------------

# sshd, the client's ~/.ssh, and a store with one case whose origin is
# the server; no host key is known yet.
ssh_row() {
	ssh_client_setup
	start_sshd
	: >"$HOME/.ssh/known_hosts"
	store_with_case "$SSH_URL"
}

@test "ssh: a known host key" {
	ssh_row
	authorized_key "$HOME/.ssh/id_ed25519"
	host_key_line >"$HOME/.ssh/known_hosts"
	both_succeed "$SSH_URL"
}

@test "ssh: an unknown host key" {
	ssh_row
	authorized_key "$HOME/.ssh/id_ed25519"
	run git_push "$SSH_URL"
	git_was refused "Host key verification failed"
	run casectl_sync
	casectl_was refused "is not in known_hosts"
	[ ! -s "$HOME/.ssh/known_hosts" ]
}

@test "ssh: a changed host key" {
	ssh_row
	authorized_key "$HOME/.ssh/id_ed25519"
	ssh-keygen -q -t ed25519 -N '' -C other-host -f "$BATS_TEST_TMPDIR/other_host_key"
	host_key_line "$BATS_TEST_TMPDIR/other_host_key.pub" >"$HOME/.ssh/known_hosts"
	kh=$(cat "$HOME/.ssh/known_hosts")
	run git_push "$SSH_URL"
	git_was refused "REMOTE HOST IDENTIFICATION HAS CHANGED" "Host key verification failed"
	run casectl_sync
	casectl_was refused "has CHANGED"
	[ "$(cat "$HOME/.ssh/known_hosts")" = "$kh" ]
}

@test "ssh: a key in the agent" {
	ssh_row
	host_key_line >"$HOME/.ssh/known_hosts"
	authorized_key "$BATS_TEST_TMPDIR/agent_key"
	start_agent "$BATS_TEST_TMPDIR/agent_key"
	run ssh-add -l
	[ "$status" -eq 0 ]
	[[ "$output" == *test-user* ]]
	both_succeed "$SSH_URL"
}

@test "ssh: a passphrase-protected key, not in an agent, without a terminal" {
	ssh_row
	host_key_line >"$HOME/.ssh/known_hosts"
	ssh-keygen -q -t ed25519 -N secretphrase -C test-user -f "$HOME/.ssh/id_ed25519"
	cat "$HOME/.ssh/id_ed25519.pub" >>"$SSHD_DIR/authorized_keys"
	run git_push "$SSH_URL"
	git_was refused "Permission denied (publickey)"
	run casectl_sync
	casectl_was refused "protected by a passphrase" "ssh-add"
	[[ "$output" != *secretphrase* ]]
}

# --- https -------------------------------------------------------------

# A store with one case whose origin is the https server ($HTTPS_URL).
https_row() {
	store_with_case "$HTTPS_URL"
}

@test "https: a trusted CA (http.sslCAInfo)" {
	start_https
	git config --global http.sslCAInfo "$TLS_CA"
	https_row
	both_succeed "$HTTPS_URL"
	grep -q "^POST /store.git/git-receive-pack 200 -$" "$HTTPS_LOG"
}

@test "https: an untrusted CA" {
	start_https
	git config --global http.sslCAInfo "$TLS_OTHER_CA"
	https_row
	run git_push "$HTTPS_URL"
	git_was refused "server certificate verification failed"
	run casectl_sync
	casectl_was refused "is not trusted"
	# refused in the handshake: no request reached the server
	[ ! -s "$HTTPS_LOG" ]
}

@test "https: a CA for this server only (http.URL.sslCAInfo)" {
	start_https
	git config --global "http.https://127.0.0.1:$HTTPS_PORT/.sslCAInfo" "$TLS_CA"
	https_row
	both_succeed "$HTTPS_URL"
}

@test "https: a server that allows only TLS 1.3" {
	start_https --tls13
	# the server does refuse TLS 1.2
	run openssl s_client -connect "127.0.0.1:$HTTPS_PORT" -tls1_2 </dev/null
	[ "$status" -ne 0 ]
	[[ "$output" == *alert* ]]
	git config --global http.sslCAInfo "$TLS_CA"
	https_row
	both_succeed "$HTTPS_URL"
}

@test "https: a certificate issued for the IP address 127.0.0.1" {
	start_https
	run openssl x509 -noout -ext subjectAltName -in "$TLS_DIR/server.pem"
	[ "$status" -eq 0 ]
	[[ "$output" == *"IP Address:127.0.0.1"* ]]
	[[ "$output" != *DNS* ]]
	git config --global http.sslCAInfo "$TLS_CA"
	https_row
	both_succeed "$HTTPS_URL"
}

# The number of CONNECTs to the https server in the proxy's log.
connects() {
	grep -c "CONNECT 127.0.0.1:$HTTPS_PORT " "$PROXY_LOG" || true
}

# Through the proxy, named by http.proxy ($1 "config") or by the
# environment's https_proxy ($1 "env"): git and casectl go through it.
proxy_row() {
	start_https
	start_proxy
	git config --global http.sslCAInfo "$TLS_CA"
	if [ "$1" = config ]; then
		git config --global http.proxy "$PROXY_URL"
	else
		export https_proxy="$PROXY_URL"
	fi
	https_row
	run git_push "$HTTPS_URL"
	git_was ok "main -> main"
	proxy_connected "$HTTPS_PORT"
	n=$(connects)
	run casectl_sync
	casectl_was ok
	[ "$(connects)" -gt "$n" ] || { echo "casectl did not go through the proxy"; cat "$PROXY_LOG"; return 1; }
}

@test "https: a push through a proxy (http.proxy)" {
	proxy_row config
}

@test "https: a push through a proxy (https_proxy)" {
	proxy_row env
}

# --- credentials -------------------------------------------------------

@test "credentials: a stored credential (credential.helper store)" {
	start_https "clerk:s3cret"
	git config --global http.sslCAInfo "$TLS_CA"
	store_credentials "clerk:s3cret"
	https_row
	both_succeed "$HTTPS_URL"
	grep -q "^POST /store.git/git-receive-pack 200 clerk$" "$HTTPS_LOG"
	grep -q "^POST /git.git/git-receive-pack 200 clerk$" "$HTTPS_LOG"
}

@test "credentials: a wrong password from the helper" {
	start_https "clerk:s3cret"
	git config --global http.sslCAInfo "$TLS_CA"
	store_credentials "clerk:wrong"
	cp "$HOME/.git-credentials" "$BATS_TEST_TMPDIR/credentials.before"
	https_row
	run git_push "$HTTPS_URL"
	git_was refused "Authentication failed for"
	# git's 'credential reject' erased the helper's entry
	cp "$HOME/.git-credentials" "$BATS_TEST_TMPDIR/credentials.git"
	! grep -q clerk "$BATS_TEST_TMPDIR/credentials.git" || { echo "git kept the entry"; return 1; }
	# casectl from the same start
	cp "$BATS_TEST_TMPDIR/credentials.before" "$HOME/.git-credentials"
	run casectl_sync
	casectl_was refused "the server refused the user name and password"
	[[ "$output" != *"clerk:wrong"* ]]
	cmp "$BATS_TEST_TMPDIR/credentials.git" "$HOME/.git-credentials" ||
		{ echo "after git:"; cat "$BATS_TEST_TMPDIR/credentials.git"; echo "after casectl:"; cat "$HOME/.git-credentials"; return 1; }
}

# A credential helper that takes 8 s to answer, for the https server
# started with options $@: git and casectl wait for it and go on.
slow_helper_row() {
	start_https "$@" "clerk:s3cret"
	git config --global http.sslCAInfo "$TLS_CA"
	make_slow_helper "clerk:s3cret" 8
	git config --global credential.helper "$SLOW_HELPER"
	https_row
	both_succeed "$HTTPS_URL"
	grep -q "^POST /store.git/git-receive-pack 200 clerk$" "$HTTPS_LOG"
}

@test "credentials: a credential helper that takes 8 s" {
	slow_helper_row
}

@test "credentials: a server that closes idle connections after 5 s, with the 8 s helper" {
	slow_helper_row --keepalive 5
	# the server did close: the request after the helper came on a new connection
	[ "$(awk '$4 ~ /git-receive-pack$/ && $5 == 401 { print $1 }' "$WEB_CONN_LOG" | head -1)" != \
		"$(awk '$4 ~ /git-receive-pack$/ && $5 == 200 { print $1 }' "$WEB_CONN_LOG" | head -1)" ]
}

# --- what the server says ----------------------------------------------

@test "a push refused by the server's pre-receive hook" {
	start_https
	git config --global http.sslCAInfo "$TLS_CA"
	protect_branch "$SRV/store.git"
	protect_branch "$SRV/git.git"
	https_row
	run git_push "$HTTPS_URL"
	git_was refused "remote: protected branch" "pre-receive hook declined"
	run casectl_sync
	casectl_was refused
	grep -qx "remote: protected branch" <<<"$output" || { echo "casectl: $output"; return 1; }
}

@test "a wrong password written in the URL" {
	start_https "clerk:right-one"
	git config --global http.sslCAInfo "$TLS_CA"
	url="https://clerk:wr0ngSecret@127.0.0.1:$HTTPS_PORT/store.git"
	store_with_case "$url"
	run git_push "$url"
	git_was refused "Authentication failed for"
	[[ "$output" != *wr0ngSecret* ]]
	run casectl_sync
	casectl_was refused "<redacted>"
	[[ "$output" != *wr0ngSecret* ]]
	grep -q " 401 " "$HTTPS_LOG"
}

# --- IPv6 --------------------------------------------------------------

@test "git:// over the IPv6 loopback [::1]" {
	/usr/bin/python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null ||
		skip "this machine has no IPv6 loopback (::1)"
	port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0)); print(s.getsockname()[1])')
	git daemon --reuseaddr --enable=receive-pack --base-path="$SRV" --export-all \
		--listen=::1 --port="$port" "$SRV" 2>"$BATS_TEST_TMPDIR/daemon.log" 3>&- &
	SERVER_PIDS+=($!)
	url="git://[::1]:$port/store.git"
	for i in $(seq 1 50); do
		git ls-remote "$url" >/dev/null 2>&1 && break
		sleep 0.1
	done
	store_with_case "$url"
	both_succeed "$url"
}
