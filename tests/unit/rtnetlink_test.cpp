// NETLINK_ROUTE link and address dumps read from bytes built to linux/rtnetlink.h's layouts.
#include "collectors/rtnetlink.h"

#include <gtest/gtest.h>

#include <cstring>

#include "tests/common/netlink_bytes.h"

namespace sysmetrics {

namespace {

using test::NetlinkBytes;

struct Link {
    std::uint16_t arphrd;
    std::int32_t index;
    std::string name;  // "" to leave IFLA_IFNAME out
    std::vector<std::uint8_t> mac;
    std::uint32_t mtu;
    std::uint8_t operstate;
    // rtnl_link_stats64 fields by number (rx_packets 0, tx_packets 1, rx_bytes 2, ...).
    std::vector<std::pair<int, std::uint64_t>> stats;
    bool stats_32_only = false;  // an old kernel's IFLA_STATS alone
};

std::vector<std::uint8_t> ifinfomsg(std::uint16_t arphrd, std::int32_t index) {
    std::vector<std::uint8_t> body(kIfinfomsgSize, 0);
    std::memcpy(body.data() + 2, &arphrd, 2);
    std::memcpy(body.data() + 4, &index, 4);
    return body;
}

void addLink(NetlinkBytes& b, const Link& link) {
    auto body = ifinfomsg(link.arphrd, link.index);
    if (!link.name.empty()) {
        std::vector<std::uint8_t> name(link.name.begin(), link.name.end());
        name.push_back(0);
        NetlinkBytes::attribute(body, kIflaIfname, name);
    }
    NetlinkBytes::attribute(body, kIflaMtu, NetlinkBytes::valueBytes(link.mtu));
    NetlinkBytes::attribute(body, kIflaOperstate, {link.operstate});
    if (!link.mac.empty()) {
        NetlinkBytes::attribute(body, kIflaAddress, link.mac);
    }
    std::vector<std::uint64_t> stats64(25, 0);  // rx_otherhost_dropped makes 25 since Linux 6.0
    std::vector<std::uint32_t> stats32(24, 0);
    for (const auto& [field, value] : link.stats) {
        stats64[static_cast<std::size_t>(field)] = value;
        stats32[static_cast<std::size_t>(field)] = static_cast<std::uint32_t>(value);
    }
    std::vector<std::uint8_t> bytes32(stats32.size() * 4);
    std::memcpy(bytes32.data(), stats32.data(), bytes32.size());
    NetlinkBytes::attribute(body, kIflaStats, bytes32);
    if (!link.stats_32_only) {
        // The kernel puts an IFLA_PAD before 64-bit payloads to align them; unaligned here on
        // purpose, as a reader must not assume either.
        std::vector<std::uint8_t> bytes64(stats64.size() * 8);
        std::memcpy(bytes64.data(), stats64.data(), bytes64.size());
        NetlinkBytes::attribute(body, kIflaStats64 | 0x8000, bytes64);  // a flag bit set too
    }
    b.message(kRtmNewLink, body);
}

struct Address {
    std::uint8_t family;  // 2 or 10
    std::uint32_t index;
    std::vector<std::uint8_t> address;  // IFA_ADDRESS; empty to leave out
    std::vector<std::uint8_t> local;    // IFA_LOCAL; empty to leave out
};

void addAddress(NetlinkBytes& b, const Address& a) {
    std::vector<std::uint8_t> body(kIfaddrmsgSize, 0);
    body[0] = a.family;
    body[1] = a.family == 2 ? 24 : 64;
    std::memcpy(body.data() + 4, &a.index, 4);
    if (!a.address.empty()) {
        NetlinkBytes::attribute(body, kIfaAddress, a.address);
    }
    if (!a.local.empty()) {
        NetlinkBytes::attribute(body, kIfaLocal, a.local);
    }
    b.message(kRtmNewAddr, body);
}

}  // namespace

TEST(RtnetlinkLinks, EachLinkReadsAsSysfsAndProcNetDevDescribeIt) {
    NetlinkBytes b;
    addLink(b, {772, 1, "lo", {0, 0, 0, 0, 0, 0}, 65536, 0, {{0, 7}, {1, 7}, {2, 700}, {3, 700}}});
    addLink(b, {1,
                4,
                "eth0",
                {0x02, 0xfc, 0, 0, 0, 0x01},
                1400,
                6,
                {{0, 10},
                 {1, 20},
                 {2, 5000000000ull},
                 {3, 6000},
                 {4, 3},
                 {5, 4},
                 {6, 5},
                 {7, 6},
                 {15, 2}}});
    b.done();
    std::vector<LinkRow> rows;
    const auto batch = parseLinkBatch(b.bytes.data(), b.bytes.size(), rows);
    EXPECT_TRUE(batch.done);
    EXPECT_EQ(batch.error, 0);
    EXPECT_FALSE(batch.malformed);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].nic.name, "lo");
    EXPECT_EQ(rows[0].nic.friendly_name, "lo");
    EXPECT_EQ(rows[0].arphrd, 772u);
    EXPECT_EQ(rows[0].nic.mac, "00:00:00:00:00:00");
    EXPECT_EQ(rows[0].nic.oper_status, "unknown");
    EXPECT_EQ(rows[0].nic.bytes_received, 700u);
    const InterfaceInfo& eth = rows[1].nic;
    EXPECT_EQ(eth.name, "eth0");
    EXPECT_EQ(eth.index, 4u);
    EXPECT_EQ(eth.mac, "02:fc:00:00:00:01");
    EXPECT_EQ(eth.mtu, 1400u);
    EXPECT_EQ(eth.oper_status, "up");
    EXPECT_EQ(eth.packets_received, 10u);
    EXPECT_EQ(eth.packets_sent, 20u);
    EXPECT_EQ(eth.bytes_received, 5000000000ull) << "64-bit counters preferred over IFLA_STATS";
    EXPECT_EQ(eth.bytes_sent, 6000u);
    EXPECT_EQ(eth.receive_errors, 3u);
    EXPECT_EQ(eth.transmit_errors, 4u);
    EXPECT_EQ(eth.receive_discards, 7u) << "/proc/net/dev's drop: rx_dropped + rx_missed_errors";
    EXPECT_EQ(eth.transmit_discards, 6u);
}

