// The floor under the Linux connections collector: the kernel's own NETLINK_SOCK_DIAG dumps of
// the tables the collector reads, for the states it asks for (TCP of both families in one
// TCPDIAG_GETSOCK walk, UDP per family), received and counted, nothing parsed or kept. What any
// reader of the table pays; run beside collector_bench --collector connections to see what the
// collector adds to it.
//   sock_diag_floor [--cycles N] [--every-state]
// --every-state asks for every state (~0), TCP_BOUND_INACTIVE too, as the collector did before:
// what that costs, alternated with a run without it.
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "base/linux/unique_fd.h"
#include "collectors/sock_diag.h"

namespace {

struct Cpu {
    double user = 0, system = 0;
};
Cpu cpuNow() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return {usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec * 1e-3,
            usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec * 1e-3};
}

template <typename Request>
struct Message {
    nlmsghdr header;
    Request request;
};

// One dump, its messages counted; -1 when the kernel refused it.
long dump(std::uint16_t type, std::uint8_t family, std::uint8_t protocol, std::uint32_t states,
          std::vector<char>& buffer) {
    sysmetrics::UniqueFd sock(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
    if (!sock.ok()) {
        return -1;
    }
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    const auto send = [&](auto& message) {
        message.header.nlmsg_len = sizeof message;
        message.header.nlmsg_type = type;
        message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
        return sendto(sock.get(), &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel),
                      sizeof kernel) >= 0;
    };
    bool sent = false;
    if (type == TCPDIAG_GETSOCK) {
        Message<inet_diag_req> message{};
        message.request.idiag_states = states;
        sent = send(message);
    } else {
        Message<inet_diag_req_v2> message{};
        message.request.sdiag_family = family;
        message.request.sdiag_protocol = protocol;
        message.request.idiag_states = states;
        sent = send(message);
    }
    if (!sent) {
        return -1;
    }
    long count = 0;
    for (;;) {
        const ssize_t n = recv(sock.get(), buffer.data(), buffer.size(), 0);
        if (n <= 0) {
            return n == 0 ? count : -1;
        }
        int left = static_cast<int>(n);
        for (auto* h = reinterpret_cast<nlmsghdr*>(buffer.data()); NLMSG_OK(h, left);
             h = NLMSG_NEXT(h, left)) {
            if (h->nlmsg_type == NLMSG_DONE) {
                return count;
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                return -1;
            }
            count++;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    int cycles = 20;
    std::uint32_t states = sysmetrics::kProcNetSocketStates;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--cycles") == 0 && i + 1 < argc) {
            cycles = std::max(1, std::atoi(argv[++i]));
        } else if (std::strcmp(argv[i], "--every-state") == 0) {
            states = ~0u;
        } else {
            std::fprintf(stderr, "usage: sock_diag_floor [--cycles N] [--every-state]\n");
            return 2;
        }
    }
    std::vector<char> buffer(64 * 1024);  // as the collector's
    std::vector<double> per_cycle;
    double user = 0, system = 0;
    long rows = 0;
    for (int cycle = 0; cycle < cycles; cycle++) {
        const Cpu before = cpuNow();
        rows = dump(TCPDIAG_GETSOCK, 0, IPPROTO_TCP, states, buffer);
        rows += dump(SOCK_DIAG_BY_FAMILY, AF_INET, IPPROTO_UDP, states, buffer);
        rows += dump(SOCK_DIAG_BY_FAMILY, AF_INET6, IPPROTO_UDP, states, buffer);
        const Cpu after = cpuNow();
        user += after.user - before.user;
        system += after.system - before.system;
        per_cycle.push_back(after.user - before.user + after.system - before.system);
    }
    std::sort(per_cycle.begin(), per_cycle.end());
    std::printf("%-15s %7s %7s %12s %12s %12s %12s\n", "floor", "cycles", "rows", "cpu_ms_mean",
                "cpu_ms_p50", "user_ms_mean", "sys_ms_mean");
    std::printf("%-15s %7d %7ld %12.3f %12.3f %12.3f %12.3f\n", "sock_diag dumps", cycles, rows,
                (user + system) / cycles, per_cycle[per_cycle.size() / 2], user / cycles,
                system / cycles);
    return rows < 0 ? 1 : 0;
}
