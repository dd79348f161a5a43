#!/usr/bin/env bats
# verify-trust.bats - what casectl verify trusts: every change of
# allowed-signers must be signed by a key allowed before it; patterns
# name nobody; a signer who is not the author is reported; signatures
# casectl cannot check are said to be so, not "bad"; fresh clones work.

load helper

setup() {
	setup_common
	for k in jana petr evil; do
		ssh-keygen -q -t ed25519 -N '' -C "$k" -f "$HOME/$k" >/dev/null
	done
	git config --global commit.gpgsign true
	git config --global gpg.format ssh
	git config --global user.signingkey "$HOME/jana.pub"
	new_store
	casectl verify --add-signer jana@example.org "$HOME/jana.pub" >/dev/null
	ROOT=$(git rev-parse --short=12 HEAD)
	ID=$(open_case)
}

# A commit by the outsider evil@example.org, signed with evil's key.
as_evil() {
	git -c user.name=Evil -c user.email=evil@example.org \
		-c user.signingkey="$HOME/evil.pub" commit -q "$@"
}

key() { cut -d' ' -f1,2 "$HOME/$1.pub"; }

@test "verify: the trust root is named; every commit signed by allowed keys passes" {
	run casectl verify --verbose
	[ "$status" -eq 0 ]
	[[ "$output" == *"$ROOT good signature by jana@example.org (trust root: it adds allowed-signers)"* ]]
	[[ "$output" == *"3 commits checked, 0 problems; trust root $ROOT (it added allowed-signers)"* ]]
	[ "$(grep -c 'good signature by jana@example.org' <<<"$output")" -eq 3 ]
}

@test "verify: an outsider who adds '* KEY' in the commit they sign is refused, never 'good by *'" {
	echo "* $(key evil)" >>allowed-signers
	as_evil -am "let me in"
	c=$(git rev-parse --short=12 HEAD)
	casectl monitor "$ID" -m "call" --minutes 5 --force test >/dev/null
	run casectl verify --verbose
	[ "$status" -eq 1 ]
	[[ "$output" == *"$c Evil <evil@example.org>: changes allowed-signers but is signed by a key not in allowed-signers before this change"* ]]
	[[ "$output" == *"allowed-signers:3: the principal '*' is a pattern, not a worker; casectl ignores the line: name each worker by email"* ]]
	[[ "$output" != *"good signature by *"* ]]
	[[ "$output" != *"$c good signature"* ]]
	# the worker's own later commit is still good
	[[ "$output" == *"$(git rev-parse --short=12 HEAD) good signature by jana@example.org"* ]]
	# HEAD's file is not the trusted one
	[[ "$output" == *"allowed-signers: the file in HEAD holds a change that no allowed signer signed; casectl uses the version before it"* ]]
	[[ "$output" == *"5 commits checked, 3 problems"* ]]
}

@test "verify: an outsider who adds their own line with their own key is refused" {
	echo "evil@example.org $(key evil)" >>allowed-signers
	as_evil -am "add myself"
	c=$(git rev-parse --short=12 HEAD)
	# and every later commit signed with that key
	as_evil --allow-empty -m "now trusted?"
	d=$(git rev-parse --short=12 HEAD)
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "$output" == *"allowed-signers: the file in HEAD holds a change that no allowed signer signed"* ]]
	[[ "$output" == *"$c Evil <evil@example.org>: changes allowed-signers but is signed by a key not in allowed-signers before this change"* ]]
	# a refused change gives nobody a key: the later commits are judged
	# by the file before it
	[[ "$output" == *"$d Evil <evil@example.org>: signed by a key not in allowed-signers"* ]]
	# an allowed worker reverts it: the store is trusted again
	git revert --no-edit HEAD~1 >/dev/null
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "$output" != *"the file in HEAD"* ]]
	[[ "$output" == *"$d Evil <evil@example.org>: signed by a key not in allowed-signers"* ]]
}

