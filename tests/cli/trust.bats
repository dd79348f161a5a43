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
	! grep -q '^\.git/' <<<"$output" || false
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
	[[ "$output" == *"error: --add-signer needs EMAIL and KEYFILE"* ]]
	run casectl verify a b
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: unexpected argument 'b'"* ]]
	[ "$(snapshot)" = "$before" ]
	casectl verify --add-signer jana@example.org "$HOME/k.pub" >/dev/null
	run casectl verify --add-signer jana@example.org "$HOME/k.pub"
	[ "$status" -eq 1 ]
	[[ "$output" == *"already in 'allowed-signers'"* ]]
}

# --- verify after an erasure ------------------------------------------

# A store whose commits jana signs, with her key allowed
signed_store() {
	keys
	new_store
	casectl verify --add-signer jana@example.org "$HOME/jana.pub" >/dev/null
}

# The commits the tombstone $1 says it rebuilt
rebuilt_by() {
	git rev-list "$1^@" --not $(git log -1 --format='%(trailers:key=Rewritten-after,valueonly)' "$1")
}

@test "verify after erase: a signed tombstone, its rebuilt commits reported as such; git agrees" {
	signed_store
	a=$(open_case "Marie Dvorakova")
	b=$(open_case "Bert Cole")
	casectl monitor "$b" -m "call" --minutes 10 --force "test" >/dev/null
	casectl close "$a" --reason "moved away" --force "test" >/dev/null
	casectl monitor "$b" -m "call" --minutes 5 --force "test" >/dev/null
	old=$(git rev-list HEAD)
	run casectl verify -q
	[ "$status" -eq 0 ]
	CASECTL_NOW=2037-01-02 run casectl erase "$a"
	[ "$status" -eq 0 ]
	[[ "$output" == *"note: 3 rebuilt commits lost their signatures (no signature survives a change); the tombstone records which"* ]]
	tomb=$(git rev-parse HEAD)
	# signed, and git says so
	git cat-file commit HEAD | grep -q '^gpgsig '
	git -c gpg.ssh.allowedSignersFile="$STORE/allowed-signers" verify-commit HEAD
	# it records the rebuilt commits by id and count, nothing else
	n=$(git log -1 --format='%(trailers:key=Rewritten,valueonly)' | head -1)
	[ "$n" -eq 3 ]
	[ "$(rebuilt_by HEAD | wc -l)" -eq "$n" ]
	for c in $(rebuilt_by HEAD); do ! grep -qx "$c" <<<"$old"; done
	git log -1 --format='%(trailers:key=Unsigned-before,valueonly)' | grep -qx 0
	! git cat-file commit HEAD | grep -q -e Dvorakova -e Bert || false
	run casectl verify
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[[ "$output" == *"6 commits checked, 0 problems, 3 rewritten by an erasure"* ]]
	for c in $(rebuilt_by HEAD); do
		grep -qx "${c:0:12} Jana Novak <jana@example.org>: rewritten by the erasure in ${tomb:0:12} on 2037-01-02; the original signatures cannot survive it" <<<"$output"
	done
	run casectl verify --verbose -q
	[ "$status" -eq 0 ]
	grep -qx "${tomb:0:12} good signature by jana@example.org" <<<"$output"
	agree
	assert_clean
}

@test "verify after erase: unsigned commits still fail; a tombstone not validly signed vouches for nothing" {
	signed_store
	a=$(open_case "Marie Dvorakova")
	b=$(open_case "Bert Cole")
	git -c commit.gpgsign=false commit -q --allow-empty -m "plain unsigned"
	casectl monitor "$b" -m "call" --minutes 10 --force "test" >/dev/null
	CASECTL_NOW=2037-01-02 casectl erase "$a" --force --reason "test" >/dev/null
	tomb=$(git rev-parse --short=12 HEAD)
	plain=$(git log --format=%H --grep='^plain unsigned')
	git log -1 --format='%(trailers:key=Unsigned-before-id,valueonly)' | grep -qx "$plain"
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "$output" == *"${plain:0:12} Jana Novak <jana@example.org>: unsigned (already before the erasure in $tomb on 2037-01-02)"* ]]
	[ "$(grep -c ': rewritten by the erasure in ' <<<"$output")" -eq 2 ]
	agree
	# the same erasure signed with a key not in allowed-signers
	new=$BATS_TEST_TMPDIR/s2
	casectl init "$new" >/dev/null
	cd "$new"
	STORE=$new
	casectl verify --add-signer jana@example.org "$HOME/jana.pub" >/dev/null
	a=$(open_case "Marie Dvorakova")
	b=$(open_case "Bert Cole")
	git config user.signingkey "$HOME/other.pub"
	CASECTL_NOW=2037-01-02 casectl erase "$a" --force --reason "test" >/dev/null
	git cat-file commit HEAD | grep -q '^gpgsig '
	run casectl verify -q
	[ "$status" -eq 1 ]
	[[ "$output" == *"$(git rev-parse --short=12 HEAD) Jana Novak <jana@example.org>: signed by a key not in allowed-signers"* ]]
	[[ "$output" == *"$(git rev-parse --short=12 HEAD~1) Jana Novak <jana@example.org>: unsigned"* ]]
	! grep -q 'rewritten by' <<<"$output" || false
	agree
	# an unsigned commit that claims to be a tombstone vouches for nothing
	git config user.signingkey "$HOME/jana.pub"
	git -c commit.gpgsign=false commit -q --allow-empty -m "plain unsigned"
	git -c commit.gpgsign=false commit -q --allow-empty -F - <<-MSG
	erase 2zzzzzzzzz: case erased

	Case: 2zzzzzzzzz
	Action: erase
	Rewritten: 1
	Rewritten-after: $(git rev-parse HEAD~1)
	Unsigned-before: 0
	MSG
	[ "$(rebuilt_by HEAD)" = "$(git rev-parse HEAD~1)" ]
	run casectl verify -q
	[ "$status" -eq 1 ]
	[[ "$output" == *"$(git rev-parse --short=12 HEAD~1) Jana Novak <jana@example.org>: unsigned"* ]]
	! grep -q 'rewritten by' <<<"$output" || false
}

@test "verify after two erasures: the second vouches for the first tombstone it rebuilt" {
	signed_store
	a=$(open_case "Marie Dvorakova")
	c=$(open_case "Cora Dahl")
	b=$(open_case "Bert Cole")
	CASECTL_NOW=2037-01-02 casectl erase "$a" --force --reason "first" >/dev/null
	first=$(git rev-parse HEAD)
	open_c=$(git log --format=%H --grep="^open $c:")
	[ "$(rebuilt_by HEAD | wc -l)" -eq 2 ]
	CASECTL_NOW=2037-01-03 casectl erase "$b" --force --reason "second" >/dev/null
	second=$(git rev-parse --short=12 HEAD)
	# the first tombstone, rebuilt and unsigned now, and C's open, rebuilt
	# by the first erasure alone (it kept its id through the second)
	git log --format=%s -2 | sed -n 2p | grep -qx "erase $a: case erased"
	[ "$(git log --format=%H --grep="^open $c:")" = "$open_c" ]
	run casectl verify -q
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "$output" == *"$(git rev-parse --short=12 HEAD~1) Jana Novak <jana@example.org>: rewritten by the erasure in $second on 2037-01-03;"* ]]
	[[ "$output" == *"${open_c:0:12} Jana Novak <jana@example.org>: rewritten by the erasure in $(git rev-parse --short=12 HEAD~1) on 2037-01-02;"* ]]
	agree
	assert_clean
}
