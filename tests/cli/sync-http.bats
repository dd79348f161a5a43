#!/usr/bin/env bats
# casectl sync over https: git http-backend behind nginx on loopback
# (web.bash) with a certificate of the test's own CA (pki.bash), trusted
# through http.sslCAInfo or GIT_SSL_CAINFO; credentials from a git
# credential helper; a wrong password and an untrusted certificate
# refused; url.*.insteadOf and pushInsteadOf.

load helper
load server

setup() { setup_server_test; make_cert; }
teardown() { stop_servers; }

@test "sync over https with credentials from a git credential helper converges two clones" {
	start_https "clerk:s3cret pass"
	store_credentials "clerk:s3cret%20pass"
	git config --global http.sslCAInfo "$TLS_DIR/cert.pem"
	store_with_case "$HTTPS_URL"
	assert_synced "0 cases received, 1 case sent" || { cat "$HTTPS_LOG"; return 1; }
	# asked without credentials, then with them; pushed as the user
	grep -q "^GET /store.git/info/refs?service=git-upload-pack 401 -$" "$HTTPS_LOG"
	grep -q "^POST /store.git/git-receive-pack 200 clerk$" "$HTTPS_LOG"
	# the second clone by git itself, through the same helper and CA
	git clone -q "$HTTPS_URL" "$BATS_TEST_TMPDIR/b"
	creds=$(cat "$HOME/.git-credentials")
	assert_two_clones_converge "$BATS_TEST_TMPDIR/b"
	# the helper keeps what it had; nothing else stored the password
	[ "$(cat "$HOME/.git-credentials")" = "$creds" ]
	! grep -rq "s3cret" "$STORE/.git" "$BATS_TEST_TMPDIR/b/.git" "$HOME/.gitconfig" || false
}

@test "a wrong password, and no credentials at all, fail with exit status 1 and say what to do" {
	start_https "clerk:s3cret"
	git config --global http.sslCAInfo "$TLS_DIR/cert.pem"
	store_credentials "clerk:wrong"
	store_with_case "$HTTPS_URL"
	before=$(snapshot)
	assert_refused "error: cannot fetch from 'origin': the server refused the user name and password for '$HTTPS_URL' (git has told the credential helpers to forget them, as 'git fetch' does); check them, and give the right ones (or a new access token) to your credential helper"
	[ "$(echo "$output" | wc -l)" -eq 1 ]
	[ "$(grep -c ' 401 ' "$HTTPS_LOG")" -eq 2 ]
	! grep -q ' 200 ' "$HTTPS_LOG" || false
	# as git does, the helper was told to forget the refused password
	[ ! -s "$HOME/.git-credentials" ]
	# no helper, and no terminal to ask on: casectl says how to set one up
	git config --global --unset credential.helper
	assert_refused "error: cannot fetch from 'origin': '$HTTPS_URL' asks for a user name and password and no git credential helper gave them; set one up (for example 'git config --global credential.helper store')" </dev/null
}

@test "an untrusted certificate is refused before anything is sent; http.sslCAInfo and GIT_SSL_CAINFO trust it" {
	start_https
	store_with_case "$HTTPS_URL"
	before=$(snapshot)
	untrusted="the TLS certificate of '127.0.0.1' is not trusted"
	assert_refused "error: cannot fetch from 'origin': $untrusted; if the server uses its own certificate authority, name its certificate with 'git config --global http.sslCAInfo FILE' (unable to access '$HTTPS_URL/': server certificate verification failed"
	[ ! -s "$HTTPS_LOG" ]
	# a CA file that is not there is an error of its own
	git config http.sslCAInfo "$TLS_DIR/nosuch.pem"
	assert_refused "error: cannot use the certificates in '$TLS_DIR/nosuch.pem' (http.sslCAInfo)"
	# another certificate is still not this server's
	mv "$TLS_DIR" "$TLS_DIR.real"
	make_cert
	git config http.sslCAInfo "$TLS_DIR/cert.pem"
	assert_refused "" "$untrusted"
	[ ! -s "$HTTPS_LOG" ]
	git config --unset http.sslCAInfo
	GIT_SSL_CAINFO="$TLS_DIR.real/cert.pem" assert_synced "0 cases received, 1 case sent"
}

@test "url.BASE.insteadOf and pushInsteadOf: fetch over https, push to where pushInsteadOf says" {
	start_https
	git config --global http.sslCAInfo "$TLS_DIR/cert.pem"
	git config --global url."https://127.0.0.1:$HTTPS_PORT/".insteadOf "team:"
	git config --global url."$SRV/".pushInsteadOf "team:"
	store_with_case "team:store.git"
	assert_synced "0 cases received, 1 case sent" || { cat "$HTTPS_LOG"; return 1; }
	grep -q "^GET /store.git/info/refs?service=git-upload-pack 200" "$HTTPS_LOG"
	! grep -q "receive-pack" "$HTTPS_LOG" || false
	# remote.NAME.pushurl wins over pushInsteadOf, and insteadOf applies to it
	git config remote.origin.pushurl "team:store.git"
	open_case "Bert B" >/dev/null
	assert_synced "0 cases received, 1 case sent" || { cat "$HTTPS_LOG"; return 1; }
	grep -q "^POST /store.git/git-receive-pack 200 -$" "$HTTPS_LOG"
	[ "$(casectl remote list)" = "origin	team:store.git" ]
	git --git-dir="$SRV/store.git" fsck --strict --no-progress
	assert_clean
}
