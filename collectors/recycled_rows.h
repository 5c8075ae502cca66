#pragma once

#include <memory>
#include <mutex>
#include <vector>

namespace sysmetrics {

// The rows of published sections, handed back for the next cycle to write over. A section made
// here gives its rows back when its last holder (the snapshot store replacing it, or the last
// reader after it) lets it go: nobody can read them any more. So a steady cycle writes over
// memory it had rather than allocating, and faulting in, a table of thousands of rows again.
// The shared count's release on that last drop orders every reader's reads before the hand-back,
// and the mutex the hand-back before the next cycle's writes over them.
template <typename Row>
class RecycledRows {
public:
    // With `storage`: moves in the rows handed back since the last call, if any (the storage is
    // left as it was otherwise). Without: this cycle keeps nothing: what came back is freed, and
    // rows handed back until the next call with storage are refused, so no more stays resident.
    void offer(std::vector<Row>* storage) {
        std::lock_guard<std::mutex> lock(pool_->mutex);
        pool_->accepting = storage != nullptr;
        if (storage && pool_->filled) {
            *storage = std::move(pool_->rows);
        }
        std::vector<Row>().swap(pool_->rows);
        pool_->filled = false;
    }

    // A new section; with `hand_back`, its `rows` come back here when it is dropped.
    template <typename Section>
    std::shared_ptr<Section> newSection(std::vector<Row> Section::*rows, bool hand_back) {
        if (!hand_back) {
            return std::make_shared<Section>();
        }
        std::weak_ptr<Pool> weak_pool = pool_;
        return std::shared_ptr<Section>(new Section(), [weak_pool, rows](Section* done) {
            if (auto pool = weak_pool.lock()) {
                std::lock_guard<std::mutex> lock(pool->mutex);
                if (pool->accepting && !pool->filled) {
                    pool->rows = std::move(done->*rows);
                    pool->filled = true;
                }
            }
            delete done;
        });
    }

private:
    struct Pool {
        std::mutex mutex;
        std::vector<Row> rows;
        bool filled = false;
        bool accepting = true;
    };
    std::shared_ptr<Pool> pool_ = std::make_shared<Pool>();
};

}  // namespace sysmetrics
