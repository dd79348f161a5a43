#!/usr/bin/env bats
# issue 12, section 4: local bad input and output - control characters,
# -o files, a failing editor, unbounded import, one rule per field,
# expired consents in due, GIT_CONFIG_GLOBAL

load helper

setup() { setup_common; new_store; }

ESC=$'\033'
BEL=$'\a'
CSI=$'\xc2\x9b'     # U+009B, a C1 control
RLO=$'\xe2\x80\xae' # U+202E, right-to-left override

# A case whose client name holds ESC, BEL, CSI and RLO, written by hand
# as a colleague's push would bring it (YAML escapes, so the file parses).
hostile_case() {
	local id f
	id=$(open_case "Marie")
	f=$(ls "$STORE"/cases/*/*/"$id"/case.md)
	sed -i 's/^  name: Marie$/  name: "Ma\\e[31mrie\\a\\x9b\\u202eX"/' "$f"
	grep -q 'name: "Ma\\e' "$f"
	git -C "$STORE" commit -q -a --no-verify -m "hand edit"
	echo "$id"
}

no_raw_controls() {
	# the raw bytes must not be there; their escapes must
	! grep -q "[$ESC$BEL]" <<<"$1" || { echo "raw control in: $1"; return 1; }
	! grep -q "$CSI" <<<"$1" || { echo "raw CSI in: $1"; return 1; }
	! grep -q "$RLO" <<<"$1" || { echo "raw RLO in: $1"; return 1; }
}

# --- 1. control characters ---------------------------------------------

