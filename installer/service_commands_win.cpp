// install, uninstall, start, stop, status: the service's own management subcommands.
#include <windows.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "base/paths.h"
#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "installer/service_commands.h"
#include "installer/service_definition.h"

namespace sysmetrics {

namespace {

using win::UniqueServiceHandle;

constexpr wchar_t kServiceName[] = L"sysmetrics";
constexpr auto kWaitTimeout = std::chrono::seconds(30);

int report(int code, const std::string& message) {
    std::fprintf(code == 0 ? stdout : stderr, "%s%s\n",
                 code == 0 ? "" : "sysmetrics: ", message.c_str());
    return code;
}

// One line for the admin, never a bare error number.
int reportWinError(const std::string& action, DWORD error) {
    if (error == ERROR_ACCESS_DENIED) {
        return report(1, action +
                             ": access denied. Run this from an elevated prompt (Run as "
                             "administrator).");
    }
    if (error == ERROR_SERVICE_DOES_NOT_EXIST) {
        return report(1, action + ": the sysmetrics service is not installed.");
    }
    return report(1, win::winError(error, action).describe());
}

std::string exePath() {
    std::wstring path(MAX_PATH, L'\0');
    for (;;) {
        const DWORD n = ::GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
        if (n < path.size()) {
            path.resize(n);
            return win::toUtf8(path.c_str(), static_cast<int>(path.size()));
        }
        path.resize(path.size() * 2);
    }
}

std::string stateName(DWORD state) {
    switch (state) {
        case SERVICE_STOPPED:
            return "STOPPED";
        case SERVICE_START_PENDING:
            return "START_PENDING";
        case SERVICE_STOP_PENDING:
            return "STOP_PENDING";
        case SERVICE_RUNNING:
            return "RUNNING";
        case SERVICE_CONTINUE_PENDING:
            return "CONTINUE_PENDING";
        case SERVICE_PAUSE_PENDING:
            return "PAUSE_PENDING";
        case SERVICE_PAUSED:
            return "PAUSED";
        default:
            return "UNKNOWN";
    }
}

Result<SERVICE_STATUS_PROCESS> queryStatus(SC_HANDLE service) {
    SERVICE_STATUS_PROCESS status{};
    DWORD needed = 0;
    if (!::QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE*>(&status),
                                sizeof status, &needed)) {
        return win::lastError("QueryServiceStatusEx");
    }
    return status;
}

// Polls until the service reaches `wanted` or the timeout passes; returns the last state seen.
DWORD waitForState(SC_HANDLE service, DWORD wanted) {
    const auto deadline = std::chrono::steady_clock::now() + kWaitTimeout;
    DWORD state = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        auto status = queryStatus(service);
        if (!status.ok()) {
            return 0;
        }
        state = status->dwCurrentState;
        if (state == wanted) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return state;
}

Result<std::string> queryBinaryPath(SC_HANDLE service) {
    DWORD needed = 0;
    ::QueryServiceConfigW(service, nullptr, 0, &needed);
    if (needed == 0) {
        return win::lastError("QueryServiceConfigW");
    }
    std::string buffer(needed, '\0');
    auto* config = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data());
    if (!::QueryServiceConfigW(service, config, needed, &needed)) {
        return win::lastError("QueryServiceConfigW");
    }
    return win::toUtf8(config->lpBinaryPathName);
}

UniqueServiceHandle openManager(DWORD access) {
    return UniqueServiceHandle(::OpenSCManagerW(nullptr, nullptr, access));
}

// `defaults_json` is every collector at its catalog defaults (configJson of defaultConfig).
void writeDefaultConfigIfMissing(const std::string& path, const std::string& defaults_json) {
    std::error_code ec;
    const auto fs_path = std::filesystem::u8path(path);
    if (std::filesystem::exists(fs_path, ec)) {
        return;
    }
    std::filesystem::create_directories(fs_path.parent_path(), ec);
    std::ofstream out(fs_path, std::ios::binary);
    out << defaults_json;
    if (out) {
        report(0, "wrote the default configuration to " + path);
    }
}

