#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
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
#include "collectors/linux/netlink_dump.h"
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

// One table through NETLINK_SOCK_DIAG. Returns 0, or the errno that refused it; a refused or
// broken dump leaves `out` and `inodes` as they were. SOCK_DIAG_BY_FAMILY names one family (the
// kernel refuses AF_UNSPEC there: no handler is registered for it); the older TCPDIAG_GETSOCK
// dumps TCP of both families in one walk of the kernel's TCP hash tables, half the cost of two.
int dumpSockDiag(const Table& table, std::vector<std::uint8_t>& buffer,
                 std::vector<Connection>& out, std::vector<std::uint64_t>& inodes) {
    if (isApiMissingForTesting("NETLINK_SOCK_DIAG") ||
        (table.family == 0 && isApiMissingForTesting("TCPDIAG_GETSOCK"))) {
        return EPERM;
    }
    const std::size_t before = out.size();
    const auto parse = [&](const std::uint8_t* data, std::size_t size) {
        return parseSockDiagBatch(data, size, table.proto, out, inodes);
    };
    int refused = 0;
    if (table.family == 0) {
        auto message = netlinkDumpRequest<inet_diag_req>(TCPDIAG_GETSOCK);
        message.body.idiag_states = kProcNetSocketStates;
        refused = netlinkDump(NETLINK_SOCK_DIAG, message, buffer, parse);
    } else {
        auto message = netlinkDumpRequest<inet_diag_req_v2>(SOCK_DIAG_BY_FAMILY);
        message.body.sdiag_family = table.family == 4 ? AF_INET : AF_INET6;
        message.body.sdiag_protocol = static_cast<std::uint8_t>(table.protocol);
        message.body.idiag_states = kProcNetSocketStates;
        refused = netlinkDump(NETLINK_SOCK_DIAG, message, buffer, parse);
    }
    if (refused != 0) {
        out.resize(before);
        inodes.resize(before);
    }
    return refused;
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

}  // namespace

std::unique_ptr<ConnectionSource> makeConnectionSource() {
    return std::make_unique<LinuxConnectionSource>();
}

}  // namespace sysmetrics
