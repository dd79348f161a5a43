#!/usr/bin/env bats
# casectl sync over ssh against a real sshd on loopback: keys from
# ssh-agent or a key file, the host key checked against known_hosts
# ([host]:port, hashed entries) as OpenSSH does, an unknown or changed
# host key refused and never recorded, missing keys explained, and
# url.*.insteadOf with an ~/.ssh/config host alias.

load helper
load server

setup() { setup_server_test; ssh_client_setup; start_sshd; }
teardown() { stop_servers; }

# Trust the server: its key for [127.0.0.1]:PORT in known_hosts, hashed
# (as 'ssh-keygen -H' writes it) when $1 is "hashed".
trust_server() {
	host_key_line >"$HOME/.ssh/known_hosts"
	if [ "${1:-}" = hashed ]; then hash_known_hosts; fi
	return 0
}

hash_known_hosts() {
	ssh-keygen -q -H -f "$HOME/.ssh/known_hosts" >/dev/null 2>&1
	rm -f "$HOME/.ssh/known_hosts.old"
	grep -q '^|1|' "$HOME/.ssh/known_hosts"
	! grep -q 127.0.0.1 "$HOME/.ssh/known_hosts" || false
}

# A key the server accepts, served by ssh-agent.
agent_with_key() {
	authorized_key "$BATS_TEST_TMPDIR/agent_key"
	start_agent "$BATS_TEST_TMPDIR/agent_key"
}

@test "sync over ssh:// with the key in ssh-agent and a hashed known_hosts entry converges two clones" {
	agent_with_key
	trust_server hashed
	kh=$(sha1sum <"$HOME/.ssh/known_hosts")
	store_with_case "$SSH_URL"
	# the server starts as a copy of the store; from then on all is ssh
	git push -q "$SRV/store.git" main
	git clone -q "$SRV/store.git" "$BATS_TEST_TMPDIR/b"
	git -C "$BATS_TEST_TMPDIR/b" remote set-url origin "$SSH_URL"
	assert_two_clones_converge "$BATS_TEST_TMPDIR/b" || { cat "$SSHD_DIR/log"; return 1; }
	# the key came from the agent: there is no key file
	[ ! -e "$HOME/.ssh/id_ed25519" ]
	[ "$(grep -c "Accepted publickey for $SSH_USER" "$SSHD_DIR/log")" -eq 5 ]
	# known_hosts is only read
	[ "$(sha1sum <"$HOME/.ssh/known_hosts")" = "$kh" ]
}

@test "a key file in ~/.ssh works without an agent; GIT_SSH_COMMAND; a path with quotes" {
	authorized_key "$HOME/.ssh/id_ed25519"
	trust_server
	git init -q --bare "$SRV/o'brien!.git"
	store_with_case "ssh://$SSH_USER@127.0.0.1:$SSH_PORT$SRV/o'brien!.git"
	assert_synced "0 cases received, 1 case sent" "$SRV/o'brien!.git"
	# GIT_SSH_COMMAND wins over core.sshCommand and gets casectl's options
	printf '#!/bin/sh\necho "$*" >>"%s"\nexec ssh -F "%s" "$@"\n' "$BATS_TEST_TMPDIR/ssh.log" \
		"$HOME/.ssh/config" >"$BATS_TEST_TMPDIR/myssh"
	chmod +x "$BATS_TEST_TMPDIR/myssh"
	GIT_SSH_COMMAND="$BATS_TEST_TMPDIR/myssh" run casectl sync </dev/null
	[ "$status" -eq 0 ]
	[ "$output" = "0 cases received, 0 cases sent" ]
	# git probes the wrapper with -G (as for any ssh not named ssh), then connects
	[ "$(head -1 "$BATS_TEST_TMPDIR/ssh.log")" = "-o StrictHostKeyChecking=yes -o BatchMode=yes -G -o SendEnv=GIT_PROTOCOL -p $SSH_PORT $SSH_USER@127.0.0.1" ]
	[ "$(tail -1 "$BATS_TEST_TMPDIR/ssh.log")" = "-o StrictHostKeyChecking=yes -o BatchMode=yes -o SendEnv=GIT_PROTOCOL -p $SSH_PORT $SSH_USER@127.0.0.1 git-upload-pack '$SRV/o'\\''brien'\\!'.git'" ]
	assert_clean
}

