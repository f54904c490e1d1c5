// The server API (contract: docs in web/README.md): program with ETag cached
// in localStorage, the signed customer's state, retries with backoff. What a
// shopper's action sends (redemptions and actions with an idempotency key,
// older activity, a referral visit) is in actions.js, loaded on first use.

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Retries network failures, 429 and 5xx with exponential backoff and jitter; not other 4xx. */
export async function fetchWithRetry(url, init = {}, { retries = 3, baseMs = 250, timeoutMs = 8000 } = {}) {
  let lastError;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt) await sleep(baseMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    try {
      const res = await fetch(url, { ...init, signal: ctrl.signal });
      if (res.status === 429 || res.status >= 500) {
        lastError = new ApiError(res.status, `server error ${res.status}`);
        continue;
      }
      return res;
    } catch (e) {
      lastError = new ApiError(0, e && e.name === 'AbortError' ? 'timed out' : 'network error');
    } finally {
      clearTimeout(timer);
    }
  }
  throw lastError;
}

const storage = {
  get(key) {
    try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch { return null; }
  },
  set(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode or full: no cache */ }
  },
  remove(key) {
    try { localStorage.removeItem(key); } catch { /* ignore */ }
  },
};

async function errorOf(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  return new ApiError(res.status, (body && typeof body.error === 'string' && body.error) || `HTTP ${res.status}`, body && body.field);
}

/** One shop's API at one base URL. */
export class Api {
  constructor(base, shop, options = {}) {
    this.base = String(base || '').replace(/\/+$/, '');
    this.shop = shop;
    this.options = options;
    this.prefix = `${this.base}/api/v1/shops/${encodeURIComponent(shop)}`;
    // v2: /me lists the core's redeem options; an older cached answer is not read.
    this.cacheKey = `loyalty:v2:${this.base}|${shop}`;
  }

  /** The program cached from an earlier view ({text}), or null. */
  cachedProgram() {
    const cached = storage.get(this.cacheKey + ':program');
    return cached && typeof cached.text === 'string' ? cached : null;
  }

  /**
   * The program's JSON text: revalidated with If-None-Match; the cached copy
   * when the server says 304 or cannot be reached (then `stale` is true).
   */
  async program() {
    const key = this.cacheKey + ':program';
    const cached = storage.get(key);
    try {
      const res = await fetchWithRetry(this.prefix + '/program', {
        headers: cached && cached.etag ? { 'If-None-Match': cached.etag } : {},
      }, this.options);
      if (res.status === 304 && cached) return { text: cached.text, stale: false, savedAt: cached.savedAt };
      if (!res.ok) throw await errorOf(res);
      const text = await res.text();
      const etag = res.headers.get('ETag');
      const saved = { text, etag, savedAt: Date.now() };
      if (etag) storage.set(key, saved);
      return { text, stale: false, savedAt: saved.savedAt };
    } catch (e) {
      if (cached && (e.status === 0 || e.status >= 500 || e.status === 429)) return { text: cached.text, stale: true, savedAt: cached.savedAt };
      throw e;
    }
  }

  /** The JSON answer to `init` at the shop's `path` (retried as fetchWithRetry does); an ApiError when refused. */
  async json(path, init) {
    const res = await fetchWithRetry(this.prefix + path, init, this.options);
    if (!res.ok) throw await errorOf(res);
    return res.json();
  }

  /** The signed shopper's headers; none through an app proxy (no customer: Shopify signs the query). */
  headers(customer, signature, extra = {}) {
    return customer ? { 'X-Loyalty-Customer': customer, 'X-Loyalty-Signature': signature, ...extra } : { ...extra };
  }

  /** The signed customer's state, rewards, referral and activity; the last known copy (stale) when unreachable. */
  async me(customer, signature) {
    const key = `${this.cacheKey}:me:${customer || 'app-proxy'}`;
    try {
      const res = await fetchWithRetry(this.prefix + '/me', { headers: this.headers(customer, signature) }, this.options);
      if (!res.ok) {
        if (res.status === 401 || res.status === 403) storage.remove(key);
        throw await errorOf(res);
      }
      const data = await res.json();
      storage.set(key, { data, savedAt: Date.now() });
      return { data, stale: false, savedAt: Date.now() };
    } catch (e) {
      const cached = storage.get(key);
      if (cached && (e.status === 0 || e.status >= 500 || e.status === 429)) return { data: cached.data, stale: true, savedAt: cached.savedAt };
      throw e;
    }
  }
}
