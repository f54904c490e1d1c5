// The wasm core in a worker (web/dist/loyalty-core-worker-<hash>.js): loading,
// compiling and every quote run off the page's main thread, so the widget
// adds no long tasks to the shop's page. Messages: {id, call, args} in, where
// `call` is a position in WORKER_CALLS (the face's named functions the page
// gets from callsOver), {id, result} out; {ready} or {failed} once at start
// (the lean build). The events build (its own chunks and .wasm) only for a
// program with member events (core-router.js).
import factory from 'loyalty-core-wasm';
import wasmFile from 'loyalty-core-wasm-binary';  // its content-hashed file name (web/build.mjs)
import { createLoyaltyCore } from '../../../wasm/loyalty-core.js';
import { WORKER_CALLS } from '../../../wasm/worker-calls.js';
import { routedCalls } from './core-router.js';

const start = (glue, wasm, firstKey) => createLoyaltyCore(glue, { locateFile: () => new URL(wasm, import.meta.url).href }, firstKey);
const lean = start(factory, wasmFile);
lean.then(() => postMessage({ ready: 1 }), (e) => postMessage({ failed: String(e && e.message ? e.message : e) }));
const core = routedCalls(WORKER_CALLS, lean, (firstKey) => import('./core-events.js')
  .then((events) => start(events.glue, events.wasm, firstKey)));

onmessage = async (e) => {
  const { id, call, args } = e.data || {};
  const f = core[WORKER_CALLS[call]];
  postMessage({ id, result: f && Array.isArray(args) ? await f(...args) : { ok: false, error: 'unknown call', errors: [] } });
};
