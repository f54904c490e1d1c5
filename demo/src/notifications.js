// The merchant's outgoing notifications (server/README.md, "Outgoing webhooks"):
// the shop's receivers and their dead letters (deliveries the server gave up on
// after its retries), each with a Replay button (the merchant API puts a dead
// delivery back to pending, due now), and the demo shop backend's own receiver,
// which the merchant switches on to see a replay arrive. Server text is set as
// text only (h() never parses HTML).
import { config, getLocale, h, initLanguage, onLocale, t } from './common.js';

initLanguage();
const cfg = await config();
const admin = `/api/v1/admin/shops/${encodeURIComponent(cfg.shop)}`;
const auth = { Authorization: `Bearer ${cfg.api_key}` };
const list = document.getElementById('receivers');
const status = document.getElementById('nt-status');

const when = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? '') : new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
};

/** A refused answer as "404 no such dead delivery" (the status first, then the server's reason). */
async function refusal(r) {
  const body = await r.json().catch(() => ({}));
  return `${r.status} ${body.error || r.statusText || ''}`.trim();
}

function say(text, ok) {
  status.className = ok ? 'ok' : 'bad';
  status.textContent = text;
}

/** Replays dead deliveries one by one; the outcome names how many were requeued and each refusal. */
async function replay(letters) {
  let requeued = 0;
  const refused = [];
  for (const d of letters) {
    const r = await fetch(`${admin}/notifications/${d.notification}/deliveries/${d.receiver}/replay`, { method: 'POST', headers: auth })
      .catch((e) => ({ ok: false, status: 0, statusText: String(e.message || e), json: async () => ({}) }));
    if (r.ok) requeued++;
    else refused.push(`${d.type} (${d.customer_id}): ${await refusal(r)}`);
  }
  say([t('ntRequeued', requeued, letters.length), ...refused.map((x) => t('ntRefused', x))].join(' '), refused.length === 0);
  await refresh();
  status.focus();  // the list was rebuilt: keep the keyboard user's place on the outcome
  // Due now: a receiver that still refuses makes it dead again after the retries; show that too.
  setTimeout(refresh, 5000);
}

function letterItem(d) {
  return h('li', { class: 'letter', dataset: { notification: String(d.notification), receiver: String(d.receiver) } },
    h('strong', { class: 'kind', text: d.type }),
    h('span', { text: t('ntCustomer', d.customer_id) }),
    h('span', { class: 'attempts', text: t('ntAttempts', d.attempts) }),
    h('span', { class: 'error', text: t('ntLastError', d.last_error || '—') }),
    h('span', { text: when(d.body && d.body.at) }),
    h('button', { type: 'button', class: 'replay', text: t('ntReplay'),
      'aria-label': t('ntReplayOne', d.type, d.customer_id, d.receiver), on: { click: () => replay([d]) } }));
}

function receiverSection(rx, letters) {
  const heading = `receiver-${rx.id}`;
  return h('section', { class: 'receiver chart-card', 'aria-labelledby': heading, dataset: { receiver: String(rx.id), dead: String(letters.length) } },
    h('h2', { id: heading }, t('ntReceiver', rx.id), ' ', h('code', { class: 'url', text: rx.url })),
    h('p', { class: 'count', text: t('ntDeadCount', letters.length) }),
    letters.length ? h('button', { type: 'button', class: 'replay-all', text: t('ntReplayAll', letters.length),
      'aria-label': t('ntReplayAllLabel', letters.length, rx.id), on: { click: () => replay(letters) } }) : null,
    letters.length ? h('ul', { class: 'dead' }, letters.map(letterItem)) : null);
}

/** Reads receivers and dead letters again and redraws the list (a receiver removed since keeps its letters shown). */
async function refresh() {
  const [rr, dr] = await Promise.all([fetch(`${admin}/receivers`, { headers: auth }), fetch(`${admin}/notifications/dead`, { headers: auth })]);
  if (!rr.ok || !dr.ok) {
    say(t('ntLoadFailed', await refusal(rr.ok ? dr : rr)), false);
    return;
  }
  const { receivers } = await rr.json();
  const { dead } = await dr.json();
  const byId = new Map(receivers.map((r) => [r.id, r]));
  for (const d of dead) if (!byId.has(d.receiver)) byId.set(d.receiver, { id: d.receiver, url: d.url });
  list.replaceChildren(...[...byId.values()].map((rx) => receiverSection(rx, dead.filter((d) => d.receiver === rx.id))));
  if (!byId.size) list.append(h('p', { text: t('ntNoReceivers') }));
  list.dataset.loaded = 'true';
}

// The demo shop backend's receiver (demo only): switched off it answers 503, on it checks the signature.
const rxStatus = document.getElementById('rx-status');
const rxToggle = document.getElementById('rx-toggle');
const rxReceived = document.getElementById('rx-received');
async function demoReceiver(init) {
  try {
    const r = await fetch(cfg.shop_backend + '/receiver', { cache: 'no-store', ...init });
    const s = await r.json();
    rxStatus.textContent = t(s.on ? 'ntRxOn' : 'ntRxOff', cfg.shop_backend + '/notifications');
    rxToggle.textContent = t(s.on ? 'ntRxSwitchOff' : 'ntRxSwitchOn');
    rxToggle.dataset.on = String(s.on);
    rxReceived.replaceChildren(...s.received.map((n) => h('li', { text: `${n.type} · ${t('ntCustomer', n.customer_id)} · ${n.id}` })));
  } catch {
    rxStatus.textContent = t('ntRxMissing');
  }
}
rxToggle.addEventListener('click', async () => {
  await demoReceiver({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ on: rxToggle.dataset.on !== 'true' }) });
  await refresh();
});
document.getElementById('refresh').addEventListener('click', () => { refresh(); demoReceiver(); });
onLocale(() => { refresh(); demoReceiver(); });
await Promise.all([refresh(), demoReceiver()]);
