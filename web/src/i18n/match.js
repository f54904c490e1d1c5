/** en | zh-Hant | zh-Hans | ro from a BCP 47 tag (zh-TW, zh-HK -> zh-Hant; zh, zh-CN -> zh-Hans). Eager: keep tiny. */
export function matchLocale(tag) {
  const t = String(tag || '').toLowerCase();
  if (t.startsWith('zh')) return /hant|-tw|-hk|-mo/.test(t) ? 'zh-Hant' : 'zh-Hans';
  if (t.startsWith('ro')) return 'ro';
  return 'en';
}
