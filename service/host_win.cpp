#include <windows.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <mutex>

#include "base/paths.h"
#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "service/app.h"
#include "service/host.h"
#include "service/logging.h"
#include "service/privilege_win.h"
#include "service/reload.h"
#include "service/start_failure.h"

namespace sysmetrics {

namespace {

constexpr wchar_t kServiceName[] = L"sysmetrics";
constexpr DWORD kStartWaitHintMs = 10000;
constexpr DWORD kStopWaitHintMs = 10000;
constexpr auto kCollectorStopGrace = std::chrono::milliseconds(3000);

// ServiceMain and the control handler get no pointer of ours from the dispatcher, so the one
// running service keeps its state here.
struct ServiceState {
    const Config* config = nullptr;
    const CommandLine* line = nullptr;
    win::UniqueKernelHandle reload_event;
    RuntimeInfo runtime;
    SERVICE_STATUS_HANDLE status_handle = nullptr;
    std::mutex status_mutex;
    SERVICE_STATUS status{};
    win::UniqueKernelHandle stop_event;
};
ServiceState* g_service = nullptr;

void reportStatus(DWORD state, DWORD win32_exit = NO_ERROR, DWORD specific_exit = 0,
                  DWORD wait_hint = 0) {
    std::lock_guard<std::mutex> lock(g_service->status_mutex);
    SERVICE_STATUS& status = g_service->status;
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwWin32ExitCode = win32_exit;
    status.dwServiceSpecificExitCode = specific_exit;
    status.dwWaitHint = wait_hint;
    status.dwControlsAccepted =
        state == SERVICE_RUNNING
            ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN | SERVICE_ACCEPT_PARAMCHANGE
            : 0;
    const bool pending = state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING;
    status.dwCheckPoint = pending ? status.dwCheckPoint + 1 : 0;
    ::SetServiceStatus(g_service->status_handle, &status);
}

DWORD WINAPI controlHandler(DWORD control, DWORD, LPVOID, LPVOID) {
    switch (control) {
        case SERVICE_CONTROL_STOP:
        case SERVICE_CONTROL_SHUTDOWN:
            reportStatus(SERVICE_STOP_PENDING, NO_ERROR, 0, kStopWaitHintMs);
            ::SetEvent(g_service->stop_event.get());
            return NO_ERROR;
        case SERVICE_CONTROL_PARAMCHANGE:
            ::SetEvent(g_service->reload_event.get());
            return NO_ERROR;
        case SERVICE_CONTROL_INTERROGATE:
            return NO_ERROR;
        default:
            return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

// NtQuerySystemInformation(SystemMemoryListInformation), behind the standby, free and modified
// page-list families, needs SeProfileSingleProcessPrivilege enabled; LocalSystem holds it.
void logProfilePrivilege() {
    spdlog::info("SeProfileSingleProcessPrivilege: {}",
                 enablePrivilege(L"SeProfileSingleProcessPrivilege"));
}

void WINAPI serviceMain(DWORD argc, LPWSTR* argv) {
    const wchar_t* name = argc > 0 && argv[0] ? argv[0] : kServiceName;
    g_service->status_handle = ::RegisterServiceCtrlHandlerExW(name, controlHandler, nullptr);
    if (!g_service->status_handle) {
        spdlog::critical("{}", win::lastError("RegisterServiceCtrlHandlerExW").describe());
        return;
    }
    reportStatus(SERVICE_START_PENDING, NO_ERROR, 0, kStartWaitHintMs);
    g_service->runtime.debug_privilege = enableDebugPrivilege();
    spdlog::info("SeDebugPrivilege: {}", g_service->runtime.debug_privilege);
    logProfilePrivilege();

    App app(*g_service->config, g_service->runtime);
    auto port = app.start();
    if (!port.ok()) {
        spdlog::critical("cannot start: {}", port.error().describe());
        spdlog::default_logger()->flush();
        reportStatus(SERVICE_STOPPED, ERROR_SERVICE_SPECIFIC_ERROR,
                     static_cast<DWORD>(StartFailure::cannot_serve));
        return;
    }
    reportStatus(SERVICE_RUNNING);
    const HANDLE events[] = {g_service->stop_event.get(), g_service->reload_event.get()};
    while (::WaitForMultipleObjects(2, events, FALSE, INFINITE) == WAIT_OBJECT_0 + 1) {
        spdlog::info("PARAMCHANGE received: reloading the configuration");
        if (auto reloaded = reloadConfiguration(app, *g_service->line, defaultConfigPath());
            !reloaded.ok()) {
            spdlog::error("reload rejected, the running configuration stays: {}",
                          reloaded.error().message);
        }
    }
    app.stop(kCollectorStopGrace);
    spdlog::info("stopped");
    spdlog::default_logger()->flush();
    // Nothing may run after STOPPED is reported: the SCM may end the process at once.
    reportStatus(SERVICE_STOPPED);
}

win::UniqueKernelHandle g_console_stop;

BOOL WINAPI consoleHandler(DWORD) {
    ::SetEvent(g_console_stop.get());
    return TRUE;
}

int runConsole(const Config& config, RuntimeInfo runtime) {
    runtime.debug_privilege = enableDebugPrivilege();
    spdlog::info("SeDebugPrivilege: {}", runtime.debug_privilege);
    logProfilePrivilege();
    g_console_stop.reset(::CreateEventW(nullptr, TRUE, FALSE, nullptr));
    ::SetConsoleCtrlHandler(consoleHandler, TRUE);
    App app(config, runtime);
    auto port = app.start();
    if (!port.ok()) {
        spdlog::critical("cannot start: {}", port.error().describe());
        return 1;
    }
    ::WaitForSingleObject(g_console_stop.get(), INFINITE);
    spdlog::info("stopping");
    app.stop(kCollectorStopGrace);
    spdlog::info("stopped");
    return 0;
}

}  // namespace

int runService(const Config& config, const CommandLine& line, RuntimeInfo runtime) {
    const LogTarget target = line.console ? LogTarget::console : LogTarget::service;
    if (auto logging = setupLogging(config, target); !logging.ok()) {
        return failStart(line, StartFailure::log_file, logging.error().describe());
    }
    if (line.console) {
        return runConsole(config, runtime);
    }
    static ServiceState state;
    state.config = &config;
    state.runtime = runtime;
    state.line = &line;
    state.stop_event.reset(::CreateEventW(nullptr, TRUE, FALSE, nullptr));
    state.reload_event.reset(::CreateEventW(nullptr, FALSE, FALSE, nullptr));  // auto-reset
    g_service = &state;
    wchar_t service_name[] = L"sysmetrics";
    const SERVICE_TABLE_ENTRYW table[] = {{service_name, serviceMain}, {nullptr, nullptr}};
    if (!::StartServiceCtrlDispatcherW(table)) {
        const DWORD error = ::GetLastError();
        if (error == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
            std::fprintf(stderr,
                         "sysmetrics: not started by the Service Control Manager. Run it in the "
                         "foreground with --console, or install it (see --help).\n");
            return 1;
        }
        std::fprintf(stderr, "sysmetrics: %s\n",
                     win::winError(error, "StartServiceCtrlDispatcherW").describe().c_str());
        return 1;
    }
    return 0;
}

}  // namespace sysmetrics
