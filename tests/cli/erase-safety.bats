#!/usr/bin/env bats
# erase-safety.bats - erase is atomic, never races, and says exactly
# what it reached (issue 12, section 1)

load helper

setup() {
	setup_common
}

case_dir() {
	ls -d "$STORE"/cases/*/*/"$1" | sed "s|^$STORE/||"
}

close_forced() {
	casectl close "$1" --reason "moved away" --force "test of a closed case" >/dev/null
}

# A closed case with a few records, named NAME; prints its ID.
closed_case() {
	local id
	id=$(open_case "$1")
	casectl monitor "$id" -m "visit with $1" --force "test" >/dev/null
	close_forced "$id"
	echo "$id"
}

# Every object of the repository, as text.
all_objects() {
	git -C "${1:-$STORE}" cat-file --batch-all-objects --batch
}

@test "erase while another worker commits: every acknowledged commit survives" {
	new_store
	b=$(open_case "Bert Cole")
	ids=()
	for k in 1 2 3 4 5 6; do
		ids+=("$(closed_case "Erasable Person$k")")
	done
	export CASECTL_NOW=2037-01-02
	: >"$BATS_TEST_TMPDIR/acked"
	(
		for i in $(seq 1 60); do
			if casectl monitor "$b" -m "note number $i" --force "test" >/dev/null 2>&1; then
				echo "$i" >>"$BATS_TEST_TMPDIR/acked"
			fi
		done
	) &
	writer=$!
	for id in "${ids[@]}"; do
		run casectl erase "$id"
		echo "$output"
		[ "$status" -eq 0 ]
		[[ "$output" == *"erased case '$id'"* ]]
	done
	wait "$writer"
	# the branch resolves, the repository is sound
	git rev-parse --verify -q HEAD^{commit} >/dev/null
	run git fsck --strict --no-progress
	[ "$status" -eq 0 ]
	# every acknowledged note is at HEAD
	[ -s "$BATS_TEST_TMPDIR/acked" ]
	while read -r i; do
		git grep -q -F "note number $i" HEAD -- cases || { echo "lost: note $i"; false; }
	done <"$BATS_TEST_TMPDIR/acked"
	# and the erased are gone
	run bash -c "git -C '$STORE' cat-file --batch-all-objects --batch | grep -c 'Erasable Person'"
	[ "$output" = "0" ]
	run casectl check
	[ "$status" -eq 0 ]
	assert_clean
}
