// Reading earlier decisions; see follow_previous.hpp. A file is read in blocks of
// whole lines and each line straight into the needed values: CSV cells split in
// place (quoted lines through the shared splitter), JSON lines by Boost.JSON with
// one parser reused.

#include "follow_previous.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cstring>

#include "eval/csv_line.hpp"
#include "eval/record_lines.hpp"
#include "trappe/eval/profile_reader.hpp"

namespace trappe::detail {
namespace {

namespace json = boost::json;

constexpr const char* manifest_schema = "trappe.manifest/1";
constexpr const char* row_schema = "trappe.batch-row/1";

previous_run run_of(const json::value& doc) {
    previous_run run;
    const json::object* o = doc.if_object();
    if (o == nullptr) return run;
    const json::value* schema = o->if_contains("schema");
    if (schema == nullptr || !schema->is_string() || schema->get_string() != manifest_schema) return run;
    const json::value* rules = o->if_contains("rules");
    if (rules == nullptr || !rules->is_object()) return run;
    const auto text = [&](const char* key) {
        const json::value* v = rules->get_object().if_contains(key);
        return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    run.pack = text("pack");
    run.hash = text("hash");
    run.manifest = !run.hash.empty();
    if (const json::value* p = o->if_contains("parameters"); p != nullptr && p->is_object())
        for (const auto& [name, value] : p->get_object()) run.parameters[std::string(name)] = json::serialize(value);
    return run;
}

// Whether v is a value of t: parse_value reads the form, not the range.
bool in_range(const type_info& t, std::int64_t v) {
    switch (t.kind) {
        case type_kind::boolean: return v == 0 || v == 1;
        case type_kind::level: case type_kind::enumeration: return v >= t.lo && v <= t.hi;
        case type_kind::integer: return !t.bounded || (v >= t.lo && v <= t.hi);
        default: return true;
    }
}

// A cell "v" or "lo..hi" (CSV) as a value of type t; false when it does not read.
bool read_cell(const type_info& t, std::string_view cell, std::int64_t& lo, std::int64_t& hi) {
    if (cell.empty()) return false;
    const std::size_t dots = cell.find("..");
    const std::string_view a = dots == std::string_view::npos ? cell : cell.substr(0, dots);
    parsed_value v = parse_value(t, a);
    if (!v.problem.empty()) return false;
    lo = hi = v.value;
    if (dots == std::string_view::npos) return in_range(t, lo);
    v = parse_value(t, cell.substr(dots + 2));
    if (!v.problem.empty()) return false;
    hi = v.value;
    return lo <= hi && in_range(t, lo) && in_range(t, hi);
}

// A JSON value as written by batch: a value, or {"from": lo, "to": hi}.
bool read_json_scalar(const type_info& t, const json::value& v, std::int64_t& out) {
    if (v.is_int64()) out = v.get_int64();
    else if (v.is_uint64()) out = static_cast<std::int64_t>(v.get_uint64());
    else if (v.is_bool()) out = v.get_bool() ? 1 : 0;
    else if (v.is_string()) {
        const parsed_value p = parse_value(t, std::string_view(v.get_string()));
        if (!p.problem.empty()) return false;
        out = p.value;
    } else return false;
    return in_range(t, out);
}

bool read_json_value(const type_info& t, const json::value& v, std::int64_t& lo, std::int64_t& hi) {
    if (const json::object* range = v.if_object()) {
        const json::value* from = range->if_contains("from");
        const json::value* to = range->if_contains("to");
        return from != nullptr && to != nullptr && read_json_scalar(t, *from, lo) && read_json_scalar(t, *to, hi) && lo <= hi;
    }
    if (!read_json_scalar(t, v, lo)) return false;
    hi = lo;
    return true;
}

// The fast path for a line exactly as `trappe batch` writes it: {"schema":
// "trappe.batch-row/1","row":N,"borger_id":"...","outputs":{"name":value or
// {"from":v,"to":v},...},"determined":b}, with no escapes. False for anything
// else, which then goes through the full parser (and its errors).
class batch_row_scanner {
public:
    explicit batch_row_scanner(std::string_view line) : s_(line) {}

    bool scan(const follow_fields& fields, std::string_view& id, std::int64_t* lo, std::int64_t* hi,
              std::vector<std::uint8_t>& seen) {
        if (!literal(R"({"schema":"trappe.batch-row/1","row":)")) return false;
        while (at_ < s_.size() && s_[at_] >= '0' && s_[at_] <= '9') ++at_;
        if (!literal(R"(,"borger_id":)") || !string(id) || !literal(R"(,"outputs":{)")) return false;
        seen.assign(fields.names.size(), 0);
        std::size_t found = 0;
        while (true) {
            std::string_view key;
            if (!string(key) || !literal(":")) return false;
            std::size_t i = 0;
            while (i < fields.names.size() && fields.names[i] != key) ++i;
            if (i < fields.names.size()) {
                if (!value(*fields.types[i], lo[i], hi[i])) return false;
                found += seen[i] == 0;
                seen[i] = 1;
            } else if (!skip_value()) {
                return false;
            }
            if (literal(",")) continue;
            if (literal("}")) break;
            return false;
        }
        return found == fields.names.size() && literal(R"(,"determined":)") && (literal("true}") || literal("false}")) &&
               at_ == s_.size();
    }

private:
    bool literal(std::string_view text) {
        if (s_.substr(at_, text.size()) != text) return false;
        at_ += text.size();
        return true;
    }
    bool string(std::string_view& out) {
        if (at_ >= s_.size() || s_[at_] != '"') return false;
        const std::size_t end = s_.find('"', at_ + 1);
        if (end == std::string_view::npos) return false;
        out = s_.substr(at_ + 1, end - at_ - 1);
        if (out.find('\\') != std::string_view::npos) return false;
        at_ = end + 1;
        return true;
    }
    bool scalar(const type_info& t, std::int64_t& v) {
        if (literal("true")) v = 1;
        else if (literal("false")) v = 0;
        else if (at_ < s_.size() && s_[at_] == '"') {
            std::string_view text;
            if (!string(text)) return false;
            const parsed_value p = parse_value(t, text);
            if (!p.problem.empty()) return false;
            v = p.value;
        } else {
            const auto [end, ec] = std::from_chars(s_.data() + at_, s_.data() + s_.size(), v);
            if (ec != std::errc()) return false;
            at_ = static_cast<std::size_t>(end - s_.data());
        }
        return in_range(t, v);
    }
    bool value(const type_info& t, std::int64_t& lo, std::int64_t& hi) {
        if (literal(R"({"from":)")) return scalar(t, lo) && literal(R"(,"to":)") && scalar(t, hi) && literal("}") && lo <= hi;
        if (!scalar(t, lo)) return false;
        hi = lo;
        return true;
    }
    bool skip_value() {
        // Any value batch writes: up to the next ',' or '}' at this level.
        int depth = 0;
        for (; at_ < s_.size(); ++at_) {
            const char c = s_[at_];
            if (c == '"') {
                const std::size_t end = s_.find('"', at_ + 1);
                if (end == std::string_view::npos) return false;
                at_ = end;
            } else if (c == '{') {
                ++depth;
            } else if (c == '}' || c == ',') {
                if (depth == 0) return true;
                if (c == '}') --depth;
            }
        }
        return false;
    }

    std::string_view s_;
    std::size_t at_ = 0;
};

// Splits an unquoted CSV line in place; a line with a quote goes through the shared splitter.
bool split(std::string_view line, char separator, std::vector<std::string_view>& cells, std::vector<std::string>& quoted) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    cells.clear();
    if (line.find('"') == std::string_view::npos) {
        std::size_t start = 0;
        while (true) {
            const std::size_t end = line.find(separator, start);
            cells.push_back(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
            if (end == std::string_view::npos) return true;
            start = end + 1;
        }
    }
    if (split_csv_line(line, separator, quoted)) return false;
    for (const std::string& c : quoted) cells.emplace_back(c);
    return true;
}

std::string first_line(std::ifstream& in) {
    std::string line;
    std::getline(in, line);
    return line;
}

}  // namespace

decisions_reader::decisions_reader(const std::filesystem::path& path, const std::filesystem::path& manifest)
    : path_(path), csv_(path.extension() == ".csv") {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw io_error("cannot read '" + path.string() + "': not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error("cannot read '" + path.string() + "'");
    const std::string head = first_line(in);
    data_start_ = head.size() + 1;
    if (csv_) {
        separator_ = head.find(';') != std::string::npos && head.find(',') == std::string::npos ? ';' : ',';
        std::vector<std::string> cells;
        if (split_csv_line(head, separator_, cells)) throw io_error("'" + path.string() + "': the header is not CSV");
        header_ = cells;
        if (std::find(header_.begin(), header_.end(), "borger_id") == header_.end())
            throw io_error("'" + path.string() + "' is not decisions of trappe batch: no column borger_id");
        columns_.insert(header_.begin(), header_.end());
        if (!manifest.empty()) {
            std::ifstream m(manifest, std::ios::binary);
            if (!m) throw io_error("cannot read '" + manifest.string() + "'");
            std::string text((std::istreambuf_iterator<char>(m)), std::istreambuf_iterator<char>());
            json::error_code jec;
            const json::value doc = json::parse(text, jec);
            run_ = jec ? previous_run{} : run_of(doc);
            if (!run_.manifest) throw io_error("'" + manifest.string() + "' is not a run manifest (trappe.manifest/1)");
        }
    } else {
        json::error_code jec;
        const json::value doc = json::parse(head, jec);
        if (!jec) run_ = run_of(doc);
        if (!run_.manifest) data_start_ = 0;  // no manifest line: the first line is a decision
        // The columns are the outputs of the first decision.
        std::string line = run_.manifest ? first_line(in) : head;
        const json::value row = json::parse(line, jec);
        if (!jec && row.is_object())
            if (const json::value* outputs = row.get_object().if_contains("outputs"); outputs && outputs->is_object())
                for (const auto& kv : outputs->get_object()) columns_.insert(std::string(kv.key()));
        columns_.insert("borger_id");
    }
}

void decisions_reader::read(const follow_fields& fields, const good_row& good, const std::function<void(input_error)>& bad,
                            const std::function<void()>& between_parts) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw io_error("cannot read '" + path_.string() + "'");
    in.seekg(static_cast<std::streamoff>(data_start_));
    const std::size_t needed = fields.names.size();
    std::vector<std::int64_t> lo(needed), hi(needed);
    // CSV: where each needed output and the case id are among the cells.
    std::vector<std::size_t> cell_of(needed, no_field);
    std::size_t id_cell = no_field;
    for (std::size_t c = 0; c < header_.size(); ++c) {
        if (header_[c] == "borger_id") id_cell = c;
        for (std::size_t i = 0; i < needed; ++i)
            if (header_[c] == fields.names[i]) cell_of[i] = c;
    }
    std::vector<std::string_view> cells;
    std::vector<std::string> quoted;
    json::parser parser;
    std::vector<std::uint8_t> seen;
    std::size_t row = 0;
    const auto read_line = [&](std::string_view line, std::uint64_t offset) {
        ++row;
        const auto fail = [&](const std::string& field, const std::string& message) { bad(input_error{row, field, message}); };
        std::string_view id;
        if (csv_) {
            if (!split(line, separator_, cells, quoted)) return fail("", "malformed CSV quoting");
            if (cells.size() != header_.size()) return fail("", "expected " + std::to_string(header_.size()) + " cells");
            id = cells[id_cell];
            for (std::size_t i = 0; i < needed; ++i)
                if (!read_cell(*fields.types[i], cells[cell_of[i]], lo[i], hi[i]))
                    return fail(fields.names[i], "not a value of its type, or out of its range");
            if (id.empty()) return fail("borger_id", "missing");
            return good(id, row, offset, lo.data(), hi.data());
        }
        if (batch_row_scanner(line).scan(fields, id, lo.data(), hi.data(), seen))
            return good(id, row, offset, lo.data(), hi.data());
        parser.reset();
        json::error_code ec;
        parser.write(line.data(), line.size(), ec);
        if (ec) return fail("", "not a JSON object");
        const json::value doc = parser.release();
        const json::object* o = doc.if_object();
        if (o == nullptr) return fail("", "not a JSON object");
        const json::value* schema = o->if_contains("schema");
        if (schema == nullptr || !schema->is_string() || schema->get_string() != row_schema)
            return fail("schema", std::string("not ") + row_schema);
        const json::value* v = o->if_contains("borger_id");
        if (v == nullptr || !v->is_string() || v->get_string().empty()) return fail("borger_id", "missing");
        const json::value* outputs = o->if_contains("outputs");
        if (outputs == nullptr || !outputs->is_object()) return fail("outputs", "missing");
        for (std::size_t i = 0; i < needed; ++i) {
            const json::value* out = outputs->get_object().if_contains(fields.names[i]);
            if (out == nullptr) return fail(fields.names[i], "missing");
            if (!read_json_value(*fields.types[i], *out, lo[i], hi[i])) return fail(fields.names[i], "not a value of its type, or out of its range");
        }
        id = std::string_view(v->get_string());
        return good(id, row, offset, lo.data(), hi.data());
    };
    std::string buffer(std::size_t{4} << 20, '\0');
    std::size_t held = 0;
    std::uint64_t offset = data_start_;  // of buffer[0]
    while (true) {
        in.read(buffer.data() + held, static_cast<std::streamsize>(buffer.size() - held));
        const std::size_t got = static_cast<std::size_t>(in.gcount());
        if (in.bad()) throw io_error("cannot read '" + path_.string() + "'");
        held += got;
        const bool end = got == 0;
        std::size_t cut = end ? held : std::string_view(buffer.data(), held).rfind('\n');
        if (cut == std::string_view::npos) {
            buffer.resize(buffer.size() * 2);  // a line longer than the buffer
            continue;
        }
        if (!end) ++cut;
        std::size_t start = 0;
        const std::string_view text(buffer.data(), cut);
        while (start < text.size()) {
            std::size_t eol = text.find('\n', start);
            if (eol == std::string_view::npos) eol = text.size();
            const std::string_view line = text.substr(start, eol - start);
            if (!blank_line(line)) read_line(line, offset + start);
            start = eol + 1;
        }
        std::memmove(buffer.data(), buffer.data() + cut, held - cut);
        held -= cut;
        offset += cut;
        if (between_parts) between_parts();
        if (end) break;
    }
}

std::string decisions_reader::line_at(std::uint64_t offset) {
    if (!lookup_.is_open()) lookup_.open(path_, std::ios::binary);
    lookup_.clear();
    lookup_.seekg(static_cast<std::streamoff>(offset));
    std::string line;
    std::getline(lookup_, line);
    return line;
}

std::map<std::string, std::pair<std::int64_t, std::int64_t>> decisions_reader::outputs_at(
    std::uint64_t offset, const std::map<std::string, const type_info*>& types) {
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
    const std::string line = line_at(offset);
    std::int64_t lo = 0, hi = 0;
    if (csv_) {
        std::vector<std::string_view> cells;
        std::vector<std::string> quoted;
        if (!split(line, separator_, cells, quoted) || cells.size() != header_.size()) return out;
        for (std::size_t c = 0; c < cells.size(); ++c)
            if (const auto t = types.find(header_[c]); t != types.end() && read_cell(*t->second, cells[c], lo, hi))
                out[header_[c]] = {lo, hi};
        return out;
    }
    json::error_code ec;
    const json::value doc = json::parse(line, ec);
    if (ec || !doc.is_object()) return out;
    const json::value* outputs = doc.get_object().if_contains("outputs");
    if (outputs == nullptr || !outputs->is_object()) return out;
    for (const auto& kv : outputs->get_object())
        if (const auto t = types.find(std::string(kv.key())); t != types.end() && read_json_value(*t->second, kv.value(), lo, hi))
            out[t->first] = {lo, hi};
    return out;
}

}  // namespace trappe::detail
