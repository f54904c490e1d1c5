// The wasm core in a worker (web/dist/loyalty-core-worker.js): loading,
// compiling and every quote run off the page's main thread, so the widget
// adds no long tasks to the shop's page. Messages: {id, method, args} in,
// {id, result} out (results are plain values; the core never throws).
import factory from 'loyalty-core-wasm';
import { createLoyaltyCore } from '../../../wasm/loyalty-core.js';

const METHODS = new Set(['validateProgram', 'quoteCart', 'quoteProduct', 'customerSummary', 'normalizeReferralCode']);
const core = createLoyaltyCore(factory, { locateFile: (file) => new URL(file, import.meta.url).href });
core.then(() => postMessage({ ready: true }), (e) => postMessage({ failed: String(e && e.message ? e.message : e) }));

onmessage = async (e) => {
  const { id, method, args } = e.data || {};
  if (!METHODS.has(method) || !Array.isArray(args)) return postMessage({ id, result: { ok: false, error: 'unknown call', errors: [] } });
  const c = await core;
  postMessage({ id, result: c[method](...args) });
};
