// A deleted service whose name is not free yet: DeleteService only marks a service while any
// program (the Services console, Event Viewer, a monitoring agent) holds a handle on it; Windows
// removes it when the last one is closed, and until then CreateService of that name fails.
#pragma once

#include <windows.h>

#include <chrono>

namespace sysmetrics {

// What the admin can do about a service marked for deletion, after "...marked for deletion".
constexpr const char kMarkedForDeletionAdvice[] =
    "Windows removes it when every program that has it open closes it (the Services console, "
    "Event Viewer, Task Manager's Services tab, a monitoring agent): close them, or restart "
    "Windows, then try again";

// Whether the service `name` exists but is marked for deletion. Asked with a ChangeServiceConfigW
// that changes nothing, which fails with ERROR_SERVICE_MARKED_FOR_DELETE for such a service (and
// for nothing else that exists); false when the service cannot be opened for that.
bool isMarkedForDeletion(SC_HANDLE manager, const wchar_t* name);

// Polls until no service `name` exists (OpenServiceW answers ERROR_SERVICE_DOES_NOT_EXIST) or
// `timeout` passes; true when it is gone.
bool waitUntilServiceGone(SC_HANDLE manager, const wchar_t* name,
                          std::chrono::milliseconds timeout);

}  // namespace sysmetrics
