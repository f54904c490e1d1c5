// The source with comments, string, character, template and regex literals
// and (C++) preprocessor lines blanked to spaces, newlines kept: what is left
// are the braces of the code itself, at their lines (for scripts/sizes.mjs).

const blank = (s) => s.replace(/[^\n]/g, " ");

// JavaScript: can a "/" here start a regex (rather than divide)? From the code before it.
function regexCanStart(out) {
  let e = out.length - 1;
  while (e >= 0 && /\s/.test(out[e])) e--;
  if (e < 0) return true;
  if ("(,=:[!&|?{};+-*%<>~^".includes(out[e])) return true;
  let b = e;
  while (b >= 0 && /[\w$]/.test(out[b])) b--;
  return /^(return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/.test(out.slice(b + 1, e + 1));
}

// End (exclusive) of a quoted literal starting at i (src[i] is the quote).
function quotedEnd(src, i) {
  const q = src[i];
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === "\\") j++;
    else if (src[j] === q || src[j] === "\n") return j + 1;
  }
  return src.length;
}

// End of a JS template literal starting at i, its ${...} expressions included.
function templateEnd(src, i) {
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === "\\") j++;
    else if (src[j] === "`") return j + 1;
    else if (src[j] === "$" && src[j + 1] === "{") j = codeEnd(src, j + 2) - 1;
  }
  return src.length;
}

// End of the code in a ${...}: just after the } that closes it.
function codeEnd(src, i) {
  let depth = 1;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === "'" || c === '"') j = quotedEnd(src, j) - 1;
    else if (c === "`") j = templateEnd(src, j) - 1;
    else if (c === "/" && src[j + 1] === "/") j = src.indexOf("\n", j) < 0 ? src.length : src.indexOf("\n", j) - 1;
    else if (c === "/" && src[j + 1] === "*") j = (src.indexOf("*/", j + 2) + 1 || src.length) ;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return j + 1;
  }
  return src.length;
}

// End of a JS regex literal starting at i.
function regexEnd(src, i) {
  let inClass = false;
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === "\n") return j;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) {
      j++;
      while (j < src.length && /[a-z]/i.test(src[j])) j++;
      return j;
    }
  }
  return src.length;
}

export function blankCode(src, lang) {
  const cpp = lang === "cpp";
  let out = "";
  let i = 0;
  let lineStart = true;
  while (i < src.length) {
    const c = src[i], d = src[i + 1];
    let end = -1;
    if (cpp && lineStart && /^[ \t]*#/.test(src.slice(i, i + 200))) {  // a preprocessor line, with its continuations
      end = i;
      while (end < src.length) {
        const nl = src.indexOf("\n", end);
        if (nl < 0) { end = src.length; break; }
        if (src[nl - 1] !== "\\") { end = nl; break; }
        end = nl + 1;
      }
    } else if (c === "/" && d === "/") end = src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i);
    else if (c === "/" && d === "*") end = src.indexOf("*/", i + 2) < 0 ? src.length : src.indexOf("*/", i + 2) + 2;
    else if (cpp && /(^|[^\w])(u8|u|U|L)?R"$/.test(src.slice(Math.max(0, i - 3), i + 2)) && c === "R") {
      const open = src.indexOf("(", i);
      const delim = src.slice(i + 2, open);
      const close = src.indexOf(`)${delim}"`, open);
      end = close < 0 ? src.length : close + delim.length + 2;
    } else if (c === '"') end = quotedEnd(src, i);
    else if (c === "'" && cpp && /[0-9a-fA-F]/.test(src[i - 1] ?? "") && /[0-9a-fA-F]/.test(d ?? "") && /\b[0-9][0-9a-fA-FxX']*$/.test(src.slice(Math.max(0, i - 40), i))) end = -1;  // a digit separator: 10'000
    else if (c === "'") end = quotedEnd(src, i);
    else if (!cpp && c === "`") end = templateEnd(src, i);
    else if (!cpp && c === "/" && regexCanStart(out)) end = regexEnd(src, i);
    if (end > i) {
      out += blank(src.slice(i, end));
      lineStart = src[end - 1] === "\n";
      i = end;
      continue;
    }
    out += c;
    if (c === "\n") lineStart = true;
    else if (c !== " " && c !== "\t") lineStart = false;
    i++;
  }
  return out;
}
