// install, uninstall, start, stop, status: the service's own management subcommands.
#include <windows.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "base/paths.h"
#include "base/windows/file_security.h"
#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "installer/firewall_win.h"
#include "installer/service_commands.h"
#include "installer/service_definition.h"
#include "installer/service_removal_win.h"

namespace sysmetrics {

namespace {

using win::UniqueServiceHandle;

constexpr wchar_t kServiceName[] = L"sysmetrics";
constexpr auto kWaitTimeout = std::chrono::seconds(30);

int report(int code, const std::string& message) {
    std::FILE* out = code == 0 ? stdout : stderr;
    std::fprintf(out, "%s%s\n", code == 0 ? "" : "sysmetrics: ", message.c_str());
    std::fflush(out);  // a progress line must show while the command waits, even into a file
    return code;
}

// The system's own words for an error code ("The pipe is being closed."), so no message is a
// bare number.
std::string systemMessage(DWORD error) {
    wchar_t* text = nullptr;
    const DWORD n = ::FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
        nullptr, error, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
    std::string message = n > 0 && text ? win::toUtf8(text, static_cast<int>(n)) : std::string();
    ::LocalFree(text);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' ||
                                message.back() == ' ' || message.back() == '.')) {
        message.pop_back();
    }
    return message.empty() ? "no description from the system" : message;
}

