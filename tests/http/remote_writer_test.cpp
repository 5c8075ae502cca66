// RemoteWriter's own threads against an in-process receiver on 127.0.0.1 that answers what each
// test needs (the real Prometheus is in tests/remote_write/): the headers remote write 1.0
// requires, retry of 5xx in order, drop of 4xx counted, and a restart resuming the queue.
#include <httplib.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <protozero/pbf_reader.hpp>
#include <set>
#include <thread>

#include "base/clock.h"
#include "collectors/memory.h"
#include "collectors/time.h"
#include "http/remote_write/remote_writer.h"
#include "service/collector_catalog.h"
#include "tests/common/eventually.h"
#include "tests/http/listening_server.h"

namespace sysmetrics {

namespace {

struct Received {
    std::string content_encoding, content_type, version, user_agent;
    std::vector<std::int64_t> timestamps;  // of windows_memory_physical_total_bytes
    std::set<std::string> names;           // of every series
};

class FakeReceiver {
public:
    FakeReceiver() {
        http_.server.Post(
            "/api/v1/write", [this](const httplib::Request& request, httplib::Response& response) {
                std::lock_guard<std::mutex> lock(mutex_);
                if (!answers_.empty()) {
                    response.status = answers_.front();
                    answers_.erase(answers_.begin());
                    return;
                }
                Received got{request.get_header_value("Content-Encoding"),
                             request.get_header_value("Content-Type"),
                             request.get_header_value("X-Prometheus-Remote-Write-Version"),
                             request.get_header_value("User-Agent"),
                             {},
                             {}};
                std::string raw;
                if (!snappyUncompress(request.body, raw)) {
                    response.status = 400;
                    return;
                }
                protozero::pbf_reader write_request(raw);
                while (write_request.next(1)) {
                    protozero::pbf_reader series = write_request.get_message();
                    bool wanted = false;
                    std::int64_t timestamp = 0;
                    while (series.next()) {
                        // The tag before the value: protozero's checking builds
                        // clear it once the field is read.
                        const auto field = series.tag();
                        protozero::pbf_reader item = series.get_message();
                        if (field == 1) {
                            std::string name, value;
                            while (item.next()) {
                                const bool is_name = item.tag() == 1;
                                (is_name ? name : value) = item.get_string();
                            }
                            if (name == "__name__") {
                                got.names.insert(value);
                            }
                            wanted |= name == "__name__" &&
                                      value == "windows_memory_physical_total_bytes";
                        } else {
                            while (item.next()) {
                                if (item.tag() == 2) {
                                    timestamp = item.get_int64();
                                } else {
                                    item.skip();
                                }
                            }
                        }
                    }
                    if (wanted) {
                        got.timestamps.push_back(timestamp);
                    }
                }
                received_.push_back(got);
                response.status = 204;
            });
        http_.start();
    }
    void answerNext(std::vector<int> statuses) {
        std::lock_guard<std::mutex> lock(mutex_);
        answers_ = std::move(statuses);
    }
    std::vector<Received> received() {
        std::lock_guard<std::mutex> lock(mutex_);
        return received_;
    }
    std::vector<std::int64_t> timestamps() {
        std::vector<std::int64_t> all;
        for (const auto& got : received()) {
            all.insert(all.end(), got.timestamps.begin(), got.timestamps.end());
        }
        return all;
    }
    int port() const { return http_.port(); }

private:
    std::mutex mutex_;
    std::vector<int> answers_;
    std::vector<Received> received_;
    ListeningServer<httplib::Server> http_;
};

class RemoteWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        queue_ = (std::filesystem::path(::testing::TempDir()) /
                  ("sysmetrics_writer_" +
                   std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())))
                     .string();
        std::filesystem::remove_all(queue_);
        config_.url = "http://127.0.0.1:" + std::to_string(receiver_.port()) + "/api/v1/write";
        config_.min_backoff = std::chrono::milliseconds(10);
        config_.max_backoff = std::chrono::milliseconds(40);
        config_.queue_directory = queue_;
        config_.labels = {{"instance", "test"}};
    }

    std::unique_ptr<RemoteWriter> startWriter(const RemoteWriter* earlier = nullptr) {
        auto writer = std::make_unique<RemoteWriter>(
            config_, store_, RenderContext(MetricNaming::windows), catalogExpositions(),
            metricsReadsOf(catalogHttp(), {}), RuntimeInfo{"1.2.3", "test", 1, "", "", ""}, stats_);
        if (earlier) {
            writer->resumeAfter(*earlier);  // as App does on reload
        }
        auto started = writer->start();
        EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().describe());
        return writer;
    }

    // One collection of a "memory" collector, stamped `at`, once the writer has captured the
    // one before: a collector publishes at most every 0.1 s, and versions published faster
    // than the capture thread wakes are taken together (the latest of each collector).
    void collect(double at) {
        auto memory = std::make_shared<MemorySection>();
        memory->collected_at = at;
        memory->physical_total_bytes = 1024;
        CollectorStatus status;
        status.name = MemorySection::kName;
        status.last_attempt = at;
        status.runs_total = ++runs_;
        store_->publish(status, memory);
        ASSERT_TRUE(test::eventually([&] { return stats_->view().samples_total > captured_; }));
        captured_ = stats_->view().samples_total;
    }

    FakeReceiver receiver_;
    RemoteWriteConfig config_;
    std::string queue_;
    std::shared_ptr<SnapshotStore> store_ = std::make_shared<SnapshotStore>();
    std::shared_ptr<RemoteWriteStats> stats_ = std::make_shared<RemoteWriteStats>();
    std::uint64_t runs_ = 0;
    std::uint64_t captured_ = 0;  // samples_total after the last collection was captured
};

}  // namespace

