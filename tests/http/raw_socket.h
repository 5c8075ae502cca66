#pragma once

// A plain TCP client for tests that must send what no HTTP library would: malformed requests,
// huge headers, a request that stalls half-way.
#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#endif

#include <cstdint>
#include <string>

namespace sysmetrics::test {

class RawSocket {
public:
#ifdef _WIN32
    using Handle = SOCKET;
    static constexpr Handle kInvalid = INVALID_SOCKET;
    static void closeHandle(Handle h) {
        closesocket(h);
    }
#else
    using Handle = int;
    static constexpr Handle kInvalid = -1;
    static void closeHandle(Handle h) {
        ::close(h);
    }
#endif

    // Connects to 127.0.0.1:port; `receive_timeout_ms` bounds every read. A `receive_buffer`
    // (bytes, set before connecting, so the window offered stays that small) makes a reader the
    // server cannot get far ahead of.
    RawSocket(std::uint16_t port, int receive_timeout_ms = 5000, int receive_buffer = 0) {
#ifdef _WIN32
        WSADATA data;
        WSAStartup(MAKEWORD(2, 2), &data);
#endif
        handle_ = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (handle_ == kInvalid) {
            return;
        }
#ifdef _WIN32
        DWORD timeout = static_cast<DWORD>(receive_timeout_ms);
        setsockopt(handle_, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&timeout),
                   sizeof timeout);
#else
        timeval timeout{receive_timeout_ms / 1000, (receive_timeout_ms % 1000) * 1000};
        setsockopt(handle_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
#endif
        if (receive_buffer > 0) {
            setsockopt(handle_, SOL_SOCKET, SO_RCVBUF,
                       reinterpret_cast<const char*>(&receive_buffer), sizeof receive_buffer);
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(handle_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~RawSocket() {
        close();
    }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;

    bool connected() const {
        return connected_;
    }

    bool send(const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const auto n =
                ::send(handle_, data.data() + sent, static_cast<int>(data.size() - sent), 0);
            if (n <= 0) {
                return false;
            }
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }

    // Everything until the peer closes or the timeout passes.
    std::string receiveAll() {
        std::string text;
        char buffer[4096];
        for (;;) {
            const auto n = ::recv(handle_, buffer, sizeof buffer, 0);
            if (n <= 0) {
                break;
            }
            text.append(buffer, static_cast<std::size_t>(n));
        }
        return text;
    }

    // One read: what has arrived so far ("" when the peer closed or nothing came in time).
    std::string receiveSome() {
        char buffer[4096];
        const auto n = ::recv(handle_, buffer, sizeof buffer, 0);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }

    void close() {
        if (handle_ != kInvalid) {
            closeHandle(handle_);
            handle_ = kInvalid;
        }
    }

private:
    Handle handle_ = kInvalid;
    bool connected_ = false;
};

}  // namespace sysmetrics::test
