#!/usr/bin/env bats
# Building and installing as a new user would: plain "make", "make install"
# for a prefix other than the one of the last build, the completions where
# the shells look.  Each test works on a copy of the source tree (with the
# build tree copied too, so only what depends on the prefix is rebuilt).

load helper

setup() {
	setup_common
	src=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	copy="$BATS_TEST_TMPDIR/src"
	mkdir -p "$copy"
	# everything but .git; cp -a keeps the times, so make rebuilds nothing
	# that is up to date
	tar -C "$src" --exclude=./.git --exclude=./build/san --exclude=./build/fuzz \
		--exclude=./build/unit -cf "$BATS_TEST_TMPDIR/src.tar" .
	tar -C "$copy" -xf "$BATS_TEST_TMPDIR/src.tar"
}

# the manual of "open", through casectl help, with man's pager off
help_open() {
	MANPAGER=cat PAGER=cat MANWIDTH=80 "$@" help open
}

@test "plain make builds the program and the completions, not only build/embed" {
	rm -rf "$copy/build"
	run make -n -C "$copy"
	[ "$status" -eq 0 ]
	[[ "$output" == *"-o build/casectl "* ]]
	[[ "$output" == *"gen-completion.sh bash >build/casectl.bash"* ]]
	[[ "$output" == *"gen-completion.sh zsh >build/_casectl"* ]]
	run make -C "$copy" -pq
	[ "$status" -le 1 ]     # -q: 1 when something is out of date, never 2
	[[ "$output" == *".DEFAULT_GOAL := all"* ]]
}

@test "make install PREFIX=P after a build for another prefix finds its manual under P" {
	first="$BATS_TEST_TMPDIR/first"
	second="$BATS_TEST_TMPDIR/second"
	run make -C "$copy" -j2 all PREFIX="$first"
	[ "$status" -eq 0 ]
	run make -C "$copy" install PREFIX="$second"
	[ "$status" -eq 0 ]
	# the object holding the paths was rebuilt for the new prefix
	[[ "$output" == *"cmd-help.o"* ]]
	[ -f "$second/share/man/man1/casectl-open.1" ]
	[ ! -e "$first/share/man" ]
	run help_open "$second/bin/casectl"
	[ "$status" -eq 0 ]
	[[ "$output" == *"casectl-open"* ]]
	[[ "$output" == *"--client"* ]]
	grep -q "$second/share/man" "$second/bin/casectl"
	run grep -c "$first/share/man" "$second/bin/casectl"
	[ "$status" -eq 1 ]
	[ "$output" = 0 ]
	# a second install for the same prefix rebuilds nothing
	run make -C "$copy" install PREFIX="$second"
	[ "$status" -eq 0 ]
	[[ "$output" != *"cmd-help.o"* ]]
	# and the man lookup of "help case" uses section 5 of the same prefix
	run env MANPAGER=cat PAGER=cat "$second/bin/casectl" help case
	[ "$status" -eq 0 ]
	[[ "$output" == *"casectl-case"* ]]
}

@test "the installed program says where it looked when its manual is missing" {
	run make -C "$copy" install PREFIX="$BATS_TEST_TMPDIR/p"
	[ "$status" -eq 0 ]
	rm "$BATS_TEST_TMPDIR/p/share/man/man1/casectl-open.1"
	run help_open "$BATS_TEST_TMPDIR/p/bin/casectl"
	[ "$status" -eq 1 ]
	[[ "$output" == *"no manual page 'casectl-open(1)'"* ]]
}

# the folders of zsh's own fpath, for a zsh installed under the root
zsh_fpath() {
	zsh -fc 'print -l $fpath'
}

@test "make install puts the zsh completion in a folder zsh searches, for /usr/local and /usr" {
	command -v zsh >/dev/null || skip "zsh is not installed (make deps installs it)"
	for prefix in /usr/local /usr; do
		dest="$BATS_TEST_TMPDIR/dest$prefix"
		run make -C "$copy" install DESTDIR="$dest" PREFIX="$prefix"
		[ "$status" -eq 0 ]
		found=
		while read -r dir; do
			if [ -f "$dest$dir/_casectl" ]; then found="$dir"; fi
		done < <(zsh_fpath)
		echo "prefix $prefix: found in '$found'"
		[ -n "$found" ]
		[[ "$found" == "$prefix"/* ]]
		# zsh loads it from there: the function is defined by autoload
		run zsh -fc "fpath=($dest$found \$fpath); autoload -Uz +X _casectl && whence -w _casectl"
		[ "$status" -eq 0 ]
		[[ "$output" == "_casectl: function" ]]
	done
	[ -f "$BATS_TEST_TMPDIR/dest/usr/local/usr/local/share/zsh/site-functions/_casectl" ]
	[ -f "$BATS_TEST_TMPDIR/dest/usr/usr/share/zsh/vendor-completions/_casectl" ]
}

@test "make install puts the bash completion where bash-completion looks for the prefix" {
	dest="$BATS_TEST_TMPDIR/dest"
	run make -C "$copy" install DESTDIR="$dest" PREFIX=/usr/local
	[ "$status" -eq 0 ]
	# bash-completion searches DIR/bash-completion/completions for each
	# DIR of XDG_DATA_DIRS, by default /usr/local/share:/usr/share
	comp="$dest/usr/local/share/bash-completion/completions/casectl"
	[ -f "$comp" ]
	run bash -c "source '$comp' && complete -p casectl"
	[ "$status" -eq 0 ]
	[[ "$output" == *"_casectl"*"casectl" ]]
	run make -C "$copy" uninstall DESTDIR="$dest" PREFIX=/usr/local
	[ "$status" -eq 0 ]
	[ ! -e "$comp" ]
	[ ! -e "$dest/usr/local/share/zsh/site-functions/_casectl" ]
	[ ! -e "$dest/usr/local/bin/casectl" ]
}
