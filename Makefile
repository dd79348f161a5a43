# casectl - git-style case management for social workers
#
#   make            build build/casectl
#   make check      build with ASan+UBSan, run unit and end-to-end tests
#   make demo       run a whole case on a temporary store
#   make install    PREFIX=/usr/local DESTDIR=
#   make deps       install the Debian packages this needs
#   make bench / make fuzz / make check-valgrind   long runs, not in check
#   make net-matrix  casectl sync and git side by side on real servers

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
# Where the shells look for completions.  Debian's zsh searches
# /usr/local/share/zsh/site-functions and /usr/share/zsh/vendor-completions
# (zsh -fc 'print -l $$fpath'); a zsh built for another prefix searches
# PREFIX/share/zsh/site-functions.  bash-completion searches
# DIR/bash-completion/completions for every DIR of XDG_DATA_DIRS
# (by default /usr/local/share:/usr/share).
ZSH_COMPDIR ?= $(if $(filter /usr,$(PREFIX)),$(DATADIR)/zsh/vendor-completions,$(DATADIR)/zsh/site-functions)
BASH_COMPDIR ?= $(DATADIR)/bash-completion/completions
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# Plain "make" builds the program and its completions, whatever rule
# comes first below.
.DEFAULT_GOAL := all

CC ?= cc
PKGS := libgit2 libcmark yaml-0.1 jansson libcrypto
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wstrict-prototypes -Wformat=2
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Iinclude $(WARN) \
	-DCASECTL_VERSION='"$(VERSION)"'
