# keep: the two commands of the README.
#
#   make run    install what is missing, build a release build into build/, make a demo
#               database keep.db if there is none, and serve it on 127.0.0.1:8080
#   make test   install what is missing (test tools too), build with ASan+UBSan using
#               clang into build-test/ (and the release build, so it is known to
#               build), and run every suite (scripts/run-tests)
#
# The build directories are meson's: after the first setup, ninja notices changes to
# meson.build by itself, so these rules only set up a directory that is not there yet.

DB ?= keep.db
LISTEN ?= 127.0.0.1:8080
ADMIN ?= admin@keep.local

.PHONY: all build run test setup setup-test build-test clean help

all: build

help:
	@sed -n '2,7p' Makefile | sed 's/^# \{0,1\}//'

setup:
	@scripts/setup run

setup-test:
	@scripts/setup test

# The release build: gcc, optimised, no sanitizers.
build: setup
	@if [ ! -f build/build.ninja ]; then \
		CC=gcc meson setup build --buildtype=release; \
	fi
	ninja -C build

run: build
	@if [ ! -e "$(DB)" ]; then \
		echo "make: creating $(DB) with the demo data"; \
		build/keep init --demo --db "$(DB)" && \
		scripts/demo-records build/keep "$(DB)" && \
		build/keep user add "$(ADMIN)" --role admin --generate-password --db "$(DB)"; \
	fi
	@echo "make: starting keep on http://$(LISTEN)/ (Ctrl-C stops it)"
	@echo "make: sign in at http://$(LISTEN)/login as $(ADMIN) with the password printed when $(DB) was made;"
	@echo "      'build/keep user passwd $(ADMIN) --db $(DB)' sets a new one"
	build/keep serve --db "$(DB)" --listen "$(LISTEN)"

# The test build: clang with AddressSanitizer, UndefinedBehaviorSanitizer and the
# libFuzzer targets. Reconfigured every time so the options always hold; a directory
# set up by another compiler is removed and set up anew (meson cannot switch compilers).
TEST_OPTS = -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz=true \
	-Dc_args=-fno-sanitize-recover=all --buildtype=debugoptimized

build-test: setup-test
	@if grep -q '^ command = clang ' build-test/build.ninja 2>/dev/null; then \
		CC=clang meson setup --reconfigure build-test $(TEST_OPTS); \
	else \
		rm -rf build-test && CC=clang meson setup build-test $(TEST_OPTS); \
	fi
	ninja -C build-test

# The release build is built too: gcc at -O3 warns of things clang does not (a variable
# it cannot prove set), and `make run` must never be the first to find them.
test: build-test build
	scripts/run-tests

clean:
	rm -rf build build-test
