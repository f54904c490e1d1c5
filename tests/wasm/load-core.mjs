// Loads a wasm build (build-wasm/) in Node: the web build cannot fetch a
// file path under Node 20, so the bytes go in as wasmBinary.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { createLoyaltyCore } from '../../wasm/loyalty-core.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = path.resolve(root, process.env.LOYALTY_WASM_DIR || 'build-wasm/wasm');

/**
 * build: 'store' (loyalty-core-wasm, what the widget ships: quotes from the
 * server's state) or 'ledger' (loyalty-core-wasm-ledger: also replays a ledger).
 */
export async function loadCore(build = 'store') {
  const name = build === 'ledger' ? 'loyalty-core-wasm-ledger' : 'loyalty-core-wasm';
  const glue = path.join(wasmDir, `${name}.js`);
  const wasm = path.join(wasmDir, `${name}.wasm`);
  if (!fs.existsSync(glue) || !fs.existsSync(wasm)) throw new Error(`no wasm build in ${wasmDir}: run scripts/build.sh`);
  const { default: factory } = await import(pathToFileURL(glue).href);
  return createLoyaltyCore(factory, { wasmBinary: fs.readFileSync(wasm) });
}
