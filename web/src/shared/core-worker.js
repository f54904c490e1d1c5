// The wasm core in a worker (web/dist/loyalty-core-worker-<hash>.js): loading,
// compiling and every quote run off the page's main thread, so the widget
// adds no long tasks to the shop's page. Messages: {id, call, args} in, where
// `call` is a position in WORKER_CALLS (the face's named functions the page
// gets from callsOver), {id, result} out; {ready} or {failed} once at start.
import factory from 'loyalty-core-wasm';
import wasmFile from 'loyalty-core-wasm-binary';  // its content-hashed file name (web/build.mjs)
import { createLoyaltyCore } from '../../../wasm/loyalty-core.js';
import { WORKER_CALLS } from '../../../wasm/worker-calls.js';

const core = createLoyaltyCore(factory, { locateFile: () => new URL(wasmFile, import.meta.url).href });
core.then(() => postMessage({ ready: 1 }), (e) => postMessage({ failed: String(e && e.message ? e.message : e) }));

onmessage = async (e) => {
  const { id, call, args } = e.data || {};
  const c = await core;
  const f = c[WORKER_CALLS[call]];
  postMessage({ id, result: f && Array.isArray(args) ? f(...args) : { ok: false, error: 'unknown call', errors: [] } });
};
