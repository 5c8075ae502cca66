#!/usr/bin/python3
"""Patches the split cpp-httplib 0.11.4 (Debian 12's) implementation file in place.

Each patch replaces one exact passage and fails loudly when the passage is not there (another
version fetched), so a patch never half-applies:
- no static SSLInit: OpenSSL 1.1+ initialises itself on first use, and the instance cost about
  2 MB of resident memory at start in a service that mostly serves plain HTTP (upstream removed
  it too, yhirose/cpp-httplib#2102);
- the query starts at the first '?' of the target (upstream #1713): a second '?' in a value, as
  in an unencoded pattern `name=(?i)bash` that browsers and curl send as typed, got a 400;
- a parameter's value is everything after its first '=' (upstream #1822): `a=b=c` read as c.

  patch_httplib.py HTTPLIB_CC
"""
import sys

MARKER = "// sysmetrics: patched by scripts/patch_httplib.py"

PATCHES = [
    ("static SSLInit",
     "static SSLInit sslinit_;\n",
     "// sysmetrics: no SSLInit (OpenSSL initialises itself on first use)\n"),
    ("the query at the first '?'",
     """    size_t count = 0;

    detail::split(req.target.data(), req.target.data() + req.target.size(), '?',
                  [&](const char *b, const char *e) {
                    switch (count) {
                    case 0:
                      req.path = detail::decode_url(std::string(b, e), false);
                      break;
                    case 1: {
                      if (e - b > 0) {
                        detail::parse_query_text(std::string(b, e), req.params);
                      }
                      break;
                    }
                    default: break;
                    }
                    count++;
                  });

    if (count > 2) { return false; }
""",
     """    // sysmetrics: the query starts at the first '?' (upstream #1713)
    const auto query = req.target.find('?');
    req.path = detail::decode_url(req.target.substr(0, query), false);
    if (query != std::string::npos && query + 1 < req.target.size()) {
      detail::parse_query_text(req.target.substr(query + 1), req.params);
    }
"""),
    ("the value after the first '='",
     """    std::string key;
    std::string val;
    split(b, e, '=', [&](const char *b2, const char *e2) {
      if (key.empty()) {
        key.assign(b2, e2);
      } else {
        val.assign(b2, e2);
      }
    });
""",
     """    // sysmetrics: the value is everything after the first '=' (upstream #1822)
    const auto equals = std::find(b, e, '=');
    std::string key(b, equals);
    std::string val(equals == e ? e : equals + 1, e);
"""),
]


def main():
    path = sys.argv[1]
    with open(path) as f:
        text = f.read()
    if MARKER in text:
        return 0
    for name, old, new in PATCHES:
        if text.count(old) != 1:
            sys.exit(f"patch_httplib: the passage for '{name}' was not found once in {path}: "
                     "check the cpp-httplib version fetched")
        text = text.replace(old, new)
    with open(path, "w") as f:
        f.write(MARKER + "\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
