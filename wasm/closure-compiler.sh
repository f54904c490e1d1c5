#!/bin/sh
# Closure Compiler for emscripten's `--closure 1` (EM_CLOSURE_COMPILER, set by
# wasm/CMakeLists.txt): the Java build of the version Emscripten 3.1.6 was
# made with (npm google-closure-compiler-java 20220104; newer ones refuse its
# flags and externs). It shrinks the wasm glue by about 0.5 KB gzip.
exec java -jar "$(dirname "$0")/../node_modules/google-closure-compiler-java/compiler.jar" "$@"
