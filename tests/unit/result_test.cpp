#include <gtest/gtest.h>

#include <cerrno>
#include <system_error>

#include "base/error_from.h"
#include "base/result.h"

namespace sysmetrics {
namespace {

TEST(Error, DescribeNamesTheCallTheCodeAndTheOsCode) {
    EXPECT_EQ((Error{ErrorCode::access_denied, 5, "OpenProcess"}).describe(),
              "OpenProcess: access_denied (os error 5)");
    EXPECT_EQ((Error{ErrorCode::invalid_data, 0, "/proc/stat"}).describe(),
              "/proc/stat: invalid_data");
    EXPECT_EQ(Error{}.describe(), "error: os_error");
}

TEST(Error, DescribeEndsWithTheDetailWhenThereIsOne) {
    EXPECT_EQ((Error{ErrorCode::access_denied, 13, "create_directories '/q'", "Permission denied"})
                  .describe(),
              "create_directories '/q': access_denied (os error 13): Permission denied");
    EXPECT_EQ((Error{ErrorCode::invalid_data, 0, "SYSTEM_PAGEFILE_INFORMATION at 0x0",
                     "PageFileName is empty"})
                  .describe(),
              "SYSTEM_PAGEFILE_INFORMATION at 0x0: invalid_data: PageFileName is empty");
}

TEST(Status, IsOkUntilGivenAnError) {
    const Status<> fine;
    EXPECT_TRUE(fine.ok());
    const Status<> failed = Error{ErrorCode::not_found, 2, "open x"};
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().os_code, 2);
}

TEST(ErrorFrom, KeepsTheKindTheCodeAndTheText) {
    const std::error_code denied(EACCES, std::generic_category());
    const Error error = errorFrom(denied, "create_directories '/q'");
    EXPECT_EQ(error.code, ErrorCode::access_denied);
    EXPECT_EQ(error.os_code, EACCES);
    EXPECT_EQ(error.where, "create_directories '/q'");
    EXPECT_EQ(error.detail, denied.message());
    EXPECT_EQ(errorFrom(std::make_error_code(std::errc::no_such_file_or_directory), "x").code,
              ErrorCode::not_found);
    EXPECT_EQ(errorFrom(std::make_error_code(std::errc::io_error), "x").code, ErrorCode::os_error);
}

}  // namespace
}  // namespace sysmetrics