@test "verify: an outsider who removes a worker's key is refused" {
	echo "evil@example.org $(key evil)" >allowed-signers
	as_evil -am "take over"
	c=$(git rev-parse --short=12 HEAD)
	casectl monitor "$ID" -m "call" --minutes 5 --force test >/dev/null
	run casectl verify -q
	[ "$status" -eq 1 ]
	# jana's commits stay good: the removal was refused
	[ "${#lines[@]}" -eq 2 ]
	[[ "$output" == *"allowed-signers: the file in HEAD holds a change that no allowed signer signed"* ]]
	[[ "$output" == *"$c Evil <evil@example.org>: changes allowed-signers but is signed by a key not in allowed-signers before this change"* ]]
	# deleting the file is a change too
	git -c user.signingkey="$HOME/evil.pub" rm -q allowed-signers
	as_evil -m "no more checks"
	run casectl verify -q
	[ "$status" -eq 1 ]
	[[ "$output" == *"no 'allowed-signers' file"* ]]
}

@test "verify: an unsigned change of allowed-signers is reported as such" {
	echo "evil@example.org $(key evil)" >>allowed-signers
	git -c commit.gpgsign=false commit -q -am "unsigned add"
	c=$(git rev-parse --short=12 HEAD)
	run casectl verify -q
	[ "$status" -eq 1 ]
	[[ "$output" == *"$c Jana Novak <jana@example.org>: changes allowed-signers but is unsigned"* ]]
}

@test "verify: an allowed worker adds a colleague; the colleague's commits pass" {
	casectl verify --add-signer petr@example.org "$HOME/petr.pub" >/dev/null
	git config user.signingkey "$HOME/petr.pub"
	git config user.email petr@example.org
	git config user.name "Petr Dvorak"
	casectl monitor "$ID" -m "visit" --minutes 30 --force test >/dev/null
	run casectl verify --verbose
	[ "$status" -eq 0 ]
	[[ "$output" == *"$(git rev-parse --short=12 HEAD) good signature by petr@example.org"* ]]
	[[ "$output" == *"5 commits checked, 0 problems"* ]]
}

@test "verify: a pattern principal added by an allowed worker names nobody" {
	for pat in '*' '*@example.org' 'petr@example.org,!x@y'; do
		git checkout -q -f "$(git rev-list --max-parents=0 HEAD)"
		git checkout -q -B "t$RANDOM"
		git reset -q --hard main
		echo "$pat $(key evil)" >>allowed-signers
		git commit -q -am "a pattern"
		as_evil --allow-empty -m "by pattern"
		c=$(git rev-parse --short=12 HEAD)
		run casectl verify --verbose
		[ "$status" -eq 1 ]
		[[ "$output" == *"allowed-signers:3: the principal '$pat' is a pattern, not a worker"* ]]
		[[ "$output" == *"$c Evil <evil@example.org>: signed by a key that allowed-signers allows only for the pattern '$pat', which names nobody"* ]]
		[[ "$output" != *"good signature by *"* ]]
		[[ "$output" != *"$c good"* ]]
	done
}

@test "verify: a commit authored as one worker and signed by another is reported" {
	casectl verify --add-signer petr@example.org "$HOME/petr.pub" >/dev/null
	# signed with jana's key, authored as petr
	git commit -q --allow-empty --author "Petr Dvorak <petr@example.org>" -m "as petr"
	c=$(git rev-parse --short=12 HEAD)
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$c Petr Dvorak <petr@example.org>: signed by jana@example.org, not by its author"* ]]
	# the author's case matters not
	git commit -q --allow-empty --amend --author "Jana Novak <JANA@Example.org>" -m "case"
	run casectl verify -q
	[ "$status" -eq 0 ]
}

@test "verify: a key removed by an allowed worker makes its commits fail, named as such" {
	casectl verify --add-signer petr@example.org "$HOME/petr.pub" >/dev/null
	git -c user.signingkey="$HOME/petr.pub" -c user.email=petr@example.org \
		commit -q --allow-empty -m "petr's work"
	c=$(git rev-parse --short=12 HEAD)
	grep -v '^petr@' allowed-signers >"$BATS_TEST_TMPDIR/as"
	cat "$BATS_TEST_TMPDIR/as" >allowed-signers
	git commit -q -am "petr left"
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$c Jana Novak <petr@example.org>: signed by petr@example.org with a key since removed from allowed-signers"* ]]
}

