# The README's two commands, and the steps they are made of.
#   make serve   set up, build, serve the showcase app
#   make test    set up, build, run every test
BUILD ?= build
JOBS  ?= $(shell nproc)
HOST  ?= 127.0.0.1
PORT  ?= 4000

.PHONY: all setup configure build test serve asan clean

all: build

setup:
	scripts/setup

configure: setup
	cmake -S . -B $(BUILD) -G Ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

serve: build
	$(BUILD)/bin/chat_server --host $(HOST) --port $(PORT) --static examples/native/public --assets assets/node_modules/phoenix/priv/static

# Every unit, integration, e2e and Quest suite under AddressSanitizer +
# UndefinedBehaviorSanitizer, with LeakSanitizer on (the runtime collects cycles, so a
# leak report is a real leak).
asan: setup
	cmake -S . -B $(BUILD)-asan -G Ninja -DQUEST_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUEST_BUILD_BENCH=OFF
	cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ctest --output-on-failure -j $(JOBS) -L 'unit|integration|e2e|quest'

clean:
	rm -rf $(BUILD) $(BUILD)-asan
