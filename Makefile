# Fleet: build, test and benchmark. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
CONFIGURATION ?= Release
RESULTS := TestResults

.PHONY: all build test bench run clean check-redis

all: build

build:
	dotnet build Fleet.sln -c $(CONFIGURATION)

check-redis:
	@command -v redis-server >/dev/null || { \
	  echo "redis-server was not found on PATH. Install it with: apt-get install -y redis-server (Debian/Ubuntu), or brew install redis (macOS)"; \
	  exit 1; }

# Every test project, then one summary line over all of them: "N passed, N failed, N skipped".
test: check-redis
	@rm -rf $(RESULTS)
	@status=0; \
	dotnet test Fleet.sln -c $(CONFIGURATION) --logger trx --results-directory $(RESULTS) || status=$$?; \
	scripts/summarize-tests.sh $(RESULTS) || status=1; \
	exit $$status

# Benchmarks against a redis-server they start, with redis-benchmark in the same run; results in bench-results/.
bench: check-redis
	dotnet run -c Release --project tests/Fleet.Benchmarks -- --output bench-results

run: check-redis
	dotnet run -c $(CONFIGURATION) --project samples/Fleet.Redis.Demo

clean:
	dotnet clean Fleet.sln
	rm -rf $(RESULTS) bench-results BenchmarkDotNet.Artifacts
