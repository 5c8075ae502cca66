#include "http/server/socket_ops.h"

#include <algorithm>

#ifndef _WIN32
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace sysmetrics::net {

namespace {

#ifdef _WIN32
int lastError() {
    return WSAGetLastError();
}
constexpr int kInUse = WSAEADDRINUSE;
constexpr int kNotLocal = WSAEADDRNOTAVAIL;
constexpr int kDenied = WSAEACCES;
constexpr int kSendFlags = 0;
std::string errorText(int code) {
    return "WSA error " + std::to_string(code);
}
#else
int lastError() {
    return errno;
}
constexpr int kInUse = EADDRINUSE;
constexpr int kNotLocal = EADDRNOTAVAIL;
constexpr int kDenied = EACCES;
constexpr int kSendFlags = MSG_NOSIGNAL | MSG_DONTWAIT;
std::string errorText(int code) {
    return std::strerror(code);
}
#endif

void setNonBlocking(socket_t sock, bool on) {
#ifdef _WIN32
    u_long mode = on ? 1 : 0;
    ioctlsocket(sock, FIONBIO, &mode);
#else
    const int flags = fcntl(sock, F_GETFL);
    fcntl(sock, F_SETFL, on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
#endif
}

void setOption(socket_t sock, int level, int name, int value) {
    setsockopt(sock, level, name, reinterpret_cast<const char*>(&value), sizeof value);
}

// httplib's default sets SO_REUSEPORT on Linux, which lets a second instance share our port
// silently, and on Windows SO_REUSEADDR, which lets another program take it over. We want a
// clean "address in use" instead.
void makeExclusive(socket_t sock) {
#ifdef _WIN32
    setOption(sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1);
#else
    setOption(sock, SOL_SOCKET, SO_REUSEADDR, 1);  // TIME_WAIT of a previous run only
#endif
}

std::string bindFailure(const std::string& where, int code) {
    if (code == kInUse) {
        return "bind " + where + ": the port is in use (another program, or another sysmetrics)";
    }
    if (code == kNotLocal) {
        return "bind " + where + ": not an address of this host";
    }
    if (code == kDenied) {
        return "bind " + where + ": permission denied (a privileged or reserved port)";
    }
    return "bind " + where + ": " + errorText(code);
}

std::string resolverError(int code) {
#ifdef _WIN32
    return "getaddrinfo error " + std::to_string(code);  // gai_strerror is UTF-16 under UNICODE
#else
    return gai_strerror(code);
#endif
}

std::uint16_t boundPort(socket_t sock) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        return 0;
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    }
    return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

bool numericAddress(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port) {
    if (address.ss_family == AF_INET) {
        port = ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
    } else if (address.ss_family == AF_INET6) {
        port = ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
    } else {
        return false;
    }
    char text[NI_MAXHOST] = {};
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, text, sizeof text, nullptr,
                    0, NI_NUMERICHOST) != 0) {
        return false;
    }
    ip = text;
    return true;
}

}  // namespace

bool pollReadable(std::vector<PollItem>& items, int timeout_ms) {
#ifdef _WIN32
    std::vector<WSAPOLLFD> fds(items.size());
#else
    std::vector<pollfd> fds(items.size());
#endif
    for (std::size_t i = 0; i < items.size(); ++i) {
        fds[i].fd = items[i].sock;
        fds[i].events = POLLIN;
        fds[i].revents = 0;
    }
#ifdef _WIN32
    const int ready = WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), timeout_ms);
#else
    int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0 && errno == EINTR) {
        ready = 0;
    }
#endif
    if (ready < 0) {
        return false;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        items[i].readable = (fds[i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0;
    }
    return true;
}

void sendWithoutWaiting(socket_t sock, std::string_view bytes) {
#ifdef _WIN32
    setNonBlocking(sock, true);
#endif
    send(sock, bytes.data(), static_cast<int>(bytes.size()), kSendFlags);
#ifdef _WIN32
    shutdown(sock, SD_SEND);
#else
    shutdown(sock, SHUT_WR);
#endif
}

int pollOne(socket_t sock, bool for_write, int timeout_ms) {
#ifdef _WIN32
    WSAPOLLFD fd{};
#else
    pollfd fd{};
#endif
    fd.fd = sock;
    fd.events = for_write ? POLLOUT : POLLIN;
#ifdef _WIN32
    const int ready = WSAPoll(&fd, 1, timeout_ms);
#else
    int ready = ::poll(&fd, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) {
        ready = 0;
    }
#endif
    return ready < 0 ? -1 : (ready > 0 ? 1 : 0);
}

void shutdownBoth(socket_t sock) {
#ifdef _WIN32
    shutdown(sock, SD_BOTH);
#else
    shutdown(sock, SHUT_RDWR);
#endif
}

void closeSocket(socket_t sock) {
#ifdef _WIN32
    closesocket(sock);
#else
    close(sock);
#endif
}

bool peerAddress(socket_t sock, std::string& ip, int& port) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    return getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
           numericAddress(address, length, ip, port);
}

