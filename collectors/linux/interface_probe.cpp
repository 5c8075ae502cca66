#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>
#include <utility>

#include "base/fault_injection.h"
#include "base/file_read.h"
#include "base/text_parse.h"
#include "collectors/linux/netlink_dump.h"
#include "collectors/network.h"
#include "collectors/rtnetlink.h"

namespace sysmetrics {

namespace {

constexpr std::uint32_t kArphrdLoopback = 772;

std::string sysValue(const std::string& device, const char* file) {
    auto text = readTextFile("/sys/class/net/" + device + "/" + file);
    return text.ok() ? std::string(trim(text.value())) : std::string();
}

// Wi-Fi devices say ARPHRD_ETHER; only their sysfs entries tell them apart.
bool sysfsSaysWireless(const std::string& device) {
    const std::string path = "/sys/class/net/" + device;
    return access((path + "/wireless").c_str(), F_OK) == 0 ||
           access((path + "/phy80211").c_str(), F_OK) == 0;
}

// speed is in Mbit/s; virtual devices answer an error or -1, the loopback always an error.
std::optional<std::uint64_t> sysfsSpeed(const std::string& device) {
    const auto mbps = parseSigned(sysValue(device, "speed"));
    if (!mbps || *mbps <= 0) {
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(*mbps) * 1000000;
}

// The fallback where NETLINK_ROUTE is refused (a seccomp or LSM policy): /proc/net/dev for the
// counters, a file of /sys/class/net/X for each property, getifaddrs for the addresses.
Result<std::vector<InterfaceInfo>> readFromProcAndSys() {
    auto text = readTextFile("/proc/net/dev");
    if (!text.ok()) {
        return text.error();
    }
    auto interfaces = parseProcNetDev(text.value());
    ifaddrs* list = nullptr;
    std::unique_ptr<ifaddrs, void (*)(ifaddrs*)> addresses(getifaddrs(&list) == 0 ? list : nullptr,
                                                           &freeifaddrs);
    for (auto& nic : interfaces) {
        nic.oper_status = sysValue(nic.name, "operstate");
        nic.mac = sysValue(nic.name, "address");
        const auto arphrd = parseUnsigned(sysValue(nic.name, "type"));
        nic.type = linuxInterfaceType(
            arphrd && *arphrd <= 0xFFFFFFFFull ? static_cast<std::uint32_t>(*arphrd) : 0,
            sysfsSaysWireless(nic.name));
        if (auto mtu = parseUnsigned(sysValue(nic.name, "mtu"))) {
            nic.mtu = static_cast<std::uint32_t>(*mtu);
        }
        if (auto index = parseUnsigned(sysValue(nic.name, "ifindex"))) {
            nic.index = static_cast<std::uint32_t>(*index);
        }
        nic.speed_bits_per_second = sysfsSpeed(nic.name);
        for (const ifaddrs* a = addresses.get(); a; a = a->ifa_next) {
            // An IPv4 alias is named by its label ("eth0:1"): the device is before the colon.
            const std::string_view label = a->ifa_name ? a->ifa_name : "";
            if (!a->ifa_addr || label.substr(0, label.find(':')) != nic.name) {
                continue;
            }
            if (a->ifa_addr->sa_family == AF_INET) {
                const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
                nic.ipv4.push_back(
                    formatIpv4(reinterpret_cast<const std::uint8_t*>(&in->sin_addr)));
            } else if (a->ifa_addr->sa_family == AF_INET6) {
                const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr);
                nic.ipv6.push_back(formatIpv6(in6->sin6_addr.s6_addr));
            }
        }
    }
    return interfaces;
}

// The interfaces from two NETLINK_ROUTE dumps (links with their counters, then addresses): what
// /proc/net/dev, six sysfs files per interface and getifaddrs (which makes both dumps itself)
// gave, for one sysfs read per interface (its speed, which only ethtool knows). Whether an
// interface is wireless cannot change while it exists, so it is looked up once per interface.
class LinuxNetworkSource : public NetworkSource {
public:
    LinuxNetworkSource() : buffer_(64 * 1024) {}

    Result<NetworkSection> read() override {
        notes_.clear();
        NetworkSection section;
        const int failed = readFromNetlink(section.interfaces);
        if (failed != 0) {
            auto fallback = readFromProcAndSys();
            if (!fallback.ok()) {
                return fallback.error();
            }
            notes_.push_back(std::string("netlink RTM_GETLINK/RTM_GETADDR failed (") +
                             std::strerror(failed) + "): read /proc/net/dev and /sys/class/net");
            section.interfaces = std::move(fallback).value();
        }
        return section;
    }

    std::vector<std::string> notes() const override { return notes_; }

private:
    // Both dumps, made again (a few times at most) when the kernel flags one as interrupted by
    // an interface or address that came or went meanwhile, as getifaddrs does.
    int dumpLinksAndAddresses() {
        int failed = 0;
        for (int attempt = 0; attempt < kDumpAttempts; attempt++) {
            links_.clear();
            addresses_.clear();
            auto links = netlinkDumpRequest<ifinfomsg>(RTM_GETLINK);
            failed = netlinkDump(
                NETLINK_ROUTE, links, buffer_,
                [&](const std::uint8_t* d, std::size_t n) { return parseLinkBatch(d, n, links_); });
            if (failed == 0) {
                auto addresses = netlinkDumpRequest<ifaddrmsg>(RTM_GETADDR);
                failed = netlinkDump(NETLINK_ROUTE, addresses, buffer_,
                                     [&](const std::uint8_t* d, std::size_t n) {
                                         return parseAddressBatch(d, n, addresses_);
                                     });
            }
            if (failed != EAGAIN) {
                return failed;
            }
        }
        return failed;
    }

    int readFromNetlink(std::vector<InterfaceInfo>& interfaces) {
        if (isApiMissingForTesting("NETLINK_ROUTE")) {
            return EPERM;
        }
        if (const int failed = dumpLinksAndAddresses()) {
            return failed;
        }
        std::map<std::pair<std::uint32_t, std::string>, bool> wireless;
        for (auto& row : links_) {
            InterfaceInfo& nic = row.nic;
            const auto key = std::make_pair(nic.index, nic.name);
            const auto known = wireless_.find(key);
            const bool is_wireless =
                known != wireless_.end() ? known->second : sysfsSaysWireless(nic.name);
            wireless.emplace(key, is_wireless);
            nic.type = linuxInterfaceType(row.arphrd, is_wireless);
            if (row.arphrd != kArphrdLoopback) {
                nic.speed_bits_per_second = sysfsSpeed(nic.name);
            }
            for (const auto& address : addresses_) {
                if (address.index == nic.index) {
                    (address.family == 4 ? nic.ipv4 : nic.ipv6).push_back(address.address);
                }
            }
            interfaces.push_back(std::move(nic));
        }
        wireless_ = std::move(wireless);  // interfaces that went are forgotten
        std::sort(interfaces.begin(), interfaces.end(),
                  [](const InterfaceInfo& a, const InterfaceInfo& b) { return a.index < b.index; });
        return 0;
    }

    static constexpr int kDumpAttempts = 3;
    std::vector<std::uint8_t> buffer_;
    std::vector<LinkRow> links_;
    std::vector<AddressRow> addresses_;
    std::map<std::pair<std::uint32_t, std::string>, bool> wireless_;
    std::vector<std::string> notes_;
};

}  // namespace

std::unique_ptr<NetworkSource> makeNetworkSource() {
    return std::make_unique<LinuxNetworkSource>();
}

}  // namespace sysmetrics
