#include <windows.h>

#include <cstdio>
#include <memory>
#include <type_traits>

#include "base/windows/win_error.h"
#include "service/start_failure.h"

namespace sysmetrics {

namespace {

constexpr wchar_t kServiceName[] = L"sysmetrics";
constexpr DWORD kMessageEventId = 1000;  // "%1" in installer/event_messages.mc

struct PendingFailure {
    StartFailure failure = StartFailure::cannot_serve;
    std::wstring message;
};
PendingFailure g_failure;  // the dispatcher passes ServiceMain no pointer of ours

struct EventSourceCloser {
    void operator()(HANDLE source) const { ::DeregisterEventSource(source); }
};
using EventSource = std::unique_ptr<std::remove_pointer_t<HANDLE>, EventSourceCloser>;

void writeErrorEvent(const std::wstring& message) {
    EventSource source(::RegisterEventSourceW(nullptr, kServiceName));
    if (!source) {
        return;  // not registered (run outside an install): the SCM's exit code still tells
    }
    const wchar_t* strings[] = {message.c_str()};
    ::ReportEventW(source.get(), EVENTLOG_ERROR_TYPE, 0, kMessageEventId, nullptr, 1, 0, strings,
                   nullptr);
}

DWORD WINAPI answerInterrogateOnly(DWORD control, DWORD, LPVOID, LPVOID) {
    return control == SERVICE_CONTROL_INTERROGATE ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
}

void WINAPI failingServiceMain(DWORD argc, LPWSTR* argv) {
    const wchar_t* name = argc > 0 && argv[0] ? argv[0] : kServiceName;
    writeErrorEvent(g_failure.message);
    SERVICE_STATUS_HANDLE handle =
        ::RegisterServiceCtrlHandlerExW(name, answerInterrogateOnly, nullptr);
    if (!handle) {
        return;
    }
    SERVICE_STATUS status{};
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = SERVICE_STOPPED;
    status.dwWin32ExitCode = ERROR_SERVICE_SPECIFIC_ERROR;
    status.dwServiceSpecificExitCode = static_cast<DWORD>(g_failure.failure);
    ::SetServiceStatus(handle, &status);
}

}  // namespace

int failStart(const CommandLine& line, StartFailure failure, const std::string& message) {
    std::fprintf(stderr, "sysmetrics: %s\n", message.c_str());
    if (line.console) {
        return 2;
    }
    // Started by the SCM, the process has no console to print to: the failure must reach the
    // SCM (so `sc query` and failure actions see the code) and the event log (so admins read why).
    g_failure.failure = failure;
    g_failure.message = win::toWide("sysmetrics cannot start: " + message);
    wchar_t service_name[] = L"sysmetrics";
    const SERVICE_TABLE_ENTRYW table[] = {{service_name, failingServiceMain}, {nullptr, nullptr}};
    ::StartServiceCtrlDispatcherW(table);  // fails at once when no SCM started us: printed above
    return 2;
}

}  // namespace sysmetrics
