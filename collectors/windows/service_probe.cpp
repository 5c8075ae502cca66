#include <windows.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "base/nt_time.h"
#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "collectors/service.h"

namespace sysmetrics {

namespace {

// Asked afresh at each read, never kept by pid: a restarted service's new process may reuse a pid.
double processStartTime(std::uint32_t pid) {
    win::UniqueKernelHandle process(::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!process || !::GetProcessTimes(process.get(), &created, &exited, &kernel, &user)) {
        return 0;  // exited meanwhile, or refused: no series rather than a wrong one
    }
    return unixFromFiletime(
        static_cast<std::int64_t>(filetimeTicks(created.dwHighDateTime, created.dwLowDateTime)));
}

constexpr auto kConfigRefresh = std::chrono::minutes(5);

struct ServiceConfig {
    std::optional<std::uint32_t> start_type;  // none when QueryServiceConfigW was refused
    bool delayed = false;
    std::string path;
    std::string account;
    std::string description;
};

class WindowsServiceSource : public ServiceSource {
public:
    Result<std::vector<ServiceInfo>> read() override {
        if (!manager_) {
            manager_.reset(::OpenSCManagerW(nullptr, nullptr,
                                            SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE));
            if (!manager_) {
                return win::lastError("OpenSCManagerW");
            }
        }
        auto listed = enumerate();
        if (!listed.ok()) {
            manager_.reset();  // reopen next cycle: the SCM may have restarted
            return listed.error();
        }
        const auto now = std::chrono::steady_clock::now();
        const bool refresh = now - last_refresh_ > kConfigRefresh;
        if (refresh) {
            last_refresh_ = now;
        }
        std::map<std::string, ServiceConfig> kept;
        for (auto& service : listed.value()) {
            auto cached = configs_.find(service.name);
            if (cached == configs_.end() || refresh) {
                configs_[service.name] = queryConfig(service.name);
                cached = configs_.find(service.name);
            }
            const ServiceConfig& config = cached->second;
            service.start_type = serviceStartTypeName(config.start_type);
            service.delayed_start = config.delayed;
            service.path = config.path;
            service.account = config.account;
            service.description = config.description;
            kept[service.name] = config;
        }
        configs_ = std::move(kept);               // services deleted since are forgotten
        std::map<std::uint32_t, double> started;  // once per process: services share svchosts
        for (auto& service : listed.value()) {
            if (service.pid != 0) {
                const auto [at, fresh] = started.emplace(service.pid, 0.0);
                if (fresh) {
                    at->second = processStartTime(service.pid);
                }
                service.process_start_time = at->second;
            }
        }
        return listed;
    }

private:
    Result<std::vector<ServiceInfo>> enumerate() {
        std::vector<ServiceInfo> out;
        DWORD resume = 0;
        std::vector<std::uint8_t> buffer(64 * 1024);
        for (;;) {
            DWORD needed = 0, count = 0;
            const BOOL ok = ::EnumServicesStatusExW(manager_.get(), SC_ENUM_PROCESS_INFO,
                                                    SERVICE_WIN32, SERVICE_STATE_ALL, buffer.data(),
                                                    static_cast<DWORD>(buffer.size()), &needed,
                                                    &count, &resume, nullptr);
            const DWORD error = ok ? ERROR_SUCCESS : ::GetLastError();
            if (!ok && error != ERROR_MORE_DATA) {
                return win::winError(error, "EnumServicesStatusExW");
            }
            const auto* entries =
                reinterpret_cast<const ENUM_SERVICE_STATUS_PROCESSW*>(buffer.data());
            for (DWORD i = 0; i < count; i++) {
                ServiceInfo s;
                s.name = win::toUtf8(entries[i].lpServiceName);
                s.display_name = win::toUtf8(entries[i].lpDisplayName);
                s.state = serviceStateName(entries[i].ServiceStatusProcess.dwCurrentState);
                s.pid = entries[i].ServiceStatusProcess.dwProcessId;
                out.push_back(std::move(s));
            }
            if (ok) {
                break;
            }
            // ERROR_MORE_DATA: this batch is in; grow if one entry did not fit, then resume.
            if (count == 0) {
                buffer.resize(std::max<std::size_t>(buffer.size() * 2, needed));
            }
        }
        std::sort(out.begin(), out.end(),
                  [](const ServiceInfo& a, const ServiceInfo& b) { return a.name < b.name; });
        return out;
    }

    ServiceConfig queryConfig(const std::string& name) {
        ServiceConfig config;
        const std::wstring wide = win::toWide(name);
        win::UniqueServiceHandle service(
            ::OpenServiceW(manager_.get(), wide.c_str(), SERVICE_QUERY_CONFIG));
        if (!service) {
            return config;
        }
        DWORD needed = 0;
        ::QueryServiceConfigW(service.get(), nullptr, 0, &needed);
        if (needed > 0) {
            std::vector<std::uint8_t> buffer(needed);
            auto* q = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data());
            if (::QueryServiceConfigW(service.get(), q, needed, &needed)) {
                config.start_type = q->dwStartType;
                config.path = q->lpBinaryPathName ? win::toUtf8(q->lpBinaryPathName) : "";
                config.account = q->lpServiceStartName ? win::toUtf8(q->lpServiceStartName) : "";
            }
        }
        needed = 0;
        ::QueryServiceConfig2W(service.get(), SERVICE_CONFIG_DESCRIPTION, nullptr, 0, &needed);
        if (needed > 0) {
            std::vector<std::uint8_t> buffer(needed);
            if (::QueryServiceConfig2W(service.get(), SERVICE_CONFIG_DESCRIPTION, buffer.data(),
                                       needed, &needed)) {
                const auto* d = reinterpret_cast<SERVICE_DESCRIPTIONW*>(buffer.data());
                config.description = d->lpDescription ? win::toUtf8(d->lpDescription) : "";
            }
        }
        SERVICE_DELAYED_AUTO_START_INFO delayed{};
        if (::QueryServiceConfig2W(service.get(), SERVICE_CONFIG_DELAYED_AUTO_START_INFO,
                                   reinterpret_cast<LPBYTE>(&delayed), sizeof delayed, &needed)) {
            config.delayed = delayed.fDelayedAutostart != FALSE;
        }
        return config;
    }

    win::UniqueServiceHandle manager_;
    std::map<std::string, ServiceConfig> configs_;
    std::chrono::steady_clock::time_point last_refresh_{};
};

}  // namespace

std::unique_ptr<ServiceSource> makeServiceSource() {
    return std::make_unique<WindowsServiceSource>();
}

}  // namespace sysmetrics