void registerEventSource(const std::string& exe) {
    HKEY raw = nullptr;
    const std::wstring key = L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\" +
                             std::wstring(kServiceName);
    if (::RegCreateKeyExW(HKEY_LOCAL_MACHINE, key.c_str(), 0, nullptr, 0, KEY_SET_VALUE, nullptr,
                          &raw, nullptr) != ERROR_SUCCESS) {
        return;
    }
    win::UniqueRegistryKey handle(raw);
    const std::wstring file = win::toWide(exe);
    ::RegSetValueExW(handle.get(), L"EventMessageFile", 0, REG_EXPAND_SZ,
                     reinterpret_cast<const BYTE*>(file.c_str()),
                     static_cast<DWORD>((file.size() + 1) * sizeof(wchar_t)));
    const DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
    ::RegSetValueExW(handle.get(), L"TypesSupported", 0, REG_DWORD,
                     reinterpret_cast<const BYTE*>(&types), sizeof types);
}

void unregisterEventSource() {
    const std::wstring key = L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\" +
                             std::wstring(kServiceName);
    ::RegDeleteKeyW(HKEY_LOCAL_MACHINE, key.c_str());
}

void applyServiceSettings(SC_HANDLE service, const ServiceDefinition& definition) {
    std::wstring description = win::toWide(kServiceDescription);
    SERVICE_DESCRIPTIONW text{description.data()};
    ::ChangeServiceConfig2W(service, SERVICE_CONFIG_DESCRIPTION, &text);
    if (definition.start_type == StartType::delayed) {
        SERVICE_DELAYED_AUTO_START_INFO delayed{TRUE};
        ::ChangeServiceConfig2W(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed);
    }
    SC_ACTION actions[kRestartDelaysMs.size()];
    for (std::size_t i = 0; i < kRestartDelaysMs.size(); i++) {
        actions[i] = SC_ACTION{SC_ACTION_RESTART, kRestartDelaysMs[i]};
    }
    SERVICE_FAILURE_ACTIONSW failure{};
    failure.dwResetPeriod = kFailureResetSeconds;
    failure.cActions = static_cast<DWORD>(kRestartDelaysMs.size());
    failure.lpsaActions = actions;
    ::ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS, &failure);
    // Without this flag a crash counts as failure but a non-zero exit after STOPPED does not.
    SERVICE_FAILURE_ACTIONS_FLAG flag{TRUE};
    ::ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag);
}

// The configuration was already loaded and validated by main, so a bad file is never installed.
int install(CommandLine line, const std::string& defaults_json) {
    if (line.config_path) {
        // The service starts in System32: a relative path would point there.
        std::error_code ec;
        line.config_path =
            std::filesystem::absolute(std::filesystem::u8path(*line.config_path), ec).u8string();
    }
    auto definition = makeServiceDefinition(line, exePath(), defaultConfigPath());
    if (!definition.ok()) {
        return report(2, definition.error().message);
    }
    const ServiceDefinition& def = definition.value();
    if (!line.config_path) {
        writeDefaultConfigIfMissing(def.config_path, defaults_json);
    }
    UniqueServiceHandle manager = openManager(SC_MANAGER_CREATE_SERVICE | SC_MANAGER_CONNECT);
    if (!manager) {
        return reportWinError("OpenSCManagerW", ::GetLastError());
    }
    const std::wstring command = win::toWide(def.command_line);
    const std::wstring display = win::toWide(kServiceDisplayName);
    const std::wstring account = win::toWide(def.account_name);
    UniqueServiceHandle service(::CreateServiceW(
        manager.get(), kServiceName, display.c_str(), SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
        def.start_type == StartType::manual ? SERVICE_DEMAND_START : SERVICE_AUTO_START,
        SERVICE_ERROR_NORMAL, command.c_str(), nullptr, nullptr, nullptr,
        def.account_name == "LocalSystem" ? nullptr : account.c_str(), nullptr));
    if (!service) {
        const DWORD error = ::GetLastError();
        if (error != ERROR_SERVICE_EXISTS) {
            return reportWinError("CreateServiceW", error);
        }
        UniqueServiceHandle existing(
            ::OpenServiceW(manager.get(), kServiceName, SERVICE_QUERY_CONFIG));
        auto installed = existing ? queryBinaryPath(existing.get())
                                  : Result<std::string>(win::lastError("OpenServiceW"));
        if (installed.ok() && installed.value() == def.command_line) {
            return report(0, "sysmetrics is already installed with the same command line.");
        }
        return report(
            1, "sysmetrics is already installed with a different command line:\n  installed: " +
                   (installed.ok() ? installed.value() : installed.error().describe()) +
                   "\n  requested: " + def.command_line +
                   "\nRun 'sysmetrics uninstall' first to change it.");
    }
    applyServiceSettings(service.get(), def);
    registerEventSource(def.exe_path);
    return report(0, "installed service 'sysmetrics': " + def.command_line);
}

