#pragma once

#include <optional>
#include <string>

namespace sysmetrics {

// Standard base64 (RFC 4648 section 4), strict: nullopt when malformed. For "Basic" credentials.
std::optional<std::string> decodeBase64(const std::string& text);
// Standard base64 with padding: "Basic" credentials we send (remote write).
std::string encodeBase64(const std::string& bytes);
// URL-safe base64 (section 5) without padding. For generated tokens.
std::string encodeBase64Url(const std::string& bytes);

}  // namespace sysmetrics
