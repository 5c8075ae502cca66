#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/safe_regex.h"

namespace sysmetrics {

// Hides secrets in command lines before they are stored or served: values of arguments whose
// name says password, passwd, pwd, secret, token, apikey/api_key, credential or auth
// (--password=x, --token x, token:x), Password=/Pwd= in connection strings, and the password in
// scheme://user:password@host URLs. Extra patterns (RE2) have every match replaced.
class CommandLineRedactor {
public:
    static constexpr const char* kMask = "***";

    // The extra patterns come compiled and checked, from the configuration.
    static CommandLineRedactor create(bool enabled, std::vector<SafeRegex> extra);
    CommandLineRedactor();  // the defaults, enabled

    std::string redact(const std::string& command_line) const;

private:
    struct Rules;
    explicit CommandLineRedactor(std::shared_ptr<const Rules> rules) : rules_(std::move(rules)) {}
    std::shared_ptr<const Rules> rules_;
};

}  // namespace sysmetrics
