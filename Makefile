# Fleet: build, test and benchmark. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
CONFIGURATION ?= Release
RESULTS := TestResults

.PHONY: all build test chaos bench run demo clean check-redis check-postgres check-chromium check-promtool contracts image images

all: build

build:
	dotnet build Fleet.sln -c $(CONFIGURATION)

# Installs redis-server when missing (root + apt-get), else says how to.
check-redis:
	@deploy/local/ensure.sh redis

# The archive's tests and `make run` start their own PostgreSQL (initdb in a temporary directory).
check-postgres:
	@deploy/local/ensure.sh postgres

# The dashboard's browser test drives Debian's chromium headless.
check-chromium:
	@deploy/local/ensure.sh chromium

# promtool checks deploy/prometheus and runs the alert rules' unit tests (Debian's prometheus package; its server is
# stopped and disabled after the install).
check-promtool:
	@deploy/local/ensure.sh promtool

# The six images when a Docker engine answers (else one line saying why not), every test project, then one summary
# line over all of them: "N passed, N failed, N skipped".
test: check-redis check-postgres check-chromium check-promtool
	@rm -rf $(RESULTS)
	@status=0; \
	deploy/docker/build-images.sh --if-engine || status=$$?; \
	dotnet test Fleet.sln -c $(CONFIGURATION) --logger trx --results-directory $(RESULTS) || status=$$?; \
	tests/summarize.sh $(RESULTS) || status=1; \
	exit $$status

# Container images fleet/<service>:$(FLEET_VERSION) from deploy/docker/Dockerfile (docs/deploy/compose.md). Without a
# reachable Docker engine: one line saying so, and exit 1.
image:
	@test -n "$(SERVICE)" || { echo "make image: name the service: make image SERVICE=file-processor" >&2; exit 2; }
	@deploy/docker/build-images.sh $(SERVICE)

images:
	@deploy/docker/build-images.sh

# The chaos suite's long form (docs/chaos.md): 100 000 events, consumer SIGKILLs, redis-server SIGKILLed and restarted
# from its AOF twice, 2 000 hostile entries; then the client's reply-matching stress test for STRESS_SECONDS.
# Prints the figures of both. Their short forms run in `make test`.
STRESS_SECONDS ?= 120
chaos: check-redis
	@mkdir -p $(RESULTS)
	@rm -f $(RESULTS)/chaos-figures.txt $(RESULTS)/stress.log
	@status=0; \
	CHAOS_FORM=long CHAOS_FIGURES=$(CURDIR)/$(RESULTS)/chaos-figures.txt \
		dotnet test tests/Fleet.Chaos.Tests -c $(CONFIGURATION) || status=$$?; \
	FLEET_STRESS_SECONDS=$(STRESS_SECONDS) dotnet test tests/Fleet.Redis.Tests -c $(CONFIGURATION) \
		--filter "FullyQualifiedName~ReplyMatchingStressTests" --logger "console;verbosity=detailed" > $(RESULTS)/stress.log 2>&1 || status=1; \
	cat $(RESULTS)/chaos-figures.txt 2>/dev/null || echo "chaos: no figures (the run stopped before its checks; see above)"; \
	grep -E "stress:|Passed |Failed |Assert|Total tests" $(RESULTS)/stress.log || tail -n 30 $(RESULTS)/stress.log; \
	exit $$status

# Benchmarks against a redis-server they start, with redis-benchmark in the same run, the services as processes
# included (`--suite fleet`, `--suite market`); results in bench-results/.
bench: check-redis check-postgres
	dotnet run -c Release --project tests/Fleet.Benchmarks -- --output bench-results

# Rewrites docs/event-catalogue.md and docs/schemas/*.json from shared/Fleet.Contracts (a test fails when they drift).
contracts:
	FLEET_UPDATE_DOCS=1 dotnet test tests/Fleet.Contracts.Tests -c $(CONFIGURATION) --filter "FullyQualifiedName~EventCatalogueDocumentTests"

# The fleet on this machine (docs/demo.md): redis-server, the five services (two replicas of file-processor,
# embedding-generator and market-monitor; notifier; dead-letter-reaper), the demo driver; `run` keeps it up until
# Ctrl-C, `demo` checks the scenario and stops.
run: check-redis check-postgres
	@CONFIGURATION=$(CONFIGURATION) deploy/local/run.sh

demo: check-redis check-postgres
	@CONFIGURATION=$(CONFIGURATION) deploy/local/run.sh --check

clean:
	dotnet clean Fleet.sln
	rm -rf $(RESULTS) bench-results BenchmarkDotNet.Artifacts
