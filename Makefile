# Fleet: build, test and benchmark. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
CONFIGURATION ?= Release
RESULTS := TestResults

.PHONY: all build test bench run clean check-redis

all: build

build:
	dotnet build Fleet.sln -c $(CONFIGURATION)

# Installs redis-server when missing (root + apt-get), else says how to.
check-redis:
	@deploy/local/ensure-redis.sh

# Every test project, then one summary line over all of them: "N passed, N failed, N skipped".
test: check-redis
	@rm -rf $(RESULTS)
	@status=0; \
	dotnet test Fleet.sln -c $(CONFIGURATION) --logger trx --results-directory $(RESULTS) || status=$$?; \
	tests/summarize.sh $(RESULTS) || status=1; \
	exit $$status

# Benchmarks against a redis-server they start, with redis-benchmark in the same run; results in bench-results/.
bench: check-redis
	dotnet run -c Release --project tests/Fleet.Benchmarks -- --output bench-results

run:
	CONFIGURATION=$(CONFIGURATION) deploy/local/run.sh

clean:
	dotnet clean Fleet.sln
	rm -rf $(RESULTS) bench-results BenchmarkDotNet.Artifacts
