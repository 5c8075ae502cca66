#include "http/server/connection_stream.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "http/server/socket_ops.h"

namespace sysmetrics {

namespace {

constexpr auto kWaitSlice = std::chrono::milliseconds(100);

}  // namespace

bool waitReady(socket_t sock, bool for_write, std::chrono::seconds timeout,
               const std::atomic<bool>& cancelled) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const auto slice_us = static_cast<time_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(kWaitSlice).count());
    while (!cancelled.load()) {
        const ssize_t ready = for_write ? httplib::detail::select_write(sock, 0, slice_us)
                                        : httplib::detail::select_read(sock, 0, slice_us);
        if (ready != 0) {
            return ready > 0;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
    }
    return false;
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
        if (!waitReady(sock_, true, write_timeout_, cancelled_)) {
            return -1;
        }
        const long sent = net::sendNow(sock_, ptr, size);
        if (sent != 0) {
            return sent;
        }
    }
}

void PendingBytesStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    httplib::detail::get_remote_ip_and_port(sock_, ip, port);
}

void PendingBytesStream::get_local_ip_and_port(std::string& ip, int& port) const {
    httplib::detail::get_local_ip_and_port(sock_, ip, port);
}

CappedTlsStream::CappedTlsStream(socket_t sock, SSL* ssl, std::chrono::seconds read_timeout,
                                 std::chrono::seconds write_timeout, std::size_t max_bytes,
                                 const std::atomic<bool>& cancelled)
    : inner_(sock, ssl, static_cast<time_t>(read_timeout.count()), 0,
             static_cast<time_t>(write_timeout.count()), 0),
      sock_(sock),
      ssl_(ssl),
      read_timeout_(read_timeout),
      write_timeout_(write_timeout),
      left_(max_bytes),
      cancelled_(cancelled) {}

ssize_t CappedTlsStream::write(const char* ptr, size_t size) {
    // As the plain stream: never a blocking send. OpenSSL retries a write that wanted the socket
    // with the same buffer and length, and returns only once the whole record is sent.
    const int length = static_cast<int>(std::min<size_t>(size, INT_MAX));
    net::NonBlockingScope nonblocking(sock_);
    bool for_write = true;
    for (;;) {
        if (!waitReady(sock_, for_write, write_timeout_, cancelled_)) {
            return -1;
        }
        const int n = SSL_write(ssl_, ptr, length);
        if (n > 0) {
            return n;
        }
        const int error = SSL_get_error(ssl_, n);
        if (error != SSL_ERROR_WANT_WRITE && error != SSL_ERROR_WANT_READ) {
            return -1;
        }
        for_write = error == SSL_ERROR_WANT_WRITE;
    }
}

ssize_t CappedTlsStream::read(char* ptr, size_t size) {
    if (left_ == 0) {
        return -1;
    }
    // Decrypted bytes already buffered need no wait; otherwise wait here, where stop can end it.
    if (SSL_pending(ssl_) == 0 && !waitReady(sock_, false, read_timeout_, cancelled_)) {
        return -1;
    }
    const ssize_t n = inner_.read(ptr, std::min(size, left_));
    if (n > 0) {
        left_ -= static_cast<std::size_t>(n);
    }
    return n;
}

}  // namespace sysmetrics
