# Makefile -- the entry points people and CI use. CMake does the building.
#
#   make demo       set up, build, run trilat on the bundled example corpus
#   make serve      the demo, then `trilat serve` on it (http://127.0.0.1:8080/)
#   make test       set up, build, run every test (unit, end-to-end, bad input)
#   make sanitize   the tests again under AddressSanitizer + UBSan
#   make fuzz       build the libFuzzer targets and run each for FUZZ_SECONDS
#   make bench      benchmarks (never pass/fail)
#   make ner-model  train the NER model into $(BUILD)/ner.model from the
#                   shared CoNLL 2003 data (skipped when it is absent)

BUILD ?= build
JOBS ?= 2
FUZZ_SECONDS ?= 60
DEMO_DB ?= $(BUILD)/demo.db
CONLL ?= /work/shared/data/ner/conll2003
NER_EPOCHS ?= 10
PORT ?= 8080

.PHONY: all setup build demo serve test sanitize fuzz bench ner-model clean

all: build

setup:
	@scripts/setup

build:
	cmake -S . -B $(BUILD) -DTRILAT_WERROR=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: setup build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BUILD)/trilat --db $(DEMO_DB) ingest examples/corpus
	$(BUILD)/trilat --db $(DEMO_DB) stats
	$(BUILD)/trilat --db $(DEMO_DB) articles --limit 10
	$(BUILD)/trilat --db $(DEMO_DB) search --limit 3 'Varenko summit'
	$(BUILD)/trilat --db $(DEMO_DB) cluster
	$(BUILD)/trilat --db $(DEMO_DB) stories
	$(BUILD)/trilat --db $(DEMO_DB) storylines
	$(BUILD)/trilat --db $(DEMO_DB) entities --limit 12
	$(BUILD)/trilat --db $(DEMO_DB) entity Ostrova --limit 5

serve: demo
	$(BUILD)/trilat --db $(DEMO_DB) serve --port $(PORT)

test: setup build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

sanitize: setup
	cmake -S . -B $(BUILD)-asan -DTRILAT_SANITIZE=ON -DTRILAT_WERROR=ON \
	      -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang >/dev/null
	cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j $(JOBS)

fuzz: setup
	cmake -S . -B $(BUILD)-fuzz -DTRILAT_FUZZ=ON -DCMAKE_C_COMPILER=clang \
	      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD)-fuzz -j $(JOBS)
	tests/fuzz/run $(BUILD)-fuzz $(FUZZ_SECONDS)

bench: setup
	@scripts/setup --bench
	cmake -S . -B $(BUILD)-rel -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD)-rel -j $(JOBS)
	bench/ingest $(BUILD)-rel
	$(BUILD)-rel/bench_tokenize
	$(BUILD)-rel/bench_extract tests/golden/web $(wildcard ../shared/data/extraction/aeb/html)
	bench/cluster $(BUILD)-rel
	bench/eval_clusters $(BUILD)-rel

# The CoNLL data is for research use only: it is read in place, never
# copied into the repository, and the model built from it is not committed.
ner-model: build
	@if [ ! -r $(CONLL)/eng.train ]; then \
	    echo "ner-model: skipped, $(CONLL)/eng.train is absent (set CONLL=DIR)"; \
	else \
	    $(BUILD)/trilat train ner --train $(CONLL)/eng.train --epochs $(NER_EPOCHS) \
	        --out $(BUILD)/ner.model && \
	    if [ -r $(CONLL)/eng.testa ]; then \
	        $(BUILD)/trilat eval ner --gold $(CONLL)/eng.testa --model $(BUILD)/ner.model; \
	    fi; \
	fi

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz $(BUILD)-rel
