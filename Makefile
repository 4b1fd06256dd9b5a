# arobase - the Label National Territoires, Villes et Villages Internet pipeline.
#
#   make            build every stage into build/
#   make demo       set up what is missing, run the shipped 2018 example end to end
#   make check      set up, run every test, then again under ASan/UBSan
#   make help       list the targets
#
# Stages are discovered: every stages/<name>/main.c builds build/arobase-<name>,
# linked with the objects of its folder and build/libarobase.a (stages/common).

.DELETE_ON_ERROR:
.SUFFIXES:
SHELL := /bin/bash

PREFIX ?= /usr/local
DESTDIR ?=
B ?= build

STD_CFLAGS  := -std=c17 -D_GNU_SOURCE
WARN_CFLAGS := -Wall -Wextra -Werror
OPT_CFLAGS  ?= -O2 -g
SAN_FLAGS   ?=
PKGS := jansson libxml-2.0 cairo pangocairo pangoft2 fontconfig freetype2 glib-2.0 libqpdf
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS  = $(STD_CFLAGS) $(WARN_CFLAGS) $(OPT_CFLAGS) $(SAN_FLAGS) \
              $(PKG_CFLAGS) -Istages/common -MMD -MP $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)
LIBS        = $(PKG_LIBS) -lcsv -lm

