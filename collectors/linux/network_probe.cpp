#include <arpa/inet.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cctype>
#include <map>
#include <memory>

#include "base/file_read.h"
#include "base/text_parse.h"
#include "collectors/network.h"

namespace sysmetrics {

namespace {

using DirPtr = std::unique_ptr<DIR, int (*)(DIR*)>;

// Socket inode -> owning pid, from every /proc/[pid]/fd link: done once per cycle.
std::map<std::uint64_t, std::uint32_t> socketOwners() {
    std::map<std::uint64_t, std::uint32_t> owners;
    DirPtr proc(opendir("/proc"), &closedir);
    if (!proc) {
        return owners;
    }
    while (const dirent* entry = readdir(proc.get())) {
        if (!std::isdigit(static_cast<unsigned char>(entry->d_name[0]))) {
            continue;
        }
        const auto pid = parseUnsigned(entry->d_name);
        const std::string fd_dir = std::string("/proc/") + entry->d_name + "/fd";
        DirPtr fds(opendir(fd_dir.c_str()), &closedir);
        if (!pid || !fds) {
            continue;
        }
        char link[64];
        while (const dirent* fd = readdir(fds.get())) {
            if (fd->d_name[0] == '.') {
                continue;
            }
            const std::string path = fd_dir + "/" + fd->d_name;
            const ssize_t n = readlink(path.c_str(), link, sizeof link - 1);
            if (n <= 0) {
                continue;
            }
            if (auto inode =
                    socketInodeFromLink(std::string_view(link, static_cast<std::size_t>(n)))) {
                owners.emplace(*inode, static_cast<std::uint32_t>(*pid));
            }
        }
    }
    return owners;
}

std::string sysValue(const std::string& device, const char* file) {
    auto text = readTextFile("/sys/class/net/" + device + "/" + file);
    return text.ok() ? std::string(trim(text.value())) : std::string();
}

}  // namespace

Result<std::vector<Connection>> readConnections() {
    struct Table {
        const char* path;
        const char* proto;
        int family;
    };
    const Table tables[] = {{"/proc/net/tcp", "tcp", 4},
                            {"/proc/net/tcp6", "tcp", 6},
                            {"/proc/net/udp", "udp", 4},
                            {"/proc/net/udp6", "udp", 6}};
    std::vector<Connection> all;
    std::vector<std::uint64_t> inodes;
    int read = 0;
    for (const auto& table : tables) {
        auto text = readTextFile(table.path);
        if (!text.ok()) {
            continue;  // no IPv6 in this kernel, for example
        }
        read++;
        auto rows = parseProcNet(text.value(), table.proto, table.family, &inodes);
        all.insert(all.end(), rows.begin(), rows.end());
    }
    if (read == 0) {
        return Error{ErrorCode::unsupported, 0, "open /proc/net/tcp"};
    }
    const auto owners = socketOwners();
    for (std::size_t i = 0; i < all.size(); i++) {
        auto it = owners.find(inodes[i]);
        if (it != owners.end()) {
            all[i].pid = it->second;
        }
    }
    return all;
}

Result<std::vector<InterfaceInfo>> readInterfaces() {
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
        nic.type = sysValue(nic.name, "type");
        if (auto mtu = parseUnsigned(sysValue(nic.name, "mtu"))) {
            nic.mtu = static_cast<std::uint32_t>(*mtu);
        }
        if (auto index = parseUnsigned(sysValue(nic.name, "ifindex"))) {
            nic.index = static_cast<std::uint32_t>(*index);
        }
        // speed is in Mbit/s; virtual devices answer an error or -1.
        if (auto mbps = parseSigned(sysValue(nic.name, "speed")); mbps && *mbps > 0) {
            nic.speed_bits_per_second = static_cast<std::uint64_t>(*mbps) * 1000000;
        }
        for (const ifaddrs* a = addresses.get(); a; a = a->ifa_next) {
            if (!a->ifa_addr || nic.name != a->ifa_name) {
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

}  // namespace sysmetrics
