// Lists source files over 400 lines and functions over 80 lines that have no
// comment saying why they are long (STYLE.md, issue 14).
//   node scripts/sizes.mjs [--all] [--max-file N] [--max-function N] [PATH...]
// PATHs default to every C++ and JavaScript file git tracks. A function's length
// runs from the line of its opening brace to the line of its closing brace.
// C++: functions at file, namespace or class level (lambdas, SECTIONs and the like
// count in the function around them). JavaScript: every function, method and
// arrow with a block body, nested ones included (so an outer one counts theirs).
// A long one is excused by a comment saying why, starting "Long:", directly above
// it (a file: in its first 15 lines). --all lists the excused too.
// --known FILE:NAME (repeatable) lets one named function through while work on it
// is under way elsewhere; it is printed, and a note says when it is no longer needed.
// Exits 1 when anything unexcused is over a limit.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { blankCode } from "./sizes-lexer.mjs";

const CPP = /\.(cpp|cc|h|hpp)$/;
const JS = /\.(js|mjs|cjs)$/;
const EXCUSE = /\bLong:/;

// Each { with its matching }: [{open, close}] (offsets into text). Throws when
// they do not pair up: then the lexer misread a literal, and no length is trusted.
function braces(text) {
  const out = [], stack = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "{") stack.push(out.push({ open: i, close: -1 }) - 1);
    else if (text[i] === "}") {
      if (!stack.length) throw new Error(`a } without its { at offset ${i}`);
      out[stack.pop()].close = i;
    }
  }
  if (stack.length) throw new Error(`${stack.length} { never closed`);
  return out;
}

// The code before a brace back to the previous ; { or } (the brace's "header").
// Inside parentheses those belong to the header: a parameter's `= {}` default or
// destructured `{a, b}`, a `for (;;)`. `openOf` maps a } to its {.
function headerStart(text, open, openOf) {
  let i = open - 1, depth = 0;
  for (; i >= 0; i--) {
    const c = text[i];
    if (c === ")") depth++;
    else if (c === "(" && depth > 0) depth--;
    else if (depth > 0 && c === "}") i = openOf.get(i);  // the loop's i-- steps over its {
    else if (depth === 0 && ";{}".includes(c)) break;
  }
  return i + 1;
}

const CONTROL = new Set(["if", "for", "while", "switch", "catch", "with", "elif", "return", "await", "sizeof", "decltype", "alignof"]);
// Text up to a ")" that closes a parameter list: the word before its "(".
function wordBeforeParens(h) {
  let depth = 0, i = h.length - 1;
  for (; i >= 0; i--) {
    if (h[i] === ")") depth++;
    else if (h[i] === "(" && --depth === 0) break;
  }
  const m = /([A-Za-z_$][\w$]*|operator\s*\S+|\]|>)\s*$/.exec(h.slice(0, Math.max(i, 0)));
  return m ? m[1] : "";
}

const CPP_TAIL = /(\s*(const|noexcept(\s*\([^()]*\))?|override|final|mutable|volatile|&&|&|->\s*[\w:<>,\s*&]+))*\s*$/;
// C++: what a brace opens, from its header: "scope" (namespace, class...), "function" or "other".
function cppKind(h) {
  h = h.replace(/\s+/g, " ").trim();
  if (/(^|\s)(namespace|extern "C"|extern)(\s|$)/.test(h) && !/\(/.test(h)) return "scope";
  if (/(^|[\s>])(class|struct|union)\s[^()=]*$/.test(h)) return "scope";
  if (/(^|\s)enum(\s|$)/.test(h) || /=\s*$/.test(h)) return "other";
  const body = h.replace(CPP_TAIL, "");
  if (body.endsWith(")") && !CONTROL.has(wordBeforeParens(body))) return "function";
  return "other";
}

// JavaScript: is the brace a function body?
function jsIsFunction(h) {
  h = h.replace(/\s+/g, " ").trim();
  if (h.endsWith("=>")) return true;
  if (!h.endsWith(")") || /(^|\s)class\s/.test(h)) return false;
  const word = wordBeforeParens(h);
  return word !== "" && word !== "]" && word !== ">" && !CONTROL.has(word);
}

const lineOf = (starts, offset) => {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; starts[mid] <= offset ? (lo = mid) : (hi = mid - 1); }
  return lo + 1;
};

