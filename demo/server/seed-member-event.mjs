// DEMO ONLY. Schedules a member event through the merchant API, as a merchant
// would (README.md, "Member events"): double points for every tier's members
// on a weekend a few days ahead, announced from yesterday, so the demo's panel
// shows it. Dates are the shop's local ones; a run while it is still ahead
// changes nothing (the program keeps its version).
const DAY = 86400;

export async function seedMemberEvent({ api, shop, apiKey, now }) {
  const admin = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
  const url = `${api}/api/v1/admin/shops/${shop}/program`;
  const program = await (await fetch(url, { headers: admin })).json();
  const tiers = (program.tiers || []).map((t) => t.id);
  if (!tiers.length) return null;  // an event is for members of tiers
  const offset = (program.utc_offset_minutes || 0) * 60;  // the examples' fixed clock; near enough for a demo
  const day = (d) => new Date((now + offset + d * DAY) * 1000).toISOString().slice(0, 10);
  const events = (program.member_events || []).filter((e) => e.id !== 'members-weekend');
  const current = (program.member_events || []).find((e) => e.id === 'members-weekend');
  if (current && current.starts.slice(0, 10) > day(0)) return current.id;
  program.member_events = [...events, { id: 'members-weekend', name: 'Members’ weekend', tiers,
    starts: day(3), ends: day(5), announce_from: day(-1), percent: 200 }];
  const r = await fetch(url, { method: 'PUT', headers: admin, body: JSON.stringify(program) });
  if (r.status !== 200) throw new Error(`member event: ${r.status} ${await r.text()}`);
  return 'members-weekend';
}