TEST_F(RemoteWriterTest, SendsEachCollectionWithTheRequiredHeadersRetryingServerErrorsInOrder) {
    receiver_.answerNext({503, 500, 429});
    auto writer = startWriter();
    for (int i = 1; i <= 5; i++) {
        collect(1000 + i);
    }
    ASSERT_TRUE(test::eventually([&] { return receiver_.timestamps().size() >= 5; }))
        << receiver_.timestamps().size();
    writer->stop();
    EXPECT_EQ(receiver_.timestamps(),
              (std::vector<std::int64_t>{1001000, 1002000, 1003000, 1004000, 1005000}));
    const Received first = receiver_.received().front();
    EXPECT_EQ(first.content_encoding, "snappy");
    EXPECT_EQ(first.content_type, "application/x-protobuf");
    EXPECT_EQ(first.version, "0.1.0");
    EXPECT_EQ(first.user_agent, "sysmetrics/1.2.3");
    const auto view = stats_->view();
    EXPECT_EQ(view.sends.at("retry"), 3u);
    EXPECT_GT(view.samples_failed, 0u);
    EXPECT_EQ(view.samples_total, view.samples_sent + view.queued_samples);
    EXPECT_EQ(view.samples_dropped.at("rejected"), 0u);
}

TEST_F(RemoteWriterTest, DropsWhatTheReceiverRefusesAndCountsIt) {
    receiver_.answerNext({400});
    auto writer = startWriter();
    collect(2001);
    ASSERT_TRUE(
        test::eventually([&] { return stats_->view().samples_dropped.at("rejected") > 0; }));
    collect(2002);
    ASSERT_TRUE(test::eventually([&] { return !receiver_.timestamps().empty(); }));
    writer->stop();
    EXPECT_EQ(receiver_.timestamps(), (std::vector<std::int64_t>{2002000}));
    const auto view = stats_->view();
    EXPECT_EQ(view.samples_total,
              view.samples_sent + view.samples_dropped.at("rejected") + view.queued_samples);
}

TEST_F(RemoteWriterTest, ARestartSendsWhatTheLastRunQueued) {
    config_.url = "http://127.0.0.1:1/api/v1/write";  // nothing listens: everything queues
    auto first = startWriter();
    collect(3001);
    collect(3002);
    ASSERT_TRUE(test::eventually([&] { return stats_->view().queued_requests >= 2; }));
    first->stop();
    config_.url = "http://127.0.0.1:" + std::to_string(receiver_.port()) + "/api/v1/write";
    auto writer = startWriter(first.get());
    ASSERT_TRUE(test::eventually([&] { return stats_->view().queued_requests == 0; }));
    writer->stop();
    EXPECT_EQ(receiver_.timestamps(), (std::vector<std::int64_t>{3001000, 3002000}));
}

// The clock /metrics writes at each scrape goes with each request, stamped with the request's
// own time, while the time collector has a section; not before.
TEST_F(RemoteWriterTest, TheClockGoesWithEachRequestWhileTheTimeCollectorRuns) {
    const std::string clock = "windows_time_current_timestamp_seconds";
    const auto sent = [&] {
        bool any = false;
        for (const auto& got : receiver_.received()) {
            any |= got.names.count(clock) > 0;
        }
        return any;
    };
    auto writer = startWriter();
    collect(3001);
    ASSERT_TRUE(test::eventually([&] { return !receiver_.received().empty(); }));
    EXPECT_FALSE(sent());
    auto time = std::make_shared<TimeSection>();
    time->collected_at = wallSeconds();
    CollectorStatus status;
    status.name = TimeSection::kName;
    status.last_attempt = time->collected_at;
    store_->publish(status, time);
    EXPECT_TRUE(test::eventually(sent));
    writer->stop();
}

}  // namespace sysmetrics
