#pragma once

// The few socket calls the front needs that cpp-httplib does not offer publicly, one
// implementation per OS. Internal to http/server (brings in httplib.h for socket_t).
#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sysmetrics::net {

struct PollItem {
    socket_t sock = INVALID_SOCKET;
    bool readable = false;  // data, end of stream or an error: a read will not block
};

// Waits up to `timeout_ms` for any item to become readable; false when polling failed.
bool pollReadable(std::vector<PollItem>& items, int timeout_ms);

// Sends what fits in the socket buffer without waiting (a short error answer), then closes our
// sending side. Never blocks.
void sendWithoutWaiting(socket_t sock, std::string_view bytes);

// Waits up to `timeout_ms` for `sock` to be readable (or writable): 1 when it is, or when it
// failed or the peer hung up (the next read or write says which); 0 when not yet; -1 when
// polling failed.
int pollOne(socket_t sock, bool for_write, int timeout_ms);

void shutdownBoth(socket_t sock);
void closeSocket(socket_t sock);

// The numeric address and port of the peer (or of our end); false when the OS gives none.
bool peerAddress(socket_t sock, std::string& ip, int& port);
bool localAddress(socket_t sock, std::string& ip, int& port);

// Sends what fits in the socket buffer now: the bytes sent, 0 when none fit, -1 on an error (the
// peer gone). Never blocks: a blocking send of a large answer to a client that stopped reading
// waits for the client, and neither a stop nor the watchdog's shutdown reliably ends that wait
// on Windows (only closesocket is documented to).
long sendNow(socket_t sock, const char* bytes, std::size_t size);

// The socket non-blocking while it lives (for OpenSSL's writes, which then say "want write"
// rather than wait), blocking again after.
class NonBlockingScope {
public:
    explicit NonBlockingScope(socket_t sock);
    ~NonBlockingScope();
    NonBlockingScope(const NonBlockingScope&) = delete;
    NonBlockingScope& operator=(const NonBlockingScope&) = delete;

private:
    socket_t sock_;
};

// Receives into `out` without waiting: bytes received, 0 at end of stream, -1 on error or when
// nothing is there.
long receiveNow(socket_t sock, char* out, std::size_t size);

// A listening TCP socket on `host:port`, exclusive (no other socket may share or take the
// port), non-blocking. The error says which of: unresolvable host, not an address of this host,
// port in use, no permission, invalid address.
struct BoundListener {
    socket_t sock = INVALID_SOCKET;
    std::uint16_t port = 0;
};
Result<BoundListener> bindListener(const std::string& host, std::uint16_t port);

// Accepts one pending connection (blocking, TCP_NODELAY); INVALID_SOCKET when none is pending
// or accepting failed; `out_of_descriptors` tells the latter when the process or system has no
// descriptor (or buffer) left, so the caller can free one rather than poll a listener that stays
// readable.
socket_t acceptPending(socket_t listener, bool& out_of_descriptors);

// A datagram socket connected to itself on 127.0.0.1: a thread blocked in pollReadable on it is
// woken by wake() from any other thread. Works the same with WSAPoll and poll.
class WakeSocket {
public:
    WakeSocket();
    ~WakeSocket();
    WakeSocket(const WakeSocket&) = delete;
    WakeSocket& operator=(const WakeSocket&) = delete;
    bool ok() const { return sock_ != INVALID_SOCKET; }
    socket_t sock() const { return sock_; }
    void wake();
    void drain();

private:
    socket_t sock_ = INVALID_SOCKET;
};

}  // namespace sysmetrics::net
