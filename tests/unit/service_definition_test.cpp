#include "installer/service_definition.h"

#include <gtest/gtest.h>

namespace sysmetrics {

namespace {
CommandLine installLine() {
    CommandLine line;
    line.command = "install";
    return line;
}
}  // namespace

TEST(ServiceDefinition, DefaultsToAutoStartLocalSystemAndTheDefaultConfig) {
    auto def = makeServiceDefinition(installLine(), "C:\\Program Files\\sysmetrics\\sysmetrics.exe",
                                     "C:\\ProgramData\\sysmetrics\\config.json");
    ASSERT_TRUE(def.ok());
    EXPECT_EQ(def->start_type, StartType::automatic);
    EXPECT_EQ(def->account_name, "LocalSystem");
    EXPECT_EQ(def->command_line,
              "\"C:\\Program Files\\sysmetrics\\sysmetrics.exe\" --config "
              "\"C:\\ProgramData\\sysmetrics\\config.json\"");
}

TEST(ServiceDefinition, CarriesListenAndAccountAndStartType) {
    CommandLine line = installLine();
    line.listen = "127.0.0.1:9200";
    line.start_type = "delayed";
    line.account = "NetworkService";
    line.config_path = "D:\\cfg.json";
    auto def = makeServiceDefinition(line, "C:\\s.exe", "unused");
    ASSERT_TRUE(def.ok());
    EXPECT_EQ(def->start_type, StartType::delayed);
    EXPECT_EQ(def->account_name, "NT AUTHORITY\\NetworkService");
    EXPECT_EQ(def->command_line, "\"C:\\s.exe\" --config \"D:\\cfg.json\" --listen 127.0.0.1:9200");
}

TEST(ServiceDefinition, RejectsBadValuesByName) {
    CommandLine line = installLine();
    line.start_type = "sometimes";
    EXPECT_EQ(makeServiceDefinition(line, "x", "y").error().message,
              "flag --start-type 'sometimes' must be auto, delayed or manual");
    line = installLine();
    line.account = "Administrator";
    EXPECT_NE(
        makeServiceDefinition(line, "x", "y").error().message.find("--account 'Administrator'"),
        std::string::npos);
    line = installLine();
    line.listen = "nowhere";
    EXPECT_NE(makeServiceDefinition(line, "x", "y").error().message.find("flag --listen"),
              std::string::npos);
}

}  // namespace sysmetrics
