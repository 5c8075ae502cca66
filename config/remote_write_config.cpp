#include "config/remote_write_config.h"

#include <cstdio>

#include "base/paths.h"
#include "base/text_parse.h"

namespace sysmetrics {

ConfigResult<std::string> bearerTokenFrom(std::string_view content) {
    const std::string_view token = trim(content);
    if (token.empty()) {
        return ConfigError{"is empty: it must hold the token"};
    }
    for (std::size_t i = 0; i < token.size(); i++) {
        const auto byte = static_cast<unsigned char>(token[i]);
        if ((byte < 0x20 && byte != '\t') || byte == 0x7f) {  // RFC 9110 5.5: not in a field value
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", byte);
            return ConfigError{"holds control character " + std::string(hex) + " at byte " +
                               std::to_string(i + (token.data() - content.data())) +
                               ", which an HTTP header cannot carry"};
        }
    }
    return std::string(token);
}

std::string RemoteWriteUrl::origin() const {
    const bool v6 = host.find(':') != std::string::npos;
    return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ConfigResult<RemoteWriteUrl> parseRemoteWriteUrl(const std::string& text) {
    RemoteWriteUrl url;
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string::npos) {
        return ConfigError{"has no scheme (expected http:// or https://)"};
    }
    url.scheme = text.substr(0, scheme_end);
    if (url.scheme != "http" && url.scheme != "https") {
        return ConfigError{"has scheme '" + url.scheme + "' (expected http or https)"};
    }
    std::string rest = text.substr(scheme_end + 3);
    const auto path_start = rest.find_first_of("/?#");
    std::string authority = rest.substr(0, path_start);
    url.path = path_start == std::string::npos ? "/" : rest.substr(path_start);
    if (url.path.front() != '/') {
        url.path.insert(url.path.begin(), '/');
    }
    if (authority.find('@') != std::string::npos) {
        return ConfigError{
            "has credentials in it; use bearer_token_file or basic_auth.password_file"};
    }
    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) {
            return ConfigError{"has an unclosed IPv6 bracket"};
        }
        url.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') {
                return ConfigError{"has text after the IPv6 address"};
            }
            port_text = authority.substr(close + 2);
        }
    } else {
        const auto colon = authority.find(':');
        url.host = authority.substr(0, colon);
        if (colon != std::string::npos) {
            port_text = authority.substr(colon + 1);
        }
    }
    if (url.host.empty()) {
        return ConfigError{"has no host"};
    }
    if (port_text.empty()) {
        url.port = url.scheme == "https" ? 443 : 80;
    } else {
        const auto port = parseUnsigned(port_text);
        if (!port || *port == 0 || *port > 65535) {
            return ConfigError{"has an invalid port '" + port_text + "'"};
        }
        url.port = static_cast<std::uint16_t>(*port);
    }
    return url;
}

std::string defaultQueueDirectory() {
    return defaultStateDirectory("remote_write");
}

}  // namespace sysmetrics
