// trappe batch: streams profiles through the columnar evaluator in chunks, so
// memory stays flat; writes to a temporary file renamed at the end.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"

namespace trappe::cli {
namespace {

constexpr std::size_t chunk_rows = 65536;

// Reads the next chunk of records (whole lines, keeping quoted line breaks together).
bool next_chunk(std::istream& in, std::string& chunk, std::size_t max_lines) {
    chunk.clear();
    std::string line;
    std::size_t lines = 0;
    bool open_quote = false;
    while (lines < max_lines && std::getline(in, line)) {
        chunk += line;
        chunk += '\n';
        for (char c : line) open_quote ^= (c == '"');
        if (!open_quote) ++lines;
    }
    return !chunk.empty();
}

std::string value_text(const type_info& t, std::int64_t v) {
    switch (t.kind) {
        case type_kind::boolean: return v ? "true" : "false";
        case type_kind::date: return format_date(static_cast<day_number>(v));
        case type_kind::enumeration: return t.value_name(v);
        default: return std::to_string(v);
    }
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",;\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

struct options {
    std::string rules, in, out, errors;
    unsigned threads = 0;
};

class batch_job {
public:
    batch_job(const plan& p, const options& o) : p_(p), o_(o), outputs_(batch_outputs(p)) {
        json_in_ = std::filesystem::path(o.in).extension() != ".csv";
        json_out_ = std::filesystem::path(o.out).extension() != ".csv";
        borger_id_ = p.input_index("borger_id");
    }

    int run() {
        std::ifstream in(o_.in, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read '" + o_.in + "'");
        const std::string partial = o_.out + ".partial";
        std::ofstream out(partial, std::ios::binary);
        if (!out) throw std::runtime_error("cannot write '" + partial + "'");
        std::ofstream errors_file;
        if (!o_.errors.empty()) {
            errors_file.open(o_.errors, std::ios::binary);
            if (!errors_file) throw std::runtime_error("cannot write '" + o_.errors + "'");
            errors_file << "row,field,message\n";
        }
        std::ostream& errors = o_.errors.empty() ? std::cerr : errors_file;
        const auto start = std::chrono::steady_clock::now();
        std::string header;
        if (!json_in_) std::getline(in, header);
        if (!json_out_) write_csv_header(out);

        std::string chunk;
        while (next_chunk(in, chunk, chunk_rows)) {
            std::vector<profile_row> rows =
                json_in_ ? read_json_profiles(p_, chunk) : read_csv_profiles(p_, header + "\n" + chunk);
            process(rows, out, errors);
            if (isatty(STDERR_FILENO) != 0) std::cerr << "\r  " << rows_in_ << " rows" << std::flush;
        }
        out.close();
        if (!out) throw std::runtime_error("writing '" + partial + "' failed");
        std::filesystem::rename(partial, o_.out);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (isatty(STDERR_FILENO) != 0) std::cerr << '\r';
        std::cerr << rows_in_ << " rows: " << rows_written_ << " written, " << rows_failed_rows_ << " with errors; "
                  << seconds << " s, " << static_cast<std::size_t>(static_cast<double>(rows_in_) / std::max(seconds, 1e-9))
                  << " rows/s\n";
        return rows_failed_rows_ == 0 ? 0 : 1;
    }

private:
    void write_csv_header(std::ostream& out) {
        out << "row,borger_id";
        for (symbol_id s : outputs_) out << ',' << p_.rules().symbols[s].name;
        out << ",determined\n";
    }

    void report(std::ostream& errors, const input_error& e) {
        if (o_.errors.empty()) errors << "trappe batch: " << e.describe() << '\n';
        else errors << e.row << ',' << e.field << ',' << csv_field(e.message) << '\n';
    }

    void process(std::vector<profile_row>& rows, std::ostream& out, std::ostream& errors) {
        // Number rows across chunks; the rows that parsed become columns.
        std::vector<std::size_t> good;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            rows[i].row += rows_in_;
            for (input_error& e : rows[i].errors) e.row = rows[i].row;
            if (rows[i].values) good.push_back(i);
        }
        rows_in_ += rows.size();
        const std::size_t inputs = p_.inputs().size();
        std::vector<std::vector<std::int64_t>> values(inputs, std::vector<std::int64_t>(good.size()));
        std::vector<std::vector<std::uint8_t>> valid(inputs, std::vector<std::uint8_t>(good.size()));
        for (std::size_t g = 0; g < good.size(); ++g) {
            const profile& pr = *rows[good[g]].values;
            for (std::size_t i = 0; i < inputs; ++i) {
                values[i][g] = pr.values[i];
                valid[i][g] = pr.assessed[i];
            }
        }
        std::vector<input_column> in_cols(inputs);
        for (std::size_t i = 0; i < inputs; ++i) in_cols[i] = {element_type::i64, values[i].data(), valid[i].data()};
        lo_.assign(outputs_.size(), std::vector<std::int64_t>(good.size()));
        hi_ = lo_;
        std::vector<output_column> out_cols(outputs_.size());
        for (std::size_t o = 0; o < outputs_.size(); ++o) out_cols[o] = {element_type::i64, lo_[o].data(), hi_[o].data()};
        std::vector<row_status> status(good.size());
        const batch_summary summary = evaluate_batch(p_, good.size(), in_cols, out_cols, status.data(), {o_.threads});
        std::vector<const input_error*> problem_of(good.size(), nullptr);
        for (const input_error& e : summary.problems) problem_of[e.row - 1] = &e;

        // Every row in is either written or reported, in input order.
        std::size_t g = 0;
        for (const profile_row& row : rows) {
            if (!row.values) {
                for (const input_error& e : row.errors) report(errors, e);
                ++rows_failed_rows_;
                continue;
            }
            const std::size_t k = g++;
            if (status[k] == row_status::error) {
                input_error e = *problem_of[k];
                e.row = row.row;
                report(errors, e);
                ++rows_failed_rows_;
                continue;
            }
            const std::string id = borger_id_ ? row.values->texts[*borger_id_] : std::string();
            out << (json_out_ ? json_line(row.row, id, k, status[k]) : csv_line(row.row, id, k, status[k]));
            ++rows_written_;
        }
    }

    std::string text_of(std::size_t o, std::size_t k) const {
        const type_info& t = p_.rules().type_of(outputs_[o]);
        const std::int64_t a = lo_[o][k], b = hi_[o][k];
        return a == b ? value_text(t, a) : value_text(t, a) + ".." + value_text(t, b);
    }

    std::string csv_line(std::size_t row, const std::string& id, std::size_t k, row_status status) const {
        std::string line = std::to_string(row) + ',' + csv_field(id);
        for (std::size_t o = 0; o < outputs_.size(); ++o) line += ',' + text_of(o, k);
        line += status == row_status::determined ? ",true\n" : ",false\n";
        return line;
    }

    std::string json_value(std::size_t o, std::int64_t v) const {
        const type_info& t = p_.rules().type_of(outputs_[o]);
        if (t.kind == type_kind::boolean) return v ? "true" : "false";
        if (t.kind == type_kind::enumeration || t.kind == type_kind::date) return json_string(value_text(t, v));
        return std::to_string(v);
    }

    std::string json_line(std::size_t row, const std::string& id, std::size_t k, row_status status) const {
        std::string line = "{\"row\":" + std::to_string(row) + ",\"borger_id\":" + json_string(id) + ",\"outputs\":{";
        for (std::size_t o = 0; o < outputs_.size(); ++o) {
            if (o > 0) line += ',';
            line += json_string(p_.rules().symbols[outputs_[o]].name) + ':';
            const std::int64_t a = lo_[o][k], b = hi_[o][k];
            line += a == b ? json_value(o, a) : "{\"from\":" + json_value(o, a) + ",\"to\":" + json_value(o, b) + "}";
        }
        line += status == row_status::determined ? "},\"determined\":true}\n" : "},\"determined\":false}\n";
        return line;
    }

    const plan& p_;
    const options& o_;
    std::vector<symbol_id> outputs_;
    std::optional<std::size_t> borger_id_;
    bool json_in_ = false, json_out_ = false;
    std::vector<std::vector<std::int64_t>> lo_, hi_;  // this chunk's outputs
    std::size_t rows_in_ = 0, rows_written_ = 0, rows_failed_rows_ = 0;
};

}  // namespace

int batch_command(const arguments& args) {
    options o;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if (args[i] == "--in" && has_value) o.in = args[++i];
        else if (args[i] == "--out" && has_value) o.out = args[++i];
        else if (args[i] == "--errors" && has_value) o.errors = args[++i];
        else if (args[i] == "--threads" && has_value) o.threads = static_cast<unsigned>(parse_count(args[++i], "--threads"));
        else positional.push_back(args[i]);
    }
    if (positional.size() != 1 || o.in.empty() || o.out.empty()) {
        std::cerr << "usage: trappe batch <rules> --in FILE --out FILE [--threads N] [--errors FILE]\n";
        return 2;
    }
    const auto plan = load_plan(positional[0]);
    if (!plan) return 1;
    try {
        return batch_job(*plan, o).run();
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove(o.out + ".partial", ec);  // never leave a partial file behind on failure
        throw;
    }
}

}  // namespace trappe::cli
