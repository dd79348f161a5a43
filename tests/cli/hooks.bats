#!/usr/bin/env bats
# casectl hooks install: plain git commits are checked too

load helper

setup() { setup_common; new_store; id=$(open_case); f=$(ls cases/*/*/"$id"/case.md); }

@test "with the hook, a plain git commit of a broken case file is refused" {
	run casectl hooks install
	[ "$status" -eq 0 ]
	[ -x .git/hooks/pre-commit ]
	[ "$(casectl hooks status)" = installed ]
	sed -i 's/^opened: .*/opened: someday/' "$f"
	git add "$f"
	n=$(commit_count)
	run git commit -m "by hand"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$f:"*"'opened' is not a date"* ]]
	[ "$(commit_count)" -eq "$n" ]
	# a sound hand edit goes through
	sed -i 's/^opened: .*/opened: 2026-11-20/' "$f"
	git add "$f"
	run git commit -qm "by hand, fixed"
	[ "$status" -eq 0 ]
	[ "$(commit_count)" -eq $((n + 1)) ]
}

@test "the hook checks what is staged, not the working tree" {
	casectl hooks install 2>/dev/null
	sed -i 's/^phase: .*/phase: nowhere/' "$f"
	git add "$f"
	sed -i 's/^phase: .*/phase: intake/' "$f"
	run git commit -m "staged is broken"
	[ "$status" -eq 1 ]
	[[ "$output" == *"'phase' must be one of"* ]]
}

@test "the hook refuses deleting case.md and staged symlinks" {
	casectl hooks install 2>/dev/null
	git rm -q "$f"
	run git commit -m "delete"
	[ "$status" -eq 1 ]
	[[ "$output" == *"deleted; casectl needs this file"* ]]
	git reset -q --hard
	ln -s /etc/passwd "$(dirname "$f")/evil.md"
	git add "$(dirname "$f")/evil.md"
	run git commit -m "link"
	[ "$status" -eq 1 ]
	[[ "$output" == *"'"*"/evil.md' is staged as a link or folder, not a file"* ]]
}

@test "install keeps a foreign hook unless forced, and remove takes only ours" {
	mkdir -p .git/hooks
	printf '#!/bin/sh\nexit 0\n' >.git/hooks/pre-commit
	run casectl hooks install
	[ "$status" -eq 1 ]
	[[ "$output" == *"was not written by casectl"* ]]
	run casectl hooks install --force
	[ "$status" -eq 0 ]
	[ -f .git/hooks/pre-commit.orig ]
	run casectl hooks remove
	[ "$status" -eq 0 ]
	[ ! -e .git/hooks/pre-commit ]
	[ "$(casectl hooks status)" = "not installed" ]
	run casectl hooks frob
	[ "$status" -eq 2 ]
	[[ "$output" == *"error: unknown hooks action 'frob'"* ]]
}

@test "casectl check --staged alone, without the hook" {
	run casectl check --staged
	[ "$status" -eq 0 ]
	printf -- '---\nid: x\n---\n' >"$f"
	git add "$f"
	run casectl check --staged
	[ "$status" -eq 1 ]
	[[ "$output" == *"$f:"* ]]
}
