// The wasm core in a worker (web/dist/loyalty-core-worker-<hash>.js): loading,
// compiling and every quote run off the page's main thread, so the widget
// adds no long tasks to the shop's page. Messages: {id, method, args} in,
// {id, result} out (results are plain values; the core never throws).
import factory from 'loyalty-core-wasm';
import wasmFile from 'loyalty-core-wasm-binary';  // its content-hashed file name (web/build.mjs)
import { createLoyaltyCore } from '../../../wasm/loyalty-core.js';

const core = createLoyaltyCore(factory, { locateFile: () => new URL(wasmFile, import.meta.url).href });
// The page builds its proxy from the method names sent here: one list, the core's own.
core.then((c) => postMessage({ ready: true, methods: Object.keys(c).filter((k) => typeof c[k] === 'function') }),
  (e) => postMessage({ failed: String(e && e.message ? e.message : e) }));

onmessage = async (e) => {
  const { id, method, args } = e.data || {};
  const c = await core;
  if (typeof c[method] !== 'function' || !Array.isArray(args)) return postMessage({ id, result: { ok: false, error: 'unknown call', errors: [] } });
  postMessage({ id, result: await c[method](...args) });
};
