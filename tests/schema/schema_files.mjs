// The program schema as it is kept: core/schema/program.schema.json, whose
// sections each `$ref` a sibling file by its name (earning.schema.json#/$defs/earn).
// Each file's $id is the common base plus its own file name, so a relative $ref
// names the same sibling whether a validator resolves it against the $id (after
// loading the files, as here) or against the file's location (an editor).
import fs from "node:fs";
import path from "node:path";

export const ID_BASE = "https://loyalty.example/schema/";
export const ROOT_FILE = "program.schema.json";

// Every *.schema.json in dir: [{file, doc}], the root first.
export function schemaFiles(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".schema.json")).sort();
  files.sort((a, b) => (b === ROOT_FILE) - (a === ROOT_FILE));
  return files.map((file) => ({ file, doc: JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) }));
}

// Every "$ref" string under node.
export function refsIn(node, out = []) {
  if (Array.isArray(node)) node.forEach((v) => refsIn(v, out));
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) typeof v === "string" && k === "$ref" ? out.push(v) : refsIn(v, out);
  return out;
}

// What is wrong with the layout: an $id that is not the base plus the file name,
// a $ref that is not relative or names no file here, a file nothing refers to.
export function layoutProblems(files) {
  const problems = [];
  const names = new Set(files.map((f) => f.file));
  const referred = new Set([ROOT_FILE]);
  for (const { file, doc } of files) {
    if (doc.$id !== ID_BASE + file) problems.push(`${file}: $id is ${doc.$id}, not ${ID_BASE + file}`);
    for (const ref of refsIn(doc)) {
      const target = ref.split("#")[0];
      if (!target) continue;
      if (/^[a-z]+:|^\//i.test(target) || !names.has(target)) problems.push(`${file}: $ref ${ref} is not a sibling file`);
      referred.add(target);
    }
  }
  for (const name of names) if (!referred.has(name)) problems.push(`${name}: no file refers to it`);
  return problems;
}

// The field sets of every closed object (additionalProperties false) in the files.
export function closedObjectFieldSets(files) {
  const sets = [];
  (function walk(node) {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (node.additionalProperties === false && node.properties) sets.push(Object.keys(node.properties).sort().join(","));
    Object.values(node).forEach(walk);
  })(files.map((f) => f.doc));
  return sets;
}