// The failed call's Error with the system's own words as its detail.
Error failedWithSystemMessage(const std::string& call, DWORD error) {
    Error failed = win::winError(error, call);
    failed.detail = systemMessage(error);
    return failed;
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
    if (error == ERROR_SERVICE_MARKED_FOR_DELETE) {
        return report(1, action + ": the sysmetrics service is removed but not gone yet. " +
                             kMarkedForDeletionAdvice + ".");
    }
    return report(1, win::winError(error, action).describe() + ": " + systemMessage(error));
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

// Polls until the service reaches `wanted` or the timeout passes; returns the last status seen.
// Waiting for RUNNING ends early at STOPPED: a start that failed does not come back by itself.
SERVICE_STATUS_PROCESS waitForState(SC_HANDLE service, DWORD wanted) {
    const auto deadline = std::chrono::steady_clock::now() + kWaitTimeout;
    SERVICE_STATUS_PROCESS last{};
    while (std::chrono::steady_clock::now() < deadline) {
        auto status = queryStatus(service);
        if (!status.ok()) {
            return last;
        }
        last = status.value();
        if (last.dwCurrentState == wanted ||
            (wanted == SERVICE_RUNNING && last.dwCurrentState == SERVICE_STOPPED)) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return last;
}

DWORD exitCodeOf(const SERVICE_STATUS_PROCESS& status) {
    return status.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR ? status.dwServiceSpecificExitCode
                                                                  : status.dwWin32ExitCode;
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

// Sets description, delayed start and the restart-on-failure actions, then reads the failure
// actions back: an install that would not restart a crashed service must say so.
Status<> applyServiceSettings(SC_HANDLE service, const ServiceDefinition& definition) {
    std::wstring description = win::toWide(kServiceDescription);
    SERVICE_DESCRIPTIONW text{description.data()};
    ::ChangeServiceConfig2W(service, SERVICE_CONFIG_DESCRIPTION, &text);
    if (definition.start_type == StartType::delayed) {
        SERVICE_DELAYED_AUTO_START_INFO delayed{TRUE};
        if (!::ChangeServiceConfig2W(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed)) {
            return failedWithSystemMessage("ChangeServiceConfig2W(DELAYED_AUTO_START_INFO)",
                                           ::GetLastError());
        }
    }
    SC_ACTION actions[kRestartDelaysMs.size()];
    for (std::size_t i = 0; i < kRestartDelaysMs.size(); i++) {
        actions[i] = SC_ACTION{SC_ACTION_RESTART, kRestartDelaysMs[i]};
    }
    SERVICE_FAILURE_ACTIONSW failure{};
    failure.dwResetPeriod = kFailureResetSeconds;
    failure.cActions = static_cast<DWORD>(kRestartDelaysMs.size());
    failure.lpsaActions = actions;
    if (!::ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS, &failure)) {
        return failedWithSystemMessage("ChangeServiceConfig2W(FAILURE_ACTIONS)", ::GetLastError());
    }
    // Without this flag a crash counts as failure but a non-zero exit after STOPPED does not.
    // The restart actions above still cover crashes, so a system that refuses the flag (an SCM
    // without the level answers ERROR_INVALID_LEVEL) gets a warning, not a failed install.
    SERVICE_FAILURE_ACTIONS_FLAG flag{TRUE};
    if (!::ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag)) {
        const DWORD error = ::GetLastError();
        report(0, "warning: ChangeServiceConfig2W(FAILURE_ACTIONS_FLAG) failed: " +
                      systemMessage(error) + " (error " + std::to_string(error) +
                      "); a crash is still restarted, but a stop with an error exit code is not");
    }
    DWORD needed = 0;
    ::QueryServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS, nullptr, 0, &needed);
    std::vector<BYTE> buffer(needed > 0 ? needed : sizeof(SERVICE_FAILURE_ACTIONSW));
    if (!::QueryServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS, buffer.data(),
                                static_cast<DWORD>(buffer.size()), &needed)) {
        // The set call succeeded; only the check cannot be made. Say so, and go on.
        const DWORD error = ::GetLastError();
        report(0,
               "warning: QueryServiceConfig2W(FAILURE_ACTIONS) cannot read the restart "
               "actions back to check them: " +
                   systemMessage(error) + " (error " + std::to_string(error) + ")");
        return {};
    }
    const auto* set = reinterpret_cast<const SERVICE_FAILURE_ACTIONSW*>(buffer.data());
    bool same = set->dwResetPeriod == kFailureResetSeconds &&
                set->cActions == kRestartDelaysMs.size() && set->lpsaActions;
    for (std::size_t i = 0; same && i < kRestartDelaysMs.size(); i++) {
        same = set->lpsaActions[i].Type == SC_ACTION_RESTART &&
               set->lpsaActions[i].Delay == kRestartDelaysMs[i];
    }
    if (!same) {
        return Error{ErrorCode::invalid_data, 0, "QueryServiceConfig2W(FAILURE_ACTIONS)",
                     "the failure actions read back (" + std::to_string(set->cActions) +
                         " action(s), reset after " + std::to_string(set->dwResetPeriod) +
                         " s) are not the restart actions set (" +
                         std::to_string(kRestartDelaysMs.size()) + ", reset after " +
                         std::to_string(kFailureResetSeconds) + " s)"};
    }
    return {};
}

// Without the rule, the firewall (on by default on every profile) blocks remote scrapes. A
// failure here leaves the service installed and says how to add the rule by hand.
void addFirewallRuleOrWarn(const std::string& exe, std::uint16_t port) {
    if (auto added = addFirewallRule(exe, port); !added.ok()) {
        report(0, "warning: could not add the firewall rule '" + std::string(kFirewallRuleName) +
                      "': " + added.error().describe() +
                      "; remote scrapes need an inbound rule for TCP " + std::to_string(port));
        return;
    }
    report(0, "added firewall rule '" + std::string(kFirewallRuleName) + "' for TCP " +
                  std::to_string(port));
}

void removeFirewallRuleOrWarn() {
    if (auto removed = removeFirewallRule(); !removed.ok()) {
        report(0, "warning: could not remove the firewall rule '" + std::string(kFirewallRuleName) +
                      "': " + removed.error().describe());
    }
}

