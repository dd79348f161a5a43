# helper.bash - shared set-up for the end-to-end tests.
# Every test runs in a fresh temporary store with its own HOME and git
# identity, with no editor and no terminal.

setup_common() {
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p "$HOME"
	export GIT_CONFIG_NOSYSTEM=1
	export XDG_CONFIG_HOME="$HOME/.config"
	git config --global user.name "Jana Novak"
	git config --global user.email "jana@example.org"
	git config --global init.defaultBranch main
	unset CASECTL_DIR VISUAL EDITOR GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
	export CASECTL_NOW=2026-11-23
	export STORE="$BATS_TEST_TMPDIR/store"
	[ -x "$CASECTL_BIN" ] || { echo "CASECTL_BIN '$CASECTL_BIN' is not an executable"; return 1; }
	assert_casectl_under_test
	# tests/run-all collects ASan and LeakSanitizer reports (UBSan ignores
	# log_path), one file prefix a test, so that a report fails the run
	# even where the test expects a failure or ignores the exit status
	if [ -n "${CASECTL_SAN_LOGS:-}" ]; then
		export ASAN_OPTIONS="${ASAN_OPTIONS:-}:log_path=$CASECTL_SAN_LOGS/${BATS_TEST_FILENAME##*/}-test$BATS_SUITE_TEST_NUMBER"
	fi
}

casectl() {
	local rc=0
	"$CASECTL_BIN" "$@" || rc=$?
	case $rc in 97|98|99) sanitizer_exit "$rc" "$@" ;; esac
	return "$rc"
}

# Exit statuses 97 (LeakSanitizer), 98 (UBSan) and 99 (ASan) are set by
# tests/run-all; there each is noted in $CASECTL_SAN_LOGS, and fails the
# run even if the test wanted a failure or ignored the status.
sanitizer_exit() {
	[ -n "${CASECTL_SAN_LOGS:-}" ] || return 0
	local rc=$1; shift
	echo "test '${BATS_TEST_DESCRIPTION:-?}': casectl $* exited $rc (97 LeakSanitizer, 98 UBSan, 99 ASan)" \
		>>"$CASECTL_SAN_LOGS/${BATS_TEST_FILENAME##*/}-test${BATS_SUITE_TEST_NUMBER:-0}.exit"
}

# casectl is a shell function, which a program (env, timeout, xargs,
# sh -c, a hook, an editor script) cannot call: it would run whatever
# casectl is installed, or nothing.  So the first directory on PATH holds
# a casectl that runs $CASECTL_BIN, and setup_common refuses to go on
# when PATH finds any other casectl.
CASECTL_WRAP_DIR="${BATS_RUN_TMPDIR:-${TMPDIR:-/tmp}}/casectl-under-test"
if [ ! -x "$CASECTL_WRAP_DIR/casectl" ]; then
	mkdir -p "$CASECTL_WRAP_DIR"
	cat >"$CASECTL_WRAP_DIR/casectl.$$" <<W
#!/usr/bin/env bash
# casectl under test for programs that run "casectl" (tests/cli/helper.bash)
CASECTL_BIN=\${CASECTL_BIN:-$(printf %q "$CASECTL_BIN")}
$(declare -f casectl sanitizer_exit)
casectl "\$@"
W
	chmod 755 "$CASECTL_WRAP_DIR/casectl.$$"
	mv -f "$CASECTL_WRAP_DIR/casectl.$$" "$CASECTL_WRAP_DIR/casectl"
fi
case ":$PATH:" in
"$CASECTL_WRAP_DIR:"*) ;;
*) export PATH="$CASECTL_WRAP_DIR:$PATH" ;;
esac

# Fails unless a program that runs "casectl" reaches $CASECTL_BIN.
assert_casectl_under_test() {
	local found
	found=$(type -P casectl) || found="(none)"
	if [ "$found" != "$CASECTL_WRAP_DIR/casectl" ]; then
		echo "PATH finds casectl at $found, not the build under test ($CASECTL_BIN)"
		return 1
	fi
}

# A fresh store in $STORE, and the shell inside it.
new_store() {
	casectl init "$STORE" "$@" >/dev/null
	cd "$STORE"
}

# Open a case and print its ID.
open_case() {
	casectl open --client "${1:-Marie Dvorakova}" --referral hospital -m "several needs" "${@:2}"
}

# The store is clean and sound: nothing uncommitted, fsck clean.
assert_clean() {
	local st
	st=$(git -C "${1:-$STORE}" status --porcelain)
	if [ -n "$st" ]; then
		echo "store not clean:"; echo "$st"; return 1
	fi
	git -C "${1:-$STORE}" fsck --strict --no-progress >/dev/null 2>&1 || {
		git -C "${1:-$STORE}" fsck --strict; return 1; }
}

# Snapshot HEAD and the working tree to compare after a refused command.
snapshot() {
	echo "$(git -C "$STORE" rev-parse HEAD) $(cd "$STORE" && find . -path ./.git -prune -o -type f -print | sort | xargs cat | sha1sum)"
}

commit_count() {
	git -C "$STORE" rev-list --count HEAD
}

python_yaml_load() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, yaml
text = open(sys.argv[1], encoding='utf-8').read()
assert text.startswith('---\n')
end = text.index('\n---\n', 3)
data = yaml.safe_load(text[4:end + 1])
assert isinstance(data, dict)
print(data.get('id', ''))
PY
}

# git daemon on a free loopback port serving the repositories in DIR,
# with pushes allowed; sets DAEMON_PID and URL (git://.../NAME).
start_git_daemon() { # DIR NAME
	local port i
	port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	git daemon --reuseaddr --enable=receive-pack --base-path="$1" --export-all \
		--listen=127.0.0.1 --port="$port" "$1" 2>"$BATS_TEST_TMPDIR/daemon.log" &
	DAEMON_PID=$!
	URL="git://127.0.0.1:$port/$2"
	for i in $(seq 1 50); do
		if git ls-remote "$URL" >/dev/null 2>&1; then return 0; fi
		sleep 0.1
	done
	echo "git daemon did not start"; cat "$BATS_TEST_TMPDIR/daemon.log"; return 1
}