TEST(RtnetlinkLinks, OldKernelsThirtyTwoBitCountersAndDevicesWithoutAnAddress) {
    NetlinkBytes b;
    addLink(b, {65534, 9, "tun0", {}, 1500, 2, {{2, 123}, {3, 456}}, true});
    std::vector<LinkRow> rows;
    const auto batch = parseLinkBatch(b.bytes.data(), b.bytes.size(), rows);
    EXPECT_FALSE(batch.done) << "more datagrams follow until NLMSG_DONE";
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].nic.mac, "") << "sysfs writes an empty address for addr_len 0";
    EXPECT_EQ(rows[0].nic.oper_status, "down");
    EXPECT_EQ(rows[0].nic.bytes_received, 123u);
    EXPECT_EQ(rows[0].nic.bytes_sent, 456u);
}

TEST(RtnetlinkLinks, OperStatesAreSysfsWords) {
    EXPECT_EQ(linuxOperStateName(0), "unknown");
    EXPECT_EQ(linuxOperStateName(1), "notpresent");
    EXPECT_EQ(linuxOperStateName(3), "lowerlayerdown");
    EXPECT_EQ(linuxOperStateName(4), "testing");
    EXPECT_EQ(linuxOperStateName(5), "dormant");
    EXPECT_EQ(linuxOperStateName(6), "up");
    EXPECT_EQ(linuxOperStateName(7), "unknown");
    EXPECT_EQ(linuxOperStateName(255), "unknown");
}

TEST(RtnetlinkLinks, BrokenMessagesAreSkippedOrEndTheBatchNeverReadPast) {
    NetlinkBytes nameless;
    addLink(nameless, {1, 3, "", {1, 2, 3, 4, 5, 6}, 1500, 6, {}});
    std::vector<LinkRow> rows;
    parseLinkBatch(nameless.bytes.data(), nameless.bytes.size(), rows);
    EXPECT_TRUE(rows.empty()) << "a link without a name is left out";

    NetlinkBytes short_body;
    short_body.message(kRtmNewLink, std::vector<std::uint8_t>(kIfinfomsgSize - 1, 0));
    auto batch = parseLinkBatch(short_body.bytes.data(), short_body.bytes.size(), rows);
    EXPECT_FALSE(batch.malformed);
    EXPECT_TRUE(rows.empty());

    // An attribute whose length runs past its message: the attributes before it still count.
    auto body = ifinfomsg(1, 5);
    NetlinkBytes::attribute(body, kIflaIfname, {'e', 't', 'h', '1', 0});
    NetlinkBytes::attribute(body, kIflaMtu, NetlinkBytes::valueBytes(std::uint32_t{9000}));
    const std::uint16_t too_long = 200;
    const std::size_t at = body.size();
    NetlinkBytes::attribute(body, kIflaOperstate, {6});
    std::memcpy(body.data() + at, &too_long, 2);
    NetlinkBytes overrun;
    overrun.message(kRtmNewLink, body);
    batch = parseLinkBatch(overrun.bytes.data(), overrun.bytes.size(), rows);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].nic.name, "eth1");
    EXPECT_EQ(rows[0].nic.mtu, 9000u);
    EXPECT_EQ(rows[0].nic.oper_status, "unknown");

    // Stats too short for the fields read are ignored, not read past.
    auto stats_body = ifinfomsg(1, 6);
    NetlinkBytes::attribute(stats_body, kIflaIfname, {'e', 't', 'h', '2', 0});
    NetlinkBytes::attribute(stats_body, kIflaStats64, std::vector<std::uint8_t>(40, 0xff));
    NetlinkBytes short_stats;
    short_stats.message(kRtmNewLink, stats_body);
    rows.clear();
    parseLinkBatch(short_stats.bytes.data(), short_stats.bytes.size(), rows);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].nic.bytes_received, 0u);

    NetlinkBytes refused;
    refused.error(-1);  // EPERM
    rows.clear();
    batch = parseLinkBatch(refused.bytes.data(), refused.bytes.size(), rows);
    EXPECT_EQ(batch.error, 1);
    NetlinkBytes cut;
    addLink(cut, {1, 7, "eth3", {}, 1500, 6, {}});
    std::uint32_t past = static_cast<std::uint32_t>(cut.bytes.size() + 8);
    std::memcpy(cut.bytes.data(), &past, 4);
    batch = parseLinkBatch(cut.bytes.data(), cut.bytes.size(), rows);
    EXPECT_TRUE(batch.malformed);
    EXPECT_TRUE(rows.empty());
}

