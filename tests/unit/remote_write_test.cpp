#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <protozero/pbf_reader.hpp>

#include "base/file_read.h"
#include "collectors/memory.h"
#include "config/config.h"
#include "http/remote_write/disk_queue.h"
#include "http/remote_write/snapshot_samples.h"
#include "http/remote_write/write_request.h"
#include "service/collector_catalog.h"
#include "tests/common/fifo.h"
#include "tests/common/scratch_dir.h"

namespace sysmetrics {

namespace {

namespace fs = std::filesystem;

struct DecodedSeries {
    Labels labels;
    std::vector<std::pair<double, std::int64_t>> samples;
};

// The reference decoding: protozero's reader over the fields of prompb's remote.proto.
std::vector<DecodedSeries> decode(const std::string& raw) {
    std::vector<DecodedSeries> out;
    protozero::pbf_reader request(raw);
    while (request.next(1)) {
        protozero::pbf_reader series = request.get_message();
        DecodedSeries decoded;
        while (series.next()) {
            if (series.tag() == 1) {
                protozero::pbf_reader label = series.get_message();
                std::string name, value;
                while (label.next()) {
                    // The tag before the value: protozero's checking builds clear it once the
                    // field is read (and C++17 evaluates an assignment's right side first).
                    const bool is_name = label.tag() == 1;
                    (is_name ? name : value) = label.get_string();
                }
                decoded.labels.emplace_back(name, value);
            } else if (series.tag() == 2) {
                protozero::pbf_reader sample = series.get_message();
                double value = 0;
                std::int64_t timestamp = 0;
                while (sample.next()) {
                    if (sample.tag() == 1) {
                        value = sample.get_double();
                    } else {
                        timestamp = sample.get_int64();
                    }
                }
                decoded.samples.emplace_back(value, timestamp);
            } else {
                ADD_FAILURE() << "unexpected TimeSeries field " << series.tag();
                series.skip();
            }
        }
        out.push_back(decoded);
    }
    return out;
}

std::string freshDirectory(const std::string& name) {
    const fs::path dir = fs::path(::testing::TempDir()) / ("sysmetrics_rw_" + name);
    fs::remove_all(dir);
    return dir.string();
}

std::string configError(const std::string& json) {
    auto result = applyConfigJson(defaultConfig(), json, "test.json");
    return result.ok() ? "" : result.error().message;
}

}  // namespace

TEST(RemoteWriteEncoder, SortsLabelsAddsExtraOnesAndRoundTripsThroughSnappy) {
    WriteRequestEncoder encoder({{"instance", "host-1"}, {"job", "sysmetrics"}});
    EXPECT_TRUE(encoder.add("windows_cpu_time_total", {{"mode", "idle"}, {"core", "0,0"}}, 12.5,
                            1700000000123));
    EXPECT_TRUE(encoder.add("up", {{"job", "own"}}, 1, -5));
    EXPECT_EQ(encoder.samples(), 2u);
    std::string raw;
    ASSERT_TRUE(snappyUncompress(snappyCompress(encoder.take()), raw));
    EXPECT_EQ(encoder.samples(), 0u);
    const auto series = decode(raw);
    ASSERT_EQ(series.size(), 2u);
    EXPECT_EQ(series[0].labels, (Labels{{"__name__", "windows_cpu_time_total"},
                                        {"core", "0,0"},
                                        {"instance", "host-1"},
                                        {"job", "sysmetrics"},
                                        {"mode", "idle"}}));
    EXPECT_EQ(series[0].samples,
              (std::vector<std::pair<double, std::int64_t>>{{12.5, 1700000000123}}));
    // The series' own label wins over an extra one, as with Prometheus' external_labels.
    EXPECT_EQ(series[1].labels,
              (Labels{{"__name__", "up"}, {"instance", "host-1"}, {"job", "own"}}));
    EXPECT_EQ(series[1].samples[0].second, -5);
}

// windows_os_hostname{domain=""} on a machine in no domain: Prometheus has no empty labels, so
// what the receiver stores (and a query of /metrics' labels finds) has no domain label at all.
TEST(RemoteWriteEncoder, LeavesOutLabelsWithAnEmptyValue) {
    WriteRequestEncoder encoder({{"instance", "host-1"}, {"site", ""}});
    EXPECT_TRUE(encoder.add("windows_os_hostname",
                            {{"domain", ""}, {"hostname", "vm"}, {"instance", ""}}, 1, 10));
    const auto series = decode(encoder.take());
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(
        series[0].labels,
        (Labels{{"__name__", "windows_os_hostname"}, {"hostname", "vm"}, {"instance", "host-1"}}));
}

TEST(RemoteWriteEncoder, ReplacesInvalidUtf8AndKeepsADuplicateOnce) {
    WriteRequestEncoder encoder;
    EXPECT_TRUE(encoder.add("m",
                            {{"name", std::string("a\xff"
                                                  "b")}},
                            1, 10));
    EXPECT_FALSE(encoder.add("m",
                             {{"name", std::string("a\xff"
                                                   "b")}},
                             2, 10));
    EXPECT_TRUE(encoder.add("m",
                            {{"name", std::string("a\xff"
                                                  "b")}},
                            2, 11));
    const auto series = decode(encoder.take());
    ASSERT_EQ(series.size(), 2u);
    EXPECT_EQ(series[0].labels[1].second,
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(series[0].samples[0].first, 1);
}

TEST(RemoteWriteEncoder, HandsOverAFullRequestAndStartsTheNext) {
    WriteRequestEncoder encoder;
    std::vector<std::size_t> requests;
    encoder.onFull(3, [&] {
        encoder.add("self", {}, 1, 99);  // as the writer adds its self-metrics: no recursion
        requests.push_back(decode(encoder.take()).size());
    });
    for (int i = 0; i < 7; i++) {
        encoder.add("m", {{"i", std::to_string(i)}}, i, 1);
    }
    EXPECT_EQ(requests, (std::vector<std::size_t>{4, 4}));
    EXPECT_EQ(encoder.samples(), 1u);
}

TEST(RemoteWriteEncoder, TakesTheFamiliesOfASectionStampedWithItsCollectionTime) {
    auto memory = std::make_shared<MemorySection>();
    memory->collected_at = 1700000000.5;
    memory->physical_total_bytes = 8192;
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->version = 1;
    snapshot->sections[MemorySection::kName] = memory;
    CollectorStatus status;
    status.name = MemorySection::kName;
    status.last_attempt = 1700000000.5;
    status.runs_total = 3;
    snapshot->status[status.name] = status;

    SnapshotSamples samples(RenderContext(MetricNaming::windows), catalogExpositions(), {});
    WriteRequestEncoder encoder;
    const std::uint64_t taken = samples.takeNew(*snapshot, encoder);
    EXPECT_GT(taken, 2u);
    EXPECT_EQ(samples.takeNew(*snapshot, encoder), 0u) << "the same collection twice";
    bool found_total = false;
    bool found_runs = false;
    for (const auto& series : decode(encoder.take())) {
        ASSERT_EQ(series.samples.size(), 1u);
        EXPECT_EQ(series.samples[0].second, 1700000000500);
        found_total |= series.labels[0].second == "windows_memory_physical_total_bytes" &&
                       series.samples[0].first == 8192;
        found_runs |= series.labels[0].second == "sysmetrics_collector_runs_total" &&
                      series.samples[0].first == 3;
    }
    EXPECT_TRUE(found_total);
    EXPECT_TRUE(found_runs);
}

// Pushed as /metrics renders them, so a fleet's windows_exporter health alerts work over remote
// write too; stamped with the newest attempt, so a later push never repeats a timestamp.
TEST(RemoteWriteEncoder, TakesWindowsExportersCollectorHealthWithTheNewestAttempt) {
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->version = 1;
    for (const auto& [name, attempt] :
         {std::pair<const char*, double>{"memory", 1700000000.5}, {"system", 1700000002.25}}) {
        CollectorStatus status;
        status.name = name;
        status.state = CollectorState::ok;
        status.last_attempt = attempt;
        snapshot->status[name] = status;
    }
    snapshot->status["memory"].state = CollectorState::failing;
    SnapshotSamples samples(RenderContext(MetricNaming::windows), catalogExpositions(), {});
    WriteRequestEncoder encoder;
    samples.takeNew(*snapshot, encoder);
    std::map<std::string, std::pair<double, std::int64_t>> success;  // collector -> sample
    for (const auto& series : decode(encoder.take())) {
        if (series.labels[0].second == "windows_exporter_collector_success") {
            for (const auto& [name, value] : series.labels) {
                if (name == "collector") {
                    success[value] = series.samples.at(0);
                }
            }
        }
    }
    EXPECT_EQ(success["memory"], std::make_pair(0.0, std::int64_t{1700000002250}));
    EXPECT_EQ(success["cs"].first, 0.0);  // memory and system
    EXPECT_EQ(success["system"], std::make_pair(1.0, std::int64_t{1700000002250}));
    EXPECT_EQ(samples.takeNew(*snapshot, encoder), 0u) << "nothing new: nothing again";
    // memory's next attempt began before system's last: its own series move on, the health
    // families wait for a later stamp (Prometheus refused the whole request for one older sample).
    snapshot->status["memory"].last_attempt = 1700000001.0;
    EXPECT_GT(samples.takeNew(*snapshot, encoder), 0u);
    for (const auto& series : decode(encoder.take())) {
        EXPECT_NE(series.labels[0].second.rfind("windows_exporter_", 0), 0u)
            << series.labels[0].second;
    }
    // A later attempt within the same millisecond: no second value at that stamp.
    snapshot->status["memory"].last_attempt = 1700000002.2504;
    samples.takeNew(*snapshot, encoder);
    for (const auto& series : decode(encoder.take())) {
        EXPECT_NE(series.labels[0].second.rfind("windows_exporter_", 0), 0u)
            << series.labels[0].second;
    }
    snapshot->status["system"].last_attempt = 1700000003.0;
    samples.takeNew(*snapshot, encoder);
    bool later = false;
    for (const auto& series : decode(encoder.take())) {
        later |= series.labels[0].second == "windows_exporter_collector_success" &&
                 series.samples.at(0).second == 1700000003000;
    }
    EXPECT_TRUE(later);
    SnapshotSamples linux_samples(RenderContext(MetricNaming::linux), catalogExpositions(), {});
    linux_samples.takeNew(*snapshot, encoder);
    for (const auto& series : decode(encoder.take())) {
        EXPECT_NE(series.labels[0].second.rfind("windows_exporter_", 0), 0u);
    }
}

TEST(RemoteWriteQueue, KeepsOrderAcrossReopenAndDropsTheOldestWhenFull) {
    const std::string dir = freshDirectory("order");
    std::uint64_t file_bytes = 0;
    {
        auto queue = DiskQueue::open(dir, 1 << 20);
        ASSERT_TRUE(queue.ok()) << queue.error().describe();
        for (int i = 0; i < 3; i++) {
            auto dropped = queue->push(std::string(100, static_cast<char>('a' + i)), 10 + i);
            ASSERT_TRUE(dropped.ok());
            EXPECT_EQ(dropped.value(), 0u);
        }
        file_bytes = queue->bytes() / 3;
        EXPECT_EQ(queue->samples(), 33u);
    }
    std::ofstream(fs::path(dir) / "00000000000000000009.wrq.tmp") << "half a write";
    auto queue = DiskQueue::open(dir, file_bytes * 3);
    ASSERT_TRUE(queue.ok());
    EXPECT_EQ(queue->requests(), 3u);
    EXPECT_FALSE(fs::exists(fs::path(dir) / "00000000000000000009.wrq.tmp"));
    auto first = queue->front();
    ASSERT_TRUE(first);
    EXPECT_EQ(queue->read(*first).value(), std::string(100, 'a'));

    // Full: the oldest not being sent goes, and its samples are what push reports.
    queue->setInFlight(first->sequence);
    auto dropped = queue->push(std::string(100, 'd'), 13);
    ASSERT_TRUE(dropped.ok());
    EXPECT_EQ(dropped.value(), 11u);
    EXPECT_EQ(queue->requests(), 3u);
    queue->remove(first->sequence);
    EXPECT_EQ(queue->read(*queue->front()).value(), std::string(100, 'c'));
    EXPECT_EQ(queue->samples(), 12u + 13u);

    // Larger than the whole bound: never written, all its samples dropped.
    dropped = queue->push(std::string(file_bytes * 4, 'x'), 99);
    ASSERT_TRUE(dropped.ok());
    EXPECT_EQ(dropped.value(), 99u);
    EXPECT_EQ(queue->requests(), 2u);
}

TEST(RemoteWriteQueue, ReportsATruncatedFileInsteadOfSendingIt) {
    const std::string dir = freshDirectory("truncated");
    {
        auto queue = DiskQueue::open(dir, 1 << 20);
        ASSERT_TRUE(queue.ok());
        ASSERT_TRUE(queue->push(std::string(100, 'a'), 5).ok());
    }
    const fs::path file = fs::path(dir) / "00000000000000000001.wrq";
    fs::resize_file(file, 50);
    auto queue = DiskQueue::open(dir, 1 << 20);
    ASSERT_TRUE(queue.ok());
    auto read = queue->read(*queue->front());
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.error().describe().find("00000000000000000001.wrq"), std::string::npos);
}

TEST(RemoteWriteConfig, ParsesAFullSection) {
    const std::string token = ::testing::TempDir() + "rw_token";
    std::ofstream(token) << "secret\n";
    auto result = applyConfigJson(defaultConfig(),
                                  R"({"remote_write": {
        "url": "https://[::1]:9090/api/v1/write", "interval_seconds": 5,
        "collectors": ["cpu", "memory"], "labels": {"instance": "h1"},
        "bearer_token_file": )" + nlohmann::json(token).dump() +
                                      R"(, "tls": {"insecure_skip_verify": true},
        "queue": {"directory": "q", "max_bytes": 100000}}})",
                                  "test.json");
    ASSERT_TRUE(result.ok()) << result.error().message;
    const RemoteWriteConfig& rw = result->remote_write;
    EXPECT_TRUE(rw.enabled());
    EXPECT_EQ(rw.interval.count(), 5000);
    EXPECT_EQ(rw.collectors, (std::vector<std::string>{"cpu", "memory"}));
    EXPECT_EQ(rw.labels.at("instance"), "h1");
    EXPECT_EQ(rw.queue_max_bytes, 100000u);
    auto url = parseRemoteWriteUrl(rw.url);
    ASSERT_TRUE(url.ok());
    EXPECT_EQ(url->origin(), "https://[::1]:9090");
    EXPECT_EQ(url->path, "/api/v1/write");
    EXPECT_EQ(parseRemoteWriteUrl("http://h").value().origin(), "http://h:80");
}

