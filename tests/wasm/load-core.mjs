// Loads the wasm build (build-wasm/) in Node: the web build cannot fetch a
// file path under Node 20, so the bytes go in as wasmBinary.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { createLoyaltyCore } from '../../wasm/loyalty-core.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = path.resolve(root, process.env.LOYALTY_WASM_DIR || 'build-wasm/wasm');

export async function loadCore() {
  const glue = path.join(wasmDir, 'loyalty-core-wasm.js');
  const wasm = path.join(wasmDir, 'loyalty-core-wasm.wasm');
  if (!fs.existsSync(glue) || !fs.existsSync(wasm)) throw new Error(`no wasm build in ${wasmDir}: run scripts/build.sh`);
  const { default: factory } = await import(pathToFileURL(glue).href);
  return createLoyaltyCore(factory, { wasmBinary: fs.readFileSync(wasm) });
}
