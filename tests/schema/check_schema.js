// Keeps core/schema/program.schema.json (and the files it refers to, see
// schema_files.mjs) and the engine's program parser
// (core/src/program_json.cpp and program_read_*.cpp, run through `loyalty validate --json`) in step:
//   0. the schema's files refer to each other by relative $refs that resolve;
//   1. every example program is valid for both;
//   2. each valid variant below is valid for both;
//   3. each broken program is rejected by both, and the engine names the field;
//   4. the rules the schema cannot express are still rejected by the engine;
//   5. every object the parser reads has the same field names in the schema;
//   6. both give the same verdict on 1,200 programs the parity test's generator
//      draws, most of them broken by one mutation (a wrong type, a number out of
//      range or a decimal, an unknown key, a field removed);
//   7. every valid program of 1, 2 and 6, written back by the core (validate
//      --normalised), reads back as the same program, is valid for the schema
//      and is unchanged by a second pass.
// The cases of 2, 3 and 4 are in cases.mjs, the mutations of 6 in mutate.mjs.
// Usage: node tests/schema/check_schema.js [path/to/loyalty]  (no network)
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { program as generatedProgram, rng } from "../wasm/generate.mjs";
import { broken, engineOnly, validVariants } from "./cases.mjs";
import { engineOnlyRule, mutate } from "./mutate.mjs";
import { closedObjectFieldSets, layoutProblems, schemaFiles } from "./schema_files.mjs";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020.js").default;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.resolve(root, process.argv[2] ?? "build/cli/loyalty");
// 0: the schema's files refer to each other by relative names that resolve alike
// by $id and by location, and none is left out (checked before they are compiled).
const files = schemaFiles(path.join(root, "core/schema"));
const layout = layoutProblems(files);
for (const problem of layout) console.error(`FAIL schema layout: ${problem}`);
if (layout.length) process.exit(1);

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
for (const { doc } of files.slice(1)) ajv.addSchema(doc);
const validate = ajv.compile(files[0].doc);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "loyalty-schema-"));

let failures = 0, checks = 0;
const fail = (msg) => { failures++; console.error(`FAIL ${msg}`); };

// The engine's verdict: {valid, errors:[{pointer,message}]}.
function engine(program, name) {
  const file = path.join(tmp, `${name.replace(/[^a-z0-9-]/gi, "_")}.json`);
  fs.writeFileSync(file, typeof program === "string" ? program : JSON.stringify(program));
  try {
    return JSON.parse(execFileSync(cli, ["validate", "--json", file], { encoding: "utf8" }));
  } catch (e) {
    if (e.status === 1 && e.stdout) return JSON.parse(e.stdout);
    throw e;
  }
}
const schemaErrors = () => ajv.errorsText(validate.errors, { separator: "; " });

// 1 and 2: valid for both.
const valid = [];
for (const f of fs.readdirSync(path.join(root, "examples")).filter((f) => f.endsWith(".json")).sort())
  valid.push([`examples/${f}`, JSON.parse(fs.readFileSync(path.join(root, "examples", f), "utf8"))]);
valid.push(...validVariants);
for (const [name, program] of valid) {
  checks++;
  const bySchema = validate(program);
  const byEngine = engine(program, `valid-${name}`);
  if (!bySchema) fail(`${name}: valid for the engine? ${byEngine.valid}; the schema rejects it: ${schemaErrors()}`);
  if (!byEngine.valid) fail(`${name}: the engine rejects it: ${JSON.stringify(byEngine.errors)}`);
}

// 3: broken for both; [name, program, the JSON Pointer the engine must name].
for (const [name, program, pointer] of broken) {
  checks++;
  const bySchema = validate(program);
  const byEngine = engine(program, `broken-${name}`);
  if (bySchema) fail(`${name}: the schema accepts it (the engine says ${JSON.stringify(byEngine.errors ?? "valid")})`);
  if (byEngine.valid) fail(`${name}: the engine accepts it (the schema says ${bySchema ? "valid" : schemaErrors()})`);
  else if (!byEngine.errors.some((e) => e.pointer === pointer && e.message))
    fail(`${name}: the engine does not name ${pointer || "the root"}: ${JSON.stringify(byEngine.errors)}`);
}

// 4: rules JSON Schema cannot express (listed in the schema's $comment): the
// schema lets them through, the engine must not.
for (const [name, program, pointer] of engineOnly) {
  checks++;
  if (!validate(program)) fail(`${name}: expected to pass the schema (engine-only rule), but: ${schemaErrors()}`);
  const byEngine = engine(program, `engine-only-${name}`);
  if (byEngine.valid || !byEngine.errors.some((e) => e.pointer === pointer))
    fail(`${name}: the engine should reject it at ${pointer}: ${JSON.stringify(byEngine)}`);
}

// 5: field names. Each `only_keys(..., {"a", "b"})` or `object_member(..., {"a", "b"}, here)` list in the parser must be
// the property set of some closed object in the schema, and vice versa.
// The parser is core/src/program_json.cpp and one program_read_*.cpp per section.
const source = fs.readdirSync(path.join(root, "core/src"))
  .filter((f) => f === "program_json.cpp" || /^program_read_.*\.cpp$/.test(f)).sort()
  .map((f) => fs.readFileSync(path.join(root, "core/src", f), "utf8")).join("\n");