// The configuration was already loaded and validated by main, so a bad file is never installed.
// `config.schemas` gives the defaults written to a new config file (configJson of defaultConfig).
int install(CommandLine line, const Config& config) {
    const std::string defaults_json =
        config.schemas ? configJson(defaultConfig(*config.schemas)) : "{}\n";
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
    // The default config's folder, where the docs put TLS keys too: only SYSTEM and
    // Administrators may touch it, whatever ProgramData lets users do (audit W01).
    const std::string data_folder =
        std::filesystem::u8path(defaultConfigPath()).parent_path().u8string();
    if (auto secured = secureDataFolder(data_folder); !secured.ok()) {
        return report(1, "cannot secure " + data_folder + ": " + secured.error().describe());
    }
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
    DWORD error = ERROR_SUCCESS;
    const auto create = [&] {
        UniqueServiceHandle created(::CreateServiceW(
            manager.get(), kServiceName, display.c_str(), SERVICE_ALL_ACCESS,
            SERVICE_WIN32_OWN_PROCESS,
            def.start_type == StartType::manual ? SERVICE_DEMAND_START : SERVICE_AUTO_START,
            SERVICE_ERROR_NORMAL, command.c_str(), nullptr, nullptr, nullptr,
            def.account_name == "LocalSystem" ? nullptr : account.c_str(), nullptr));
        error = created ? ERROR_SUCCESS : ::GetLastError();
        // Windows answers ERROR_SERVICE_MARKED_FOR_DELETE; an SCM that calls the old service
        // "existing" is asked whether it is one marked for deletion.
        if (error == ERROR_SERVICE_EXISTS && isMarkedForDeletion(manager.get(), kServiceName)) {
            error = ERROR_SERVICE_MARKED_FOR_DELETE;
        }
        return created;
    };
    UniqueServiceHandle service = create();
    if (error == ERROR_SERVICE_MARKED_FOR_DELETE) {
        // Right after an uninstall, a program that had the old service open (the Services
        // console, this host's monitoring) still holds it: its name is free once they let go.
        report(0, "waiting up to " + std::to_string(kWaitTimeout.count()) +
                      " s for the removed sysmetrics service to go (a program still has it open)");
        const auto deadline = std::chrono::steady_clock::now() + kWaitTimeout;
        while (error == ERROR_SERVICE_MARKED_FOR_DELETE &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            service = create();
        }
    }
    if (!service) {
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
    if (auto applied = applyServiceSettings(service.get(), def); !applied.ok()) {
        return report(1, "installed service 'sysmetrics', but " + applied.error().describe() +
                             ": a crashed service would not be restarted. Run 'sysmetrics "
                             "uninstall' and install again from an elevated prompt.");
    }
    registerEventSource(def.exe_path);
    report(0, "installed service 'sysmetrics': " + def.command_line);
    if (line.firewall.value_or(true)) {
        addFirewallRuleOrWarn(def.exe_path, config.listen.port);
    }
    return 0;
}

// The MSI's deferred custom action (as SYSTEM, after InstallServices): what ServiceInstall cannot
// say in wixl's tables, done by the same code as `install` (audit W02, W01, W03).
int configureInstall(const CommandLine& line, const Config& config) {
    UniqueServiceHandle manager = openManager(SC_MANAGER_CONNECT);
    UniqueServiceHandle service(
        manager ? ::OpenServiceW(manager.get(), kServiceName, SERVICE_CHANGE_CONFIG) : nullptr);
    if (!service) {
        return reportWinError("OpenServiceW(SERVICE_CHANGE_CONFIG)", ::GetLastError());
    }
    ServiceDefinition def;
    def.start_type = StartType::delayed;
    if (auto applied = applyServiceSettings(service.get(), def); !applied.ok()) {
        // As before, the install goes on (the service runs; it would not be restarted), but the
        // log of the custom action says so rather than claiming success.
        report(0, "warning: restart on failure and delayed start for 'sysmetrics' not set: " +
                      applied.error().describe());
    } else {
        report(0, "set restart on failure and delayed start for 'sysmetrics'");
    }
    const std::string data_folder =
        std::filesystem::u8path(defaultConfigPath()).parent_path().u8string();
    if (auto secured = secureDataFolder(data_folder); !secured.ok()) {
        return report(1, "cannot secure " + data_folder + ": " + secured.error().describe());
    }
    if (line.firewall.value_or(true)) {
        addFirewallRuleOrWarn(exePath(), config.listen.port);
    } else {
        removeFirewallRuleOrWarn();
    }
    return 0;
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
        std::printf("state: %s\npid: %lu\ncommand line: %s\nlast exit code: %lu\n",
                    stateName(status->dwCurrentState).c_str(),
                    static_cast<unsigned long>(status->dwProcessId),
                    command.ok() ? command.value().c_str() : "(unknown)",
                    static_cast<unsigned long>(exitCodeOf(status.value())));
        // Asking needs SERVICE_CHANGE_CONFIG: from a prompt that is not elevated nothing is said.
        if (isMarkedForDeletion(manager.get(), kServiceName)) {
            std::printf("removed: yes, marked for deletion. %s.\n", kMarkedForDeletionAdvice);
        }
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
        const SERVICE_STATUS_PROCESS status = waitForState(service.get(), SERVICE_RUNNING);
        if (status.dwCurrentState == SERVICE_STOPPED) {
            return report(1, "the service stopped while starting (exit code " +
                                 std::to_string(exitCodeOf(status)) +
                                 "); the Application event log says why");
        }
        if (status.dwCurrentState != SERVICE_RUNNING) {
            return report(1, "the service did not reach RUNNING within 30 s (state " +
                                 stateName(status.dwCurrentState) +
                                 "); see the Event Log or the log file");
        }
        return report(0, "sysmetrics is running");
    }
    // stop and uninstall both stop first.
    SERVICE_STATUS ignored{};
    if (!::ControlService(service.get(), SERVICE_CONTROL_STOP, &ignored)) {
        const DWORD error = ::GetLastError();
        // ERROR_NO_DATA (232, "the pipe is being closed") and ERROR_PIPE_NOT_CONNECTED: the
        // service process is already ending, its control pipe going; waiting for STOPPED below
        // tells whether it did.
        if (error != ERROR_SERVICE_NOT_ACTIVE && error != ERROR_NO_DATA &&
            error != ERROR_PIPE_NOT_CONNECTED && error != ERROR_SERVICE_CANNOT_ACCEPT_CTRL) {
            return reportWinError("ControlService(STOP)", error);
        }
    }
    const DWORD state = waitForState(service.get(), SERVICE_STOPPED).dwCurrentState;
    if (state != SERVICE_STOPPED) {
        return report(1, "the service did not stop within 30 s (state " + stateName(state) + ")");
    }
    if (!removing) {
        return report(0, "sysmetrics is stopped");
    }
    if (!::DeleteService(service.get()) && ::GetLastError() != ERROR_SERVICE_MARKED_FOR_DELETE) {
        return reportWinError("DeleteService", ::GetLastError());
    }
    unregisterEventSource();
    removeFirewallRuleOrWarn();
    service.reset();
    if (!waitUntilServiceGone(manager.get(), kServiceName, std::chrono::seconds(3))) {
        return report(0, std::string("removed service 'sysmetrics'; it is marked for deletion: ") +
                             kMarkedForDeletionAdvice + " (installing again waits up to " +
                             std::to_string(kWaitTimeout.count()) + " s for it)");
    }
    return report(0, "removed service 'sysmetrics'");
}

}  // namespace

int runServiceCommand(const CommandLine& line, const Config& config) {
    if (line.command == "install") {
        return install(line, config);
    }
    if (line.command == "configure-install") {
        return configureInstall(line, config);
    }
    if (line.command == "cleanup-install") {
        removeFirewallRuleOrWarn();
        return 0;
    }
    return control(line);
}

}  // namespace sysmetrics
