#!/usr/bin/env bash
# crash.sh - kill casectl with SIGKILL at random points of mutating runs,
# then prove nothing acknowledged was lost and the store is sound.
#
# usage: crash.sh CASECTL RUNS
# Prints one line of figures and exits non-zero on any loss or damage.
set -u
bin=${1:?casectl binary}
runs=${2:-500}
dir=$(mktemp -d "${TMPDIR:-/tmp}/casectl-crash.XXXXXX")
trap '[ "${fail:-1}" -eq 0 ] && rm -rf "$dir" || echo "kept for inspection: $dir"' EXIT
export HOME="$dir/home" GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$dir/home/.config"
mkdir -p "$HOME"
git config --global user.name "Crash Test"
git config --global user.email crash@example.org
store="$dir/store"
"$bin" init "$store" >/dev/null || exit 1
c() { "$bin" -C "$store" "$@"; }
base=$(c open --client "Base Case" -m "base")
acked="$dir/acked"
: >"$acked"
killed=0
completed=0
# how long one run takes, so that the kills spread over all of it
maxms=5
for k in 1 2 3; do
	t0=$(date +%s%N); c open --client "Timing $k" -m x >/dev/null; t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 * 5 / 4 + 5 ))
	[ "$ms" -gt "$maxms" ] && maxms=$ms
done
[ "$maxms" -gt 30000 ] && maxms=30000
for ((i = 1; i <= runs; i++)); do
	# alternate between a new case and a hand edit of the shared case;
	# casectl itself runs in the background so that SIGKILL hits it
	f=$(ls "$store"/cases/*/*/"$base"/case.md)
	if ((i % 2)); then
		"$bin" -C "$store" open --client "Client $i" -m "run $i" >"$dir/out.$i" 2>/dev/null &
	else
		printf 'line %s\n' "$i" >>"$f"
		"$bin" -C "$store" commit "$base" >/dev/null 2>&1 &
	fi
	pid=$!
	# a random moment within a run
	r=$((RANDOM % maxms))
	sleep "$(printf '%d.%03d' $((r / 1000)) $((r % 1000)))"
	{ kill -9 "$pid"; wait "$pid"; rc=$?; } 2>/dev/null
	[ "$rc" -eq 137 ] && killed=$((killed + 1))
	if [ "$rc" -eq 0 ]; then
		completed=$((completed + 1))
		if ((i % 2)); then echo "open $i $(cat "$dir/out.$i")" >>"$acked"; else echo "edit $i" >>"$acked"; fi
	fi
	# an interrupted hand edit stays in the working tree: commit it as a
	# worker would, so the next run starts clean (this also clears any
	# stale lock and says so)
	c commit >/dev/null 2>&1
done
fail=0
# the next command recovers whatever was left and works
c commit >"$dir/last-commit.out" 2>&1
if [ -e "$store/.git/casectl/lock" ]; then echo "lock left behind"; fail=1; fi
if ! git -C "$store" fsck --strict --no-progress >/dev/null 2>&1; then echo "git fsck --strict failed"; fail=1; fi
if [ -n "$(git -C "$store" status --porcelain)" ]; then echo "store not clean:"; git -C "$store" status --porcelain | head; fail=1; fi
tmp=$(find "$store/cases" -name '.casectl-tmp-*' | wc -l)
if [ "$tmp" -ne 0 ]; then echo "$tmp temporary files left in case folders"; fail=1; fi
lost=0
f=$(ls "$store"/cases/*/*/"$base"/case.md)
while read -r kind n id; do
	case $kind in
	open) c show "$id" >/dev/null 2>&1 || { echo "lost: case $id of run $n"; lost=$((lost + 1)); } ;;
	edit) grep -qx "line $n" "$f" || { echo "lost: edit of run $n"; lost=$((lost + 1)); } ;;
	esac
done <"$acked"
[ "$lost" -eq 0 ] || fail=1
problems=$(c check 2>/dev/null | wc -l)
[ "$problems" -eq 0 ] || { echo "casectl check found $problems problems"; fail=1; }
echo "crash trials: $runs runs (kills spread over ${maxms} ms), $killed killed, $completed completed, $(wc -l <"$acked") acknowledged, $lost lost, fsck $([ $fail -eq 0 ] && echo clean || echo FAILED)"
exit $fail
