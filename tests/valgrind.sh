#!/usr/bin/env bash
# valgrind.sh CASECTL UNIT_BINS [BATS_FILES...] - the whole suite under
# valgrind memcheck (full leak check) with the plain build: every unit
# test binary and every tests/cli/*.bats file (or the files given),
# VALGRIND_JOBS (default 2) at a time, each with its own logs.
#
# casectl runs through a wrapper given to the tests as CASECTL_BIN; each
# run writes its own valgrind log.  A memory error or a definite or
# indirect leak makes the run exit 99 (so the test fails) and leaves a
# non-empty log, which is printed and counted as a failure.  The stress
# tests run at smaller sizes (CRASH_RUNS, WRITERS, WRITER_OPS, SYNC_OPS,
# CI_FUZZ_SECONDS; set them to override).  Closes with "N passed, N
# failed, N skipped" like tests/run-all, and exits non-zero on any failure.
set -u

# One job: a unit test binary or a bats file; writes res/NAME.
if [ "${1:-}" = --one ]; then
	read -ra VG_OPTS <<<"$VG_OPTS_STR"
	item=$2 name=$(basename "$2") t0=$(date +%s)
	out="$VG_LOGS/out/$name"
	case $item in
	*.bats)
		VG_TAG=$name bats --tap "$item" >"$out" 2>&1
		p=$(grep -c '^ok ' "$out") f=$(grep -c '^not ok ' "$out")
		k=$(grep -c '^ok .* # skip\( \|$\)' "$out")
		[ "$p" -eq 0 ] && [ "$f" -eq 0 ] && f=1  # bats itself failed
		p=$((p - k))
		;;
	*)
		"$VG" "${VG_OPTS[@]}" --log-file="$VG_LOGS/vg/unit-$name.%p" "$item" >"$out" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
		p=${p:-0} f=${f:-0}
		k=$(grep '^\[  SKIPPED \] [^0-9]' "$out" | sort -u | wc -l)
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1  # crashed or valgrind stopped it
		;;
	esac
	echo "$p $f $(( $(date +%s) - t0 )) $k" >"$VG_LOGS/res/$name"
	echo "# $name: $p passed, $f failed, $k skipped, $(( $(date +%s) - t0 )) s" >&2
	exit 0
fi

bin=${1:?casectl binary}; units=${2-}; shift 2
here=$(cd "$(dirname "$0")" && pwd)
VG=$(command -v valgrind) || { echo "valgrind is not installed (make deps)"; exit 2; }
# --vgdb=no: no FIFOs left in /tmp by runs the stress tests kill
VG_OPTS=(-q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
	--show-leak-kinds=definite,indirect --track-fds=no --vgdb=no --num-callers=30)
for s in "$here"/valgrind*.supp; do
	[ -e "$s" ] && VG_OPTS+=(--suppressions="$s")
done
VG_LOGS=$(mktemp -d "${TMPDIR:-/tmp}/casectl-valgrind.XXXXXX")
trap 'rm -rf "$VG_LOGS"' EXIT
mkdir -p "$VG_LOGS/vg" "$VG_LOGS/out" "$VG_LOGS/res"
export VG VG_LOGS
export VG_OPTS_STR="${VG_OPTS[*]}"

# The wrapper: absolute paths only (tests change PATH), exec so that a
# signal sent to CASECTL_BIN reaches the valgrind process itself.
wrap="$VG_LOGS/casectl"
cat >"$wrap" <<W
#!/bin/sh
l="$VG_LOGS/vg/\${VG_TAG:-cli}.\$\$.\$($(command -v date) +%s%N)"
printf '%s\n%s\n' "\$PWD" "casectl \$*" >"\$l.args"
exec "$VG" $VG_OPTS_STR --log-file="\$l" "$bin" "\$@"
W
chmod +x "$wrap"
export CASECTL_BIN="$wrap"
export CRASH_RUNS=${CRASH_RUNS:-40} WRITERS=${WRITERS:-2} WRITER_OPS=${WRITER_OPS:-20}
export SYNC_OPS=${SYNC_OPS:-40} CI_FUZZ_SECONDS=${CI_FUZZ_SECONDS:-2}

if [ "$#" -gt 0 ]; then files=("$@"); else files=("$here"/cli/*.bats); fi
# the longest first, so that the jobs end together
items=()
for f in stress sync plan link report; do
	for g in "${files[@]}"; do [ "$(basename "$g")" = "$f.bats" ] && items+=("$g"); done
done
for g in "${files[@]}"; do
	case " ${items[*]} " in *" $g "*) ;; *) items+=("$g") ;; esac
done
items+=($units)

start=$(date +%s)
printf '%s\0' "${items[@]}" | xargs -0 -n1 -P"${VALGRIND_JOBS:-2}" "$here/valgrind.sh" --one

passed=0 failed=0 skipped=0
for i in "${items[@]}"; do
	n=$(basename "$i")
	read -r p f s k <"$VG_LOGS/res/$n" 2>/dev/null || { p=0 f=1 s=? k=0; }
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + k))
	[ "$k" -eq 0 ] || grep '^ok .* # skip\( \|$\)\|^\[  SKIPPED \] [^0-9]' "$VG_LOGS/out/$n" | sort -u | sed "s/^/# skipped in $n: /"
	if [ "$f" -ne 0 ]; then
		echo "== $n: $f failed"
		case $n in
		*.bats) awk '/^not ok /{p=1; print; next} /^(ok|not ok) /{p=0} p' "$VG_LOGS/out/$n" | head -60 ;;
		*) tail -40 "$VG_LOGS/out/$n" ;;
		esac
	fi
done
runs=$(find "$VG_LOGS/vg" -name '*.args' | wc -l)
bad=0
for l in "$VG_LOGS"/vg/*; do
	case $l in *.args) continue ;; esac
	[ -s "$l" ] || continue
	bad=$((bad + 1))
	echo "== valgrind: $(basename "$l")"
	[ -e "$l.args" ] && sed 's/^/   /' "$l.args"
	head -60 "$l"
done
echo "valgrind: $(( $(date +%s) - start )) s, $runs casectl runs, $bad with errors"
failed=$((failed + bad))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
