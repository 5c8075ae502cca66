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

bool SafeRegex::search(std::string_view text) const {
    return re_ && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

}  // namespace sysmetrics
