# The two commands of the README: `make run` and `make test`. Each installs missing dependencies first.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: deps configure build run test bench golden clean format

deps:
	@./scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/sluice run samples/quickstart.stream

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Rewrites the expected files of tests/golden/ from the current compiler; review the diff.
golden: build
	SLUICE_UPDATE_GOLDEN=1 $(BUILD)/tests/sluice_compiler_tests "[golden]"

bench: build
	bench/run.sh $(BUILD)

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD)
