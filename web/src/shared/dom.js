// Builds DOM from data without ever parsing HTML: every string becomes a text
// node (textContent), so merchant and server text can never become markup.

/**
 * h('button', {part: 'redeem', on: {click}}, 'Redeem') -> HTMLButtonElement.
 * Props: class, part, text, on (events), attrs (setAttribute), and any
 * property (value, disabled, hidden, type...). Children: nodes, strings, arrays, null.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false && k !== 'value') continue;
    if (k === 'class') el.className = v;
    else if (k === 'part') el.setAttribute('part', v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'on') for (const [ev, f] of Object.entries(v)) el.addEventListener(ev, f);
    else if (k === 'attrs') for (const [a, av] of Object.entries(v)) { if (av != null && av !== false) el.setAttribute(a, av === true ? '' : String(av)); }
    else el[k] = v;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Only http(s) links from merchant configuration (no javascript: or data:). */
export function safeUrl(url) {
  try {
    const u = new URL(String(url), location.href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Focusable elements inside a root (for the dialog's focus trap). */
export function focusables(root) {
  return [...root.querySelectorAll('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
    .filter((e) => !e.disabled && !e.closest('[hidden]') && e.getClientRects().length > 0);
}

/** The deepest focused element, through shadow roots. */
export function deepActive() {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** Copies text: the async clipboard, or a selected input and execCommand. */
export async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (input) {
      input.select();
      try { return document.execCommand('copy'); } catch { return false; }
    }
    return false;
  }
}
