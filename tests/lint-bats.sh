#!/bin/sh
# lint-bats.sh [--output] FILE.bats... - tests that cannot fail.
#
# Lists FILE:LINE for
#  - every 'run' whose $status is never checked before the next 'run' or
#    the end of the test (or function): bats' run always succeeds, so an
#    unchecked status passes whatever the command did;
#  - every '! cmd' (also after ';' or '&&') with no '||' after it: bash's
#    errexit ignores a negated command, so it never fails a test.
#    Write 'run cmd; [ "$status" -ne 0 ]' (or '! cmd || { ...; return 1; }');
#  - every 'A && B' outside [[ ]] and ( ), with no '||' after it and not
#    ending in '&& false' (return, continue, break, exit, skip): when A
#    fails, errexit ignores it too.  Write A and B as two commands, or
#    'if A; then B; fi' where A is a condition.
# With --output, also every 'run' whose $output, $lines or $stderr is
# never looked at (a test should check what the command said, not only
# that it ran).
#
# 'run -N cmd' and 'run ! cmd' check the status themselves.  A line
# holding the comment "lint-bats: ignore" is skipped; say there why.
# Exits 1 if anything is listed, 2 on a usage error.  Run by tests/run-all
# on the files it runs, and alone: tests/lint-bats.sh tests/cli/*.bats
set -u
want_output=0
if [ "${1:-}" = --output ]; then want_output=1; shift; fi
[ "$#" -gt 0 ] || { echo "usage: tests/lint-bats.sh [--output] FILE.bats..." >&2; exit 2; }
for f in "$@"; do
	[ -r "$f" ] || { echo "lint-bats: cannot read '$f'" >&2; exit 2; }
done

