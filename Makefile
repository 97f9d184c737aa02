# The README's two commands, and the steps they are made of.
#   make serve   set up, build, serve the showcase app
#   make test    set up, build, run every test
BUILD ?= build
JOBS  ?= $(shell nproc)
HOST  ?= 127.0.0.1
PORT  ?= 4000

FUZZ_BUILD   ?= $(BUILD)-fuzz
FUZZ_SECONDS ?= 60
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

# Every registered suite (every label: unit, integration, e2e, quest) under
# AddressSanitizer + UndefinedBehaviorSanitizer, with LeakSanitizer on (the runtime
# collects cycles, so a leak report is a real leak). No -L filter: a suite added without
# a label still runs here. Benchmarks are not built (they are not tests).
asan: setup
	cmake -S . -B $(BUILD)-asan -G Ninja -DQUEST_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUEST_BUILD_BENCH=OFF
	cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ctest --output-on-failure -j $(JOBS)

# libFuzzer targets (tests/fuzz) built by clang with ASan + UBSan in their own build dir,
# each run FUZZ_SECONDS (default 60) in turn; fails on any finding. FUZZ_TARGETS picks some.
fuzz: setup
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DQUEST_FUZZ=ON -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUEST_BUILD_TESTS=OFF -DQUEST_BUILD_BENCH=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets
	tests/fuzz/run_fuzzers $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(FUZZ_BUILD)
