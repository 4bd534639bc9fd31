#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "trappe/population/synthetic.hpp"

namespace trappe::cli {

namespace {

const command_spec spec{"synth",
                        "usage: trappe synth --n N [--seed S] [--years-later Y] --out FILE.csv\n"
                        "\n"
                        "Writes N synthetic VUM profiles with the field names of the Roskilde pack\n"
                        "(docs/population.md); the same seed gives the same rows. --years-later Y gives the same\n"
                        "citizens reassessed Y years later (for trappe follow). Exit 0 on success, 2 for wrong\n"
                        "usage or an I/O failure.\n",
                        {}, {"--n", "--seed", "--out", "--years-later"}, 0, 0, {}};

}  // namespace

int synth_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    const std::size_t n = parse_count(parsed.value("--n").value_or(""), "--n");
    const std::uint64_t seed = parse_count(parsed.value("--seed").value_or("1"), "--seed");
    const std::string out_path = parsed.value("--out").value_or("");
    const auto later = static_cast<unsigned>(parse_count(parsed.value("--years-later").value_or("0"), "--years-later"));
    if (n == 0 || out_path.empty()) throw usage_error("--n (at least 1) and --out are needed", spec.usage);
    std::ofstream out(out_path, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write '" + out_path + "'");
    // In pieces, so memory stays flat for any n; rows depend only on (seed, row).
    constexpr std::size_t piece = 100000;
    for (std::size_t first = 0; first < n; first += piece)
        write_csv(synthetic_population(std::min(piece, n - first), seed, first, later), out, first == 0);
    if (!out.flush()) throw std::runtime_error("cannot write '" + out_path + "'");
    std::cerr << n << " synthetic profiles (seed " << seed << ") written to " << out_path << '\n';
    return 0;
}

}  // namespace trappe::cli
