// Caseload I/O: a synthetic population as CSV or JSON-lines text, through the
// caseload run of `trappe batch` (read into columns, evaluate, write lines), on
// one thread, beside the limit: a pass that only streams the same bytes, finding
// each line's end in the input and copying as many bytes to an output buffer as
// the run writes. Text is in memory, so file system costs are left out.

#include <benchmark/benchmark.h>

#include <cstring>
#include <sstream>

#include "eval/caseload_run.hpp"
#include "eval/json_block_reader.hpp"
#include "trappe/population/synthetic.hpp"
#include "trappe/trappe.hpp"

namespace {

using namespace trappe;

constexpr std::size_t rows = 200000;

const plan& roskilde() {
    static const auto p = compile(check_rules("rules/roskilde-2025").checked);
    return *p;
}

// The population's CSV text: the header line, and the data lines.
const std::pair<std::string, std::string>& csv_text() {
    static const auto text = [] {
        std::ostringstream out;
        write_csv(synthetic_population(rows, 7), out);
        std::string all = out.str();
        const std::size_t eol = all.find('\n');
        return std::pair{all.substr(0, eol), all.substr(eol + 1)};
    }();
    return text;
}

// The same rows as JSON lines, as a program writes them (levels as numbers,
// booleans as literals, null for ikke vurderet).
const std::string& json_text() {
    static const std::string text = [] {
        const plan& p = roskilde();
        const auto& [header_line, body] = csv_text();
        std::vector<std::string> header;
        std::istringstream names(header_line);
        for (std::string name; std::getline(names, name, ',');) header.push_back(name);
        std::string out;
        std::istringstream lines(body);
        for (std::string line; std::getline(lines, line);) {
            std::size_t start = 0;
            out += '{';
            for (std::size_t c = 0; c < header.size(); ++c) {
                const std::size_t end = std::min(line.find(',', start), line.size());
                const std::string cell = line.substr(start, end - start);
                start = end + 1;
                const type_kind kind = p.rules().type_of(p.inputs()[*p.input_index(header[c])]).kind;
                out += (c ? ",\"" : "\"") + header[c] + "\":";
                if (cell.empty() && kind != type_kind::string) out += "null";
                else if (kind == type_kind::level || kind == type_kind::boolean) out += cell;
                else out += '"' + cell + '"';
            }
            out += "}\n";
        }
        return out;
    }();
    return text;
}

std::size_t run_caseload(benchmark::State& state, bool json_in, bool json_out, std::string_view text) {
    detail::caseload_options o;
    o.in = json_in ? detail::caseload_format::json_lines : detail::caseload_format::csv;
    o.csv_header = csv_text().first;
    o.json_out = json_out;
    o.threads = 1;
    detail::caseload_run run(roskilde(), o);
    std::size_t written = 0;
    for (auto _ : state) {
        run.process(text, [&](detail::caseload_part& part) { written += part.out.size(); });
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    return written / std::max<std::size_t>(state.iterations(), 1);
}

void BM_CaseloadCsvToCsv(benchmark::State& state) { run_caseload(state, false, false, csv_text().second); }
BENCHMARK(BM_CaseloadCsvToCsv)->Unit(benchmark::kMillisecond);

void BM_CaseloadJsonLinesToJsonLines(benchmark::State& state) { run_caseload(state, true, true, json_text()); }
BENCHMARK(BM_CaseloadJsonLinesToJsonLines)->Unit(benchmark::kMillisecond);

// The limit for the CSV run: every input line's end found, and the bytes the run
// writes copied, line by line, with nothing parsed, evaluated or formatted.
void BM_CaseloadCsvStreamBound(benchmark::State& state) {
    const std::string& in = csv_text().second;
    const std::size_t out_bytes = [&] {
        detail::caseload_options o;
        o.csv_header = csv_text().first;
        o.threads = 1;
        detail::caseload_run run(roskilde(), o);
        std::size_t n = 0;
        run.process(in, [&](detail::caseload_part& part) { n += part.out.size(); });
        return n;
    }();
    const std::string source(out_bytes / rows + 1, 'x');
    std::string out(out_bytes + rows, '\0');
    for (auto _ : state) {
        char* at = out.data();
        for (std::size_t start = 0; start < in.size();) {
            const void* eol = std::memchr(in.data() + start, '\n', in.size() - start);
            start = eol == nullptr ? in.size() : static_cast<std::size_t>(static_cast<const char*>(eol) - in.data()) + 1;
            std::memcpy(at, source.data(), source.size());
            at += source.size();
        }
        benchmark::DoNotOptimize(at);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_CaseloadCsvStreamBound)->Unit(benchmark::kMillisecond);

// JSON lines in parts as the caseload run cuts them (65,536 rows each).
const std::vector<std::string_view>& json_parts() {
    static const std::vector<std::string_view> parts = [] {
        const std::string& text = json_text();
        std::vector<std::string_view> out;
        std::size_t start = 0, lines = 0;
        for (std::size_t at = 0; at < text.size(); ++at)
            if (text[at] == '\n' && ++lines % detail::caseload_options{}.part_rows == 0) {
                out.push_back(std::string_view(text).substr(start, at + 1 - start));
                start = at + 1;
            }
        if (start < text.size()) out.push_back(std::string_view(text).substr(start));
        return out;
    }();
    return parts;
}

// Reading JSON lines into columns alone (json_block_reader), as each worker of
// the caseload run does, part by part; compare with BM_JsonLinesStreamBound.
void BM_JsonLinesIntoBlocks(benchmark::State& state) {
    detail::json_block_reader reader(roskilde());
    detail::profile_block block(roskilde());
    const std::vector<std::string_view>& parts = json_parts();  // made before the timing
    std::size_t read = 0;
    for (auto _ : state) {
        for (const std::string_view part : parts) {
            block.reset(detail::caseload_options{}.part_rows);
            read += reader.read(part, block);
        }
        benchmark::DoNotOptimize(read);
    }
    if (block.error_rows() != 0) state.SkipWithError("rows did not read");
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json_text().size()));
}
BENCHMARK(BM_JsonLinesIntoBlocks)->Unit(benchmark::kMillisecond);

// The limit for reading JSON lines: each line's end found (memchr) and every byte
// touched (summed), with nothing parsed or stored.
void BM_JsonLinesStreamBound(benchmark::State& state) {
    const std::string& in = json_text();
    for (auto _ : state) {
        std::uint64_t sum = 0;
        for (std::size_t start = 0; start < in.size();) {
            const void* eol = std::memchr(in.data() + start, '\n', in.size() - start);
            const std::size_t end = eol == nullptr ? in.size() : static_cast<std::size_t>(static_cast<const char*>(eol) - in.data());
            for (std::size_t at = start; at < end; ++at) sum += static_cast<unsigned char>(in[at]);
            start = end + 1;
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_JsonLinesStreamBound)->Unit(benchmark::kMillisecond);

}  // namespace
