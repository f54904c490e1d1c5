// The events build of the core (core-router.js) as one chunk: its emscripten
// glue and its .wasm's content-hashed file name (web/build.mjs).
export { default as glue } from 'loyalty-core-wasm-events';
export { default as wasm } from 'loyalty-core-wasm-events-binary';