# The installed paths are compiled into the one object that uses them,
# which depends on build/paths.stamp: the stamp changes whenever PREFIX,
# DATADIR or MANDIR does, so "make install PREFIX=P" after a plain "make"
# rebuilds it and the program looks for its manual under P.
PATH_CFLAGS := -DCASECTL_DATADIR='"$(DATADIR)/casectl"' -DCASECTL_MANDIR='"$(MANDIR)"'
PATH_OBJ := cmd/cmd-help.o
CFLAGS ?= -O2 -g
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# lib/ has one folder per layer, from the bottom up; a layer uses only the
# layers below it (lib/LAYER/README.md, make check-layers).
LAYERS := util doc store model ops views
LIB_SRC := $(sort $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.c)))
CMD_SRC := $(sort $(wildcard cmd/*.c))
HDRS := $(wildcard include/casectl/*/*.h) $(wildcard lib/*/*.h) $(wildcard cmd/*.h)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))

TEMPLATE_FILES := $(sort $(shell find templates -type f))

build/paths.stamp: FORCE | build/lib
	@echo '$(DATADIR) $(MANDIR)' | cmp -s - $@ || echo '$(DATADIR) $(MANDIR)' >$@
FORCE:

build/embed: tools/embed.c | build/lib
	$(CC) -O1 -o $@ $<
build/gen/templates.c: build/embed $(TEMPLATE_FILES)
	@mkdir -p build/gen
	build/embed $@ templates $(TEMPLATE_FILES)

# Two build trees: build/ (normal) and build/san/ (sanitizers, used by check).
define tree
$(1)/lib/%.o: lib/%.c $$(HDRS) | $(1)/lib
	@mkdir -p $$(@D)
	$$(CC) $$(BASE_CFLAGS) $(2) $$(PKG_CFLAGS) -c $$< -o $$@
$(1)/cmd/%.o: cmd/%.c $$(HDRS) | $(1)/cmd
	$$(CC) $$(BASE_CFLAGS) $(2) $$(PKG_CFLAGS) -c $$< -o $$@
$(1)/$(PATH_OBJ): build/paths.stamp
$(1)/$(PATH_OBJ): BASE_CFLAGS += $(PATH_CFLAGS)
$(1)/lib/doc/templates.o: build/gen/templates.c | $(1)/lib
	@mkdir -p $$(@D)
	$$(CC) $(2) -c $$< -o $$@
$(1)/libcasectl.a: $$(patsubst lib/%.c,$(1)/lib/%.o,$$(LIB_SRC)) $(1)/lib/doc/templates.o
	rm -f $$@ && ar rcs $$@ $$^
$(1)/casectl: $$(patsubst cmd/%.c,$(1)/cmd/%.o,$$(CMD_SRC)) $(1)/libcasectl.a
	$$(CC) $(2) -o $$@ $$^ $$(PKG_LIBS)
$(1)/unit/%: tests/unit/%.c $(1)/libcasectl.a $$(HDRS) | $(1)/unit
	$$(CC) $$(BASE_CFLAGS) $(2) $$(PKG_CFLAGS) $$(shell pkg-config --cflags cmocka) $$< -o $$@ \
		$(1)/libcasectl.a $$(PKG_LIBS) $$(shell pkg-config --libs cmocka)
$(1)/lib $(1)/cmd $(1)/unit:
	mkdir -p $$@
endef

$(eval $(call tree,build,$(CFLAGS)))
$(eval $(call tree,build/san,$(SAN_FLAGS)))

UNIT_BIN := $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRC))
UNIT_SAN := $(patsubst tests/unit/%.c,build/san/unit/%,$(UNIT_SRC))

.PHONY: FORCE all check check-layers unit cli deps demo install uninstall clean bench fuzz check-valgrind stress net-matrix

all: build/casectl build/casectl.bash build/_casectl

# Shell completions, generated from the command and option tables in cmd/.
build/casectl.bash: tools/gen-completion.sh $(CMD_SRC) | build/lib
	sh tools/gen-completion.sh bash >$@
build/_casectl: tools/gen-completion.sh $(CMD_SRC) | build/lib
	sh tools/gen-completion.sh zsh >$@

unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do $$t || exit 1; done

# The whole suite under ASan+UBSan; the last line is
# "N passed, N failed, N skipped" (skips are listed above it).
check: deps build/san/casectl $(UNIT_SAN) all
	@CASECTL_BIN=$(CURDIR)/build/san/casectl UNIT_BINS="$(UNIT_SAN)" \
		tests/run-all

# The one-way rule between the layers of lib/ (util, doc, store, model,
# ops | views, then cmd), read from the objects with nm: every use of a
# symbol from a higher layer, every third-party header outside its
# folder, every private symbol cmd/ uses or not named cc__, every
# cycle.  It still lists uses that break the rule, so check does not
# run it yet.
check-layers: build/casectl
	@python3 tests/check-layers.py build

cli: build/san/casectl
	@CASECTL_BIN=$(CURDIR)/build/san/casectl UNIT_BINS="" tests/run-all $(T)

# The crash and concurrency proofs alone, at any size:
#   make stress CRASH_RUNS=5000 WRITER_OPS=500 SYNC_OPS=1000 ERASE_RUNS=1000
# Synthetic store (BENCH_CASES=10000 BENCH_COMMITS=100000 BENCH_SEED=42),
# casectl against plain git; the table goes to bench/results.md.
bench: build/casectl
	@sh bench/bench.sh $(CURDIR)/build/casectl

# casectl sync and plain git side by side against real servers on
# loopback (sshd, nginx + git http-backend over TLS, tinyproxy): a table.
net-matrix: build/casectl
	@CASECTL_BIN=$(CURDIR)/build/casectl tests/net-matrix.sh

stress: build/casectl
	@tests/stress/crash.sh $(CURDIR)/build/casectl $(or $(CRASH_RUNS),500)
	@tests/stress/writers.sh $(CURDIR)/build/casectl 8 $(or $(WRITER_OPS),100)
	@tests/stress/sync.sh $(CURDIR)/build/casectl 3 $(or $(SYNC_OPS),240)
	@tests/stress/erase-kill.sh $(CURDIR)/build/casectl $(or $(ERASE_RUNS),200)

# Fuzzing (libFuzzer): every tests/fuzz/NAME.c against the whole lib,
# built with clang into build/fuzz/.  Each target runs FUZZ_SECONDS on a
# scratch copy of tests/fuzz/corpus/NAME/ (the committed corpus is never
# modified); new inputs and crashes stay in build/fuzz/run/NAME/.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS := -Wno-error -Wno-format-nonliteral -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
build/fuzz/lib/%.o: lib/%.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c $< -o $@
build/fuzz/lib/doc/templates.o: build/gen/templates.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -c $< -o $@
build/fuzz/libcasectl.a: $(patsubst lib/%.c,build/fuzz/lib/%.o,$(LIB_SRC)) build/fuzz/lib/doc/templates.o
	rm -f $@ && ar rcs $@ $^
build/fuzz/%: tests/fuzz/%.c build/fuzz/libcasectl.a
	$(FUZZ_CC) $(BASE_CFLAGS) -Ilib $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) $< \
		build/fuzz/libcasectl.a $(PKG_LIBS) -o $@
fuzz: $(FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_BIN)

# The whole suite under valgrind memcheck with the plain (not sanitized)
# build, VALGRIND_JOBS (2) files at a time; the stress tests at smaller
# sizes.  VALGRIND_CLI may name some bats files (default: all).  Long:
# about 45 minutes on two cores.
VALGRIND_CLI ?=
check-valgrind: build/casectl $(UNIT_BIN)
	@tests/valgrind.sh $(CURDIR)/build/casectl "$(UNIT_BIN)" $(VALGRIND_CLI)

DEBS := libgit2-dev libcmark-dev libyaml-dev libjansson-dev libssl-dev libcmocka-dev pkg-config \
	bats git python3 python3-yaml python3-html5lib pandoc graphviz man-db bsdutils zsh bc procps openssh-client \
	clang libclang-rt-14-dev valgrind openssh-server openssl strace gpg gpg-agent \
	nginx-light fcgiwrap tinyproxy
deps:
	@sh tests/deps.sh $(DEBS)

demo: deps build/casectl
	@sh tests/demo.sh $(CURDIR)/build/casectl

install: build/casectl build/casectl.bash build/_casectl
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/casectl $(DESTDIR)$(BASH_COMPDIR) $(DESTDIR)$(ZSH_COMPDIR)
	install -m 755 build/casectl $(DESTDIR)$(BINDIR)/casectl
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	cp -R templates $(DESTDIR)$(DATADIR)/casectl/
	install -m 644 build/casectl.bash $(DESTDIR)$(BASH_COMPDIR)/casectl
	install -m 644 build/_casectl $(DESTDIR)$(ZSH_COMPDIR)/_casectl

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/casectl $(DESTDIR)$(MANDIR)/man1/casectl*.1 \
		$(DESTDIR)$(MANDIR)/man5/casectl*.5 $(DESTDIR)$(BASH_COMPDIR)/casectl \
		$(DESTDIR)$(ZSH_COMPDIR)/_casectl
	rm -rf $(DESTDIR)$(DATADIR)/casectl

clean:
	rm -rf build
