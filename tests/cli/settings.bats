#!/usr/bin/env bats
# The shared settings in casectl.md: every key has one rule of shape and
# range, refused with casectl.md:LINE naming the key and the allowed
# values by every command that reads the settings and by check; a bad
# value or a deleted casectl.md that comes through sync is not taken.

load helper

setup() {
	setup_common
	umask 077
	new_store
	ID=$(open_case)
}

# Set KEY to VALUE in casectl.md (by hand, committed with plain git).
set_key() {
	sed -i "s/^$1: .*/$1: $2/" casectl.md
	grep -q "^$1: $2\$" casectl.md
	git commit -q -am "settings by hand"
}

line_of() { grep -n "^$1:" casectl.md | cut -d: -f1; }

# KEY VALUE ALLOWED: refused by open, monitor, due and check, naming the line.
assert_refused() {
	local line msg
	set_key "$1" "$2"
	line=$(line_of "$1")
	msg="casectl.md:$line: '$1' is '$2'; it must be $3"
	before=$(snapshot)
	for cmd in "open --client X --referral self -m y" "monitor $ID -m call --force intake" "due"; do
		run casectl $cmd
		[ "$status" -eq 1 ] || { echo "$cmd: $status $output"; return 1; }
		[[ "$output" == *"error: $msg"* ]] || { echo "$cmd: $output"; return 1; }
	done
	[ "$(snapshot)" = "$before" ]
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$msg"* ]] || { echo "check: $output"; return 1; }
	git reset -q --hard HEAD~
}

@test "each setting out of its range is refused by every command that reads it, with casectl.md:LINE" {
	assert_refused retention 0d "a duration from 1m to 100y (such as 10y)"
	assert_refused retention 200y "a duration from 1m to 100y (such as 10y)"
	assert_refused retention soon "a duration from 1m to 100y (such as 10y)"
	assert_refused review-interval 0d "a duration from 1d to 2y (such as 6m)"
	assert_refused review-interval 3y "a duration from 1d to 2y (such as 6m)"
	assert_refused link-wait-limit 0w "a duration from 1d to 1y (such as 30d)"
	assert_refused link-wait-limit 13m "a duration from 1d to 1y (such as 30d)"
	assert_refused contact-gap-limit 0d "a duration from 1d to 1y (such as 30d)"
	assert_refused contact-gap-limit 2y "a duration from 1d to 1y (such as 30d)"
	assert_refused caseload-limit 0 "a whole number from 1 to 10000"
	assert_refused caseload-limit 10001 "a whole number from 1 to 10000"
	assert_refused caseload-limit twelve "a whole number from 1 to 10000"
	assert_refused language xx "one of en, cs, de, nb, es, ru"
	assert_refused id-scheme uuid4 "month-random40"
	assert_refused casectl 0 "1"
	assert_refused casectl one "1"
}

@test "the edges of each range are taken" {
	for kv in "retention 1m" "retention 100y" "review-interval 1d" "review-interval 2y" \
	    "link-wait-limit 1d" "link-wait-limit 1y" "contact-gap-limit 365" \
	    "caseload-limit 1" "caseload-limit 10000" "language ru"; do
		set -- $kv
		set_key "$1" "$2"
		run casectl check
		[ "$status" -eq 0 ] || { echo "$kv: $output"; return 1; }
		run casectl monitor "$ID" -m call --force intake
		[ "$status" -eq 0 ] || { echo "$kv: $output"; return 1; }
	done
}

@test "a newer format version asks for a newer casectl; a list or map where a value belongs is refused" {
	set_key casectl 99
	run casectl open --client X --referral self -m y
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: casectl.md:2: 'casectl' (the format version) is '99'; this casectl reads format 1 only: upgrade casectl"* ]]
	git reset -q --hard HEAD~
	sed -i "s/^retention: .*/retention: [1y, 2y]/" casectl.md
	git commit -q -am "a list"
	run casectl due
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: casectl.md:$(line_of retention): 'retention' must be a single value: a duration from 1m to 100y (such as 10y)"* ]]
}

@test "check names an unknown setting such as 'format: 99'; commands pass over it" {
	sed -i '2i format: 99' casectl.md
	git commit -q -am "an unknown key"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"casectl.md:2: unknown setting 'format'; the settings are casectl (the format version), language, review-interval"* ]]
	run casectl monitor "$ID" -m call --force intake
	[ "$status" -eq 0 ]
}

@test "casectl commit refuses a hand edit of casectl.md with a value out of range or an unknown key" {
	for edit in 's/^retention: .*/retention: 0d/' '2i format: 99'; do
		sed -i "$edit" casectl.md
		before=$(git rev-parse HEAD)
		run casectl commit
		[ "$status" -eq 1 ]
		[[ "$output" == *"casectl.md:"*"error: nothing committed; fix the files above"* ]]
		[[ "$output" == *"'retention' is '0d'; it must be a duration from 1m to 100y"* ||
		   "$output" == *"unknown setting 'format'"* ]]
		[ "$(git rev-parse HEAD)" = "$before" ]
		git checkout -q casectl.md
	done
}

# A second store, a clone through a bare remote, for the sync tests.
two_stores() {
	SRV="$BATS_TEST_TMPDIR/srv.git"
	git init -q --bare "$SRV"
	casectl remote add origin "$SRV"
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	OTHER="$BATS_TEST_TMPDIR/other"
	git clone -q "$SRV" "$OTHER"
}

@test "a bad value that comes through sync is not taken: the store keeps its casectl.md, says so, and puts it back" {
	two_stores
	for local_change in no yes; do
		git -C "$OTHER" pull -q origin main
		theirs=$(cd "$OTHER" && "$CASECTL_BIN" open --client "Theirs" --referral self -m x)
		sed -i "s/^retention: .*/retention: 0d/" "$OTHER/casectl.md"
		git -C "$OTHER" commit -q -am "retention 0d"
		git -C "$OTHER" push -q origin main
		[ "$local_change" = no ] || casectl monitor "$ID" -m "here" --force intake >/dev/null
		run casectl sync
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
		[[ "$output" == *"warning: what came from 'origin' has a casectl.md that casectl refuses (casectl.md:$(line_of retention): 'retention' is '0d'; it must be a duration from 1m to 100y (such as 10y)); the store keeps its own casectl.md"* ]]
		grep -q "^retention: 10y$" casectl.md
		# everything else came in, and the store works
		run casectl show "$theirs"
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
		run casectl monitor "$ID" -m "after" --force intake
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
		run casectl check
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
		run casectl sync
		[ "$status" -eq 0 ]
		assert_clean
		# the remote has the good value back
		git -C "$OTHER" pull -q origin main
		grep -q "^retention: 10y$" "$OTHER/casectl.md"
	done
}

@test "a casectl.md deleted by a colleague is not taken; the store stays a store" {
	two_stores
	git -C "$OTHER" rm -q casectl.md
	git -C "$OTHER" commit -q -m "no settings"
	git -C "$OTHER" push -q origin main
	run casectl sync
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	# the check of what came in refuses the delete first (store-incoming.c);
	# the settings guard behind it sees the store's own casectl.md
	[[ "$output" == *"warning: refused 'casectl.md' from commit "*"the settings file was deleted"* ]] || { echo "$output"; return 1; }
	[ -f casectl.md ]
	run casectl show "$ID"
	[ "$status" -eq 0 ]
	git -C "$OTHER" pull -q origin main
	[ -f "$OTHER/casectl.md" ]
	assert_clean
}