bool localAddress(socket_t sock, std::string& ip, int& port) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    return getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
           numericAddress(address, length, ip, port);
}

long sendNow(socket_t sock, const char* bytes, std::size_t size) {
    const std::size_t chunk = std::min<std::size_t>(size, 1u << 30);
#ifdef _WIN32
    setNonBlocking(sock, true);
    const int n = send(sock, bytes, static_cast<int>(chunk), 0);
    const int error = n < 0 ? WSAGetLastError() : 0;
    setNonBlocking(sock, false);
    if (n >= 0) {
        return n;
    }
    return error == WSAEWOULDBLOCK || error == WSAEINTR ? 0 : -1;
#else
    const ssize_t n = send(sock, bytes, chunk, kSendFlags);
    if (n >= 0) {
        return static_cast<long>(n);
    }
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
#endif
}

NonBlockingScope::NonBlockingScope(socket_t sock) : sock_(sock) {
    setNonBlocking(sock_, true);
}

NonBlockingScope::~NonBlockingScope() {
    setNonBlocking(sock_, false);
}

long receiveNow(socket_t sock, char* out, std::size_t size) {
#ifdef _WIN32
    setNonBlocking(sock, true);
    const int n = recv(sock, out, static_cast<int>(size), 0);
    setNonBlocking(sock, false);
    return n;
#else
    const auto n = recv(sock, out, size, MSG_DONTWAIT);
    return static_cast<long>(n);
#endif
}

Result<BoundListener> bindListener(const std::string& host, std::uint16_t port) {
    const std::string where = (host.find(':') != std::string::npos ? "[" + host + "]" : host) +
                              ":" + std::to_string(port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
        rc != 0 || !found) {
        return Error{ErrorCode::invalid_data, rc, "bind " + where,
                     "'" + host + "' is not an IP address and does not resolve to one (" +
                         resolverError(rc) + ")"};
    }
    std::string failure;
    for (addrinfo* candidate = found; candidate; candidate = candidate->ai_next) {
        socket_t sock =
            socket(candidate->ai_family, candidate->ai_socktype, candidate->ai_protocol);
        if (sock == INVALID_SOCKET) {
            failure = "socket() for " + where + ": " + errorText(lastError());
            continue;
        }
        makeExclusive(sock);
        if (candidate->ai_family == AF_INET6) {
            setOption(sock, IPPROTO_IPV6, IPV6_V6ONLY, 0);
        }
        if (bind(sock, candidate->ai_addr, static_cast<socklen_t>(candidate->ai_addrlen)) != 0) {
            failure = bindFailure(where, lastError());
            closeSocket(sock);
            continue;
        }
        if (listen(sock, CPPHTTPLIB_LISTEN_BACKLOG) != 0) {
            failure = "listen " + where + ": " + errorText(lastError());
            closeSocket(sock);
            continue;
        }
        setNonBlocking(sock, true);
        freeaddrinfo(found);
        return BoundListener{sock, boundPort(sock)};
    }
    freeaddrinfo(found);
    return Error{ErrorCode::os_error, 0, failure};
}

socket_t acceptPending(socket_t listener, bool& out_of_descriptors) {
    socket_t sock = accept(listener, nullptr, nullptr);
    if (sock == INVALID_SOCKET) {
        const int error = lastError();
#ifdef _WIN32
        out_of_descriptors = error == WSAEMFILE || error == WSAENOBUFS;
#else
        out_of_descriptors =
            error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
#endif
        return INVALID_SOCKET;
    }
    // Windows gives an accepted socket the listener's non-blocking mode; httplib expects blocking.
    setNonBlocking(sock, false);
    setOption(sock, IPPROTO_TCP, TCP_NODELAY, 1);
    return sock;
}

WakeSocket::WakeSocket() {
    sock_ = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (sock_ == INVALID_SOCKET) {
        return;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(sock_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        connect(sock_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        closeSocket(sock_);
        sock_ = INVALID_SOCKET;
        return;
    }
    setNonBlocking(sock_, true);
}

WakeSocket::~WakeSocket() {
    if (sock_ != INVALID_SOCKET) {
        closeSocket(sock_);
    }
}

void WakeSocket::wake() {
    const char byte = 1;
    send(sock_, &byte, 1, 0);
}

void WakeSocket::drain() {
    char bytes[64];
    while (recv(sock_, bytes, sizeof bytes, 0) > 0) {
    }
}

}  // namespace sysmetrics::net
