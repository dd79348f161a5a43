#!/usr/bin/env bash
# erase-kill.sh - kill 'casectl erase' with SIGKILL at random moments,
# then prove that the next command recovers and that the erasure was
# either finished or rolled back, never left half done.
#
# usage: erase-kill.sh CASECTL RUNS
# After each kill: the next command (a monitor entry on another case)
# succeeds; no lock is left; git fsck --strict is clean; the case is
# either fully erased (no object anywhere in .git holds the client's
# name, the case is not at HEAD) or fully intact (at HEAD with all its
# commits), and then an erase of it finishes; the other cases are as
# they were.  Prints one line of figures; exits non-zero on any failure.
set -u
bin=${1:?casectl binary}
runs=${2:-200}
dir=$(mktemp -d "${TMPDIR:-/tmp}/casectl-erase-kill.XXXXXX")
fail=1
trap '[ "$fail" -eq 0 ] && rm -rf "$dir" || echo "kept for inspection: $dir"' EXIT
export HOME="$dir/home" GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$dir/home/.config"
export CASECTL_NOW=2026-11-23
unset CASECTL_DIR VISUAL EDITOR
mkdir -p "$HOME"
git config --global user.name "Kill Test"
git config --global user.email kill@example.org
git config --global init.defaultBranch main
store="$dir/store"
c() { "$bin" -C "$store" "$@"; }
die() { echo "erase-kill: run $i: $*"; exit 1; }
c init "$store" >/dev/null || exit 1
# several cases with some history, and one that every run writes to
others=()
for k in 1 2 3; do
	id=$(c open --client "Other Person$k" -m "other $k") || exit 1
	c monitor "$id" -m "first contact $k" --force test >/dev/null || exit 1
	others+=("$id")
done
base=$(c open --client "Base Case" -m "base") || exit 1
others_tree() {
	local id
	for id in "${others[@]}"; do git -C "$store" ls-tree -r HEAD -- "$(cd "$store" && ls -d cases/*/*/"$id")"; done
}
before=$(others_tree)
# a closed case of client NAME, erasable today; prints its ID
victim() {
	local id
	id=$(c open --client "$1" -m "intake of $1") || return 1
	c monitor "$id" -m "visit with $1" --force test >/dev/null &&
	c close "$id" --reason "moved away" --force test >/dev/null && echo "$id"
}
erase_env() { CASECTL_NOW=2040-01-01 "$@"; }
# how long one erase takes (the median of three), so that the kills
# spread over all of it
times=()
for k in 1 2 3; do
	id=$(victim "Timing Person$k") || exit 1
	t0=$(date +%s%N); erase_env c erase "$id" >/dev/null || exit 1; t1=$(date +%s%N)
	times+=($(( (t1 - t0) / 1000000 * 5 / 4 + 5 )))
done
maxms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
killed=0 done_before=0 finished=0 rolled=0
start=$(date +%s)
for ((i = 1; i <= runs; i++)); do
	name="Victim Run$i"
	id=$(victim "$name") || die "cannot make the case"
	vdir=$(cd "$store" && ls -d cases/*/*/"$id")
	ncommits=$(git -C "$store" rev-list --count HEAD -- "$vdir")
	# casectl itself in the background (not a function's subshell), so
	# that SIGKILL hits it
	CASECTL_NOW=2040-01-01 "$bin" -C "$store" erase "$id" >"$dir/out" 2>&1 &
	pid=$!
	r=$((RANDOM * 32768 + RANDOM))
	# a third of the kills in the first 40 ms, where the tombstone is made
	if ((i % 3)); then r=$((r % maxms)); else r=$((r % 40)); fi
	sleep "$(printf '%d.%03d' $((r / 1000)) $((r % 1000)))"
	{ kill -9 "$pid"; wait "$pid"; rc=$?; } 2>/dev/null
	if [ "$rc" -eq 137 ]; then killed=$((killed + 1)); elif [ "$rc" -eq 0 ]; then done_before=$((done_before + 1)); else
		cat "$dir/out"; die "erase failed with status $rc"; fi
	# the next command recovers, whatever was left
	c monitor "$base" -m "after run $i" --force test >"$dir/next" 2>&1 || { cat "$dir/next"; die "the next command failed"; }
	[ -e "$store/.git/casectl/lock" ] && die "a lock was left behind"
	git -C "$store" rev-parse -q --verify HEAD^{commit} >/dev/null || die "HEAD does not resolve"
	git -C "$store" fsck --strict --no-progress >"$dir/fsck" 2>&1 || { cat "$dir/fsck"; die "fsck"; }
	[ "$(git -C "$store" status --porcelain)" = "" ] || { git -C "$store" status --porcelain; die "not clean"; }
	held=$(git -C "$store" cat-file --batch-all-objects --batch | grep -c -F "$name")
	if git -C "$store" cat-file -e "HEAD:$vdir/case.md" 2>/dev/null; then
		# intact: every commit of the case, then an erase finishes it
		[ "$(git -C "$store" rev-list --count HEAD -- "$vdir")" -eq "$ncommits" ] || die "case at HEAD but history changed"
		[ "$rc" -eq 137 ] || die "acknowledged erase, but the case is at HEAD"
		rolled=$((rolled + 1))
		erase_env c erase "$id" >"$dir/out" 2>&1 || { cat "$dir/out"; die "erase after a roll-back failed"; }
		held=$(git -C "$store" cat-file --batch-all-objects --batch | grep -c -F "$name")
	elif [ "$rc" -eq 137 ]; then
		finished=$((finished + 1))
	fi
	[ "$held" -eq 0 ] || die "$held objects still hold '$name'"
	[ "$(git -C "$store" rev-list --count HEAD -- "$vdir")" -eq 0 ] || die "history still holds $vdir"
	[ "$(others_tree)" = "$before" ] || die "another case changed"
	n=$(git -C "$store" grep -c -F "after run" HEAD -- "$(cd "$store" && ls -d cases/*/*/"$base")" | awk -F: '{s+=$NF} END {print s+0}')
	[ "$n" -eq "$i" ] || die "$n of $i acknowledged notes of the base case are at HEAD"
done
elapsed=$(( $(date +%s) - start ))
fail=0
echo "erase-kill: $runs runs in ${elapsed}s (kills within ${maxms} ms): $killed killed ($finished finished by the next command, $rolled rolled back), $done_before done before the kill; all sound"
