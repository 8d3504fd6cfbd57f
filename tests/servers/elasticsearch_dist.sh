#!/usr/bin/env bash
# Fetch (once) the official Elasticsearch integration-test distribution from Maven Central and
# unpack it under .cache/; tests start it with tests/servers/elasticsearch.py.
set -euo pipefail
ES_VERSION="${NEWSWATCH_TEST_ES_VERSION:-9.1.5}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${NEWSWATCH_CACHE:-$root/.cache}"
home="$cache/elasticsearch-$ES_VERSION"
if [ -n "${NEWSWATCH_TEST_ES_URL:-}" ] || [ -x "$home/bin/elasticsearch" ]; then
  exit 0
fi
mkdir -p "$cache"
zip="$cache/elasticsearch-$ES_VERSION.zip"
if [ ! -s "$zip" ]; then
  mvn -q -B dependency:copy \
    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
    -DoutputDirectory="$cache"
fi
rm -rf "$home.tmp" && mkdir -p "$home.tmp"
(cd "$home.tmp" && unzip -q "$zip")
mv "$home.tmp/elasticsearch-$ES_VERSION" "$home" && rm -rf "$home.tmp"
echo "Elasticsearch $ES_VERSION unpacked in $home"