TEST(RemoteWriteConfig, ErrorsNameTheKey) {
    EXPECT_NE(configError(R"({"remote_write": {"url": "ftp://x"}})").find("'remote_write.url'"),
              std::string::npos);
    EXPECT_NE(configError(R"({"remote_write": {"url": "http://u:p@x/"}})").find("credentials"),
              std::string::npos);
    EXPECT_NE(configError(R"({"remote_write": {"collectors": ["nope"]}})")
                  .find("'remote_write.collectors': unknown collector 'nope'"),
              std::string::npos);
    EXPECT_NE(configError(R"({"remote_write": {"labels": {"__x": "1"}}})")
                  .find("'remote_write.labels.__x'"),
              std::string::npos);
    EXPECT_NE(configError(R"({"remote_write": {"queue": {"max_bytes": 10}}})")
                  .find("'remote_write.queue.max_bytes'"),
              std::string::npos);
    EXPECT_NE(configError(R"({"remote_write": {"bearer_token_file": "/no/such/file"}})")
                  .find("'remote_write.bearer_token_file' names '/no/such/file'"),
              std::string::npos);
    EXPECT_NE(configError(R"({"remote_write": {"interval_seconds": 0.01}})")
                  .find("'remote_write.interval_seconds'"),
              std::string::npos);
    EXPECT_NE(
        configError(R"({"remote_write": {"min_backoff_seconds": 9, "max_backoff_seconds": 1}})")
            .find("min_backoff_seconds"),
        std::string::npos);
    EXPECT_NE(
        configError(R"({"remote_write": {"basic_auth": {"username": "u"}}})").find("go together"),
        std::string::npos);
    EXPECT_NE(configError(R"({"remote_write": {"bogus": 1}})").find("'remote_write.bogus'"),
              std::string::npos);
}

// The files remote_write names are read as the config file is: a FIFO waited forever for a
// writer (check-config hung), a device was read until memory ran out. The error names the key and
// the path.
#ifndef _WIN32
TEST(RemoteWriteConfig, AFifoOrDeviceAsASecretOrCaFileIsAnErrorNamingTheKey) {
    const test::ScratchDir scratch;
    const std::string fifo = (scratch.path() / "token-fifo").string();
    ASSERT_TRUE(test::makeFifo(fifo));
    std::string error;
    EXPECT_TRUE(test::returnsWithin(std::chrono::seconds(10), fifo, [&] {
        error = configError(R"({"remote_write": {"url": "http://127.0.0.1:9/x",
            "bearer_token_file": )" +
                            nlohmann::json(fifo).dump() + "}}");
    }));
    EXPECT_NE(error.find("key 'remote_write.bearer_token_file' names '" + fifo +
                         "', which is not a regular file"),
              std::string::npos)
        << error;

    error = configError(R"({"remote_write": {"tls": {"ca_file": "/dev/urandom"}}})");
    EXPECT_NE(error.find("key 'remote_write.tls.ca_file' names '/dev/urandom', which is not a "
                         "regular file"),
              std::string::npos)
        << error;
    error = configError(
        R"({"remote_write": {"basic_auth": {"username": "u", "password_file": "/dev/zero"}}})");
    EXPECT_NE(error.find("key 'remote_write.basic_auth.password_file' names '/dev/zero'"),
              std::string::npos)
        << error;
}
#endif

TEST(RemoteWriteConfig, ASecretFileOverTheBoundIsAnErrorNamingTheKey) {
    const test::ScratchDir scratch;
    const std::string huge = (scratch.path() / "huge.pem").string();
    std::ofstream(huge, std::ios::binary) << std::string(kMaxConfiguredFileBytes + 1, '-');
    const std::string error = configError(R"({"remote_write": {"tls": {"ca_file": )" +
                                          nlohmann::json(huge).dump() + "}}}");
    EXPECT_NE(error.find("key 'remote_write.tls.ca_file' names '" + huge + "', which is " +
                         std::to_string(kMaxConfiguredFileBytes + 1) +
                         " bytes; a certificate or key file may have at most " +
                         std::to_string(kMaxConfiguredFileBytes)),
              std::string::npos)
        << error;
}

// An empty token file (or one of whitespace only) was accepted, and every request then carried
// "Authorization: Bearer " with no token.
TEST(RemoteWriteConfig, AnEmptyTokenFileIsAnErrorNamingTheKey) {
    const test::ScratchDir scratch;
    for (const std::string content : {"", " \r\n\t\n"}) {
        const std::string token = (scratch.path() / "token").string();
        std::ofstream(token, std::ios::binary) << content;
        const std::string error = configError(R"({"remote_write": {"bearer_token_file": )" +
                                              nlohmann::json(token).dump() + "}}");
        EXPECT_NE(error.find("key 'remote_write.bearer_token_file' names '" + token +
                             "', which is empty"),
                  std::string::npos)
            << "content '" << content << "': " << error;
    }
}

// A token with a newline inside passed check-config, and the client then wrote it into the
// Authorization header as it was: the header split in two at the newline. A form feed alone
// passed check-config as a token and was sent.
TEST(RemoteWriteConfig, ATokenWithAControlCharacterIsAnErrorNamingTheKeyAndTheByte) {
    const test::ScratchDir scratch;
    const std::pair<std::string, std::string> cases[] = {
        {"abc\nX-Injected: 1\n", "control character 0x0a at byte 3"},
        {"\f", "control character 0x0c at byte 0"},
        {"  tok\x7f", "control character 0x7f at byte 5"},
    };
    for (const auto& [content, expected] : cases) {
        const std::string token = (scratch.path() / "token").string();
        std::ofstream(token, std::ios::binary) << content;
        const std::string error = configError(R"({"remote_write": {"bearer_token_file": )" +
                                              nlohmann::json(token).dump() + "}}");
        EXPECT_NE(error.find("key 'remote_write.bearer_token_file' names '" + token +
                             "', which holds " + expected + ", which an HTTP header cannot carry"),
                  std::string::npos)
            << error;
    }
}

TEST(RemoteWriteConfig, ABearerTokenIsTheContentWithoutSurroundingBlanks) {
    auto token = bearerTokenFrom(" \tab.c\td-e_f=\r\n");
    ASSERT_TRUE(token.ok()) << token.error().message;
    EXPECT_EQ(token.value(), "ab.c\td-e_f=");
    EXPECT_EQ(bearerTokenFrom("\r\n").error().message, "is empty: it must hold the token");
}

}  // namespace sysmetrics
