// The defects part 6 of tests/schema/check_schema.js puts into generated programs, and
// the engine messages of the rules the schema cannot express.

// Every [parent, key] in the program, the root excluded.
function slots(node, out = []) {
  if (Array.isArray(node)) node.forEach((v, i) => { out.push([node, i]); slots(v, out); });
  else if (node && typeof node === "object") for (const k of Object.keys(node)) { out.push([node, k]); slots(node[k], out); }
  return out;
}
// One defect at a random place; its description for the report.
export function mutate(r, p) {
  const all = slots(p);
  const [parent, key] = r.pick(all);
  const old = parent[key];
  const kind = r.int(0, 4);
  if (kind === 0) {  // another type
    parent[key] = typeof old === "string" ? r.pick([7, true, null, ["x"], {}])
      : typeof old === "number" ? r.pick([String(old), true, [old], {}, null])
      : typeof old === "boolean" ? r.pick(["yes", 1, 0, null])
      : Array.isArray(old) ? r.pick([{}, "a", 1]) : r.pick([[], "a", 1, true]);
    return `${JSON.stringify(key)}: ${JSON.stringify(old)} -> ${JSON.stringify(parent[key])}`;
  }
  if (kind === 1) {  // a number beyond its range, negative, or with a fraction
    const nums = all.filter(([o, k]) => typeof o[k] === "number");
    if (!nums.length) return mutate(r, p);
    const [o, k] = r.pick(nums);
    const was = o[k];
    o[k] = r.pick([-1, -was - 1, was + 0.5, 1e15 + 1, 2 ** 53, 1e16, 101, 10001, 366, 841, 100000, 36501, 0]);
    return `${JSON.stringify(k)}: ${was} -> ${o[k]}`;
  }
  if (kind === 2) {  // an unknown key in some object
    const objs = [p, ...all.map(([o, k]) => o[k])].filter((v) => v && typeof v === "object" && !Array.isArray(v));
    const o = r.pick(objs);
    o[r.pick(["colour", "extra", "Points", "note_", "id2"])] = r.pick([1, "x", true]);
    return "unknown key";
  }
  if (kind === 3) {  // a field removed
    const fields = all.filter(([o]) => !Array.isArray(o));
    const [o, k] = r.pick(fields);
    delete o[k];
    return `${JSON.stringify(k)} removed`;
  }
  // a string emptied, lengthened or given a control character
  const strs = all.filter(([o, k]) => typeof o[k] === "string");
  if (!strs.length) return mutate(r, p);
  const [o, k] = r.pick(strs);
  const was = o[k];
  o[k] = r.pick(["", "x".repeat(129), "x".repeat(201), was + "\n", was.toUpperCase(), was.toLowerCase(), " " + was]);
  return `${JSON.stringify(k)}: ${JSON.stringify(was)} -> ${JSON.stringify(o[k])}`;
}
// The rules the schema's $comment lists as beyond JSON Schema, by the engine's message.
// win_back's reward_id names an existing fixed-cost reward (a reference into
// another array) and its reward_cost is below that reward's cost (a comparison of
// two values): draft 2020-12 has no $data, so neither can be written as a schema.
const ENGINE_ONLY = [/^duplicates an earlier /, /^must be greater than \/tiers\//, /^no tier with id /, /^must be after \//,
  /^must be at least \/.*\/(per_day|min_points)$/, /^must be a multiple of \//,
  /^no (reward|tier) '.*' in \/(rewards|tiers)$/, /^must be below the reward's cost of \d+$/,
  /^must be a reward with a fixed cost, not a variable one$/];
export const engineOnlyRule = (errors) => errors.every((e) => ENGINE_ONLY.some((re) => re.test(e.message)));
