#!/bin/sh
# template.sh CASECTL DIR - make the template store the generator copies:
# one case taken by casectl itself from intake to monitoring (so every
# record is what casectl writes and 'casectl check' accepts), plus the
# store-wide files (casectl.md, services/).
set -eu
bin=${1:?usage: template.sh CASECTL DIR}
store=${2:?usage: template.sh CASECTL DIR}
export HOME="$store.home" GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$store.home/.config"
unset CASECTL_DIR VISUAL EDITOR GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
mkdir -p "$HOME"
git config --global user.name "Template Worker"
git config --global user.email "template.worker@example.org"
git config --global init.defaultBranch main
c() { "$bin" -C "$store" "$@" >/dev/null; }
at() { export CASECTL_NOW=$1; }

at 2026-01-05
"$bin" init "$store" >/dev/null
at 2026-01-06
id=$("$bin" -C "$store" open --client "Template Client" --birth-date 1950-05-12 \
	--contact "Template Street 1" --referral "hospital discharge" \
	--referral-date 2026-01-02 --reason "going home alone" --ref "REF-TEMPLATE" \
	-m "Several health and social needs, nobody coordinating.")
at 2026-01-09
c assess "$id" --client-need "to stay at home" --need "daily help with medication" \
	--personal "determined" --social "two friends" --community "home care service" \
	--strength "knows what she wants" --works "neighbour brings the post" \
	--risk "falls at night" --domain health --domain daily-living
at 2026-01-13
c plan "$id" --macro "lives safely at home" --measure "no readmission within 6 months" \
	--due 2026-07-13 --responsible client
c plan "$id" --goal "medication taken every day" --domain health \
	--measure "no missed dose in a week" --due 2026-02-13 --responsible "home care"
c plan "$id" --step "home care visits twice a day" --under G1 --measure "visits logged" \
	--due 2026-01-24 --responsible "home care" --checks "case manager" \
	--cost 4200 --payer "care allowance"
c plan "$id" --crisis "a fall at night" --contact "neighbour" --action "alarm button"
c plan "$id" --agreed 2026-01-13 --review 2026-07-13
c team "$id" --add "Template Friend" --role friend --contact "+420 602 000 111" \
	--topic shopping --informal
c service add "Home care central" --org "Home care central" --area "centre" \
	--offers "home care" --places 20
c consent "$id" --grant --to "Home care central" --what "health, medication"
at 2026-01-16
c link "$id" home-care-central --goal G1.1 --status referred
c link "$id" home-care-central --status active
c link "$id" "Template Friend" --informal --goal G1 --status active
at 2026-02-06
c monitor "$id" --kind visit --with client --minutes 45 --goal G1.1 --progress on-track \
	-m "Visits run well; more confident."
at 2026-02-20
c monitor "$id" --kind phone --with client --minutes 20 -m "All well."
"$bin" -C "$store" check >/dev/null
echo "$id"
