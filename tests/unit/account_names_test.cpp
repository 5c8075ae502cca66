// Audit W19: a failed account lookup is retried later instead of showing the SID for good.
#include "collectors/account_names.h"

#include <gtest/gtest.h>

namespace sysmetrics {

TEST(AccountNames, AFailedLookupShowsTheSidAndIsRetriedAfterTheInterval) {
    bool controller_reachable = false;
    int lookups = 0;
    AccountNames names(
        [&](const std::string& sid) -> std::optional<std::string> {
            lookups++;
            if (!controller_reachable) {
                return std::nullopt;
            }
            return sid == "S-1-5-21-1-2-3-1001" ? std::optional<std::string>("CORP\\alice")
                                                : std::nullopt;
        },
        std::chrono::minutes(5));
    const auto boot = AccountNames::Clock::time_point{} + std::chrono::hours(1);
    const std::string sid = "S-1-5-21-1-2-3-1001";
    EXPECT_EQ(names.name(sid, boot), sid);
    EXPECT_EQ(names.name(sid, boot + std::chrono::minutes(1)), sid);  // not asked again yet
    EXPECT_EQ(lookups, 1);
    controller_reachable = true;
    EXPECT_EQ(names.name(sid, boot + std::chrono::minutes(6)), "CORP\\alice");
    EXPECT_EQ(lookups, 2);
    EXPECT_EQ(names.name(sid, boot + std::chrono::hours(5)), "CORP\\alice");  // kept for good
    EXPECT_EQ(lookups, 2);
}

}  // namespace sysmetrics
