# journey.bash - helpers for the tests of assess, monitor, evaluate,
# close, reopen and handover (load after helper).  Cases are brought
# into a phase with the real commands.

# The folder of case $1, relative to the store.
case_dir() {
	(cd "$STORE" && ls -d cases/*/*/"$1")
}

# The case.md of case $1 (absolute).
case_md() {
	echo "$STORE/$(case_dir "$1")/case.md"
}

phase_of() {
	sed -n 's/^phase: //p' "$(case_md "$1")"
}

# The only file in folder $2 of case $1 (absolute); fails unless exactly one.
only_file() {
	local f
	f=$(ls "$STORE/$(case_dir "$1")/$2/")
	[ "$(echo "$f" | wc -l)" -eq 1 ] || { echo "not one file in $2: $f" >&2; return 1; }
	echo "$STORE/$(case_dir "$1")/$2/$f"
}

# Evaluate the Python expression $2 with d bound to the front matter of $1.
yaml_get() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys, yaml
t = open(sys.argv[1], encoding='utf-8').read()
d = yaml.safe_load(t[4:t.index('\n---\n', 3) + 1])
print(eval(sys.argv[2]))
PY
}

# The last commit is "$1 $2: $3" with the trailers Case: and Action:.
assert_commit() {
	local subject msg
	subject=$(git -C "$STORE" log -1 --format=%s)
	msg=$(git -C "$STORE" log -1 --format=%B)
	[ "$subject" = "$1 $2: $3" ] || { echo "subject: $subject"; return 1; }
	[[ "$msg" == *"Case: $2"* ]] || { echo "no Case trailer: $msg"; return 1; }
	[[ "$msg" == *"Action: $1"* ]] || { echo "no Action trailer: $msg"; return 1; }
}

# Nothing of $1 in any commit message or path.
assert_not_in_history() {
	if git -C "$STORE" log --all --format=%B | grep -qiF -- "$1"; then
		echo "'$1' in a commit message"; return 1
	fi
	if git -C "$STORE" -c core.quotepath=off log --all --name-only --format= | grep -qiF -- "$1"; then
		echo "'$1' in a path"; return 1
	fi
}

# Phases by the real commands.
assess_case() {
	casectl assess "$1" --client-need "stay at home" --need "meals" >/dev/null
}

# Assessed, with a plan of the goals G0, G1 and G1.1: phase planning.
plan_case() {
	assess_case "$1" &&
	casectl plan "$1" --macro "Lives safely at home" --measure "no readmission" \
		--due 2027-11-20 >/dev/null &&
	casectl plan "$1" --goal "Meals are covered" --domain daily-living \
		--measure "every day" --due 2027-01-31 >/dev/null &&
	casectl plan "$1" --step "Home care twice a day" --under G1 --measure "visits logged" \
		--due 2026-12-15 >/dev/null
}

# Planned and linked to an informal support: phase linking.
link_case() {
	plan_case "$1" && casectl link "$1" --informal "Neighbour" --goal G1 >/dev/null
}

# Linked and one visit noted: phase monitoring.
monitor_case() {
	link_case "$1" && casectl monitor "$1" -m "first visit" >/dev/null
}

# An editor script applying the sed program in file $1 to the file it
# is given.  Prints its path.
make_editor() {
	local ed="$BATS_TEST_TMPDIR/ed$RANDOM"
	printf '#!/bin/sh\nsed -i -f %s "$1"\n' "$1" >"$ed"
	chmod +x "$ed"
	echo "$ed"
}

# Run casectl with a terminal (script(1)) and the editor $1.
with_terminal() {
	local ed=$1
	shift
	EDITOR="$ed" run script -qec "$CASECTL_BIN $*" /dev/null
}
