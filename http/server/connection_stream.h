#pragma once

// The httplib::Stream a worker hands to cpp-httplib for one request. Internal to http/server.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

namespace sysmetrics {

// Waits until `sock` can be read (or written), at most `timeout`, in short slices so that a
// set `cancelled` (the server stopping, or the watchdog) ends the wait within one slice.
bool waitReady(socket_t sock, bool for_write, std::chrono::seconds timeout,
               const std::atomic<bool>& cancelled);

// Runs `call` (SSL_accept, SSL_read or SSL_write on `ssl`, whose socket the caller made
// non-blocking) until OpenSSL gives a result, waiting between tries, at most `timeout` each, for
// what it wants. The call's result when positive; 0 when the peer closed the TLS session; -1
// when OpenSSL failed, a wait timed out or `cancelled` was set.
int untilTlsDone(socket_t sock, SSL* ssl, std::chrono::seconds timeout,
                 const std::atomic<bool>& cancelled, const std::function<int()>& call);

// A plain connection: first the bytes the admission stage already received (the whole request
// head, maybe more), then the socket, each wait bounded by the timeouts. Bytes httplib did not
// consume stay in `pending` for the next request on the connection.
class PendingBytesStream : public httplib::Stream {
public:
    PendingBytesStream(socket_t sock, std::string& pending, std::chrono::seconds read_timeout,
                       std::chrono::seconds write_timeout, const std::atomic<bool>& cancelled);
    ~PendingBytesStream() override;

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    socket_t socket() const override { return sock_; }

private:
    socket_t sock_;
    std::string& pending_;
    std::size_t consumed_ = 0;
    std::chrono::seconds read_timeout_;
    std::chrono::seconds write_timeout_;
    const std::atomic<bool>& cancelled_;
};

// A TLS connection, whose head the front cannot see, reading at most `max_bytes` per request, so
// a head of endless header lines ends the connection instead of growing in memory. As the plain
// stream, no read or write blocks past a slice: OpenSSL runs on the socket made non-blocking.
class CappedTlsStream : public httplib::Stream {
public:
    CappedTlsStream(socket_t sock, SSL* ssl, std::chrono::seconds read_timeout,
                    std::chrono::seconds write_timeout, std::size_t max_bytes,
                    const std::atomic<bool>& cancelled);

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    socket_t socket() const override { return sock_; }

private:
    socket_t sock_;
    SSL* ssl_;
    std::chrono::seconds read_timeout_;
    std::chrono::seconds write_timeout_;
    std::size_t left_;
    const std::atomic<bool>& cancelled_;
};

}  // namespace sysmetrics
