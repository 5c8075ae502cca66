#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>

#include "base/clock.h"
#include "base/fault_injection.h"
#include "base/file_read.h"
#include "base/linux/unique_fd.h"
#include "base/text_parse.h"
#include "collectors/linux/proc_dir.h"
#include "collectors/linux/task_counters.h"
#include "collectors/network.h"
#include "collectors/sock_diag.h"
#include "collectors/socket_owner_map.h"
#include "collectors/steady_cycles.h"

namespace sysmetrics {

namespace {

using DirPtr = std::unique_ptr<DIR, int (*)(DIR*)>;

// Every process with a cheap signature of its descriptor table: one stat of /proc/[pid]/fd.
std::vector<std::pair<std::uint32_t, FdSetSignature>> fdSignatures(const ProcDir& proc) {
    std::vector<std::pair<std::uint32_t, FdSetSignature>> out;
    DirPtr dir(opendir("/proc"), &closedir);
    if (!dir || !proc.ok()) {
        return out;
    }
    char path[64];
    while (const dirent* entry = readdir(dir.get())) {
        if (!std::isdigit(static_cast<unsigned char>(entry->d_name[0]))) {
            continue;
        }
        const auto pid = parseUnsigned(entry->d_name);
        if (!pid) {
            continue;
        }
        struct stat st {};
        FdSetSignature signature;
        if (fstatat(proc.fd(), procPath(static_cast<std::uint32_t>(*pid), "fd", path), &st, 0) ==
            0) {
            signature.identity = st.st_ino;
            signature.count = st.st_size;
        } else if (errno == ENOENT) {
            continue;  // exited meanwhile
        }
        out.emplace_back(static_cast<std::uint32_t>(*pid), signature);
    }
    return out;
}

// The socket inodes behind one process's descriptors (readlink of each /proc/[pid]/fd entry).
std::optional<std::vector<std::uint64_t>> socketsOf(const ProcDir& proc, std::uint32_t pid) {
    char path[64];
    const int fd = openat(proc.fd(), procPath(pid, "fd", path), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    DirPtr dir(fdopendir(fd), &closedir);
    if (!dir) {
        close(fd);
        return std::nullopt;
    }
    std::vector<std::uint64_t> inodes;
    char link[64];
    while (const dirent* entry = readdir(dir.get())) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        const ssize_t n = readlinkat(dirfd(dir.get()), entry->d_name, link, sizeof link - 1);
        if (n <= 0) {
            continue;
        }
        if (auto inode = socketInodeFromLink(std::string_view(link, static_cast<std::size_t>(n)))) {
            inodes.push_back(*inode);
        }
    }
    return inodes;
}

struct Table {
    const char* path;  // the /proc/net fallback
    const char* proto;
    int family;  // 0: both, in one TCPDIAG_GETSOCK dump
    int protocol;
};
constexpr Table kBothTcp = {nullptr, "tcp", 0, IPPROTO_TCP};
constexpr Table kTables[] = {{"/proc/net/tcp", "tcp", 4, IPPROTO_TCP},
                             {"/proc/net/tcp6", "tcp", 6, IPPROTO_TCP},
                             {"/proc/net/udp", "udp", 4, IPPROTO_UDP},
                             {"/proc/net/udp6", "udp", 6, IPPROTO_UDP}};

// The dump request for `table`: SOCK_DIAG_BY_FAMILY names one family (the kernel refuses
// AF_UNSPEC there: no handler is registered for it); the older TCPDIAG_GETSOCK dumps TCP of both
// families in one walk of the kernel's TCP hash tables, half the cost of two.
template <typename Request>
struct DumpMessage {
    nlmsghdr header;
    Request request;
};
int sendDumpRequest(int sock, const Table& table) {
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    const auto send = [&](auto& message, std::uint16_t type) {
        message.header.nlmsg_len = sizeof message;
        message.header.nlmsg_type = type;
        message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
        message.header.nlmsg_seq = 1;
        return sendto(sock, &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel),
                      sizeof kernel) < 0
                   ? errno
                   : 0;
    };
    if (table.family == 0) {
        DumpMessage<inet_diag_req> message{};
        message.request.idiag_states = ~0u;  // every state, as /proc/net lists them
        return send(message, TCPDIAG_GETSOCK);
    }
    DumpMessage<inet_diag_req_v2> message{};
    message.request.sdiag_family = table.family == 4 ? AF_INET : AF_INET6;
    message.request.sdiag_protocol = static_cast<std::uint8_t>(table.protocol);
    message.request.idiag_states = ~0u;
    return send(message, SOCK_DIAG_BY_FAMILY);
}

// One table through NETLINK_SOCK_DIAG: a dump request, then datagrams until NLMSG_DONE.
// Returns 0, or the errno that refused it.
int dumpSockDiag(const Table& table, std::vector<std::uint8_t>& buffer,
                 std::vector<Connection>& out, std::vector<std::uint64_t>& inodes) {
    if (isApiMissingForTesting("NETLINK_SOCK_DIAG") ||
        (table.family == 0 && isApiMissingForTesting("TCPDIAG_GETSOCK"))) {
        return EPERM;
    }
    UniqueFd sock(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
    if (sock.get() < 0) {
        return errno;
    }
    if (const int refused = sendDumpRequest(sock.get(), table)) {
        return refused;
    }
    const std::size_t before = out.size();
    for (;;) {
        const ssize_t n = recv(sock.get(), buffer.data(), buffer.size(), 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int err = errno;
            out.resize(before);
            inodes.resize(before);
            return err;
        }
        const SockDiagBatch batch = parseSockDiagBatch(buffer.data(), static_cast<std::size_t>(n),
                                                       table.proto, out, inodes);
        if (batch.error != 0 || batch.malformed || n == 0) {
            out.resize(before);
            inodes.resize(before);
            return batch.error != 0 ? batch.error : EBADMSG;
        }
        if (batch.done) {
            return 0;
        }
    }
}

// The Linux source: the table from NETLINK_SOCK_DIAG (one TCP dump for both families, one UDP
// dump per family, no text to parse), TCP falling back to a dump per family and each table to
// /proc/net when netlink refuses; owners from a SocketOwnerMap that rereads only the descriptor
// tables that changed.
class LinuxConnectionSource : public ConnectionSource {
public:
    LinuxConnectionSource() : buffer_(64 * 1024) {}

    Result<std::vector<Connection>> read(OwnerLookup owners) override {
        // Room for as many rows as last time and some: growing a table of thousands row by row
        // copies it a dozen times into fresh pages. While reads come a minute apart or less,
        // the storage of a table no one holds any more: 10,000 fresh rows faulted in 1.5 MB.
        std::vector<Connection> all = storage_.take(steadySeconds());
        all.reserve(last_rows_ + last_rows_ / 8 + 16);
        std::vector<std::uint64_t>& inodes = inodes_;
        inodes.clear();
        int read = 0;
        std::vector<std::string> notes;
        const bool both_tcp = dumpSockDiag(kBothTcp, buffer_, all, inodes) == 0;
        read += both_tcp ? 2 : 0;
        for (const auto& table : kTables) {
            if (both_tcp && table.protocol == IPPROTO_TCP) {
                continue;
            }
            const int refused = dumpSockDiag(table, buffer_, all, inodes);
            if (refused == 0) {
                read++;
                continue;
            }
            auto text = readTextFile(table.path);
            if (!text.ok()) {
                continue;  // no IPv6 in this kernel, for example
            }
            read++;
            notes.push_back(std::string("netlink sock_diag refused (") + std::strerror(refused) +
                            "): read " + table.path);
            auto rows = parseProcNet(text.value(), table.proto, table.family, &inodes);
            all.insert(all.end(), std::make_move_iterator(rows.begin()),
                       std::make_move_iterator(rows.end()));
        }
        notes_ = std::move(notes);
        last_rows_ = all.size();
        if (read == 0) {
            return Error{ErrorCode::unsupported, 0, "NETLINK_SOCK_DIAG and /proc/net/tcp"};
        }
        if (owners == OwnerLookup::skip) {
            return all;  // the map stays as it was: a later refresh rereads what changed since
        }
        const SocketOwnerMap::Sources sources{
            [this] { return fdSignatures(proc_); },
            [this](std::uint32_t pid) { return socketsOf(proc_, pid); }, &readTaskCounters,
            &steadySeconds};
        const auto& pids = owners_.refresh(inodes, sources);
        for (std::size_t i = 0; i < all.size(); i++) {
            all[i].pid = pids[i];
        }
        return all;
    }

    std::vector<std::string> notes() const override { return notes_; }
    std::uint64_t lastDescriptorScans() const override { return owners_.lastScans(); }
    std::vector<Connection>* listingStorage() override { return storage_.offered(steadySeconds()); }

private:
    std::vector<std::uint8_t> buffer_;
    std::vector<std::uint64_t> inodes_;
    std::size_t last_rows_ = 0;
    SteadyStorage<Connection> storage_;
    ProcDir proc_;
    SocketOwnerMap owners_;
    std::vector<std::string> notes_;
};

std::string sysValue(const std::string& device, const char* file) {
    auto text = readTextFile("/sys/class/net/" + device + "/" + file);
    return text.ok() ? std::string(trim(text.value())) : std::string();
}

}  // namespace

std::unique_ptr<ConnectionSource> makeConnectionSource() {
    return std::make_unique<LinuxConnectionSource>();
}

namespace {

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
        const auto arphrd = parseUnsigned(sysValue(nic.name, "type"));
        const std::string device = "/sys/class/net/" + nic.name;
        const bool wireless = access((device + "/wireless").c_str(), F_OK) == 0 ||
                              access((device + "/phy80211").c_str(), F_OK) == 0;
        nic.type = linuxInterfaceType(
            arphrd && *arphrd <= 0xFFFFFFFFull ? static_cast<std::uint32_t>(*arphrd) : 0, wireless);
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

Result<NetworkSection> readNetwork() {
    auto interfaces = readInterfaces();
    if (!interfaces.ok()) {
        return interfaces.error();
    }
    NetworkSection section;
    section.interfaces = std::move(interfaces).value();
    return section;
}

}  // namespace

// /proc/net/dev, /sys/class/net and getifaddrs keep nothing between reads.
std::unique_ptr<NetworkSource> makeNetworkSource() {
    return std::make_unique<StatelessSource<NetworkSection>>(&readNetwork);
}

}  // namespace sysmetrics
