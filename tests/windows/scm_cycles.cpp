// scm_cycles NAME COUNT: starts and stops an installed service COUNT times through the SCM API,
// each start reaching RUNNING and each stop STOPPED within a deadline. One process drives every
// cycle: under Wine each sc.exe call is a process start, which made the cycles mostly sc.exe.
#include <windows.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "base/windows/handles.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kDeadline = std::chrono::seconds(20);

bool fail(const char* call, const std::string& what) {
    std::fprintf(stderr, "FAIL: %s: %s (error %lu)\n", call, what.c_str(), ::GetLastError());
    return false;
}

// Polls until `wanted`; a start that fell back to STOPPED is a failure, not a wait.
bool waitFor(SC_HANDLE service, DWORD wanted, double& seconds) {
    const auto start = Clock::now();
    while (Clock::now() - start < kDeadline) {
        SERVICE_STATUS_PROCESS status{};
        DWORD needed = 0;
        if (!::QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO,
                                    reinterpret_cast<BYTE*>(&status), sizeof status, &needed)) {
            return fail("QueryServiceStatusEx", "cannot read the state");
        }
        if (status.dwCurrentState == wanted) {
            seconds = std::chrono::duration<double>(Clock::now() - start).count();
            return true;
        }
        if (wanted == SERVICE_RUNNING && status.dwCurrentState == SERVICE_STOPPED) {
            return fail("StartServiceW", "stopped while starting, exit code " +
                                             std::to_string(status.dwWin32ExitCode));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return fail("QueryServiceStatusEx",
                wanted == SERVICE_RUNNING ? "no RUNNING within 20 s" : "no STOPPED within 20 s");
}

// Right after STOPPED the old process may still be exiting and the SCM refuses a new start
// (ERROR_SERVICE_ALREADY_RUNNING) for a moment: retry within the deadline.
bool start(SC_HANDLE service, double& seconds) {
    const auto begin = Clock::now();
    while (!::StartServiceW(service, 0, nullptr)) {
        if (::GetLastError() != ERROR_SERVICE_ALREADY_RUNNING || Clock::now() - begin > kDeadline) {
            return fail("StartServiceW", "refused");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    return true;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

}  // namespace

int wmain(int argc, wchar_t** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: scm_cycles NAME COUNT\n");
        return 2;
    }
    const int count = static_cast<int>(std::wcstol(argv[2], nullptr, 10));
    sysmetrics::win::UniqueServiceHandle manager(
        ::OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!manager) {
        fail("OpenSCManagerW", "cannot connect");
        return 1;
    }
    sysmetrics::win::UniqueServiceHandle service(::OpenServiceW(
        manager.get(), argv[1], SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS));
    if (!service) {
        fail("OpenServiceW", "no such service");
        return 1;
    }
    std::vector<double> accepted, to_running, to_stopped;
    for (int i = 0; i < count; i++) {
        double seconds = 0, start_seconds = 0;
        if (!start(service.get(), start_seconds) ||
            !waitFor(service.get(), SERVICE_RUNNING, seconds)) {
            std::fprintf(stderr, "cycle %d of %d\n", i + 1, count);
            return 1;
        }
        accepted.push_back(start_seconds);
        to_running.push_back(seconds);
        SERVICE_STATUS status{};
        if (!::ControlService(service.get(), SERVICE_CONTROL_STOP, &status)) {
            fail("ControlService(STOP)", "refused");
            std::fprintf(stderr, "cycle %d of %d\n", i + 1, count);
            return 1;
        }
        if (!waitFor(service.get(), SERVICE_STOPPED, seconds)) {
            std::fprintf(stderr, "cycle %d of %d\n", i + 1, count);
            return 1;
        }
        to_stopped.push_back(seconds);
    }
    if (count > 0) {
        std::printf(
            "%d cycles (median, max): start accepted %.2f s, %.2f s; to RUNNING %.2f s, "
            "%.2f s; to STOPPED %.2f s, %.2f s\n",
            count, percentile(accepted, 0.5), percentile(accepted, 1.0),
            percentile(to_running, 0.5), percentile(to_running, 1.0), percentile(to_stopped, 0.5),
            percentile(to_stopped, 1.0));
    }
    return 0;
}
