// Private to the small JSON value: the text rules its parser and its dumper
// share (escapes, UTF-8), so the two cannot drift apart.
#pragma once
#include <cstddef>
#include <string>

namespace loyalty {
namespace mini {

// Pairs of (escape letter, the character it stands for), as JSON writes them.
constexpr char kEscapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlongs, no
// surrogates, nothing past U+10FFFF) starting at s[pos], a byte >= 0x80; or 0,
// with *bad = how many bytes a decoder reads before it knows (at least 1): the
// byte there starts the next sequence, as in nlohmann's decoder.
inline std::size_t utf8_sequence(const std::string& s, std::size_t pos, std::size_t* bad) {
  const unsigned char c = static_cast<unsigned char>(s[pos]);
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) n = 1;
  else if (c == 0xE0) { n = 2; lo = 0xA0; }
  else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) n = 2;
  else if (c == 0xED) { n = 2; hi = 0x9F; }
  else if (c == 0xF0) { n = 3; lo = 0x90; }
  else if (c >= 0xF1 && c <= 0xF3) n = 3;
  else if (c == 0xF4) { n = 3; hi = 0x8F; }
  else { *bad = 1; return 0; }
  for (std::size_t i = 1; i <= n; ++i) {
    const unsigned char b = pos + i < s.size() ? static_cast<unsigned char>(s[pos + i]) : 0;
    if (pos + i >= s.size() || b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
      *bad = i;
      return 0;
    }
  }
  return n + 1;
}

}  // namespace mini
}  // namespace loyalty
