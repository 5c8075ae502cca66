#include "http/server/connection_stream.h"

#include <algorithm>
#include <cstring>

namespace sysmetrics {

PendingBytesStream::PendingBytesStream(socket_t sock, std::string& pending,
                                       std::chrono::seconds read_timeout,
                                       std::chrono::seconds write_timeout)
    : sock_(sock),
      pending_(pending),
      read_seconds_(static_cast<time_t>(read_timeout.count())),
      write_seconds_(static_cast<time_t>(write_timeout.count())) {}

PendingBytesStream::~PendingBytesStream() {
    pending_.erase(0, consumed_);
}

bool PendingBytesStream::is_readable() const {
    return consumed_ < pending_.size() || httplib::detail::select_read(sock_, read_seconds_, 0) > 0;
}

bool PendingBytesStream::is_writable() const {
    return httplib::detail::select_write(sock_, write_seconds_, 0) > 0;
}

ssize_t PendingBytesStream::read(char* ptr, size_t size) {
    if (consumed_ < pending_.size()) {
        const std::size_t n = std::min(size, pending_.size() - consumed_);
        std::memcpy(ptr, pending_.data() + consumed_, n);
        consumed_ += n;
        return static_cast<ssize_t>(n);
    }
    if (httplib::detail::select_read(sock_, read_seconds_, 0) <= 0) {
        return -1;
    }
    return httplib::detail::read_socket(sock_, ptr, size, CPPHTTPLIB_RECV_FLAGS);
}

ssize_t PendingBytesStream::write(const char* ptr, size_t size) {
    if (!is_writable()) {
        return -1;
    }
#ifdef MSG_NOSIGNAL
    constexpr int kFlags = MSG_NOSIGNAL;  // a client gone mid-answer is an error, not SIGPIPE
#else
    constexpr int kFlags = 0;
#endif
    return httplib::detail::send_socket(sock_, ptr, size, kFlags);
}

void PendingBytesStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    httplib::detail::get_remote_ip_and_port(sock_, ip, port);
}

void PendingBytesStream::get_local_ip_and_port(std::string& ip, int& port) const {
    httplib::detail::get_local_ip_and_port(sock_, ip, port);
}

CappedTlsStream::CappedTlsStream(socket_t sock, SSL* ssl, std::chrono::seconds read_timeout,
                                 std::chrono::seconds write_timeout, std::size_t max_bytes)
    : inner_(sock, ssl, static_cast<time_t>(read_timeout.count()), 0,
             static_cast<time_t>(write_timeout.count()), 0),
      left_(max_bytes) {}

ssize_t CappedTlsStream::read(char* ptr, size_t size) {
    if (left_ == 0) {
        return -1;
    }
    const ssize_t n = inner_.read(ptr, std::min(size, left_));
    if (n > 0) {
        left_ -= static_cast<std::size_t>(n);
    }
    return n;
}

}  // namespace sysmetrics
