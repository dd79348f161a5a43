#!/bin/sh
# make demo: keep one whole case in a temporary store and say where to look.
# The case is the Prague 7 "care" case: an older woman coming home from
# hospital after a stroke, several needs, friends willing to help.
# usage: demo.sh /path/to/casectl
set -eu
bin=${1:?usage: demo.sh CASECTL}
dir=$(mktemp -d "${TMPDIR:-/tmp}/casectl-demo.XXXXXX")
store="$dir/store"
export HOME="$dir/home" GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$dir/home/.config"
mkdir -p "$HOME"
git config --global user.name "Jana Novák"
git config --global user.email "jana.novak@example.org"
# Each command is echoed as it can be pasted into a shell: every word that
# is not only letters, digits and _@%+=:,./- is put in single quotes.
q() {
	case $1 in
	'' | *[!A-Za-z0-9_@%+=:,./-]*)
		printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
	*) printf '%s' "$1" ;;
	esac
}
say() {
	printf '$'
	for w in "$@"; do printf ' %s' "$(q "$w")"; done
	printf '\n'
}
c() { say casectl "$@" >&2; "$bin" -C "$store" "$@"; }
at() { export CASECTL_NOW=$1; }

at 2026-03-02
say casectl init "$store" >&2
"$bin" init "$store"
id=$(c open --client "Marie Dvořáková" --birth-date 1941-05-12 \
	--contact "Praha 7, +420 777 123 456" --referral "hospital discharge" \
	--referral-date 2026-02-27 --reason "stroke; going home alone" --ref "P7/2026/0412" \
	-m "Several health and social needs, several services, nobody coordinating.")
echo "$id" >&2
at 2026-03-05
c assess "$id" --client-need "to stay in her flat" --need "daily help with medication" \
	--personal "determined, manages her money" --social "two friends from the parish" \
	--community "home care service Praha 7" --strength "knows what she wants" \
	--works "neighbour brings the post" --risk "falls at night" \
	--domain health --domain daily-living >/dev/null
at 2026-03-09
c plan "$id" --macro "Marie lives safely in her flat" --measure "no readmission within 6 months" \
	--due 2026-09-09 --responsible Marie >/dev/null
c plan "$id" --goal "medication taken every day" --domain health \
	--measure "no missed dose in a week" --due 2026-04-09 --responsible "home care" >/dev/null
c plan "$id" --step "home care visits twice a day" --under G1 --measure "visits logged" \
	--due 2026-03-20 --responsible "home care" --checks "case manager" \
	--cost 4200 --payer "care allowance" >/dev/null
c plan "$id" --crisis "a fall at night" --contact "neighbour, then 155" \
	--action "alarm button; the neighbour has a key" >/dev/null
c plan "$id" --agreed 2026-03-09 --review 2026-09-09 >/dev/null
c team "$id" --add "Věra Malá" --role friend --contact "+420 602 000 111" \
	--topic shopping --informal >/dev/null
c service add "Home care Praha 7" --org "Home care Praha 7" --area "Praha 7" \
	--offers "home care" --places 20 >/dev/null
c consent "$id" --grant --to "Home care Praha 7" --what "health, medication" >/dev/null
at 2026-03-12
c link "$id" home-care-praha-7 --goal G1.1 --status referred >/dev/null
c link "$id" home-care-praha-7 --status active >/dev/null
c link "$id" "Věra Malá" --informal --goal G1 --status active >/dev/null
at 2026-04-02
c monitor "$id" --kind visit --with Marie --minutes 45 --goal G1.1 --progress on-track \
	-m "Visits run well; Marie is more confident." >/dev/null
c monitor "$id" --kind conference --client-present --with Marie --with "home care" \
	--minutes 60 -m "Case conference: the plan holds." >/dev/null
c plan "$id" --render --to html -o "$dir/plan.html"
c ecomap "$id" >"$dir/ecomap.dot"
at 2026-09-09
c evaluate "$id" --decision close --goal G0=achieved --goal G1=achieved --goal G1.1=achieved \
	--client-view "I manage now" --worker-view "goals met" -m "Stable for six months." >/dev/null
c close "$id" --reason "goals achieved" --follow-up 2026-12-09
c show "$id"
c log "$id"
c check
echo
echo "The demo store is $store"
echo "  its history:         cd $store && git log --stat"
echo "  the individual plan: $dir/plan.html (open it in a browser; it prints on A4)"
echo "  the network:         dot -Tsvg $dir/ecomap.dot > $dir/ecomap.svg"
