// DEMO ONLY. Registers the demo shop backend's receiver of outgoing notifications
// (POST /notifications, switched off until the merchant switches it on) through
// the merchant API, then gives customer c001 thank-you points (a merchant
// adjustment), whose points_earned notification the server sends to it. The
// receiver answers 503, so after the demo server's short retry schedule
// (scripts/demo.sh: 3 attempts within about 3 s) that delivery is a dead letter
// on the notifications page. A second run registers nothing twice (same URL)
// and adjusts nothing twice (same Idempotency-Key).
export async function seedReceiver({ api, shop, apiKey, url, secret }) {
  const admin = `${api}/api/v1/admin/shops/${shop}`;
  const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
  const { receivers } = await (await fetch(`${admin}/receivers`, { headers })).json();
  let receiver = receivers.find((r) => r.url === url);
  if (!receiver) {
    const r = await fetch(`${admin}/receivers`, { method: 'POST', headers, body: JSON.stringify({ url, secret }) });
    if (r.status !== 201) throw new Error(`receiver: ${r.status} ${await r.text()}`);
    receiver = await r.json();
  }
  const a = await fetch(`${admin}/customers/c001/adjustments`, { method: 'POST',
    headers: { ...headers, 'Idempotency-Key': 'seed-receiver-thank-you' },
    body: JSON.stringify({ points: 25, note: 'Thank-you points (demo: a notification the demo receiver refuses)' }) });
  if (a.status !== 200 && a.status !== 201) throw new Error(`adjustment: ${a.status} ${await a.text()}`);
  return receiver.id;
}
