// The wasm core in a worker (web/dist/loyalty-core-worker-<hash>.js): loading,
// compiling and every quote run off the page's main thread, so the widget
// adds no long tasks to the shop's page. Messages: {id, call, args} in, where
// `call` is a position in WORKER_CALLS (the face's named functions the page
// gets from callsOver), {id, result} out; {ready} or {failed} once at start.
// Two builds: the lean one (started at once: it reads no member_events) and
// the events build (its own chunk and .wasm), started once, the first time a
// call names a program with member events, and given every such program, so
// that the preview earns what the server awards; its keys start at EVENTS, so
// a key names its build. The page's fallback does the same (core-page.js).
import factory from 'loyalty-core-wasm';
import wasmFile from 'loyalty-core-wasm-binary';  // its content-hashed file name (web/build.mjs)
import { createLoyaltyCore } from '../../../wasm/loyalty-core.js';
import { WORKER_CALLS } from '../../../wasm/worker-calls.js';
import { EVENTS, hasMemberEvents } from './core-router.js';

const start = (glue, wasm, firstKey) => createLoyaltyCore(glue, { locateFile: () => new URL(wasm, import.meta.url).href }, firstKey);
const lean = start(factory, wasmFile);
lean.then(() => postMessage({ ready: 1 }), (e) => postMessage({ failed: String(e && e.message ? e.message : e) }));
let events;

onmessage = async (e) => {
  const { id, call, args } = e.data || {};
  let result;
  try {
    // The first argument: a program's key or text (the other calls' are neither).
    const p = args[0];
    const c = await ((typeof p === 'number' ? p >= EVENTS : hasMemberEvents(p))
      ? (events ||= import('./core-events.js').then((m) => start(m.glue, m.wasm, EVENTS))) : lean);
    result = c[WORKER_CALLS[call]](...args);
  } catch (x) {
    result = { ok: false, error: String(x), errors: [] };  // an unknown call, or the events build did not start
  }
  postMessage({ id, result });
};
