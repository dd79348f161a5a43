#!/usr/bin/env bash
# sync.sh - CLONES clones of one store served by git daemon on loopback
# make OPS operations in random order, offline (open a case, record a
# consent on a shared case, edit a shared case's review date by hand),
# syncing at random; then everyone syncs until nothing moves.  Prove:
# all clones and the server converge to the same HEAD, every
# acknowledged case and consent exists exactly once, the server passes
# git fsck --strict, every conflict is kept and resolvable.
#
# usage: sync.sh CASECTL [CLONES] [OPS] [SEED]
set -u
bin=${1:?casectl binary}
clones=${2:-3}
ops=${3:-200}
seed=${4:-$$}
dir=$(mktemp -d "${TMPDIR:-/tmp}/casectl-sync.XXXXXX")
daemon=
cleanup() {
	[ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
[ -n "${SYNC_KEEP:-}" ] && trap "kill \$daemon 2>/dev/null; echo kept \$dir" EXIT
umask 077
export HOME="$dir/home" GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$dir/home/.config"
export CASECTL_NOW=2026-11-23 CASECTL_LOCK_TIMEOUT=120
unset CASECTL_DIR VISUAL EDITOR
mkdir -p "$HOME" "$dir/srv"
git config --global user.name "Sync Tester"
git config --global user.email sync@example.org
git config --global init.defaultBranch main
git init -q --bare "$dir/srv/store.git"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
git daemon --reuseaddr --enable=receive-pack --base-path="$dir/srv" --export-all \
	--listen=127.0.0.1 --port="$port" "$dir/srv" 2>"$dir/daemon.log" &
daemon=$!
url="git://127.0.0.1:$port/store.git"
for i in $(seq 1 50); do git ls-remote "$url" >/dev/null 2>&1 && break; sleep 0.1; done

c() { local k=$1; shift; "$bin" -C "$dir/c$k" "$@"; }
start=$(date +%s)
"$bin" init "$dir/c1" >/dev/null || exit 1
c 1 remote add origin "$url" || exit 1
shared=$(c 1 open --client "Shared Case" -m "shared") || exit 1
c 1 sync >/dev/null || exit 1
for ((k = 2; k <= clones; k++)); do git clone -q "$url" "$dir/c$k" || exit 1; done

RANDOM=$seed
syncs=0 opens=0 consents=0 edits=0 errors=0 conflicts=0 resolves=0
: >"$dir/ids"
for ((i = 1; i <= ops; i++)); do
	k=$((RANDOM % clones + 1))
	case $((RANDOM % 8)) in
	0|1|2)
		if id=$(c "$k" open --client "Client $i" -m "op $i" 2>>"$dir/err"); then
			echo "$id" >>"$dir/ids"; opens=$((opens + 1))
		else errors=$((errors + 1)); fi ;;
	3|4)
		if c "$k" consent "$shared" --grant --to "Org $i" --what health >/dev/null 2>>"$dir/err"; then
			consents=$((consents + 1))
		else errors=$((errors + 1)); fi ;;
	5)
		f=$(ls -d "$dir/c$k"/cases/*/*/"$shared")/case.md
		if ! grep -q '^conflict:' "$f"; then
			sed -i "s/^review: .*/review: 2027-$(printf %02d $((RANDOM % 12 + 1)))-$(printf %02d $((RANDOM % 28 + 1)))/" "$f"
			if c "$k" commit "$shared" >/dev/null 2>>"$dir/err"; then edits=$((edits + 1))
			else git -C "$dir/c$k" checkout -q -- .; fi
		fi ;;
	*)
		out=$(c "$k" sync 2>>"$dir/err") || { errors=$((errors + 1)); echo "sync failed: $out" >>"$dir/err"; }
		syncs=$((syncs + 1))
		if [[ "$out" == *"conflict:"* ]]; then
			conflicts=$((conflicts + 1))
			if c "$k" resolve "$shared" --ours >/dev/null 2>>"$dir/err"; then resolves=$((resolves + 1))
			else errors=$((errors + 1)); fi
			# share the decision at once
			c "$k" sync >/dev/null 2>>"$dir/err" || errors=$((errors + 1))
			syncs=$((syncs + 1))
		fi ;;
	esac
done
# everyone syncs until nothing moves (at most 5 passes)
rounds=0
for pass in 1 2 3 4 5; do
	rounds=$((rounds + 1))
	for ((k = 1; k <= clones; k++)); do
		out=$(c "$k" sync 2>>"$dir/err") || { errors=$((errors + 1)); echo "final sync: $out" >>"$dir/err"; }
		syncs=$((syncs + 1))
		if [[ "$out" == *"conflict:"* ]]; then
			conflicts=$((conflicts + 1))
			if c "$k" resolve "$shared" --theirs >/dev/null 2>>"$dir/err"; then resolves=$((resolves + 1))
			else errors=$((errors + 1)); fi
			c "$k" sync >/dev/null 2>>"$dir/err" || errors=$((errors + 1))
			syncs=$((syncs + 1))
		fi
	done
	h=$(git -C "$dir/c1" rev-parse HEAD)
	same=1
	for ((k = 2; k <= clones; k++)); do
		[ "$(git -C "$dir/c$k" rev-parse HEAD)" = "$h" ] || same=0
	done
	[ "$(git --git-dir="$dir/srv/store.git" rev-parse main)" = "$h" ] || same=0
	[ $same -eq 1 ] && break
done
fail=0
[ $same -eq 1 ] || { echo "clones did not converge"; fail=1; }
[ $errors -eq 0 ] || { echo "$errors operations failed:"; tail -20 "$dir/err"; fail=1; }
for id in $(cat "$dir/ids"); do
	n=$(ls -d "$dir/c1"/cases/*/*/"$id" 2>/dev/null | wc -l)
	[ "$n" -eq 1 ] || { echo "case $id found $n times"; fail=1; }
done
n=$(git -C "$dir/c1" log --format=%s | grep -c '^open ')
[ "$n" -eq $((opens + 1)) ] || { echo "expected $((opens + 1)) open commits, found $n"; fail=1; }
n=$(ls "$dir/c1"/cases/*/*/"$shared"/consent/ | wc -l)
[ "$n" -eq "$consents" ] || { echo "expected $consents consents, found $n"; fail=1; }
git --git-dir="$dir/srv/store.git" fsck --strict --no-progress >/dev/null 2>&1 ||
	{ echo "git fsck --strict fails on the server"; fail=1; }
for ((k = 1; k <= clones; k++)); do
	[ -z "$(git -C "$dir/c$k" status --porcelain)" ] || { echo "clone $k not clean"; fail=1; }
	if "$bin" -C "$dir/c$k" check 2>/dev/null | grep -q conflict; then
		echo "clone $k has unresolved conflicts"; fail=1
	fi
done
merges=$(git -C "$dir/c1" rev-list --merges --count HEAD)
echo "clones=$clones ops=$ops seed=$seed opens=$opens consents=$consents edits=$edits" \
	"syncs=$syncs merges=$merges conflicts=$conflicts resolved=$resolves final-passes=$rounds" \
	"seconds=$(($(date +%s) - start))"
[ $fail -eq 0 ] && echo "converged"
exit $fail