@test "a host not in known_hosts is refused, even with StrictHostKeyChecking accept-new, and nothing is recorded" {
	agent_with_key
	store_with_case "$SSH_URL"
	before=$(snapshot)
	unknown="the ssh host '[127.0.0.1]:$SSH_PORT' is not in known_hosts"
	assert_refused "error: cannot fetch from 'origin': $unknown" \
		"run 'ssh -p $SSH_PORT $SSH_USER@127.0.0.1' once, compare the fingerprint and answer yes"
	[ ! -e "$HOME/.ssh/known_hosts" ]
	# a permissive ssh configuration does not make casectl accept it
	printf 'Host *\n  StrictHostKeyChecking accept-new\n' >"$HOME/.ssh/config.new"
	cat "$HOME/.ssh/config" >>"$HOME/.ssh/config.new"
	mv "$HOME/.ssh/config.new" "$HOME/.ssh/config"
	assert_refused "" "$unknown"
	[ ! -e "$HOME/.ssh/known_hosts" ]
	# a key of another host does not vouch for this one
	echo "[127.0.0.2]:$SSH_PORT $(cut -d' ' -f1,2 "$SSHD_DIR/host_key.pub")" >"$HOME/.ssh/known_hosts"
	assert_refused "" "$unknown"
	! grep -q "Accepted publickey" "$SSHD_DIR/log" || false
	# the store still works offline
	casectl open --client "Offline O" --referral self -m "visit" >/dev/null
	assert_clean
}

@test "a changed host key is refused with its new fingerprint, plain or hashed, and never accepted" {
	agent_with_key
	ssh-keygen -q -t ed25519 -N '' -f "$BATS_TEST_TMPDIR/old_host_key"
	host_key_line "$BATS_TEST_TMPDIR/old_host_key.pub" >"$HOME/.ssh/known_hosts"
	fp=$(ssh-keygen -l -f "$SSHD_DIR/host_key.pub" | cut -d' ' -f2)
	[[ "$fp" == SHA256:* ]]
	store_with_case "$SSH_URL"
	before=$(snapshot)
	changed="the ssh host key of '[127.0.0.1]:$SSH_PORT' has CHANGED"
	assert_refused "error: cannot fetch from 'origin': $changed" "(it is now $fp)" \
		"refusing to connect" "ssh-keygen -R \"[127.0.0.1]:$SSH_PORT\""
	# hashed, and with the right key for plain "127.0.0.1" next to it
	# (libssh2 takes that one; OpenSSH only without a [host]:port entry)
	hash_known_hosts
	echo "127.0.0.1 $(cut -d' ' -f1,2 "$SSHD_DIR/host_key.pub")" >>"$HOME/.ssh/known_hosts"
	assert_refused "" "$changed"
	! grep -q "Accepted publickey" "$SSHD_DIR/log" || false
}

@test "no agent and no key, or only keys the server does not know: a clear credential error" {
	trust_server
	store_with_case "$SSH_URL"
	before=$(snapshot)
	assert_refused "error: cannot fetch from 'origin': the ssh server '[127.0.0.1]:$SSH_PORT' accepted no key for '$SSH_USER': no ssh-agent is running" \
		"run 'ssh-add' with your key"
	ssh-keygen -q -t ed25519 -N '' -f "$BATS_TEST_TMPDIR/stranger"
	start_agent "$BATS_TEST_TMPDIR/stranger"
	assert_refused "" "the ssh server '[127.0.0.1]:$SSH_PORT' refused every key of ssh-agent and ~/.ssh for '$SSH_USER'"
}

@test "a missing repository and a closed port are named in the message" {
	authorized_key "$HOME/.ssh/id_ed25519"
	trust_server
	store_with_case "ssh://$SSH_USER@127.0.0.1:$SSH_PORT$SRV/nosuch.git"
	before=$(snapshot)
	assert_refused "error: cannot fetch from 'origin': fatal: '$SRV/nosuch.git' does not appear to be a git repository"
	port=$(free_port)
	git config remote.origin.url "ssh://$SSH_USER@127.0.0.1:$port$SRV/store.git"
	assert_refused "error: cannot fetch from 'origin': ssh: connect to host 127.0.0.1 port $port: Connection refused"
}

@test "url.BASE.insteadOf applies to casectl remotes, here to an ~/.ssh/config host alias" {
	authorized_key "$HOME/.ssh/id_ed25519"
	trust_server hashed
	cat >>"$HOME/.ssh/config" <<-EOF
	Host casesrv
	  HostName 127.0.0.1
	  Port $SSH_PORT
	  User $SSH_USER
	EOF
	git config --global url."casesrv:$SRV/".insteadOf "team:"
	store_with_case "team:store.git"
	run casectl remote list
	[ "$status" -eq 0 ]
	[ "$output" = "origin	team:store.git" ]
	assert_synced "0 cases received, 1 case sent" || { cat "$SSHD_DIR/log"; return 1; }
	[ "$(git config remote.origin.url)" = "team:store.git" ]
	grep -q "Accepted publickey for $SSH_USER" "$SSHD_DIR/log"
	assert_clean
}
