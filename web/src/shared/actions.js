// What a shopper's actions send (a redemption and a claimed action, each with
// an idempotency key, the same on every retry; older activity; a referral
// visit) and an open panel's background retry of a session. Loaded on the
// first such action or panel (runtime.js, Session), not with the page: a
// product or cart page that is only looked at never downloads it.
// It imports nothing: what it needs comes with its arguments, so the page's own
// chunks stay as they are (a shared import would split them, costing bytes).

/** A fresh idempotency key. */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** POSTs `body` to the shop's `path` as the session's shopper (none: anonymous); the server's JSON answer. */
function post(api, path, body, session, idempotencyKey) {
  const headers = { 'Content-Type': 'application/json' };
  if (session && session.customer) Object.assign(headers, api.headers(session.customer, session.signature));
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  // The same key on every retry: the server applies the request once.
  return api.json(path, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** Redeems a reward; the same idempotency key is reused until the server answers. */
export async function redeem(session, rewardId, points) {
  const key = session.pending.get(rewardId) || newKey();
  session.pending.set(rewardId, key);
  try {
    const out = await post(session.api, '/me/redemptions', points ? { reward_id: rewardId, points } : { reward_id: rewardId }, session, key);
    session.pending.delete(rewardId);
    if (session.data && session.data.state && typeof out.balance === 'number') {
      session.data = { ...session.data, state: { ...session.data.state, balance: out.balance } };
      session.emit();
    }
    session.refresh();
    return out;
  } catch (e) {
    // A definite refusal frees the key; a network failure keeps it for the retry.
    if (e.status >= 400 && e.status < 500) session.pending.delete(rewardId);
    throw e;
  }
}

export async function claim(session, action) {
  const out = await post(session.api, '/me/actions', { action }, session, newKey());
  session.refresh();
  return out;
}

/** An older page of the signed customer's activity: entries before `cursor` (a `next_cursor`). */
export function olderActivity(session, cursor) {
  return session.api.json(`/me/activity?cursor=${encodeURIComponent(cursor)}&limit=20`, { headers: session.api.headers(session.customer, session.signature) });
}

/** A visit through a referral link: the code checked by the core, then recorded once per browser session. */
export async function recordReferral(shop, code, core) {
  const seenKey = 'loyalty:ref:' + code;
  try { if (sessionStorage.getItem(seenKey)) return; } catch { /* no storage */ }
  const n = await (await core()).normalizeReferralCode(code);  // runtime.js's core()
  if (!n.ok) return;
  try {
    await post(shop.api, '/referrals/visit', { code: n.value.code });
    try { sessionStorage.setItem(seenKey, '1'); } catch { /* ignore */ }
  } catch { /* not critical */ }
}

/**
 * While a panel shows `session` (until the returned stop), a stale or failed
 * answer is retried in the background: 2 s, then doubling to 60 s, with
 * jitter, so many shoppers do not return all at once.
 */
export function watch(session) {
  session.watchers++;
  scheduleRetry(session);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--session.watchers === 0) { clearTimeout(session.retryTimer); session.retryTimer = 0; }
  };
}

export function scheduleRetry(session) {
  if (!session.offline) session.retryMs = 0;
  if (!session.offline || !session.watchers || session.retryTimer || session.inflight) return;
  session.retryMs = Math.min(60000, session.retryMs ? session.retryMs * 2 : 2000);
  session.retryTimer = setTimeout(() => { session.retryTimer = 0; session.refresh(); }, session.retryMs * (0.75 + Math.random() / 2));
}
