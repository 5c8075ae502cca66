#include "installer/service_removal_win.h"

#include <thread>

#include "base/windows/handles.h"

namespace sysmetrics {

bool isMarkedForDeletion(SC_HANDLE manager, const wchar_t* name) {
    win::UniqueServiceHandle service(::OpenServiceW(manager, name, SERVICE_CHANGE_CONFIG));
    if (!service) {
        return false;
    }
    const BOOL changed = ::ChangeServiceConfigW(service.get(), SERVICE_NO_CHANGE, SERVICE_NO_CHANGE,
                                                SERVICE_NO_CHANGE, nullptr, nullptr, nullptr,
                                                nullptr, nullptr, nullptr, nullptr);
    return !changed && ::GetLastError() == ERROR_SERVICE_MARKED_FOR_DELETE;
}

bool waitUntilServiceGone(SC_HANDLE manager, const wchar_t* name,
                          std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        win::UniqueServiceHandle service(::OpenServiceW(manager, name, SERVICE_QUERY_STATUS));
        if (!service && ::GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST) {
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        service.reset();  // our own handle would keep it from going
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

}  // namespace sysmetrics
