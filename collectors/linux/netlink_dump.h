#pragma once

#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "base/linux/unique_fd.h"
#include "collectors/netlink_batch.h"

namespace sysmetrics {

// A dump request: the header and its body (zeroed: family AF_UNSPEC, no filter).
template <typename Body>
struct NetlinkRequest {
    nlmsghdr header;
    Body body;
};
template <typename Body>
NetlinkRequest<Body> netlinkDumpRequest(std::uint16_t type) {
    NetlinkRequest<Body> request{};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = type;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.header.nlmsg_seq = 1;
    return request;
}

// One netlink dump: `request` (from netlinkDumpRequest) sent on a fresh socket of `protocol`, then
// each datagram of the answer read into `buffer` and handed to `parse` (which returns its
// NetlinkBatch) until NLMSG_DONE. Returns 0, or the errno that refused or failed it: EBADMSG for
// an answer that is not a dump's, EMSGSIZE for a datagram larger than `buffer`, EAGAIN for a dump
// the kernel flagged as interrupted by a change of its table (what `parse` took from it is not
// to be used; the caller may make the dump again).
template <typename Request, typename Parse>
int netlinkDump(int protocol, Request& request, std::vector<std::uint8_t>& buffer, Parse&& parse) {
    UniqueFd sock(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, protocol));
    if (!sock.ok()) {
        return errno;
    }
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (sendto(sock.get(), &request, sizeof request, 0, reinterpret_cast<sockaddr*>(&kernel),
               sizeof kernel) < 0) {
        return errno;
    }
    bool interrupted = false;
    for (;;) {
        // MSG_TRUNC: the datagram's whole length, so a cut one is seen as such.
        const ssize_t n = recv(sock.get(), buffer.data(), buffer.size(), MSG_TRUNC);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        if (static_cast<std::size_t>(n) > buffer.size()) {
            return EMSGSIZE;
        }
        const NetlinkBatch batch = parse(buffer.data(), static_cast<std::size_t>(n));
        if (batch.error != 0 || batch.malformed || n == 0) {
            return batch.error != 0 ? batch.error : EBADMSG;
        }
        interrupted |= batch.interrupted;
        if (batch.done) {
            return interrupted ? EAGAIN : 0;
        }
    }
}

}  // namespace sysmetrics
