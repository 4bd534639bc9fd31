// Run manifests; see run_manifest.hpp.

#include "run_manifest.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <limits>
#include <stdexcept>

#include "common/sha256.hpp"
#include "eval/json_value.hpp"
#include "trappe/version.hpp"

namespace trappe::cli {
namespace {

namespace json = boost::json;

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// Seconds with millisecond precision, as JSON writes a number people read ("2.614").
std::string seconds_text(double seconds) {
    char text[64];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, seconds, std::chars_format::fixed, 3);
    return ec == std::errc() ? std::string(text, end) : "0";
}

}  // namespace

std::string file_sha256(const std::filesystem::path& path, const std::function<void()>& between_blocks) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot read '" + path.string() + "': " + std::strerror(errno));
    detail::sha256 digest;
    std::string block(std::size_t{1} << 20, '\0');
    while (true) {
        const ssize_t n = ::read(fd, block.data(), block.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            throw std::runtime_error("cannot read '" + path.string() + "': " + std::strerror(error));
        }
        if (n == 0) break;
        digest.update(std::string_view(block.data(), static_cast<std::size_t>(n)));
        if (between_blocks) {
            try {
                between_blocks();
            } catch (...) {
                ::close(fd);
                throw;
            }
        }
    }
    ::close(fd);
    return digest.hex_digest();
}

run_manifest::run_manifest(const plan& p, std::string command, const std::filesystem::path& input,
                           std::optional<day_number> as_of, const std::function<void()>& between_blocks)
    : p_(p),
      start_(std::chrono::steady_clock::now()),
      command_(std::move(command)),
      input_path_(input.string()),
      sha256_(file_sha256(input, between_blocks)),
      started_(utc_now()),
      as_of_(as_of) {
    std::error_code ec;
    input_bytes_ = std::filesystem::file_size(input, ec);
    if (ec) throw std::runtime_error("cannot read '" + input_path_ + "': " + ec.message());
}

void run_manifest::finish(row_counts counts) {
    counts_ = counts;
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string run_manifest::text(const std::optional<row_counts>& counts, std::optional<double> seconds) const {
    const program& rules = p_.rules();
    json::object parameters;
    for (const auto& [name, value] : p_.overrides()) {
        const symbol_id s = *rules.find(name);
        parameters[name] = detail::json_value(rules, rules.symbols[s].type, value_range{value, value}, std::vector<symbol_id>{});
    }
    json::object out{{"schema", manifest_schema},
                     {"command", command_},
                     {"rules", json::object{{"pack", rules.pack_name}, {"hash", rules.content_hash}, {"trappe", version_string}}},
                     {"parameters", std::move(parameters)}};
    if (as_of_) out["as_of"] = format_date(*as_of_);
    out["input"] = json::object{{"path", input_path_}, {"bytes", input_bytes_}, {"sha256", sha256_}};
    out["started"] = started_;
    if (counts) out["rows"] = json::object{{"in", counts->in}, {"written", counts->written}, {"errors", counts->errors}};
    else out["rows"] = nullptr;
    // Seconds last, written by hand: Boost.JSON would write 2.614 as 2.614E0.
    std::string line = detail::write_json(out);
    line.pop_back();
    line += ",\"seconds\":" + (seconds ? seconds_text(*seconds) : std::string("null")) + "}";
    return line;
}

std::string run_manifest::json() const { return text(counts_, seconds_); }

std::string run_manifest::padded_line() const {
    constexpr std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
    const std::size_t room = text(row_counts{most, most, most}, 1e15).size();
    std::string line = json();
    if (line.size() > room) throw std::logic_error("the run manifest outgrew the room reserved for it");
    line.append(room - line.size(), ' ');
    line += '\n';
    return line;
}

}  // namespace trappe::cli
