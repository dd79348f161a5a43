#!/usr/bin/env bash
# writers.sh - WRITERS processes each make OPS changes on one store at the
# same time, some on the same case; prove no error, nothing lost, and a
# history that reads as a clean sequence.
#
# usage: writers.sh CASECTL WRITERS OPS
set -u
bin=${1:?casectl binary}
writers=${2:-8}
ops=${3:-100}
dir=$(mktemp -d "${TMPDIR:-/tmp}/casectl-writers.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export HOME="$dir/home" GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$dir/home/.config"
export CASECTL_LOCK_TIMEOUT=300
mkdir -p "$HOME"
git config --global user.name "Writer"
git config --global user.email writer@example.org
store="$dir/store"
"$bin" init "$store" >/dev/null || exit 1
c() { "$bin" -C "$store" "$@"; }
shared=$(c open --client "Shared Case" -m "shared")
start=$(git -C "$store" rev-list --count HEAD)

writer() {
	local w=$1 i errs=0 mine=""
	for ((i = 1; i <= ops; i++)); do
		case $((i % 3)) in
		0) id=$(c open --client "W$w C$i" -m "writer $w op $i") && echo "$id" >>"$dir/ids.$w" || errs=$((errs + 1)) ;;
		1) c team "$shared" --add "Helper $w-$i" --role neighbour --informal >/dev/null 2>&1 || errs=$((errs + 1)) ;;
		2) c consent "$shared" --grant --to "Org $w-$i" --what "health" >/dev/null 2>&1 || errs=$((errs + 1)) ;;
		esac
	done
	echo "$errs" >"$dir/errs.$w"
}
for ((w = 1; w <= writers; w++)); do writer "$w" & done
wait
fail=0
errs=$(cat "$dir"/errs.* | paste -sd+ | bc)
[ "$errs" -eq 0 ] || { echo "$errs operations failed"; fail=1; }
total=$((writers * ops))
commits=$(($(git -C "$store" rev-list --count HEAD) - start))
[ "$commits" -eq "$total" ] || { echo "expected $total commits, found $commits"; fail=1; }
merges=$(git -C "$store" rev-list --merges --count HEAD)
[ "$merges" -eq 0 ] || { echo "$merges merge commits: history is not a clean sequence"; fail=1; }
lost=0
for id in $(cat "$dir"/ids.* 2>/dev/null); do
	c show "$id" >/dev/null 2>&1 || lost=$((lost + 1))
done
members=$(c team "$shared" --format json | wc -l)
consents=$(ls "$store"/cases/*/*/"$shared"/consent/ 2>/dev/null | wc -l)
want_team=0 want_consent=0
for ((i = 1; i <= ops; i++)); do
	case $((i % 3)) in 1) want_team=$((want_team + writers)) ;; 2) want_consent=$((want_consent + writers)) ;; esac
done
[ "$members" -eq "$want_team" ] || { echo "team has $members members, expected $want_team"; lost=$((lost + want_team - members)); }
[ "$consents" -eq "$want_consent" ] || { echo "$consents consents, expected $want_consent"; lost=$((lost + want_consent - consents)); }
[ "$lost" -eq 0 ] || fail=1
git -C "$store" fsck --strict --no-progress >/dev/null 2>&1 || { echo "fsck failed"; fail=1; }
[ -z "$(git -C "$store" status --porcelain)" ] || { echo "store not clean"; fail=1; }
echo "writers: $writers x $ops operations, $errs errors, $lost lost, $commits commits, $merges merges"
exit $fail
