#include "http/server/header_block.h"

#include <gtest/gtest.h>

#include <string>

namespace sysmetrics {

TEST(HeaderBlock, FindsTheEndOfAHeadWithCrlfOrBareLf) {
    const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    const HeaderScan crlf = scanHeaderBlock(head + "body", HeaderLimits{});
    EXPECT_EQ(crlf.state, HeaderScan::State::complete);
    EXPECT_EQ(crlf.end, head.size());
    const HeaderScan lf = scanHeaderBlock("GET / HTTP/1.1\nHost: x\n\n", HeaderLimits{});
    EXPECT_EQ(lf.state, HeaderScan::State::complete);
    EXPECT_EQ(scanHeaderBlock("GET / HTTP/1.1\r\nHost: x\r\n", HeaderLimits{}).state,
              HeaderScan::State::incomplete);
    EXPECT_EQ(scanHeaderBlock("", HeaderLimits{}).state, HeaderScan::State::incomplete);
}

TEST(HeaderBlock, RefusesHeadsOverTheByteOrLineCap) {
    HeaderLimits limits;
    limits.max_bytes = 64;
    limits.max_lines = 3;
    EXPECT_EQ(scanHeaderBlock("GET / HTTP/1.1\r\n" + std::string(60, 'x'), limits).state,
              HeaderScan::State::too_large);
    EXPECT_EQ(scanHeaderBlock("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\n", limits).state,
              HeaderScan::State::too_many_lines);
    EXPECT_EQ(scanHeaderBlock("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\n\r\n", limits).state,
              HeaderScan::State::complete);
}

}  // namespace sysmetrics
