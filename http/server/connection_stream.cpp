#include "http/server/connection_stream.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "http/server/socket_ops.h"

namespace sysmetrics {

namespace {

constexpr auto kWaitSlice = std::chrono::milliseconds(100);

}  // namespace

bool waitReady(socket_t sock, bool for_write, std::chrono::seconds timeout,
               const std::atomic<bool>& cancelled) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const int slice_ms = static_cast<int>(kWaitSlice.count());
    while (!cancelled.load()) {
        const int ready = net::pollOne(sock, for_write, slice_ms);
        if (ready != 0) {
            return ready > 0;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
    }
    return false;
}

int untilTlsDone(socket_t sock, SSL* ssl, std::chrono::seconds timeout,
                 const std::atomic<bool>& cancelled, const std::function<int()>& call) {
    for (;;) {
        ERR_clear_error();  // SSL_get_error reads this thread's queue: only this call's errors
        const int n = call();
        if (n > 0) {
            return n;
        }
        const int error = SSL_get_error(ssl, n);
        if (error == SSL_ERROR_ZERO_RETURN) {
            return 0;
        }
        if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
            return -1;
        }
        if (!waitReady(sock, error == SSL_ERROR_WANT_WRITE, timeout, cancelled)) {
            return -1;
        }
    }
}

PendingBytesStream::PendingBytesStream(socket_t sock, std::string& pending,
                                       std::chrono::seconds read_timeout,
                                       std::chrono::seconds write_timeout,
                                       const std::atomic<bool>& cancelled)
    : sock_(sock),
      pending_(pending),
      read_timeout_(read_timeout),
      write_timeout_(write_timeout),
      cancelled_(cancelled) {}

PendingBytesStream::~PendingBytesStream() {
    pending_.erase(0, consumed_);
}

bool PendingBytesStream::is_readable() const {
    return consumed_ < pending_.size() || waitReady(sock_, false, read_timeout_, cancelled_);
}

bool PendingBytesStream::is_writable() const {
    return waitReady(sock_, true, write_timeout_, cancelled_);
}

ssize_t PendingBytesStream::read(char* ptr, size_t size) {
    if (consumed_ < pending_.size()) {
        const std::size_t n = std::min(size, pending_.size() - consumed_);
        std::memcpy(ptr, pending_.data() + consumed_, n);
        consumed_ += n;
        return static_cast<ssize_t>(n);
    }
    if (!waitReady(sock_, false, read_timeout_, cancelled_)) {
        return -1;
    }
    return httplib::detail::read_socket(sock_, ptr, size, CPPHTTPLIB_RECV_FLAGS);
}

ssize_t PendingBytesStream::write(const char* ptr, size_t size) {
    // Waits in slices for room, then sends only what fits, so a stop or the watchdog (both set
    // `cancelled`) ends the write within a slice, however long the client leaves it unread.
    for (;;) {
        if (!is_writable()) {
            return -1;
        }
        const long sent = net::sendNow(sock_, ptr, size);
        if (sent != 0) {
            return sent;
        }
    }
}

void PendingBytesStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    net::peerAddress(sock_, ip, port);
}

void PendingBytesStream::get_local_ip_and_port(std::string& ip, int& port) const {
    net::localAddress(sock_, ip, port);
}

CappedTlsStream::CappedTlsStream(socket_t sock, SSL* ssl, std::chrono::seconds read_timeout,
                                 std::chrono::seconds write_timeout, std::size_t max_bytes,
                                 const std::atomic<bool>& cancelled)
    : sock_(sock),
      ssl_(ssl),
      read_timeout_(read_timeout),
      write_timeout_(write_timeout),
      left_(max_bytes),
      cancelled_(cancelled) {}

bool CappedTlsStream::is_readable() const {
    return SSL_pending(ssl_) > 0 || waitReady(sock_, false, read_timeout_, cancelled_);
}

bool CappedTlsStream::is_writable() const {
    return waitReady(sock_, true, write_timeout_, cancelled_);
}

ssize_t CappedTlsStream::write(const char* ptr, size_t size) {
    // OpenSSL retries a write that wanted the socket with the same buffer and length, and
    // returns only once the whole of it is sent.
    const int length = static_cast<int>(std::min<size_t>(size, INT_MAX));
    net::NonBlockingScope nonblocking(sock_);
    return untilTlsDone(sock_, ssl_, write_timeout_, cancelled_,
                        [&] { return SSL_write(ssl_, ptr, length); });
}

ssize_t CappedTlsStream::read(char* ptr, size_t size) {
    if (left_ == 0) {
        return -1;
    }
    const int length = static_cast<int>(std::min<size_t>(std::min(size, left_), INT_MAX));
    net::NonBlockingScope nonblocking(sock_);
    const int n = untilTlsDone(sock_, ssl_, read_timeout_, cancelled_,
                               [&] { return SSL_read(ssl_, ptr, length); });
    if (n > 0) {
        left_ -= static_cast<std::size_t>(n);
    }
    return n;
}

void CappedTlsStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    net::peerAddress(sock_, ip, port);
}

void CappedTlsStream::get_local_ip_and_port(std::string& ip, int& port) const {
    net::localAddress(sock_, ip, port);
}

}  // namespace sysmetrics
