#!/usr/bin/env bats
# trust.bats - file modes (casectl check) and commit signatures (casectl verify)

load helper

setup() {
	setup_common
}

@test "check: a fresh store has no mode problems" {
	new_store
	run casectl check
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "check: a case file readable by others is reported with the fix" {
	new_store
	id=$(open_case)
	f=$(cd "$STORE" && ls cases/*/*/"$id"/case.md)
	chmod 644 "$f"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$f: readable by group and others (mode 0644); run 'chmod 600 $f'"* ]]
	chmod 600 "$f"
	run casectl check
	[ "$status" -eq 0 ]
}

@test "check: folders and files writable by group, the top folder and .git are reported" {
	new_store
	id=$(open_case)
	d=$(cd "$STORE" && dirname cases/*/*/"$id"/case.md)
	chmod 770 "$d"
	chmod 620 casectl.md
	chmod 705 .git
	chmod 750 "$STORE"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$d: readable and writable by group (mode 0770); run 'chmod 700 $d'"* ]]
	[[ "$output" == *"casectl.md: writable by group (mode 0620); run 'chmod 600 casectl.md'"* ]]
	[[ "$output" == *".git: readable by others (mode 0705); run 'chmod 700 .git'"* ]]
	[[ "$output" == *"$STORE: readable by group (mode 0750)"* ]]
	# what is inside .git is not listed one by one
	! grep -q '^\.git/' <<<"$output"
	chmod 700 "$d" .git "$STORE"; chmod 600 casectl.md
	run casectl check
	[ "$status" -eq 0 ]
}

# --- verify ---------------------------------------------------------

keys() {
	ssh-keygen -q -t ed25519 -N '' -C jana -f "$HOME/jana" >/dev/null
	ssh-keygen -q -t ed25519 -N '' -C other -f "$HOME/other" >/dev/null
	git config --global commit.gpgsign true
	git config --global gpg.format ssh
	git config --global user.signingkey "$HOME/jana.pub"
}

# git's own answer for each commit must agree with casectl's report
agree() {
	git config gpg.ssh.allowedSignersFile "$STORE/allowed-signers"
	local c out
	out=$(casectl verify -q || true)
	for c in $(git rev-list HEAD); do
		if git verify-commit "$c" >/dev/null 2>&1; then
			! grep -q "^${c:0:12} " <<<"$out" || { echo "git: good, casectl: $c reported"; return 1; }
		else
			grep -q "^${c:0:12} " <<<"$out" || { echo "git: bad, casectl: $c not reported"; return 1; }
		fi
	done
}

@test "verify: every commit signed by an allowed key passes; git agrees" {
	keys
	new_store
	run casectl verify --add-signer jana@example.org "$HOME/jana.pub"
	[ "$status" -eq 0 ]
	git log -1 --format=%s | grep -qx "signer: allowed signer added"
	git log -1 --format=%B | grep -qx "Action: signer"
	grep -q "^jana@example.org ssh-ed25519 " allowed-signers
	id=$(open_case)
	casectl monitor "$id" -m "phone call" --minutes 10 --force "test" >/dev/null
	run casectl verify --verbose
	[ "$status" -eq 0 ]
	[ "$(grep -c 'good signature by jana@example.org' <<<"$output")" -eq "$(commit_count)" ]
	agree
	assert_clean
}

@test "verify: unsigned, unknown-key and tampered commits are reported; git agrees" {
	keys
	new_store
	casectl verify --add-signer jana@example.org "$HOME/jana.pub" >/dev/null
	id=$(open_case)
	git -c commit.gpgsign=false commit -q --allow-empty -m "plain unsigned"
	unsigned=$(git rev-parse HEAD)
	git -c user.signingkey="$HOME/other.pub" commit -q --allow-empty -m "other key"
	other=$(git rev-parse HEAD)
	casectl monitor "$id" -m "phone call" --minutes 10 --force "test" >/dev/null
	# tamper with the last commit: change its message, keep its signature
	git cat-file commit HEAD | sed 's/^monitor \(.*\)/monitor \1 (altered)/' >"$BATS_TEST_TMPDIR/c"
	grep -q altered "$BATS_TEST_TMPDIR/c"
	bad=$(git hash-object -t commit -w "$BATS_TEST_TMPDIR/c")
	git update-ref refs/heads/main "$bad"
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "$output" == *"${unsigned:0:12} Jana Novak <jana@example.org>: unsigned"* ]]
	[[ "$output" == *"${other:0:12} Jana Novak <jana@example.org>: signed by a key not in allowed-signers"* ]]
	[[ "$output" == *"${bad:0:12} Jana Novak <jana@example.org>: bad signature"* ]]
	agree
}

@test "verify CASE: only the commits that touched the case" {
	keys
	new_store
	casectl verify --add-signer jana@example.org "$HOME/jana.pub" >/dev/null
	a=$(open_case "Anna Berg")
	b=$(open_case "Bert Cole")
	git -c commit.gpgsign=false commit -q --allow-empty -m "plain unsigned"
	bdir=$(ls -d cases/*/*/"$b")
	echo "hand note" >>"$bdir/case.md"
	git -c commit.gpgsign=false commit -q -am "hand edit"
	run casectl verify "$a"
	[ "$status" -eq 0 ]
	run casectl verify -q "$b"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$(git rev-parse --short=12 HEAD) Jana Novak <jana@example.org>: unsigned"* ]]
}

@test "verify: refusals (no allowed-signers, bad key file, bad email, usage)" {
	new_store
	before=$(snapshot)
	run casectl verify -q
	[ "$status" -eq 1 ]
	[[ "$output" == *"no 'allowed-signers' file; run 'casectl verify --add-signer"* ]]
	echo "not a key" >"$BATS_TEST_TMPDIR/bad.pub"
	run casectl verify --add-signer jana@example.org "$BATS_TEST_TMPDIR/bad.pub"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is not an OpenSSH public key"* ]]
	ssh-keygen -q -t ed25519 -N '' -f "$HOME/k" >/dev/null
	run casectl verify --add-signer "jana example" "$HOME/k.pub"
	[ "$status" -eq 1 ]
	[[ "$output" == *"may not contain spaces"* ]]
	run casectl verify --add-signer jana@example.org
	[ "$status" -eq 2 ]
	run casectl verify a b
	[ "$status" -eq 2 ]
	[ "$(snapshot)" = "$before" ]
	casectl verify --add-signer jana@example.org "$HOME/k.pub" >/dev/null
	run casectl verify --add-signer jana@example.org "$HOME/k.pub"
	[ "$status" -eq 1 ]
	[[ "$output" == *"already in 'allowed-signers'"* ]]
}
