#pragma once
// Reading the decisions of an earlier `trappe batch` (CSV, or JSON lines with the
// run manifest first) for `trappe follow` (private to src/analysis/follow*).

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "follow_fields.hpp"

namespace trappe::detail {

/// The values of one decision: per needed output its low and high end.
using decision_values = std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>>;

class decisions_reader {
public:
    /// Opens `path` and reads its header (CSV) or manifest line (JSON lines);
    /// `manifest` is the run manifest of a CSV file ("" for none). Throws io_error
    /// naming the file when it cannot be read or is not decisions.
    decisions_reader(const std::filesystem::path& path, const std::filesystem::path& manifest);

    /// The previous run's manifest (manifest false when there is none).
    [[nodiscard]] const previous_run& run() const noexcept { return run_; }
    /// The output names the decisions carry.
    [[nodiscard]] const std::set<std::string>& columns() const noexcept { return columns_; }

    using good_row = std::function<void(std::string_view id, std::size_t row, std::uint64_t offset,
                                        const std::int64_t* lo, const std::int64_t* hi)>;
    /// Reads every decision: `good` for each that reads (its data row from 1, the
    /// byte offset of its line), `bad` for each that does not, naming the row and
    /// the field, never a value.
    void read(const follow_fields& fields, const good_row& good, const std::function<void(input_error)>& bad,
              const std::function<void()>& between_parts);

    /// The outputs named in `types` of the decision whose line starts at `offset`;
    /// an output that is not there or does not read is left out.
    [[nodiscard]] std::map<std::string, std::pair<std::int64_t, std::int64_t>> outputs_at(
        std::uint64_t offset, const std::map<std::string, const type_info*>& types);

private:
    [[nodiscard]] std::string line_at(std::uint64_t offset);

    std::filesystem::path path_;
    bool csv_ = false;
    char separator_ = ',';
    std::vector<std::string> header_;  // CSV: the column names
    std::uint64_t data_start_ = 0;     // the first byte after the header or manifest line
    previous_run run_;
    std::set<std::string> columns_;
    std::ifstream lookup_;  // for outputs_at
};

}  // namespace trappe::detail