@test "verify CASE: a bad change of allowed-signers is reported even so" {
	echo "evil@example.org $(key evil)" >>allowed-signers
	as_evil -am "add myself"
	c=$(git rev-parse --short=12 HEAD)
	run casectl verify -q "$ID"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "$output" == *"$c Evil <evil@example.org>: changes allowed-signers but is signed by a key not in allowed-signers before this change"* ]]
}

@test "verify: an OpenPGP signature made by git is not called bad" {
	export GNUPGHOME="$HOME/.gnupg"
	mkdir -m 700 "$GNUPGHOME"
	gpg --batch --quiet --passphrase '' --quick-gen-key "Jana Novak <jana@example.org>" ed25519 sign never 2>/dev/null
	git -c gpg.format=openpgp -c user.signingkey=jana@example.org commit -q --allow-empty -m "gpg signed"
	git cat-file commit HEAD | grep -q '^gpgsig -----BEGIN PGP SIGNATURE-----'
	git verify-commit HEAD 2>/dev/null
	c=$(git rev-parse --short=12 HEAD)
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$c Jana Novak <jana@example.org>: not an ssh signature (an OpenPGP signature); casectl cannot check it: check it with 'git verify-commit $c'"* ]]
	[[ "$output" != *"bad signature"* ]]
	gpgconf --kill all 2>/dev/null || true
}

@test "verify: an X.509 or unknown signature is not called bad either" {
	orig=$(git rev-parse HEAD)
	for kind in "SIGNED MESSAGE" "SOMETHING ELSE"; do
		want="an X.509 signature"; [ "$kind" = "SIGNED MESSAGE" ] || want="a signature of a kind casectl does not know"
		git cat-file commit HEAD | sed "/^committer /a gpgsig -----BEGIN $kind-----\n AAAA\n -----END $kind-----" >"$BATS_TEST_TMPDIR/c"
		c=$(git hash-object -t commit -w "$BATS_TEST_TMPDIR/c")
		git update-ref refs/heads/main "$c" HEAD
		run casectl verify -q
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == *"${c:0:12} Jana Novak <jana@example.org>: not an ssh signature ($want); casectl cannot check it"* ]]
		[[ "$output" != *"bad signature"* ]]
		git reset -q --hard "$orig"
	done
	[[ "$(casectl verify -q 2>&1)" == "" ]]
}

@test "verify: unsigned and tampered commits are still reported" {
	git -c commit.gpgsign=false commit -q --allow-empty -m "plain"
	u=$(git rev-parse --short=12 HEAD)
	casectl monitor "$ID" -m "call" --minutes 5 --force test >/dev/null
	git cat-file commit HEAD | sed 's/^monitor \(.*\)/monitor \1 (altered)/' >"$BATS_TEST_TMPDIR/c"
	bad=$(git hash-object -t commit -w "$BATS_TEST_TMPDIR/c")
	git update-ref refs/heads/main "$bad"
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "$output" == *"$u Jana Novak <jana@example.org>: unsigned"* ]]
	[[ "$output" == *"${bad:0:12} Jana Novak <jana@example.org>: bad signature (the commit was changed after it was signed)"* ]]
}

@test "fresh clone: verify and the read-only commands work before anything made .git/casectl" {
	for cmd in "verify" "log" "list" "due" "show $ID" "sync" "check"; do
		rm -rf "$BATS_TEST_TMPDIR/clone"
		git clone -q "$STORE" "$BATS_TEST_TMPDIR/clone"
		chmod -R go-rwx "$BATS_TEST_TMPDIR/clone"
		[ ! -e "$BATS_TEST_TMPDIR/clone/.git/casectl" ]
		run casectl -C "$BATS_TEST_TMPDIR/clone" $cmd
		echo "$cmd: $output"
		[ "$status" -eq 0 ]
		[[ "$output" != *"temporary file"* ]]
	done
	# and verify found the same as in the store
	run casectl -C "$BATS_TEST_TMPDIR/clone" verify
	[ "$status" -eq 0 ]
	[[ "$output" == *"3 commits checked, 0 problems"* ]]
	# it leaves no temporary file behind
	[ -z "$(find "$BATS_TEST_TMPDIR/clone/.git/casectl" -name '*.tmp-*')" ]
}

