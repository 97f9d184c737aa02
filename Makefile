# The README's two commands, and the steps they are made of.
#   make serve   set up, build, serve the showcase app
#   make test    set up, build, run every test
BUILD ?= build
JOBS  ?= $(shell nproc)
HOST  ?= 127.0.0.1
PORT  ?= 4000

FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?=
FUZZ_SEED    ?= 1
FUZZ_TARGETS ?=

.PHONY: all setup configure build test serve asan fuzz clean

all: build

setup:
	scripts/setup

configure: setup
	cmake -S . -B $(BUILD) -G Ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The LiveView showcase (examples/showcase/app.q): every LiveView example of the seed.
serve: build
	$(BUILD)/bin/quest serve --host $(HOST) --port $(PORT) examples/showcase/app.q

# The sanitizer tree (build-san, clang-16; cmake/sanitizers.cmake): every target with
# AddressSanitizer + UndefinedBehaviorSanitizer, LeakSanitizer on (the runtime collects
# cycles, so a leak report is a real leak), and libFuzzer's coverage hooks, so `make asan`
# and `make fuzz` share one build. -O0 with line tables only: sanitizer reports keep
# file:line, and the Beast-heavy files compile in less than half the CPU time of -O1
# (45 s vs 102 s for websocket_upgrade_test.cpp); the build is most of CI's time, the
# slower instrumented code only a little of it (the suites wait on sockets).
SAN_BUILD ?= $(BUILD)-san
SAN_OPT   ?= -O0
SAN_CONFIGURE = cmake -S . -B $(SAN_BUILD) -G Ninja -DQUEST_SANITIZE=ON -DQUEST_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_C_FLAGS_SANITIZE="$(SAN_OPT) -gline-tables-only" -DCMAKE_CXX_FLAGS_SANITIZE="$(SAN_OPT) -gline-tables-only" \
  -DQUEST_BUILD_BENCH=OFF

# Reports name file:line when an llvm-symbolizer is installed (any version reads clang
# 16's line tables); without one they still fail the suite, with addresses only.
SYMBOLIZER := $(shell command -v llvm-symbolizer-16 || command -v llvm-symbolizer || command -v llvm-symbolizer-14)

# Every registered suite (every label: unit, integration, e2e, quest) in the sanitizer
# tree. No -L filter: a suite added without a label still runs here. Benchmarks are not
# built (they are not tests).
asan: setup
	$(SAN_CONFIGURE)
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ASAN_SYMBOLIZER_PATH=$(SYMBOLIZER) ctest --output-on-failure -j $(JOBS)

# libFuzzer targets (tests/fuzz) in the sanitizer tree, each run FUZZ_SECONDS (default
# 60) in turn, or exactly FUZZ_RUNS executions from FUZZ_SEED (deterministic, for CI);
# fails on any finding. FUZZ_TARGETS picks some.
fuzz: setup
	$(SAN_CONFIGURE)
	cmake --build $(SAN_BUILD) -j $(JOBS) --target fuzz_targets
	FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_SEED=$(FUZZ_SEED) tests/fuzz/run_fuzzers $(SAN_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD) $(BUILD)-san