int control(const CommandLine& line) {
    const bool removing = line.command == "uninstall";
    UniqueServiceHandle manager = openManager(SC_MANAGER_CONNECT);
    if (!manager) {
        return reportWinError("OpenSCManagerW", ::GetLastError());
    }
    DWORD access = SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG;
    if (line.command == "start") {
        access |= SERVICE_START;
    } else if (line.command == "reload") {
        access |= SERVICE_PAUSE_CONTINUE;  // the right PARAMCHANGE needs
    } else if (line.command == "stop" || removing) {
        access |= SERVICE_STOP | (removing ? DELETE : 0);
    }
    UniqueServiceHandle service(::OpenServiceW(manager.get(), kServiceName, access));
    if (!service) {
        return reportWinError("OpenServiceW", ::GetLastError());
    }
    if (line.command == "status") {
        auto status = queryStatus(service.get());
        if (!status.ok()) {
            return report(1, status.error().describe());
        }
        auto command = queryBinaryPath(service.get());
        std::printf(
            "state: %s\npid: %lu\ncommand line: %s\nlast exit code: %lu\n",
            stateName(status->dwCurrentState).c_str(),
            static_cast<unsigned long>(status->dwProcessId),
            command.ok() ? command.value().c_str() : "(unknown)",
            static_cast<unsigned long>(status->dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR
                                           ? status->dwServiceSpecificExitCode
                                           : status->dwWin32ExitCode));
        return 0;
    }
    if (line.command == "reload") {
        SERVICE_STATUS status{};
        if (!::ControlService(service.get(), SERVICE_CONTROL_PARAMCHANGE, &status)) {
            return reportWinError("ControlService(PARAMCHANGE)", ::GetLastError());
        }
        return report(
            0, "asked sysmetrics to reload its configuration; see the event log for the result");
    }
    if (line.command == "start") {
        if (!::StartServiceW(service.get(), 0, nullptr) &&
            ::GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
            return reportWinError("StartServiceW", ::GetLastError());
        }
        const DWORD state = waitForState(service.get(), SERVICE_RUNNING);
        if (state != SERVICE_RUNNING) {
            return report(1, "the service did not reach RUNNING within 30 s (state " +
                                 stateName(state) + "); see the Event Log or the log file");
        }
        return report(0, "sysmetrics is running");
    }
    // stop and uninstall both stop first.
    SERVICE_STATUS ignored{};
    if (!::ControlService(service.get(), SERVICE_CONTROL_STOP, &ignored)) {
        const DWORD error = ::GetLastError();
        if (error != ERROR_SERVICE_NOT_ACTIVE) {
            return reportWinError("ControlService(STOP)", error);
        }
    }
    const DWORD state = waitForState(service.get(), SERVICE_STOPPED);
    if (state != SERVICE_STOPPED) {
        return report(1, "the service did not stop within 30 s (state " + stateName(state) + ")");
    }
    if (!removing) {
        return report(0, "sysmetrics is stopped");
    }
    if (!::DeleteService(service.get())) {
        return reportWinError("DeleteService", ::GetLastError());
    }
    unregisterEventSource();
    return report(0, "removed service 'sysmetrics'");
}

}  // namespace

int runServiceCommand(const CommandLine& line, const Config& config) {
    if (line.command == "install") {
        return install(line, config.schemas ? configJson(defaultConfig(*config.schemas)) : "{}\n");
    }
    return control(line);
}

}  // namespace sysmetrics
