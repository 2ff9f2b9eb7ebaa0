#!/bin/sh
# build-images.sh [--if-engine] [SERVICE...]: builds fleet/<service>:$FLEET_VERSION (default dev) from
# deploy/docker/Dockerfile for each SERVICE (a folder of services/), all six when none is named. `make image SERVICE=…`
# and `make images` call it; `make test` calls it with --if-engine.
# Without a reachable Docker engine it prints one line saying so and exits 1, or 0 with --if-engine (a machine without
# Docker, like CI here, runs every other test and says the images were not built, and why).
set -eu
cd "$(dirname -- "$0")/../.."
if_engine=0
if [ "${1:-}" = "--if-engine" ]; then
    if_engine=1
    shift
fi
if [ "$#" -eq 0 ]; then
    for dir in services/*/; do
        set -- "$@" "$(basename "$dir")"
    done
fi
for service in "$@"; do
    if [ ! -d "services/$service" ]; then
        echo "build-images.sh: no service '$service'; the services: $(ls services | tr '\n' ' ')" >&2
        exit 2
    fi
done

not_built() {
    if [ "$if_engine" -eq 1 ]; then
        echo "images: not built: $1"
        exit 0
    fi
    echo "build-images.sh: the images were not built: $1" >&2
    exit 1
}
command -v docker >/dev/null 2>&1 || not_built "no docker command on this machine (install Docker to build them)"
if ! reason=$(docker version --format '{{.Server.Version}}' 2>&1); then
    not_built "no Docker engine is reachable ($(printf '%s' "$reason" | grep . | head -n 1))"
fi
# The Dockerfile uses BuildKit (cache mounts, cross-platform publish): the legacy builder cannot build it.
docker buildx version >/dev/null 2>&1 || not_built "docker buildx (BuildKit) is missing; install the docker-buildx plugin"

version=${FLEET_VERSION:-dev}
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
source=$(git remote get-url origin 2>/dev/null || true)
for service in "$@"; do
    echo "images: building fleet/$service:$version"
    docker build --file deploy/docker/Dockerfile \
        --build-arg SERVICE="$service" --build-arg VERSION="$version" --build-arg REVISION="$revision" \
        --build-arg CREATED="$created" --build-arg SOURCE="$source" \
        --tag "fleet/$service:$version" .
done
echo "images: built fleet/<service>:$version for $*"
