#pragma once

#include <string>

#include "config/command_line.h"

namespace sysmetrics {

// Service-specific exit codes (SERVICE_STATUS.dwServiceSpecificExitCode, with
// dwWin32ExitCode = ERROR_SERVICE_SPECIFIC_ERROR), so failure actions and `sc query` tell why.
enum class StartFailure : int {
    cannot_serve = 1,   // the listen address could not be bound, or another start error
    configuration = 2,  // the config is invalid, missing, or a file it names is untrusted
    log_file = 3,       // the log file cannot be opened
};

// Ends a start that cannot go on. Under the Service Control Manager (not --console) it connects
// to the SCM first, reports STOPPED with the code, and writes the message to the Application event
// log; otherwise, and when no SCM is there, it prints the message. Returns the process exit code.
int failStart(const CommandLine& line, StartFailure failure, const std::string& message);

}  // namespace sysmetrics
