#!/usr/bin/env bash
# Builds the Kotlin binding's native library, generates its Kotlin with the workspace's
# uniffi-bindgen, compiles it and runs the JUnit tests: all driven by bindings-kotlin/kotlin/pom.xml.
#
# Not `mvn -q`: CI reads surefire's `Tests run: N, Failures: 0, ...` line.
# The Kotlin compile daemon is off so that no JVM outlives the run.
set -euo pipefail
cd "$(dirname "$0")/../bindings-kotlin/kotlin"
exec mvn -B -ntp -Dkotlin.compiler.daemon=false test "$@"
