#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/config_error.h"

namespace re2 {
class RE2;
}

namespace sysmetrics {

// A pattern from a user (config file or query string), matched by RE2 in time linear in the
// input: no pattern can make a request hang. Unanchored search, like grep.
class SafeRegex {
public:
    static constexpr std::size_t kMaxPatternLength = 512;

    // The error message says what is wrong with the pattern.
    static ConfigResult<SafeRegex> compile(const std::string& pattern);

    bool search(std::string_view text) const;
    // Every match in `text` replaced by `replacement` (RE2's rewrite syntax: \\1 is group 1).
    void replaceAll(std::string& text, const std::string& replacement) const;
    // Whether some text has an empty match: "" and "x*" everywhere, "^" at its start, "\b" at
    // each word's ends. replaceAll puts the replacement at each of those places.
    bool canMatchEmpty() const;
    const std::string& pattern() const { return pattern_; }

private:
    std::string pattern_;
    std::shared_ptr<const re2::RE2> re_;
};

}  // namespace sysmetrics
