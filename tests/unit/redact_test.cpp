#include "collectors/redact.h"

#include <gtest/gtest.h>

namespace sysmetrics {

TEST(Redact, SecretArgumentsLoseTheirValues) {
    const CommandLineRedactor r;
    EXPECT_EQ(r.redact("app --password=hunter2 --port=80"), "app --password=*** --port=80");
    EXPECT_EQ(r.redact("app --password hunter2 --verbose"), "app --password *** --verbose");
    EXPECT_EQ(r.redact("app -token abc123"), "app -token ***");
    EXPECT_EQ(r.redact("app /ApiKey:XYZ"), "app /ApiKey:***");
    EXPECT_EQ(r.redact("app token=abc secret=def apikey=ghi api_key=jkl"),
              "app token=*** secret=*** apikey=*** api_key=***");
    EXPECT_EQ(r.redact("app --db-password=x --client_secret=y"),
              "app --db-password=*** --client_secret=***");
    EXPECT_EQ(r.redact("sqlcmd \"Server=db;User Id=sa;Password=P@ss;Encrypt=yes\""),
              "sqlcmd \"Server=db;User Id=sa;Password=***;Encrypt=yes\"");
    EXPECT_EQ(r.redact("curl https://alice:s3cret@example.com/x"),
              "curl https://alice:***@example.com/x");
    EXPECT_EQ(r.redact("PASSWORD=abc"), "PASSWORD=***");
}

TEST(Redact, OrdinaryCommandLinesAreUntouched) {
    const CommandLineRedactor r;
    for (const char* line :
         {"C:\\Windows\\system32\\svchost.exe -k netsvcs -p", "/usr/sbin/sshd -D",
          "nginx: worker process", "python3 -m http.server 8000",
          // A path after a secret-named flag is a file name, not the secret.
          "app --passwords-file /etc/x"}) {
        EXPECT_EQ(r.redact(line), line);
    }
}

TEST(Redact, ExtraPatternsAndOff) {
    auto pattern = SafeRegex::compile("AKIA[0-9A-Z]{16}");
    ASSERT_TRUE(pattern.ok()) << pattern.error().message;
    const auto custom = CommandLineRedactor::create(true, {pattern.value()});
    EXPECT_EQ(custom.redact("aws --key AKIAABCDEFGHIJKLMNOP"), "aws --key ***");
    const auto off = CommandLineRedactor::create(false, {});
    EXPECT_EQ(off.redact("app --password=hunter2"), "app --password=hunter2");
}

}  // namespace sysmetrics
