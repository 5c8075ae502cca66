#include "base/safe_regex.h"

#include <re2/re2.h>

namespace sysmetrics {

ConfigResult<SafeRegex> SafeRegex::compile(const std::string& pattern) {
    if (pattern.size() > kMaxPatternLength) {
        return ConfigError{"pattern longer than " + std::to_string(kMaxPatternLength) +
                           " characters"};
    }
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(1 << 20);  // bounds the compiled program, so no pattern can eat memory
    auto re = std::make_shared<const re2::RE2>(pattern, options);
    if (!re->ok()) {
        return ConfigError{"invalid pattern '" + pattern + "': " + re->error()};
    }
    SafeRegex regex;
    regex.pattern_ = pattern;
    regex.re_ = std::move(re);
    return regex;
}

void SafeRegex::replaceAll(std::string& text, const std::string& replacement) const {
    if (re_) {
        RE2::GlobalReplace(&text, *re_, replacement);
    }
}

bool SafeRegex::canMatchEmpty() const {
    if (!re_) {
        return false;
    }
    // An empty match depends only on what is on either side: nothing, a word character, a line
    // break or another character (^ $ \A \z \b \B, and their (?m) forms). Each pair is tried.
    static const char* const kSides[] = {"", "a", "\n", " "};
    for (const char* before : kSides) {
        for (const char* after : kSides) {
            const std::string text = std::string(before) + after;
            const std::size_t at = std::string(before).size();
            if (re_->Match(text, at, at, RE2::ANCHOR_BOTH, nullptr, 0)) {
                return true;
            }
        }
    }
    return false;
}

bool SafeRegex::search(std::string_view text) const {
    return re_ && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

}  // namespace sysmetrics
