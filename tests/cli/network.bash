# network.bash - helpers for the tests of team, consent, service, link
# and ecomap (load after helper).

# The folder of case $1, relative to the store.
case_dir() {
	(cd "$STORE" && ls -d cases/*/*/"$1")
}

# Put case $1 into phase $2 by editing case.md and 'casectl commit'.
set_phase() {
	local d
	d=$(case_dir "$1")
	sed -i "s/^phase: .*/phase: $2/" "$STORE/$d/case.md"
	casectl commit "$1" >/dev/null 2>&1
}

# Close case $1 (forced: it has no evaluation).
close_case() {
	casectl close "$1" --reason "moved away" --force "test of a closed case" >/dev/null
}

# Assess case $1 and give it a plan with the goals G0, G1 and G1.1: the
# case is then in phase planning.
plan_case() {
	casectl assess "$1" --client-need "stay at home" --need "meals" -m "assessed together" >/dev/null &&
	casectl plan "$1" --macro "Lives safely at home" --measure "no readmission" \
		--due 2027-11-20 >/dev/null &&
	casectl plan "$1" --goal "Meals and hygiene are covered" --domain daily-living \
		--measure "every day" --due 2027-01-31 >/dev/null &&
	casectl plan "$1" --step "Home care twice a day" --under G1 --measure "visits logged" \
		--due 2026-12-15 --responsible "case manager" --checks client >/dev/null
}

# The last commit is "$1 $2: $3" (or "$1: $3" when $2 is empty) with
# the trailers.
assert_commit() {
	local subject msg
	subject=$(git -C "$STORE" log -1 --format=%s)
	msg=$(git -C "$STORE" log -1 --format=%B)
	if [ -n "$2" ]; then
		[ "$subject" = "$1 $2: $3" ] || { echo "subject: $subject"; return 1; }
		[[ "$msg" == *"Case: $2"* ]] || { echo "no Case trailer: $msg"; return 1; }
	else
		[ "$subject" = "$1: $3" ] || { echo "subject: $subject"; return 1; }
		[[ "$msg" != *"Case:"* ]] || { echo "a Case trailer: $msg"; return 1; }
	fi
	[[ "$msg" == *"Action: $1"* ]] || { echo "no Action trailer: $msg"; return 1; }
}

# Every line of $1 is a JSON object; prints how many.
json_objects() {
	/usr/bin/python3 -c '
import json, sys
n = 0
for line in sys.argv[1].splitlines():
    assert isinstance(json.loads(line), dict), line
    n += 1
print(n)' "$1"
}

# Front matter of file $1 as JSON (Python yaml), for checks with jq-less
# Python: yaml_get FILE EXPR evaluates EXPR with d bound to the data.
yaml_get() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys, yaml
t = open(sys.argv[1], encoding='utf-8').read()
d = yaml.safe_load(t[4:t.index('\n---\n', 3) + 1])
print(eval(sys.argv[2]))
PY
}

# Nothing of NEEDLE ($1) in any commit message or path of the store.
assert_not_in_history() {
	if git -C "$STORE" log --all --format=%B | grep -qiF -- "$1"; then
		echo "'$1' in a commit message"; return 1
	fi
	if git -C "$STORE" -c core.quotepath=off log --all --name-only --format= | grep -qiF -- "$1"; then
		echo "'$1' in a path"; return 1
	fi
	if git -C "$STORE" -c core.quotepath=off ls-tree -r --name-only HEAD | grep -qiF -- "$1"; then
		echo "'$1' in the tree"; return 1
	fi
}
