// libFuzzer: the router with arbitrary paths and query parameters, the metrics renderer with
// arbitrary label values, the command-line redactor, and the untrusted headers: Authorization
// (through the access check), Accept-Encoding, plus stored secret hashes and gzip.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "collectors/process.h"
#include "collectors/redact.h"
#include "config/secret_hash.h"
#include "http/prometheus/family_list.h"
#include "http/router.h"
#include "http/server/access_control.h"
#include "http/server/gzip.h"
#include "http/server/secret_check.h"
#include "service/collector_catalog.h"

namespace {

using namespace sysmetrics;

std::shared_ptr<SnapshotStore> makeStore() {
    auto store = std::make_shared<SnapshotStore>();
    auto section = std::make_shared<ProcessSection>();
    for (std::uint32_t pid = 1; pid < 20; pid++) {
        ProcessInfo p;
        p.pid = pid;
        p.ppid = pid / 2;
        p.name = "proc" + std::to_string(pid);
        p.cpu_percent = pid;
        p.details = std::make_shared<ProcessDetails>();
        section->processes.push_back(p);
    }
    CollectorStatus status;
    status.name = "processes";
    status.state = CollectorState::ok;
    store->publish(status, section);
    return store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static auto store = makeStore();
    static Router router(store, MetricNaming::windows, RuntimeInfo{}, catalogHttp());
    static const CommandLineRedactor redactor;
    static Router guarded = [] {
        AuthConfig auth;
        auth.token_hashes = {formatSecretHash(hashSecret("fuzz-token", 1).value())};
        auth.user_hashes["fuzz"] = formatSecretHash(hashSecret("fuzz-password", 1).value());
        auth.require_metrics = auth.require_api = auth.require_healthz = true;
        return Router(store, MetricNaming::linux, RuntimeInfo{}, catalogHttp(),
                      RouterAccess{std::make_shared<AccessControl>(auth), true, true, {}});
    }();
    const std::string text(reinterpret_cast<const char*>(data), size);
    // Bytes up to the first newline are the path; then key=value lines are parameters.
    HttpRequest request;
    const auto newline = text.find('\n');
    request.path = text.substr(0, newline);
    std::size_t at = newline == std::string::npos ? text.size() : newline + 1;
    while (at < text.size()) {
        const auto end = text.find('\n', at);
        const std::string pair =
            text.substr(at, end == std::string::npos ? std::string::npos : end - at);
        const auto equals = pair.find('=');
        request.params.emplace(pair.substr(0, equals),
                               equals == std::string::npos ? "" : pair.substr(equals + 1));
        at = end == std::string::npos ? text.size() : end + 1;
    }
    router.handle(request);
    request.path = "/api/v1/processes";
    router.handle(request);
    request.path = "/metrics";
    router.handle(request);
    request.headers["authorization"] = text;
    request.headers["accept-encoding"] = text;
    guarded.handle(request);
    request.path = "/api/v1/processes";
    guarded.handle(request);
    decodeBase64(text);
    parseSecretHash(text);
    acceptsGzip(text);
    if (auto part = deflatePart(text)) {
        gzipJoin(*part, text);
    }
    FamilyList families;
    families.gauge("x", "help", 1, {{"label", text}});
    validUtf8(text);
    redactor.redact(text);
    return 0;
}