STAGES  := $(sort $(patsubst stages/%/main.c,%,$(wildcard stages/*/main.c)))
PROGS   := $(STAGES:%=$(B)/arobase-%)
COMMON_OBJ := $(patsubst stages/%.c,$(B)/obj/%.o,$(wildcard stages/common/*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

# The example millésime shipped in input/demo/, and a real one in input/YYYY/.
MILLESIME ?= 2018
COLLECTIVITES ?= input/collectivites
HISTORY ?= input/history

.PHONY: all demo check sanitize test unit cases bench install help deps \
        pipeline palmares fuzz archive archive-run demo-archive prediagnostic \
        prediagnostic-run demo-prediagnostic clean
all: $(PROGS)

help:
	@echo "make                 build every stage into $(B)/"
	@echo "make demo            install what is missing, run the 2018 example into output/demo/2018/"
	@echo "make palmares MILLESIME=YYYY   run a real millésime from input/YYYY/ into output/YYYY/"
	@echo "make prediagnostic MILLESIME=YYYY  the nightly run: ingest, filter, coverage (mosaïques)"
	@echo "make archive MILLESIME=YYYY    pack a run (inputs, outputs, MANIFEST.json) into output/YYYY.tar.gz"
	@echo "make check           install what is missing, run all tests, then again under ASan/UBSan"
	@echo "make sanitize        only the ASan/UBSan run of the tests (build in build-san/)"
	@echo "make bench           ingest and render timed against Miller and rsvg-convert (not a test)"
	@echo "make fuzz [FUZZ_SECONDS=30]   run the parsers' fuzz entry points (clang, libFuzzer)"
	@echo "make install PREFIX=/usr/local DESTDIR=   install the programs and man pages"
	@echo "make clean           remove build/ and build-san/"

$(B)/obj/%.o: stages/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(EXTRA_CPPFLAGS) -c $< -o $@

# The manifest records the commit and libcsv's Debian version (libcsv has no
# run-time version call).
$(B)/obj/audit/manifest.o: EXTRA_CPPFLAGS = \
  -DAROBASE_COMMIT='"$(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"' \
  -DAROBASE_LIBCSV_DEBIAN='"$(shell dpkg-query -W -f='$${Version}' libcsv-dev 2>/dev/null || echo unknown)"'

$(B)/libarobase.a: $(COMMON_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

stage_objs = $(patsubst stages/%.c,$(B)/obj/%.o,$(wildcard stages/$(1)/*.c))
stage_objs_nomain = $(filter-out $(B)/obj/$(1)/main.o,$(call stage_objs,$(1)))
define stage_rule
$(B)/arobase-$(1): $(call stage_objs,$(1)) $(B)/libarobase.a
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LIBS)
endef
# NO_BUILD=1 (arobase-audit's re-run) uses the programs in $(B) as they are:
# a source changed since the run must not rebuild what is being audited.
ifeq ($(NO_BUILD),)
$(foreach s,$(STAGES),$(eval $(call stage_rule,$(s))))
endif

# Unit tests: tests/unit/test_NAME.c links libarobase.a, and when NAME starts
# with a stage's name and "_" (test_ingest_dates.c), that stage's objects but main.
test_stage = $(firstword $(foreach s,$(STAGES),$(if $(filter $(s)_%,$(1)),$(s))))
.SECONDEXPANSION:
$(B)/tests/test_%: tests/unit/test_%.c $$(call stage_objs_nomain,$$(call test_stage,$$*)) $(B)/libarobase.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(addprefix -Istages/,$(call test_stage,$*)) $(ALL_LDFLAGS) \
	  -o $@ $^ $(LIBS) -lcmocka

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- set-up
deps:
	@scripts/install-deps.sh
	@scripts/fetch-collectivites.sh $(COLLECTIVITES)

# ---------------------------------------------------------------- pipeline
# IN: the millésime's input folder; OUT: its output folder.
IN  ?= input/$(MILLESIME)
OUT ?= output/$(MILLESIME)

$(OUT)/actions.ndjson $(OUT)/rejects.ndjson &: $(wildcard $(IN)/actions.csv $(IN)/actions.xml $(IN)/export/*) $(B)/arobase-ingest
	@mkdir -p $(OUT)
	$(B)/arobase-ingest --collectivites $(COLLECTIVITES) -o $(OUT)/actions.ndjson \
	  --rejects $(OUT)/rejects.ndjson $(firstword $(wildcard $(IN)/export $(IN)/actions.csv $(IN)/actions.xml))

$(OUT)/retained.ndjson $(OUT)/excluded.ndjson &: $(OUT)/actions.ndjson $(IN)/rules.json $(B)/arobase-filter
	$(B)/arobase-filter --rules $(IN)/rules.json -o $(OUT)/retained.ndjson \
	  --rejects $(OUT)/excluded.ndjson $(OUT)/actions.ndjson

$(OUT)/coverage.json: $(OUT)/retained.ndjson $(IN)/referentiel.json $(IN)/candidatures.csv $(B)/arobase-coverage
	$(B)/arobase-coverage --rules $(IN)/rules.json --referentiel $(IN)/referentiel.json \
	  --candidatures $(IN)/candidatures.csv -o $@ $(OUT)/retained.ndjson

$(OUT)/palmares.json $(OUT)/palmares.csv &: $(OUT)/coverage.json $(IN)/rules.json \
    $(IN)/candidatures.csv $(IN)/jury.csv $(wildcard $(HISTORY)/*) $(B)/arobase-decide
	$(B)/arobase-decide --rules $(IN)/rules.json --candidatures $(IN)/candidatures.csv \
	  --history $(HISTORY) --coverage $(OUT)/coverage.json --collectivites $(COLLECTIVITES) \
	  --jury $(IN)/jury.csv -o $(OUT)/palmares.json --csv $(OUT)/palmares.csv \
	  --rejects $(OUT)/jury-rejects.ndjson

# Rendering is split by kind of output so that `make -j` draws them in
# parallel; each stamp says its part is complete.
RENDER = $(B)/arobase-render --rules $(IN)/rules.json

$(OUT)/.certificats: $(OUT)/palmares.json $(IN)/rules.json $(B)/arobase-render
	$(RENDER) --palmares $(OUT)/palmares.json -o $(OUT) --what certificats --format pdf
	@touch $@

$(OUT)/.panneaux: $(OUT)/palmares.json $(IN)/rules.json $(B)/arobase-render
	$(RENDER) --palmares $(OUT)/palmares.json -o $(OUT) --what panneaux --format pdf
	@touch $@

$(OUT)/.booklet: $(OUT)/palmares.json $(IN)/rules.json $(B)/arobase-render
	$(RENDER) --palmares $(OUT)/palmares.json -o $(OUT) --what booklet --format pdf
	@touch $@

$(OUT)/.mosaiques: $(OUT)/coverage.json $(IN)/referentiel.json $(IN)/rules.json $(B)/arobase-render
	$(RENDER) --coverage $(OUT)/coverage.json --referentiel $(IN)/referentiel.json \
	  --collectivites $(COLLECTIVITES) -o $(OUT) --what mosaiques --format pdf,png
	@touch $@

$(OUT)/jury-book.json: $(OUT)/coverage.json $(IN)/rules.json $(IN)/candidatures.csv \
    $(wildcard $(HISTORY)/*) $(B)/arobase-decide
	$(B)/arobase-decide --rules $(IN)/rules.json --candidatures $(IN)/candidatures.csv \
	  --history $(HISTORY) --coverage $(OUT)/coverage.json --collectivites $(COLLECTIVITES) \
	  --prepare -o $@

$(OUT)/livre-du-jury.pdf: $(OUT)/jury-book.json $(OUT)/coverage.json $(IN)/referentiel.json \
    $(IN)/rules.json $(B)/arobase-render
	$(RENDER) --jury-book $(OUT)/jury-book.json --coverage $(OUT)/coverage.json \
	  --referentiel $(IN)/referentiel.json -o $(OUT)

RENDERED = $(OUT)/.certificats $(OUT)/.panneaux $(OUT)/.booklet $(OUT)/.mosaiques \
           $(OUT)/livre-du-jury.pdf

# The fonts render uses, next to the programs' build folder.
FONTS ?= $(B)/../stages/render/fonts

$(OUT)/MANIFEST.json: $(RENDERED) $(B)/arobase-audit
	$(B)/arobase-audit --manifest $(OUT) --input $(IN) --history $(HISTORY) \
	  --collectivites $(COLLECTIVITES) $(if $(wildcard $(FONTS)),--fonts $(FONTS))

pipeline: $(OUT)/MANIFEST.json

# The nightly pre-diagnostic of the participation period: the mosaïques only.
prediagnostic-run: $(OUT)/.mosaiques

prediagnostic: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory prediagnostic-run IN=input/$(MILLESIME) OUT=output/$(MILLESIME)

demo-prediagnostic: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory prediagnostic-run MILLESIME=2018 IN=input/demo/2018 OUT=$(or $(DEMO_OUT),output/demo/2018)

# One deterministic .tar.gz of a run: the Makefile that wires it, its inputs,
# its outputs and MANIFEST.json (sorted names, fixed dates and owners).
ARCHIVE ?= $(OUT).tar.gz
archive-run: $(OUT)/MANIFEST.json
	tar --sort=name --format=gnu --owner=0 --group=0 --numeric-owner \
	  --mtime=@$${SOURCE_DATE_EPOCH:-0} --exclude='.*' -cf - Makefile $(IN) $(HISTORY) \
	  $(COLLECTIVITES) $(OUT) | gzip -9n > $(ARCHIVE).tmp
	mv $(ARCHIVE).tmp $(ARCHIVE)
	@echo "arobase: $(ARCHIVE)"

archive: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory archive-run IN=input/$(MILLESIME) OUT=output/$(MILLESIME)

demo-archive: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory archive-run MILLESIME=2018 IN=input/demo/2018 OUT=output/demo/2018

palmares: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory pipeline IN=input/$(MILLESIME) OUT=output/$(MILLESIME)

demo: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory pipeline MILLESIME=2018 IN=input/demo/2018 OUT=$(or $(DEMO_OUT),output/demo/2018)
	@echo "arobase: the 2018 example is in $(or $(DEMO_OUT),output/demo/2018)/"

# ---------------------------------------------------------------- tests
# `make test B=DIR` runs every test against the programs in DIR.
unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

cases: $(PROGS)
	@/usr/bin/python3 tests/run-cases --bin $(B) tests/cases $(wildcard tests/*/cases)

TEST_SCRIPTS := $(sort $(wildcard tests/e2e/test-*.sh tests/*/test-*.sh))
# Test suites of one run: the unit programs, the case runner, the scripts.
N_SUITES := $(words $(UNIT_BIN) cases $(TEST_SCRIPTS))

test: all unit cases
	@set -e; for t in $(TEST_SCRIPTS); do \
	  echo "== $$t"; AROBASE_BIN=$(B) COLLECTIVITES=$(COLLECTIVITES) bash $$t; done
	@echo "test suites ($(B)): $(N_SUITES) passed, 0 failed"

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory sanitize
	@echo "check: $$(( 2 * $(N_SUITES) )) passed, 0 failed"

SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_B ?= build-san
sanitize:
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MAKE) --no-print-directory test B=$(SAN_B) OPT_CFLAGS="-O1 -g" SAN_FLAGS="$(SAN)"

# Fuzz entry points (libFuzzer, clang): each parser for FUZZ_SECONDS.
FUZZ_SECONDS ?= 30
fuzz:
	@command -v clang >/dev/null || scripts/install-deps.sh clang
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: deps
	@$(MAKE) --no-print-directory all
	@scripts/bench.sh $(B)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/arobase/fonts $(DESTDIR)$(PREFIX)/share/arobase/schemas
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(wildcard stages/*/*.1) $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 $(wildcard stages/render/fonts/*) $(DESTDIR)$(PREFIX)/share/arobase/fonts/
	install -m 644 $(wildcard schemas/*) $(DESTDIR)$(PREFIX)/share/arobase/schemas/

clean:
	rm -rf build build-san