@test "verify: a key retired with valid-before keeps its past commits good, not later ones" {
	casectl verify --add-signer petr@example.org "$HOME/petr.pub" >/dev/null
	GIT_COMMITTER_DATE="2026-11-20T10:00:00Z" git -c user.signingkey="$HOME/petr.pub" \
		-c user.email=petr@example.org commit -q --allow-empty -m "petr's work"
	c=$(git rev-parse --short=12 HEAD)
	sed -i 's/^petr@example.org /petr@example.org valid-before="20261121" /' allowed-signers
	git commit -q -am "petr left on 2026-11-21"
	run casectl verify -q
	[ "$status" -eq 0 ]
	GIT_COMMITTER_DATE="2026-11-22T10:00:00Z" git -c user.signingkey="$HOME/petr.pub" \
		-c user.email=petr@example.org commit -q --allow-empty -m "after leaving"
	d=$(git rev-parse --short=12 HEAD)
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$d Jana Novak <petr@example.org>: signed by a key not in allowed-signers"* ]]
}

@test "verify: a side branch signed with a key removed meanwhile fails even when merged by an allowed worker" {
	casectl verify --add-signer petr@example.org "$HOME/petr.pub" >/dev/null
	git checkout -q -b side
	git -c user.signingkey="$HOME/petr.pub" -c user.email=petr@example.org \
		commit -q --allow-empty -m "petr, on a side branch"
	p=$(git rev-parse --short=12 HEAD)
	git checkout -q main
	grep -v '^petr@' allowed-signers >"$BATS_TEST_TMPDIR/as"
	cat "$BATS_TEST_TMPDIR/as" >allowed-signers
	git commit -q -am "petr's key revoked"
	git merge -q --no-edit side
	[ "$(git rev-list --count --merges HEAD)" -eq 1 ]
	git cat-file commit HEAD | grep -q "^gpgsig "
	run casectl verify -q
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$p Jana Novak <petr@example.org>: signed by petr@example.org with a key since removed from allowed-signers"* ]]
	# a merge by the revoked key itself is refused: it must be allowed in every parent
	git reset -q --hard HEAD~1
	git -c user.signingkey="$HOME/petr.pub" -c user.email=petr@example.org merge -q --no-edit side
	m=$(git rev-parse --short=12 HEAD)
	run casectl verify -q
	[ "$status" -eq 1 ]
	[[ "$output" == *"$m Jana Novak <petr@example.org>: signed by a key not in allowed-signers"* ]]
}

@test "verify after erase: a change of allowed-signers rebuilt by the erasure is vouched for by the tombstone" {
	a=$(open_case "Anna Berg")
	casectl verify --add-signer petr@example.org "$HOME/petr.pub" >/dev/null
	git -c user.signingkey="$HOME/petr.pub" -c user.email=petr@example.org \
		commit -q --allow-empty -m "petr's work"
	CASECTL_NOW=2037-01-02 casectl erase "$a" --force --reason "test" >/dev/null
	# the signer commit was rebuilt: it has no signature now
	s=$(git log --format=%H --grep='^signer: allowed signer added' | head -1)
	! git cat-file commit "$s" | grep -q '^gpgsig ' || false
	run casectl verify
	[ "$status" -eq 0 ]
	[[ "$output" == *"${s:0:12} Jana Novak <jana@example.org>: rewritten by the erasure in "* ]]
	[[ "$output" != *"the file in HEAD"* ]]
	[[ "$output" == *"0 problems, 2 rewritten by an erasure"* ]]
}
