#include "collectors/redact.h"

#include <re2/re2.h>

namespace sysmetrics {

namespace {
// The key part of an argument that names a secret, with what may surround it (db-password,
// --api_key, ClientSecret).
constexpr const char* kSecretKey =
    R"((?i)[\w.-]*(?:password|passwd|pwd|secret|token|api[-_]?key|credential|auth)[\w.-]*)";
}  // namespace

struct CommandLineRedactor::Rules {
    bool enabled = true;
    std::unique_ptr<re2::RE2> key_value;       // key=value, key:value
    std::unique_ptr<re2::RE2> key_then_value;  // --key value
    std::unique_ptr<re2::RE2> url_password;    // scheme://user:password@
    std::vector<SafeRegex> extra;
};

CommandLineRedactor::CommandLineRedactor() : CommandLineRedactor(create(true, {})) {}

CommandLineRedactor CommandLineRedactor::create(bool enabled, std::vector<SafeRegex> extra) {
    auto rules = std::make_shared<Rules>();
    rules->enabled = enabled;
    RE2::Options options;
    options.set_log_errors(false);
    const std::string key = kSecretKey;
    // Value up to the next space, quote or ';' (connection strings separate pairs with ';').
    // Group 1: the key and its separator; what follows up to a space, quote or ';' is the value.
    rules->key_value = std::make_unique<re2::RE2>("(" + key + "\\s*[=:]\\s*)[^\\s;\"']+", options);
    // Groups 1-2: what precedes the flag; group 3: the value in the next argument.
    rules->key_then_value =
        std::make_unique<re2::RE2>("(^|\\s)(--?|/)" + key + "\\s+([^-/\\s]\\S*)", options);
    rules->url_password = std::make_unique<re2::RE2>("(\\w+://[^:/@\\s]+:)[^@\\s]+@", options);
    rules->extra = std::move(extra);
    return CommandLineRedactor(std::shared_ptr<const Rules>(std::move(rules)));
}

std::string CommandLineRedactor::redact(const std::string& command_line) const {
    if (!rules_ || !rules_->enabled) {
        return command_line;
    }
    std::string text = command_line;
    RE2::GlobalReplace(&text, *rules_->url_password, std::string("\\1") + kMask + "@");
    RE2::GlobalReplace(&text, *rules_->key_value, std::string("\\1") + kMask);
    // --key value: keep the flag, mask the value that follows it.
    std::string out;
    re2::StringPiece groups[4];
    std::size_t position = 0;
    while (position <= text.size() &&
           rules_->key_then_value->Match(text, position, text.size(), RE2::UNANCHORED, groups, 4)) {
        const std::size_t value_start = static_cast<std::size_t>(groups[3].data() - text.data());
        out.append(text, position, value_start - position);
        out += kMask;
        position = value_start + groups[3].size();
    }
    out.append(text, std::min(position, text.size()), std::string::npos);
    for (const auto& pattern : rules_->extra) {
        pattern.replaceAll(out, kMask);
    }
    return out;
}

}  // namespace sysmetrics