# Functions of these files (and helper.bash) that check $status themselves,
# beyond echo or printf: a call to one after a 'run' is that run's check.
here=$(cd "$(dirname "$0")" && pwd)
checkers=$(awk '
/^[A-Za-z_][A-Za-z0-9_:.-]*[ \t]*\(\)/ { name = $1; sub(/\(\).*/, "", name); infn = 1; next }
infn && /\$\{?status([^A-Za-z0-9_]|$)/ && !/^[ \t]*(echo|printf)[ \t]/ { print name }
/^}/ { infn = 0 }
' "$@" "$here/cli/helper.bash" | sort -u | paste -sd'|' -)

exec awk -v want_output="$want_output" -v checkers="$checkers" '
function report(line, msg) { printf "%s:%d: %s\n", FILENAME, line, msg; bad++ }
function close_run() {
	if (pend_status)
		report(pend_line, "run without a $status check before the next run or the end of the test")
	else if (want_output && pend_output)
		report(pend_line, "run whose output ($output, $lines, $stderr) is never checked")
	pend_status = 0; pend_output = 0
}
# $0 with what is inside quotes blanked (same length), the quote state
# carried from line to line in qstate
function blank(str,    out, i, ch, n) {
	out = ""; n = length(str)
	for (i = 1; i <= n; i++) {
		ch = substr(str, i, 1)
		if (qstate == "") {
			if (ch == "\\") { out = out ch substr(str, i + 1, 1); i++; continue }
			if (ch == "\"" || ch == "\047") qstate = ch
			out = out ch
		} else if (qstate == "\"" && ch == "\\") {
			out = out "__"; i++
		} else if (ch == qstate) {
			qstate = ""; out = out ch
		} else out = out "_"
	}
	return out
}
function end_block() { close_run(); inblock = 0; indbl = 0; andline = "" }
FNR == 1 { if (inblock) end_block(); heredoc = ""; inblock = 0 }
# inside a here-document: only its terminator ends it
heredoc != "" {
	t = $0
	if (heredoc_tabs) sub(/^\t+/, "", t)
	if (t == heredoc) heredoc = ""
	next
}
{
	raw = $0
	if (raw ~ /lint-bats: ignore/) next
	s = raw
	# drop comments: a "#" at the start or after a blank
	sub(/^[ \t]*#.*$/, "", s)
	sub(/[ \t]#.*$/, "", s)
	# a here-document starts on this line; its body is skipped
	if (match(s, /<<-?[ \t]*["\047]?[A-Za-z_][A-Za-z0-9_]*/)) {
		h = substr(s, RSTART, RLENGTH)
		heredoc_tabs = (h ~ /^<<-/)
		sub(/^<<-?[ \t]*["\047]?/, "", h)
		heredoc = h
	}
	if (s ~ /^(@test[ \t]|[A-Za-z_][A-Za-z0-9_:.-]*[ \t]*\(\)|function[ \t])/) {
		if (inblock) end_block()
		inblock = 1; qstate = ""
	}
	if (!inblock) next

	# "! cmd" at the start, after ";" or "&&", with no "||" handling it
	if (s !~ /(^|[ \t;])(if|elif|while|until)[ \t]/ &&
	    match(s, /(^[ \t]*|;[ \t]*|&&[ \t]*)![ \t]/) &&
	    substr(s, RSTART + RLENGTH) !~ /\|\|/)
		report(FNR, "\"! cmd\" cannot fail a bats test; write: run cmd; [ \"$status\" -ne 0 ]")

	# "A && B" as a statement: errexit ignores a failing A
	t = s
	gsub(/\\./, "", t)
	gsub(/"[^"]*"/, "\"\"", t)
	gsub(/\047[^\047]*\047/, "", t)
	if (indbl) {
		if ((k = index(t, "]]")) == 0) t = ""
		else { t = substr(t, k + 2); indbl = 0 }
	}
	while ((k = index(t, "[[")) > 0) {
		e = index(substr(t, k), "]]")
		if (e == 0) { t = substr(t, 1, k - 1); indbl = 1; break }
		t = substr(t, 1, k - 1) substr(t, k + e + 1)
	}
	do { c = gsub(/\([^()]*\)/, "", t) } while (c > 0)
	# a list continued on the next line is judged as a whole
	if (andline != "") { t = andline " " t } else andstart = FNR
	if (t ~ /(&&|\|\||\||\\)[ \t]*$/) { andline = t; t = "" } else andline = ""
	# "A && false" (or return, continue, break, exit, skip) is a check
	# or a condition, not a list of steps
	if (t ~ /&&/ && t !~ /\|\|/ && t !~ /^[ \t]*(if|elif|while|until|for)[ \t]/ &&
	    t !~ /&&[ \t]*(false|return|continue|break|exit|skip)([ \t;]|$)/)
		report(andstart, "\"A && B\" does not fail the test when A fails; write A and B as two commands")

	# "cmd | run ..." runs in a subshell: $status and $output are lost
	b = blank(s)
	if (match(b, /\|[ \t]*run[ \t]/))
		report(FNR, "run in a pipeline sets $status and $output in a subshell; give the input with <")

	# a call of a function that checks $status checks the pending run
	if (checkers != "" && pend_status &&
	    match(b, "(^[ \t]*|[;&|{(][ \t]*|(then|do|else)[ \t]+)(" checkers ")([ \t;]|$)") &&
	    !match(b, "(^[ \t]*|[;&|{(][ \t]*)run[ \t]"))
		{ pend_status = 0; pend_output = 0 }

	# events in order: a run starts, its status or output is looked at
	off = 1
	while (off <= length(s)) {
		rest = substr(s, off)
		pr = match(substr(b, off), /(^[ \t]*|[;&|({][ \t]*|(then|do|else)[ \t]+|eval[ \t]+["\047])run[ \t]/)
		rs = RSTART; rl = RLENGTH
		if (match(rest, /eval[ \t]+["\047]run[ \t]/) && (!pr || RSTART < rs)) {
			pr = 1; rs = RSTART; rl = RLENGTH
		}
		ps = match(rest, /\$\{?status([^A-Za-z0-9_]|$)|\(\([^)]*[^A-Za-z0-9_$]status([^A-Za-z0-9_]|$)/)
		pss = RSTART
		po = match(rest, /\$\{?(output|lines|stderr|stderr_lines)([^A-Za-z0-9_]|$)/)
		pos = RSTART
		first = 0
		if (pr) first = rs
		if (ps && (!first || pss < first)) first = pss
		if (po && (!first || pos < first)) first = pos
		if (!first) break
		if (pr && first == rs) {
			close_run()
			after = substr(rest, rs + rl)
			pend_line = FNR
			pend_output = 1
			# run -N and run ! check the status themselves
			pend_status = (after !~ /^(-[0-9]+|!)[ \t]/)
			off += rs + rl - 1
		} else {
			# a status that echo or printf only shows is not checked
			cmd = substr(s, 1, off + first - 2)
			sub(/.*[;&|{(]/, "", cmd)
			if (!(ps && first == pss))
				pend_output = 0
			else if (cmd !~ /^[ \t]*(echo|printf)[ \t]/)
				pend_status = 0
			off += first
		}
	}
	if (s ~ /^}/) end_block()
	else if (s ~ /^(@test[ \t]|[A-Za-z_][A-Za-z0-9_:.-]*[ \t]*\(\)).*}[ \t]*$/) end_block()
}
END {
	if (inblock) end_block()
	if (bad) {
		printf "lint-bats: %d test line(s) that cannot fail\n", bad
		exit 1
	}
}
' "$@"
