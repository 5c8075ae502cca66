#include "config/web_config.h"

namespace sysmetrics {

namespace {

// A host of digits and dots is an IPv4 address (parseListenAddress made sure); one with a colon
// is IPv6; anything else is a name.
bool isIpv4(const std::string& host) {
    return host.find_first_not_of("0123456789.") == std::string::npos;
}

bool isIpv6(const std::string& host) {
    return host.find(':') != std::string::npos;
}

// 0.0.0.0, or :: (however many zeros it is written with).
bool isAnyIpv4(const std::string& host) {
    return isIpv4(host) && host.find_first_not_of("0.") == std::string::npos;
}

bool isAnyIpv6(const std::string& host) {
    return isIpv6(host) && host.find_first_not_of("0:") == std::string::npos;
}

// Whether a listener on `wide` takes the port from one on `other` as well.
bool covers(const std::string& wide, const std::string& other) {
    return isAnyIpv6(wide) || (isAnyIpv4(wide) && isIpv4(other));
}

}  // namespace

bool listenAddressesClash(const ListenAddress& a, const ListenAddress& b) {
    if (a.port != b.port || a.port == 0) {
        return false;
    }
    return a.host == b.host || covers(a.host, b.host) || covers(b.host, a.host);
}

}  // namespace sysmetrics