const parserSets = [...source.matchAll(/(?:only_keys|object_member)\([^{]*\{([^}]*)\}/g)]
  .map((m) => [...m[1].matchAll(/"([^"]+)"/g)].map((k) => k[1]).sort().join(","));
const schemaSets = closedObjectFieldSets(files);
checks++;
if (parserSets.length < 10) fail(`found only ${parserSets.length} only_keys/object_member lists in the program reader: has the parser changed shape?`);
for (const s of new Set(parserSets))
  if (!schemaSets.includes(s)) fail(`the parser reads an object with fields {${s}}; no closed object in the schema has exactly these`);
for (const s of new Set(schemaSets))
  if (!parserSets.includes(s)) fail(`the schema has a closed object with fields {${s}}; the parser reads no such object`);

// 6: generated and mutated programs, one verdict each from both (the CLI's
// state-batch reads the program first, as `validate` does). One seed proves
// little: the fixed 20261203 once passed while seeds 1, 2, 6, 7, 8 and 9 found
// engine-only win_back rules missing below. So these seeds run: the fixed one,
// 1, 2, and one from today's UTC date (yyyymmdd), which widens the sweep day by
// day; each is printed. LOYALTY_SCHEMA_SEED=a,b,... runs those seeds instead
// (to replay a failure, or sweep many), LOYALTY_SCHEMA_CASES the count per seed.
// A disagreement is written to artifacts/ to replay.
const COUNT = Number(process.env.LOYALTY_SCHEMA_CASES || 1200);
const todaySeed = Number(new Date().toISOString().slice(0, 10).replaceAll("-", ""));
const SEEDS = process.env.LOYALTY_SCHEMA_SEED
  ? process.env.LOYALTY_SCHEMA_SEED.split(",").map(Number)
  : [...new Set([20261203, 1, 2, todaySeed])];

let generated = 0, disagreements = 0;
// One seed's programs; returns those both call valid, for part 7.
function generatedAgree(seed) {
  const r = rng(seed);
  const cases = [];
  for (let i = 0; i < COUNT; i++) {
    const p = generatedProgram(r, i);
    const defect = r.chance(0.8) ? mutate(r, p) : "none";
    cases.push({ p, defect });
  }
  const input = cases.map(({ p }) => JSON.stringify({ program: p, customer: { id: "c" }, now: "2026-06-01T00:00:00Z" })).join("\n") + "\n";
  const verdicts = execFileSync(cli, ["state-batch"], { input, encoding: "utf8", maxBuffer: 1 << 28 }).split("\n").filter(Boolean);
  let disagree = 0, validBoth = 0, brokenBoth = 0, byEngineOnly = 0;
  for (let i = 0; i < cases.length; i++) {
    checks++;
    const out = JSON.parse(verdicts[i]);
    const byEngine = !out.errors;
    const bySchema = validate(cases[i].p);
    if (byEngine === bySchema) {
      byEngine ? validBoth++ : brokenBoth++;
      Object.assign(cases[i], { valid: byEngine, index: i });
      continue;
    }
    if (bySchema && engineOnlyRule(out.errors)) { byEngineOnly++; continue; }
    disagree++;
    disagreements++;
    const what = byEngine ? `the schema refuses it: ${schemaErrors()}` : `the engine refuses it: ${JSON.stringify(out.errors)}`;
    if (disagreements <= 20) fail(`seed ${seed}, generated program ${i} (${cases[i].defect}): ${what}`);
    else failures++;
    if (disagreements <= 3) {
      const file = path.join(root, `artifacts/schema-disagreement-seed${seed}-${i}.json`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(cases[i].p, null, 1));
    }
  }
  generated += cases.length;
  console.log(`schema: ${cases.length} generated programs (seed ${seed}${disagree ? `, replay: LOYALTY_SCHEMA_SEED=${seed}` : ""}): ${validBoth} valid for both, ${brokenBoth} refused by both, ${byEngineOnly} by a rule only the engine can check, ${disagree} disagreements`);
  if (validBoth < cases.length / 10 || brokenBoth < cases.length / 2) fail(`seed ${seed}: the generator proves little: ${validBoth} valid, ${brokenBoth} broken`);
  return cases.filter((c) => c.valid);
}
// Part 7 normalises the first seed's valid programs only (each costs two runs of the CLI).
const generatedValid = SEEDS.map(generatedAgree)[0];

// 7: the program as the core writes it back (to_json(Program), what the server
// serves the widget): for every valid program above, `validate --normalised`
// (which itself refuses output that does not read back as the same program)
// gives a document the schema accepts, and normalising it again changes nothing.
const normalise = (program, name) => {
  const file = path.join(tmp, `normalise-${name}.json`);
  fs.writeFileSync(file, typeof program === "string" ? program : JSON.stringify(program));
  return execFileSync(cli, ["validate", "--normalised", file], { encoding: "utf8" }).trim();
};
const normalisable = [...valid, ...generatedValid.map((c) => [`generated ${c.index}`, c.p])];
for (const [name, program] of normalisable) {
  checks++;
  let once, twice;
  try {
    once = normalise(program, "once");
    twice = normalise(once, "twice");
  } catch (e) {
    fail(`${name}: validate --normalised failed: ${e.stderr || e.message}`);
    continue;
  }
  if (!validate(JSON.parse(once))) fail(`${name}: the schema refuses the normalised program: ${schemaErrors()}`);
  if (twice !== once) fail(`${name}: normalising the normalised program changes it:\n${once}\n${twice}`);
}
console.log(`schema: ${normalisable.length} programs normalised, valid for the schema and unchanged by a second pass`);

fs.rmSync(tmp, { recursive: true, force: true });
console.log(`schema: ${checks} checks (${valid.length} valid, ${broken.length} broken, ${engineOnly.length} engine-only, field names, ${generated} generated (seeds ${SEEDS.join(", ")}), ${normalisable.length} normalised), ${failures} failed`);
process.exit(failures ? 1 : 0);