@test "control characters in a one-line option are refused, the store unchanged" {
	before=$(snapshot)
	for v in "Ma${ESC}[31mrie" "Ma${BEL}rie" "Ma${CSI}rie" "Ma${RLO}rie" "Ma"$'\x7f'"rie" "Ma"$'\t'"rie"; do
		run casectl open --client "$v" --referral hospital -m "needs"
		[ "$status" -eq 1 ]
		[[ "$output" == *"control character U+"* ]]
		no_raw_controls "$output"
	done
	run casectl open --client Marie --referral "x${ESC}y" -m "needs"
	[ "$status" -eq 1 ]
	[[ "$output" == *"'source' has the control character U+001B (ESC)"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "control characters are refused in every command that writes a value" {
	id=$(open_case)
	before=$(snapshot)
	run casectl assess "$id" --client-need "a${ESC}b" --domain health
	[ "$status" -eq 1 ]; [[ "$output" == *"U+001B"* ]]
	run casectl monitor "$id" --kind phone --with "A${BEL}" -m "called" --force "test"
	[ "$status" -eq 1 ]; [[ "$output" == *"U+0007"* ]]
	run casectl consent "$id" --grant --to "GP${CSI}" --what health
	[ "$status" -eq 1 ]; [[ "$output" == *"U+009B"* ]]
	run casectl team "$id" --add "Vera${RLO}" --role friend
	[ "$status" -eq 1 ]; [[ "$output" == *"U+202E"* ]]
	run casectl service add "Home${ESC}care" --area P7
	[ "$status" -eq 1 ]; [[ "$output" == *"U+001B"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "a newline in a one-line value is refused: no value can add a row to list or due" {
	before=$(snapshot)
	run casectl open --client $'Fake\n2jzzzzzzzz  intake  open  FAKE' --referral hospital -m "needs"
	[ "$status" -eq 1 ]
	[[ "$output" == *"'name' has the control character U+000A (newline)"* ]]
	[ "$(snapshot)" = "$before" ]
	# a closing note (-m) may span lines
	id=$(open_case)
	run casectl close "$id" --reason "moved away" --force "test" -m $'line one\nline two'
	[ "$status" -eq 0 ]
	grep -q 'close-note: |' "$STORE"/cases/*/*/"$id"/case.md
}

@test "a message may span lines and hold tabs, but no ESC" {
	run casectl open --client Marie --referral hospital -m $'two\tlines\nsecond'
	[ "$status" -eq 0 ]
	before=$(snapshot)
	run casectl open --client Marie --referral hospital -m "bad${ESC}]0;title${BEL}"
	[ "$status" -eq 1 ]
	[[ "$output" == *"the text has the control character U+001B (ESC)"* ]]
	[ "$(snapshot)" = "$before" ]
}

@test "list, show, due and log print control characters escaped; JSON stays JSON" {
	id=$(hostile_case)
	run casectl list
	[ "$status" -eq 0 ]
	no_raw_controls "$output"
	[[ "$output" == *'Ma\u001b[31mrie\u0007\u009b\u202eX'* ]]
	run casectl show "$id"
	[ "$status" -eq 0 ]
	no_raw_controls "$output"
	[[ "$output" == *'client:    Ma\u001b[31mrie'* ]]
	run bash -c "'$CASECTL_BIN' show $id --format json | /usr/bin/python3 -c 'import json,sys; print(repr(json.load(sys.stdin)[\"client\"][\"name\"]))'"
	[ "$status" -eq 0 ]
	[ "$output" = "'Ma\\x1b[31mrie\\x07\\x9b\\u202eX'" ]
	run bash -c "'$CASECTL_BIN' list --format json | /usr/bin/python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]; print(\"ok\")'"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
	git -C "$STORE" commit -q --allow-empty --no-verify -m "log ${ESC}[2J${BEL}"
	run casectl log
	[ "$status" -eq 0 ]
	no_raw_controls "$output"
	run casectl due --within 1y
	[ "$status" -eq 0 ]
	no_raw_controls "$output"
}

@test "error messages that quote a value escape it" {
	run casectl show "x${ESC}[31my"
	[ "$status" -eq 1 ]
	no_raw_controls "$output"
	[[ "$output" == *'x\u001b[31my'* ]]
	run casectl list --phase "a${BEL}b"
	[ "$status" -ne 0 ]
	no_raw_controls "$output"
}

@test "check flags control characters in files with FILE:LINE" {
	id=$(hostile_case)
	f=$(cd "$STORE" && ls cases/*/*/"$id"/case.md)
	run casectl check
	[ "$status" -eq 1 ]
	no_raw_controls "$output"
	[[ "$output" == *"$f:10: 'name' has the control character U+001B (ESC)"* ]]
	# a raw ESC in the body, as a colleague's push could bring
	id2=$(open_case)
	f2=$(cd "$STORE" && ls cases/*/*/"$id2"/case.md)
	printf 'bell\a here\n' >>"$STORE/$f2"
	n=$(wc -l <"$STORE/$f2")
	git -C "$STORE" commit -q -a --no-verify -m "raw"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$f2:$n: the text has the control character U+0007 (BEL)"* ]]
}

# --- 2. output files ------------------------------------------------------

plan_case() {
	local id
	id=$(open_case)
	casectl assess "$id" --client-need "stay at home" --domain health >/dev/null
	casectl plan "$id" --macro "safe at home" --measure "no readmission" --due +6m --responsible Marie >/dev/null
	echo "$id"
}

@test "plan --render -o and report -o write a new file with mode 0600" {
	id=$(plan_case)
	umask 022
	echo old >"$BATS_TEST_TMPDIR/plan.html"
	chmod 644 "$BATS_TEST_TMPDIR/plan.html"
	run casectl plan "$id" --render -o "$BATS_TEST_TMPDIR/plan.html"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/plan.html")" = 600 ]
	grep -q "safe at home" "$BATS_TEST_TMPDIR/plan.html"
	run casectl report -o "$BATS_TEST_TMPDIR/report.txt"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/report.txt")" = 600 ]
	[ -s "$BATS_TEST_TMPDIR/report.txt" ]
	# no temporary file is left next to it
	[ "$(ls -A "$BATS_TEST_TMPDIR" | grep -c casectl-out)" -eq 0 ]
}

@test "-o refuses a symbolic link and leaves its target alone" {
	id=$(plan_case)
	echo secret >"$BATS_TEST_TMPDIR/target"
	chmod 644 "$BATS_TEST_TMPDIR/target"
	ln -s "$BATS_TEST_TMPDIR/target" "$BATS_TEST_TMPDIR/link"
	for cmd in "plan $id --render -o" "report -o" "report --format html -o" "plan $id --render --to latex -o"; do
		run casectl $cmd "$BATS_TEST_TMPDIR/link"
		[ "$status" -eq 1 ]
		[[ "$output" == *"'$BATS_TEST_TMPDIR/link' is a symbolic link"* ]]
		[ "$(cat "$BATS_TEST_TMPDIR/target")" = secret ]
		[ -L "$BATS_TEST_TMPDIR/link" ]
	done
	# a dangling link too: nothing is created where it points
	ln -s "$BATS_TEST_TMPDIR/nowhere" "$BATS_TEST_TMPDIR/dangling"
	run casectl report -o "$BATS_TEST_TMPDIR/dangling"
	[ "$status" -eq 1 ]
	[ ! -e "$BATS_TEST_TMPDIR/nowhere" ]
	# a folder in the way
	mkdir "$BATS_TEST_TMPDIR/dir"
	run casectl report -o "$BATS_TEST_TMPDIR/dir"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is in the way and is not a file"* ]]
}

# --- 3. a failing editor ---------------------------------------------------

@test "an editor that writes and then fails leaves every case file as it was" {
	id=$(plan_case)
	cat >"$BATS_TEST_TMPDIR/bad" <<'EOF'
#!/bin/sh
echo "half a sentence" >>"$1"
exit 1
EOF
	chmod +x "$BATS_TEST_TMPDIR/bad"
	before=$(snapshot)
	EDITOR="$BATS_TEST_TMPDIR/bad" run script -qec "$CASECTL_BIN edit $id" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"nothing was written"* ]]
	[ "$(snapshot)" = "$before" ]
	assert_clean
	EDITOR="$BATS_TEST_TMPDIR/bad" run script -qec "$CASECTL_BIN edit --settings" /dev/null
	[ "$status" -eq 1 ]
	[ "$(snapshot)" = "$before" ]
	for c in "open --client Q" "monitor $id --kind phone" "assess $id" "plan $id"; do
		EDITOR="$BATS_TEST_TMPDIR/bad" run script -qec "$CASECTL_BIN $c" /dev/null
		[ "$status" -ne 0 ]
		[[ "$output" == *"nothing was written"* ]] || { echo "$c: $output"; false; }
		[ "$(snapshot)" = "$before" ]
	done
	assert_clean
	# nothing of the editor's copies is left behind
	[ -z "$(ls "$STORE/.git/casectl" | grep -i edit || true)" ]
}

@test "an editor that succeeds still changes the file through casectl edit" {
	id=$(open_case)
	cat >"$BATS_TEST_TMPDIR/good" <<'EOF'
#!/bin/sh
echo "A note added by hand." >>"$1"
EOF
	chmod +x "$BATS_TEST_TMPDIR/good"
	n=$(commit_count)
	EDITOR="$BATS_TEST_TMPDIR/good" run script -qec "$CASECTL_BIN edit $id" /dev/null
	[ "$status" -eq 0 ]
	[ "$(commit_count)" -eq $((n + 1)) ]
	grep -q "A note added by hand." "$STORE"/cases/*/*/"$id"/case.md
	[ "$(stat -c %a "$STORE"/cases/*/*/"$id"/case.md)" = 600 ]
	assert_clean
}

# --- 4. unbounded import ---------------------------------------------------

@test "import refuses an endless line with FILE:LINE, in bounded memory" {
	printf '{"client": {"name": "A"}}\n' >"$BATS_TEST_TMPDIR/in.jsonl"
	head -c $((6 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >>"$BATS_TEST_TMPDIR/in.jsonl"
	before=$(snapshot)
	run casectl import "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$BATS_TEST_TMPDIR/in.jsonl:2: line longer than 4194304 bytes"* ]]
	[ "$(snapshot)" = "$before" ]
	# an endless stream: stops at the bound instead of growing (the
	# sanitizer build needs its shadow memory, so measure the RSS)
	run bash -c "yes | tr -d '\n' | /usr/bin/time -f 'rss=%M' '$CASECTL_BIN' import - 2>&1"
	[ "$status" -eq 1 ]
	[[ "$output" == *"stdin:1: line longer than"* ]]
	rss=$(sed -n 's/.*rss=\([0-9]*\).*/\1/p' <<<"$output")
	[ -n "$rss" ]
	[ "$rss" -lt 200000 ]
	[ "$(snapshot)" = "$before" ]
}

# --- 5. one rule per field -------------------------------------------------

@test "--domain has one rule: assess and plan refuse the same bad values" {
	id=$(plan_case)
	before=$(snapshot)
	for bad in '../../x' 'a/b' 'Health' 'two words' '-x' 'x--y' '' "a${ESC}b"; do
		run casectl assess "$id" --client-need "n" --domain "$bad"
		[ "$status" -ne 0 ]
		[[ "$output" == *"--domain"* ]]
		run casectl plan "$id" --goal "medication taken" --domain "$bad" --measure m --due +1m
		[ "$status" -ne 0 ]
		[[ "$output" == *"--domain"* ]]
	done
	[ "$(snapshot)" = "$before" ]
	run casectl plan "$id" --goal "medication taken" --domain daily-living --measure m --due +1m
	[ "$status" -eq 0 ]
}

@test "check applies the domain rule to plan.md and assessments" {
	id=$(plan_case)
	casectl plan "$id" --goal "medication taken" --domain health --measure m --due +1m >/dev/null
	p=$(cd "$STORE" && ls cases/*/*/"$id"/plan.md)
	sed -i 's|domain: health|domain: ../../x|' "$STORE/$p"
	line=$(grep -n 'domain: ../../x' "$STORE/$p" | cut -d: -f1)
	a=$(cd "$STORE" && ls cases/*/*/"$id"/assessments/*.md)
	sed -i 's|^  - health$|  - ../etc|' "$STORE/$a"
	grep -q -- '- ../etc' "$STORE/$a"
	git -C "$STORE" commit -q -a --no-verify -m "hand"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"$p:$line: goal 'G1': 'domain' must be lowercase words joined by '-'"* ]]
	[[ "$output" == *"$a:"*"'domains' item '../etc' must be lowercase words joined by '-'"* ]]
}

# --- 6. expired consents ---------------------------------------------------

@test "an expired consent stays in due as overdue until renewed or withdrawn" {
	id=$(open_case)
	cid=$(casectl consent "$id" --grant --to GP --what health --expires 2026-12-01)
	for day in 2026-11-25 2026-12-01 2026-12-02 2027-06-01; do
		CASECTL_NOW=$day run casectl due --within 1y
		[ "$status" -eq 0 ]
		[[ "$output" == *"$cid"* ]] || { echo "$day: $output"; false; }
	done
	CASECTL_NOW=2026-12-01 run casectl due
	[[ "$output" == *"due today"*"consent $cid expires"* ]]
	CASECTL_NOW=2026-12-02 run casectl due
	[[ "$output" == *"overdue 1d"*"consent $cid expired: renew or withdraw it"* ]]
	CASECTL_NOW=2027-06-01 run casectl due --format json
	[ "$status" -eq 0 ]
	[[ "$output" == *"\"$cid\""* ]]
	# renewed: a new grant to the same recipient
	new=$(CASECTL_NOW=2026-12-05 casectl consent "$id" --grant --to gp --what health --expires 2027-12-01)
	CASECTL_NOW=2026-12-05 run casectl due --within 1m
	[ "$status" -eq 0 ]
	[[ "$output" != *"$cid"* ]]
	# withdrawn
	CASECTL_NOW=2026-12-06 casectl consent "$id" --withdraw "$new" >/dev/null
	id2=$(open_case)
	c2=$(casectl consent "$id2" --grant --to "Day centre" --what contact --expires 2026-12-01)
	CASECTL_NOW=2026-12-10 run casectl due
	[[ "$output" == *"$c2"* ]]
	CASECTL_NOW=2026-12-10 casectl consent "$id2" --withdraw "$c2" >/dev/null
	CASECTL_NOW=2026-12-11 run casectl due --within 2y
	[ "$status" -eq 0 ]
	[[ "$output" != *"$c2"* ]]
	[[ "$output" != *"$new"* ]]
}

# --- 7. GIT_CONFIG_GLOBAL ----------------------------------------------------

@test "identity comes from GIT_CONFIG_GLOBAL as git reads it" {
	cat >"$BATS_TEST_TMPDIR/gc" <<'EOF'
[user]
	name = Global Worker
	email = global@example.org
EOF
	export GIT_CONFIG_GLOBAL="$BATS_TEST_TMPDIR/gc"
	[ "$(git config user.name)" = "Global Worker" ]
	id=$(open_case)
	[ "$(git -C "$STORE" log -1 --format='%an <%ae>')" = "Global Worker <global@example.org>" ]
	run casectl show "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"manager:   Global Worker <global@example.org>"* ]]
	# /dev/null: no global identity at all, for git and for casectl
	export GIT_CONFIG_GLOBAL=/dev/null
	run git -C "$STORE" config user.name
	[ "$status" -eq 1 ]
	before=$(snapshot)
	run casectl open --client X --referral self -m "needs"
	[ "$status" -eq 1 ]
	[[ "$output" == *"user.name"* ]]
	[ "$(snapshot)" = "$before" ]
	# the store's own config still wins over the global one
	git -C "$STORE" config user.name "Local Name"
	git -C "$STORE" config user.email "local@example.org"
	run casectl open --client X --referral self -m "needs"
	[ "$status" -eq 0 ]
	[ "$(git -C "$STORE" log -1 --format='%an')" = "Local Name" ]
}

@test "GIT_CONFIG_NOSYSTEM and GIT_CONFIG_SYSTEM decide the system file, as for git" {
	cat >"$BATS_TEST_TMPDIR/sys" <<'EOF'
[user]
	name = System Person
	email = sys@example.org
EOF
	export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM="$BATS_TEST_TMPDIR/sys"
	unset GIT_CONFIG_NOSYSTEM
	[ "$(git config user.name)" = "System Person" ]
	open_case >/dev/null
	[ "$(git -C "$STORE" log -1 --format='%an')" = "System Person" ]
	export GIT_CONFIG_NOSYSTEM=1
	run git -C "$STORE" config user.name
	[ "$status" -eq 1 ]
	run casectl open --client X --referral self -m "needs"
	[ "$status" -eq 1 ]
	[[ "$output" == *"user.name"* ]]
}

@test "the XDG file is read when GIT_CONFIG_GLOBAL is unset, and ~/.gitconfig wins" {
	mv "$HOME/.gitconfig" "$BATS_TEST_TMPDIR/saved"
	mkdir -p "$XDG_CONFIG_HOME/git"
	printf '[user]\n\tname = Xdg Person\n\temail = xdg@example.org\n' >"$XDG_CONFIG_HOME/git/config"
	[ "$(git config user.name)" = "Xdg Person" ]
	open_case >/dev/null
	[ "$(git -C "$STORE" log -1 --format='%an <%ae>')" = "Xdg Person <xdg@example.org>" ]
	printf '[user]\n\tname = Home Person\n' >"$HOME/.gitconfig"
	[ "$(git config user.name)" = "Home Person" ]
	open_case >/dev/null
	[ "$(git -C "$STORE" log -1 --format='%an <%ae>')" = "Home Person <xdg@example.org>" ]
}

@test "user.signingkey from GIT_CONFIG_GLOBAL signs casectl's commits" {
	ssh-keygen -q -t ed25519 -N '' -C g -f "$HOME/g" >/dev/null
	cat >"$BATS_TEST_TMPDIR/gc" <<EOF
[user]
	name = Global Worker
	email = global@example.org
	signingkey = $HOME/g.pub
[gpg]
	format = ssh
[commit]
	gpgsign = true
EOF
	export GIT_CONFIG_GLOBAL="$BATS_TEST_TMPDIR/gc"
	[ "$(git config user.signingkey)" = "$HOME/g.pub" ]
	open_case >/dev/null
	git -C "$STORE" cat-file commit HEAD | grep -q '^gpgsig -----BEGIN SSH SIGNATURE'
	echo "global@example.org $(cat "$HOME/g.pub")" >"$BATS_TEST_TMPDIR/allowed"
	run git -C "$STORE" -c gpg.ssh.allowedSignersFile="$BATS_TEST_TMPDIR/allowed" verify-commit HEAD
	[ "$status" -eq 0 ]
}

@test "check flags a control character in the settings, with FILE:LINE" {
	sed -i 's/^language: en$/language: en\nagency: "A\\e[5mB"/' "$STORE/casectl.md"
	grep -q '^agency: "A\\e' "$STORE/casectl.md"
	line=$(grep -n '^agency:' "$STORE/casectl.md" | cut -d: -f1)
	git -C "$STORE" commit -q -a --no-verify -m "settings by hand"
	run casectl check
	[ "$status" -eq 1 ]
	[[ "$output" == *"casectl.md:$line: 'agency' has the control character U+001B (ESC)"* ]]
}

@test "team, consent, service and report print hand-edited control characters escaped" {
	id=$(open_case)
	casectl team "$id" --add Vera --role friend >/dev/null
	cid=$(casectl consent "$id" --grant --to GP --what health)
	casectl service add "Home care" --area P7 >/dev/null
	d=$(ls -d "$STORE"/cases/*/*/"$id")
	sed -i 's/^    name: Vera$/    name: "Ve\\e]0;x\\ara"/' "$d/team.md"
	sed -i 's/^to: GP$/to: "G\\e[2JP"/' "$d"/consent/*.md
	sed -i 's/^name: Home care$/name: "Home\\x9b care"/' "$STORE"/services/*.md
	grep -q 'name: "Ve' "$d/team.md"
	grep -q 'to: "G' "$d"/consent/*.md
	grep -q 'name: "Home' "$STORE"/services/*.md
	git -C "$STORE" commit -q -a --no-verify -m "hand edits"
	for c in "team $id" "consent $id" "service list" "report" "check"; do
		run casectl $c
		# check reports the control characters; consent refuses the event
		case $c in
		check*|consent*) [ "$status" -eq 1 ] ;;
		*) [ "$status" -eq 0 ] ;;
		esac
		no_raw_controls "$output"
	done
	run casectl team "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *'Ve\u001b]0;x\u0007ra'* ]]
	# consent reads its events through the record check: a clear refusal
	run casectl consent "$id"
	[ "$status" -eq 1 ]
	[[ "$output" == *"/consent/"*".md:6: 'to' has the control character U+001B (ESC)"* ]]
	run casectl report -o "$BATS_TEST_TMPDIR/r.txt"
	[ "$status" -eq 0 ]
	no_raw_controls "$(cat "$BATS_TEST_TMPDIR/r.txt")"
}