// The function's name for the report: the header's last line, shortened.
const nameOf = (h) => h.replace(/\s+/g, " ").trim().slice(-90);

// Comment lines directly above line `first` (1-based), and the header's own lines, mention "Long:".
function excused(lines, first, open) {
  for (let l = first; l <= open; l++) if (EXCUSE.test(lines[l - 1])) return true;
  for (let l = first - 1; l >= 1 && first - l <= 12; l--) {
    const t = lines[l - 1].trim();
    if (!(t.startsWith("//") || t.startsWith("/*") || t.startsWith("*") || t.endsWith("*/"))) break;
    if (EXCUSE.test(t)) return true;
  }
  return false;
}

export function longFunctions(file, source) {
  const cpp = CPP.test(file);
  const text = blankCode(source, cpp ? "cpp" : "js");
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const lines = source.split("\n");
  const all = braces(text).sort((a, b) => a.open - b.open);
  const openOf = new Map(all.map((b) => [b.close, b.open]));
  const found = [];
  // C++: only braces whose enclosing braces are all scopes are classified.
  const scopeEnds = [];  // close offsets of the enclosing braces, innermost last, with whether they are scopes
  for (const b of all) {
    while (scopeEnds.length && scopeEnds[scopeEnds.length - 1].close < b.open) scopeEnds.pop();
    let from = headerStart(text, b.open, openOf);
    // A constructor's body after an initializer in braces (": a_{a}, b_(b) {"): its header runs on back.
    while (cpp && text[from - 1] === "}" && /^\s*,/.test(text.slice(from, b.open))) from = headerStart(text, openOf.get(from - 1), openOf);
    const header = text.slice(from, b.open);
    let isFunction;
    if (cpp) {
      const inScope = scopeEnds.every((s) => s.scope);
      const kind = inScope ? cppKind(header) : "other";
      scopeEnds.push({ close: b.close, scope: kind === "scope" });
      isFunction = kind === "function";
    } else {
      isFunction = jsIsFunction(header);
    }
    if (!isFunction) continue;
    const open = lineOf(starts, b.open), close = lineOf(starts, b.close);
    const first = lineOf(starts, from + (header.length - header.trimStart().length));
    found.push({ file, line: first, lines: close - open + 1, name: nameOf(header), excused: excused(lines, first, open) });
  }
  return found;
}

function main(argv) {
  let all = false, maxFile = 400, maxFunction = 80;
  const paths = [], known = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--all") all = true;
    else if (argv[i] === "--max-file") maxFile = Number(argv[++i]);
    else if (argv[i] === "--max-function") maxFunction = Number(argv[++i]);
    else if (argv[i] === "--known") known.push({ spec: argv[++i], used: false });
    else paths.push(argv[i]);
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", ...(paths.length ? paths : ["."])], { cwd: root, encoding: "utf8" })
    .split("\n").filter((f) => (CPP.test(f) || JS.test(f)) && fs.existsSync(path.join(root, f)));
  let over = 0;
  const report = (excuse, msg) => {
    if (!excuse) over++;
    if (!excuse || all) console.log(`${msg}${excuse ? "  (excused: Long:)" : ""}`);
  };
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    const count = source.split("\n").length - (source.endsWith("\n") ? 1 : 0);
    if (count > maxFile) report(source.split("\n").slice(0, 15).some((l) => EXCUSE.test(l)), `${file}: ${count} lines (file over ${maxFile})`);
    let functions;
    try {
      functions = longFunctions(file, source);
    } catch (e) {
      report(false, `${file}: cannot be read (${e.message})`);
      continue;
    }
    for (const f of functions) {
      if (f.lines <= maxFunction) continue;
      const k = known.find(({ spec }) => spec.slice(0, spec.indexOf(":")) === f.file && f.name.includes(spec.slice(spec.indexOf(":") + 1) + "("));
      if (k) {
        k.used = true;
        console.log(`${f.file}:${f.line}: ${f.lines} lines: ${f.name}  (known: --known ${k.spec})`);
      } else report(f.excused, `${f.file}:${f.line}: ${f.lines} lines: ${f.name}`);
    }
  }
  for (const k of known) if (!k.used) console.log(`note: --known ${k.spec} is no longer needed (no such function over ${maxFunction} lines)`);
  console.log(`sizes: ${files.length} files read; ${over} over ${maxFile} lines a file or ${maxFunction} a function without a "Long:" comment`);
  return over ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
