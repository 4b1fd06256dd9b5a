#!/bin/bash
# run.sh - builds arobase's fuzz entry points (tests/fuzz/fuzz_*.c) with
# clang's libFuzzer, ASan and UBSan, and runs each for a while on a copy of
# its seed corpus (tests/fuzz/corpus/<name>/).
#
#   tests/fuzz/run.sh [SECONDS]      from the top of the repository
#
# SECONDS (default 30) is each harness's -max_total_time.  Builds go to
# build-fuzz/ (FUZZ_B to change it); the corpora grown by a run, and the
# inputs that crashed, stay in build-fuzz/run/<name>/ (the committed corpus
# is never written).  One line per harness, then "fuzz: N passed, M failed";
# the exit status is 1 when any harness failed to build or found a crash.
set -u

cd "$(dirname "$0")/../.." || exit 2
SECONDS_EACH=${1:-30}
case $SECONDS_EACH in
''|*[!0-9]*) echo "usage: tests/fuzz/run.sh [SECONDS]" >&2; exit 64 ;;
esac
B=${FUZZ_B:-build-fuzz}
CC=${FUZZ_CC:-clang}
PKGS="jansson libxml-2.0 cairo pangocairo pangoft2 fontconfig freetype2 glib-2.0 libqpdf"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-g -O1 -std=c17 -D_GNU_SOURCE $SAN $(pkg-config --cflags $PKGS)"
CFLAGS="$CFLAGS -Istages/common -Istages/ingest -Itests/fuzz"
LIBS="$(pkg-config --libs $PKGS) -lcsv -lm"

mkdir -p "$B/obj" "$B/run" || exit 2

# The library code, compiled once for every harness (instrumented for
# coverage, without libFuzzer's main): stages/common and ingest's modules.
objs=()
build_ok=1
for src in stages/common/*.c $(ls stages/ingest/*.c | grep -v '/main\.c$'); do
	obj=$B/obj/$(echo "${src#stages/}" | tr / _).o
	if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] || [ "$0" -nt "$obj" ] ||
	   [ -n "$(find stages/common stages/ingest -name '*.h' -newer "$obj")" ]; then
		$CC $CFLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$obj" || { build_ok=0; rm -f "$obj"; }
	fi
	objs+=("$obj")
done

passed=0
failed=0
for harness in tests/fuzz/fuzz_*.c; do
	name=$(basename "$harness" .c)
	name=${name#fuzz_}
	bin=$B/fuzz_$name
	work=$B/run/$name
	if [ $build_ok = 0 ] ||
	   ! $CC $CFLAGS -Wall -Wextra -Werror -fsanitize=fuzzer "$harness" "${objs[@]}" $LIBS -o "$bin"; then
		echo "fuzz_$name: FAILED (build)"
		failed=$((failed + 1))
		continue
	fi
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/crashes"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp -R "tests/fuzz/corpus/$name/." "$work/corpus/"
	fi
	# Leaks found at exit are failures too (detect_leaks is ASan's default).
	if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	   UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	   "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
	          -print_final_stats=1 -artifact_prefix="$work/crashes/" \
	          "$work/corpus" >"$work/log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
		echo "fuzz_$name: ok (${runs:-?} runs in ${SECONDS_EACH}s)"
		passed=$((passed + 1))
	else
		echo "fuzz_$name: FAILED, see $work/log and $work/crashes/:"
		grep -m1 -E '^==[0-9]+==ERROR|runtime error|^SUMMARY|deadly signal' "$work/log" | sed 's/^/    /'
		ls "$work/crashes" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
