#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace sluice::rt {

/// Where each row of a decoded chunk came from (input index and 1-based line), kept as runs: consecutive
/// rows on consecutive lines of one input share a run, so a chunk of one-line records costs one entry per
/// file, not one per row. Decoders call Add for every row they append; readers answer DescribeRow with Find.
class RowOrigins {
public:
    /// Records that row `row` (rows are added in increasing order) starts at `line` of input `input`.
    void Add(int32_t input, int64_t row, int64_t line) {
        if (!runs_.empty()) {
            const Run& last = runs_.back();
            if (last.input == input && line - last.first_line == row - last.first_row)
                return;
        }
        runs_.push_back({row, line, input});
    }

    /// The input and line of `row`; false when no row at or before it was added.
    bool Find(int64_t row, int32_t* input, int64_t* line) const {
        auto it = std::upper_bound(runs_.begin(), runs_.end(), row,
                                   [](int64_t r, const Run& run) { return r < run.first_row; });
        if (it == runs_.begin())
            return false;
        --it;
        *input = it->input;
        *line = it->first_line + (row - it->first_row);
        return true;
    }

    void Clear() { runs_.clear(); }

private:
    /// Rows first_row, first_row + 1, ... start at lines first_line, first_line + 1, ... of `input`.
    struct Run {
        int64_t first_row;
        int64_t first_line;
        int32_t input;
    };
    std::vector<Run> runs_;
};

} // namespace sluice::rt
