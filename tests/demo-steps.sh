#!/bin/sh
# One lifecycle step of the demo (filled in as the commands exist).
# usage: demo-steps.sh CASECTL STORE ID STEP
bin=$1 store=$2 id=$3 step=$4
c() { echo "\$ casectl $*" >&2; "$bin" -C "$store" "$@"; }
case $step in
*) : ;;
esac
