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
}

casectl() {
	"$CASECTL_BIN" "$@"
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
