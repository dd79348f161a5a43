#!/usr/bin/env bats
# sync-errors.bats - what casectl sync says when a server refuses: the
# server's own reasons ("remote: ..."), as git shows them, and never a
# password written into a URL; a warning for passwords over plain http.
# Real servers on loopback (server.bash): git http-backend behind
# nginx over HTTPS (or plain HTTP), and sshd.

load helper
load server

setup() { setup_server_test; }
teardown() { stop_servers; }

# 'casectl sync' refused by the hook: exit 1, the reason as git shows it.
assert_hook_refused() {
	run casectl sync
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[[ "$output" == *"error: 'origin' refused the push: pre-receive hook declined; the server said:"* ]] ||
		{ echo "output: $output"; return 1; }
	grep -qx "remote: protected branch" <<<"$output" || { echo "output: $output"; return 1; }
	grep -qx "remote: ask the coordinator ^\[\[31m(ext. 12)" <<<"$output" || { echo "output: $output"; return 1; }
	[[ "$output" != *$'\033'* ]]
	# nothing reached the server's branch
	run git --git-dir="$SRV/store.git" rev-parse --verify -q refs/heads/main
	[ "$status" -ne 0 ]
}

@test "https: a push refused by the server's pre-receive hook shows the server's reason" {
	make_cert
	start_https
	git config --global http.sslCAInfo "$TLS_DIR/cert.pem"
	protect_branch
	store_with_case "$HTTPS_URL"
	assert_hook_refused
	grep -q "^POST /store.git/git-receive-pack 200" "$HTTPS_LOG"
}

@test "ssh: a push refused by the server's pre-receive hook shows the server's reason" {
	ssh_client_setup
	start_sshd
	authorized_key "$HOME/.ssh/id_ed25519"
	host_key_line >"$HOME/.ssh/known_hosts"
	protect_branch
	store_with_case "$SSH_URL"
	assert_hook_refused
}

@test "a wrong password written into the URL is never printed back, in errors or in 'remote'" {
	make_cert
	start_https "clerk:right-one"
	git config --global http.sslCAInfo "$TLS_DIR/cert.pem"
	url="https://clerk:wr0ngSecret@127.0.0.1:$HTTPS_PORT/store.git"
	store_with_case "$url"
	run casectl sync
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: cannot fetch from 'origin': the server refused the user name and password written in the URL 'https://clerk:<redacted>@127.0.0.1:$HTTPS_PORT/store.git'"* ]]
	[[ "$output" != *wr0ngSecret* ]]
	grep -q " 401 " "$HTTPS_LOG"
	run casectl remote list
	[ "$status" -eq 0 ]
	[ "$output" = "origin	https://clerk:<redacted>@127.0.0.1:$HTTPS_PORT/store.git" ]
	run casectl remote
	[ "$status" -eq 0 ]
	[[ "$output" != *wr0ngSecret* ]]
	# nor in what casectl wrote: reflogs, its own folder, the commits
	run grep -rl wr0ngSecret .git/logs .git/casectl .git/refs
	[ "$status" -eq 1 ]
	run git log --all --format=%B
	[ "$status" -eq 0 ]
	[[ "$output" != *wr0ngSecret* ]]
	# the push side too: a refusal by the hook after a good password in the URL
	protect_branch
	git config remote.origin.url "https://clerk:right-one@127.0.0.1:$HTTPS_PORT/store.git"
	run casectl sync
	[ "$status" -eq 1 ]
	grep -qx "remote: protected branch" <<<"$output"
	[[ "$output" != *right-one* ]]
	# with the right one the sync goes through, and says nothing of it either
	rm "$SRV/store.git/hooks/pre-receive"
	run casectl sync
	[ "$status" -eq 0 ]
	[ "$output" = "0 cases received, 1 case sent" ]
	grep -q "^POST /store.git/git-receive-pack 200 clerk$" "$HTTPS_LOG"
	run grep -rl right-one .git/logs .git/casectl .git/refs
	[ "$status" -eq 1 ]
}

@test "a password over plain http:// is warned about, from the URL or from a helper; https is not" {
	start_http "clerk:s3cret"
	url="http://clerk:s3cret@127.0.0.1:$HTTP_PORT/store.git"
	store_with_case "$url"
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: 'http://clerk:<redacted>@127.0.0.1:$HTTP_PORT/store.git' is plain http://: the password is sent unencrypted, readable by anyone on the network; use https://"* ]]
	[ "$(grep -c 'warning: ' <<<"$output")" -eq 1 ]
	[[ "$output" != *s3cret* ]]
	# from a credential helper, the same
	git config remote.origin.url "http://127.0.0.1:$HTTP_PORT/store.git"
	git config --global credential.helper store
	echo "http://clerk:s3cret@127.0.0.1:$HTTP_PORT" >"$HOME/.git-credentials"
	open_case "Bert B" >/dev/null
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: 'http://127.0.0.1:$HTTP_PORT/store.git' is plain http://: the password is sent unencrypted"* ]]
	[[ "$output" != *s3cret* ]]
	# plain http without any password: nothing to warn about
	stop_servers
	start_http
	git config remote.origin.url "http://127.0.0.1:$HTTP_PORT/store.git"
	open_case "Carla C" >/dev/null
	run casectl sync
	[ "$status" -eq 0 ]
	[[ "$output" != *warning* ]]
}

@test "ssh: what the server says on its stderr reaches the message without control characters" {
	ssh_client_setup
	start_sshd
	authorized_key "$HOME/.ssh/id_ed25519"
	host_key_line >"$HOME/.ssh/known_hosts"
	store_with_case "ssh://$SSH_USER@127.0.0.1:$SSH_PORT$SRV/no"$'\033[2J'"such.git"
	run casectl sync
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: cannot fetch from 'origin': "*"does not appear to be a git repository"* ]]
	[[ "$output" == *"no?[2Jsuch.git"* ]]
	[[ "$output" != *$'\033'* ]]
}
