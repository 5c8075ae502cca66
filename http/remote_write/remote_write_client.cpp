#include "http/remote_write/remote_write_client.h"

#include <httplib.h>
#include <openssl/x509.h>

#include <algorithm>
#include <mutex>

#include "base/file_read.h"
#include "base/text_parse.h"
#include "http/server/base64.h"

namespace sysmetrics {

namespace {

// httplib names a failure by its enum alone ("SSLServerVerification"); for TLS the status also
// says why, so that an admin can tell an untrusted CA from a certificate for another host.
std::string describeFailure(httplib::Error error, const httplib::Client& client) {
    const std::string name = httplib::to_string(error);
    switch (error) {
        case httplib::Error::SSLServerVerification: {
            const long result = client.get_openssl_verify_result();
            if (result != X509_V_OK) {
                return name + ": TLS: the receiver's certificate is not trusted (" +
                       X509_verify_cert_error_string(result) + "; see tls.ca_file)";
            }
            return name + ": TLS: the receiver's certificate is not for the URL's host";
        }
        case httplib::Error::SSLConnection:
            return name + ": TLS handshake failed";
        case httplib::Error::SSLLoadingCerts:
            return name + ": TLS: cannot load the CA certificates (tls.ca_file or the system's)";
        default:
            return name;
    }
}

}  // namespace

struct RemoteWriteClient::Impl {
    RemoteWriteConfig config;
    RemoteWriteUrl url;
    std::string user_agent;
    std::mutex mutex;  // guards `client` against cancel() while it is replaced
    std::unique_ptr<httplib::Client> client;
    std::string setup_error;    // a secret file that could not be read
    std::string authorization;  // the Authorization header's value, "" = none

    // Each file is read as the config's own are (base/file_read.h), before cpp-httplib or
    // OpenSSL is given its path: one that became a FIFO would hold this thread forever, a device
    // would be read until memory ran out. Again at every connect: a rotated token is picked up.
    void connect() {
        setup_error.clear();
        authorization.clear();
        const std::pair<const char*, const std::string*> tls_files[] = {
            {"tls.ca_file", &config.tls_ca_file},
            {"tls.cert_file", &config.tls_cert_file},
            {"tls.key_file", &config.tls_key_file}};
        for (const auto& [key, path] : tls_files) {
            if (path->empty()) {
                continue;
            }
            if (auto read = readConfiguredFile(*path, "a certificate or key file"); !read.ok()) {
                setup_error = std::string("cannot read ") + key + ": " + read.error().describe();
                return;
            }
        }
        if (config.tls_cert_file.empty()) {
            client = std::make_unique<httplib::Client>(url.origin());
        } else {
            client = std::make_unique<httplib::Client>(url.origin(), config.tls_cert_file,
                                                       config.tls_key_file);
        }
        const auto timeout = config.timeout;
        const auto connect_timeout = std::min(timeout, std::chrono::milliseconds(5000));
        client->set_connection_timeout(connect_timeout);
        client->set_read_timeout(timeout);
        client->set_write_timeout(timeout);
        client->set_keep_alive(true);
        if (url.scheme == "https") {
            if (!config.tls_ca_file.empty()) {
                client->set_ca_cert_path(config.tls_ca_file);
            }
            client->enable_server_certificate_verification(!config.tls_insecure_skip_verify);
        }
        if (!config.bearer_token_file.empty()) {
            auto token = readConfiguredFile(config.bearer_token_file, "a secret file");
            auto text = token.ok() ? bearerTokenFrom(token.value())
                                   : ConfigResult<std::string>(ConfigError{});
            if (!token.ok()) {
                setup_error = "cannot read bearer_token_file: " + token.error().describe();
            } else if (!text.ok()) {
                // "Bearer " with nothing after it would only be refused, and a newline would
                // split the header.
                setup_error =
                    "bearer_token_file '" + config.bearer_token_file + "' " + text.error().message;
            } else {
                authorization = "Bearer " + text.value();
            }
        }
        if (!config.basic_auth_password_file.empty()) {
            auto password = readConfiguredFile(config.basic_auth_password_file, "a secret file");
            if (password.ok()) {
                // Ours, not httplib 0.11's set_basic_auth: its encoder shifts a signed int past
                // its range, undefined behaviour that UBSan stops on.
                authorization = "Basic " + encodeBase64(config.basic_auth_username + ":" +
                                                        std::string(trim(password.value())));
            } else {
                setup_error =
                    "cannot read basic_auth.password_file: " + password.error().describe();
            }
        }
    }
};

RemoteWriteClient::RemoteWriteClient(const RemoteWriteConfig& config, const std::string& user_agent)
    : impl_(std::make_unique<Impl>()) {
    impl_->config = config;
    impl_->user_agent = user_agent;
    auto url = parseRemoteWriteUrl(config.url);  // validated with the config
    if (url.ok()) {
        impl_->url = url.value();
    }
    impl_->connect();
}

RemoteWriteClient::~RemoteWriteClient() = default;

PostOutcome RemoteWriteClient::post(const std::string& compressed_body) {
    PostOutcome outcome;
    if (!impl_->setup_error.empty()) {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        impl_->connect();  // the file may be back
        if (!impl_->setup_error.empty()) {
            outcome.error = impl_->setup_error;
            return outcome;
        }
    }
    httplib::Headers headers = {
        {"Content-Encoding", "snappy"},
        {"User-Agent", impl_->user_agent},
        {"X-Prometheus-Remote-Write-Version", "0.1.0"},
    };
    if (!impl_->authorization.empty()) {
        headers.emplace("Authorization", impl_->authorization);
    }
    auto result =
        impl_->client->Post(impl_->url.path, headers, compressed_body, "application/x-protobuf");
    if (!result) {
        outcome.error = describeFailure(result.error(), *impl_->client);
        return outcome;
    }
    outcome.status = result->status;
    if (outcome.status / 100 != 2) {
        outcome.error = "HTTP " + std::to_string(outcome.status) + ": " +
                        std::string(trim(result->body.substr(0, 256)));
    }
    if (auto seconds = parseUnsigned(result->get_header_value("Retry-After"))) {
        outcome.retry_after = std::chrono::seconds(std::min<std::uint64_t>(*seconds, 3600));
    }
    return outcome;
}

void RemoteWriteClient::cancel() {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (impl_->client) {
        impl_->client->stop();
    }
}

}  // namespace sysmetrics
