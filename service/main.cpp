#include <cstdio>
#include <string>
#include <vector>

#include <iostream>
#include <iterator>

#include "base/clock.h"
#include "base/fault_injection.h"
#include "base/paths.h"
#include "config/command_line.h"
#include "http/server/secret_check.h"
#include "installer/service_commands.h"
#include "service/collector_catalog.h"
#include "service/collector_factories.h"
#include "service/file_trust_check.h"
#include "service/host.h"
#include "service/start_checks.h"
#include "service/start_failure.h"
#include "sysmetrics_version.h"

#ifdef _WIN32
#include <windows.h>

#include "base/windows/win_error.h"
#endif

namespace sysmetrics {

namespace {

constexpr int kExitUsage = 2;

int fail(const std::string& message) {
    std::fprintf(stderr, "sysmetrics: %s\n", message.c_str());
    return kExitUsage;
}

// Reads the secret from standard input, so it never shows in a process list or shell history.
int hashPassword() {
    std::string secret(std::istreambuf_iterator<char>(std::cin), {});
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
        secret.pop_back();
    }
    if (secret.empty()) {
        return fail(
            "hash-password: give the password on standard input, such as\n"
            "  printf '%s' \"$PASSWORD\" | sysmetrics hash-password");
    }
    auto hash = hashSecret(secret, kPasswordIterations);
    if (!hash.ok()) {
        return fail("hash-password: " + hash.error().describe());
    }
    std::printf("%s\n", formatSecretHash(hash.value()).c_str());
    return 0;
}

int generateToken() {
    auto token = sysmetrics::generateToken();
    auto hash = token.ok() ? hashSecret(token.value(), kTokenIterations)
                           : Result<SecretHash>(token.error());
    if (!hash.ok()) {
        return fail("generate-token: " + hash.error().describe());
    }
    std::printf("token: %s\nhash:  %s\n", token.value().c_str(),
                formatSecretHash(hash.value()).c_str());
    return 0;
}

int runMain(const std::vector<std::string>& args) {
    auto parsed = parseCommandLine(args);
    if (!parsed.ok()) {
        return fail(parsed.error().message);
    }
    const CommandLine& line = parsed.value();
    if (line.help) {
        std::fputs(usageText(defaultConfigPath(), defaultConfig().knownCollectors()).c_str(),
                   stdout);
        return 0;
    }
    if (line.version) {
        std::printf("sysmetrics %s\n", sysmetrics::kSysmetricsVersion);
        return 0;
    }
    if (line.command == "hash-password") {
        return hashPassword();
    }
    if (line.command == "generate-token") {
        return generateToken();
    }
    if (line.command == "default-config") {
        std::fputs(defaultConfigJson().c_str(), stdout);
        return 0;
    }
    for (const auto& name : line.fault_missing_apis) {
        if (auto known = checkMissingApiName(name); !known.ok()) {
            return fail(known.error().message);
        }
    }
    auto config = resolveConfig(line, defaultConfig(), defaultConfigPath());
    const bool serving = line.command == "run";
    if (!config.ok()) {
        return serving ? failStart(line, StartFailure::configuration, config.error().message)
                       : fail(config.error().message);
    }
    if (serving || line.command == "check-config") {
        if (auto trusted = checkConfiguredFileTrust(config.value()); !trusted.ok()) {
            const std::string& message = trusted.error().message;
            return serving ? failStart(line, StartFailure::configuration, message) : fail(message);
        }
    }
    if (auto counters = checkEnabledPerformanceCounters(config.value()); !counters.ok()) {
        const std::string& message = counters.error().message;
        return serving ? failStart(line, StartFailure::configuration, message) : fail(message);
    }
    if (line.command == "check-config") {
        // What the start would refuse, found without starting: "valid" means it starts.
        if (auto startable = checkStartable(config.value()); !startable.ok()) {
            return fail(startable.error().message);
        }
        const Config& c = config.value();
        std::printf("configuration is valid (%s)\nlisten: %s\nlog_level: %s\n",
                    c.source_path.empty() ? "defaults and flags, no file" : c.source_path.c_str(),
                    c.listen.text().c_str(), c.log_level.c_str());
        for (const auto& [name, collector] : c.collectors) {
            std::printf("collector %s: %s, every %.3g s\n", name.c_str(),
                        collector.enabled ? "enabled" : "disabled",
                        collector.interval.count() / 1000.0);
        }
        return 0;
    }
    setMissingApisForTesting(line.fault_missing_apis);
    if (line.command != "run") {
        return runServiceCommand(line, config.value());
    }
    RuntimeInfo runtime;
    runtime.version = sysmetrics::kSysmetricsVersion;
#ifdef _WIN32
    runtime.platform = "windows";
#else
    runtime.platform = "linux";
#endif
    runtime.started_at = wallSeconds();
    return runService(config.value(), line, runtime);
}

}  // namespace

}  // namespace sysmetrics

#ifdef _WIN32
int wmain(int argc, wchar_t** argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; i++) {
        args.push_back(sysmetrics::win::toUtf8(argv[i]));
    }
    return sysmetrics::runMain(args);
}
#else
int main(int argc, char** argv) {
    return sysmetrics::runMain(std::vector<std::string>(argv + 1, argv + argc));
}
#endif