// What any dump's reader must see in the messages themselves (collectors/netlink_batch.h).
TEST(NetlinkBatch, AnInterruptedDumpOrADoneCarryingAnErrorIsNotTakenAsComplete) {
    NetlinkBytes clean;
    addLink(clean, {1, 2, "eth0", {}, 1500, 6, {}});
    clean.done();
    std::vector<LinkRow> rows;
    auto batch = parseLinkBatch(clean.bytes.data(), clean.bytes.size(), rows);
    EXPECT_TRUE(batch.done);
    EXPECT_FALSE(batch.interrupted);
    EXPECT_EQ(batch.error, 0);

    // The kernel sets NLM_F_DUMP_INTR on the messages written after its table changed.
    auto body = ifinfomsg(1, 3);
    NetlinkBytes::attribute(body, kIflaIfname, {'e', 't', 'h', '1', 0});
    NetlinkBytes changed;
    changed.message(kRtmNewLink, body, kNlmFDumpIntr | 0x2 /* NLM_F_MULTI */).done();
    rows.clear();
    batch = parseLinkBatch(changed.bytes.data(), changed.bytes.size(), rows);
    EXPECT_TRUE(batch.done);
    EXPECT_TRUE(batch.interrupted);

    NetlinkBytes failed;
    failed.done(-90);  // EMSGSIZE: the dump stopped on the way
    batch = parseLinkBatch(failed.bytes.data(), failed.bytes.size(), rows);
    EXPECT_TRUE(batch.done);
    EXPECT_EQ(batch.error, 90);
}

TEST(RtnetlinkAddresses, LocalNamesTheAddressWhereBothAreGivenAsGetifaddrsDoes) {
    NetlinkBytes b;
    addAddress(b, {2, 1, {127, 0, 0, 1}, {127, 0, 0, 1}});
    // A point-to-point link: IFA_ADDRESS is the peer, IFA_LOCAL ours.
    addAddress(b, {2, 7, {10, 0, 0, 2}, {10, 0, 0, 1}});
    addAddress(b, {10, 1, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, {}});
    addAddress(b, {10, 4, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0xfc, 0, 0xff, 0xfe, 0, 0, 1}, {}});
    addAddress(b, {2, 4, {}, {}});       // neither: left out
    addAddress(b, {17, 4, {1}, {}});     // AF_PACKET: not an IP address
    addAddress(b, {2, 4, {10, 0}, {}});  // too short for IPv4
    b.done();
    std::vector<AddressRow> rows;
    const auto batch = parseAddressBatch(b.bytes.data(), b.bytes.size(), rows);
    EXPECT_TRUE(batch.done);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].index, 1u);
    EXPECT_EQ(rows[0].family, 4);
    EXPECT_EQ(rows[0].address, "127.0.0.1");
    EXPECT_EQ(rows[1].index, 7u);
    EXPECT_EQ(rows[1].address, "10.0.0.1");
    EXPECT_EQ(rows[2].family, 6);
    EXPECT_EQ(rows[2].address, "::1");
    EXPECT_EQ(rows[3].index, 4u);
    EXPECT_EQ(rows[3].address, "fe80::fc:ff:fe00:1");
}

}  // namespace sysmetrics
