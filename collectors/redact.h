#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"

namespace sysmetrics {

// Hides secrets in command lines before they are stored or served: values of arguments whose
// name says password, passwd, pwd, secret, token, apikey/api_key, credential or auth
// (--password=x, --token x, token:x), Password=/Pwd= in connection strings, and the password in
// scheme://user:password@host URLs. Extra patterns (RE2) have every match replaced.
class CommandLineRedactor {
public:
    static constexpr const char* kMask = "***";

    // An invalid extra pattern is an error naming it.
    static Result<CommandLineRedactor, std::string> create(bool enabled,
                                                           const std::vector<std::string>& extra);
    CommandLineRedactor();  // the defaults, enabled

    std::string redact(const std::string& command_line) const;

private:
    struct Rules;
    explicit CommandLineRedactor(std::shared_ptr<const Rules> rules) : rules_(std::move(rules)) {}
    std::shared_ptr<const Rules> rules_;
};

}  // namespace sysmetrics
