#!/bin/sh
# make demo: keep one whole case in a temporary store and say where to look.
# usage: demo.sh /path/to/casectl
set -eu
bin=${1:?usage: demo.sh CASECTL}
dir=$(mktemp -d "${TMPDIR:-/tmp}/casectl-demo.XXXXXX")
store="$dir/store"
export HOME="$dir/home" GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$dir/home/.config"
mkdir -p "$HOME"
git config --global user.name "Jana Novák"
git config --global user.email "jana.novak@example.org"
c() { echo "\$ casectl $*" >&2; "$bin" -C "$store" "$@"; }

echo "\$ casectl init $store" >&2
"$bin" init "$store"
id=$(c open --client "Marie Dvořáková" --birth-date 1946-04-02 \
	--referral "hospital discharge" --reason "stroke; going home alone" \
	--ref "P7/2026/0412" -m "Several health and social needs, friends willing to help, nobody coordinating.")
echo "$id" >&2
"$bin" help >/dev/null
for step in assess plan link monitor evaluate close; do
	if "$bin" help "$step" >/dev/null 2>&1; then
		sh "$(dirname "$0")/demo-steps.sh" "$bin" "$store" "$id" "$step"
	fi
done
c show "$id"
c list
c log "$id"
c check
echo
echo "The demo store is $store"
echo "Look at it with: cd $store && git log --stat && ls -R cases"
