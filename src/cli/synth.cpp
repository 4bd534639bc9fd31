#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "trappe/population/synthetic.hpp"

namespace trappe::cli {

int synth_command(const arguments& args) {
    std::size_t n = 0;
    std::uint64_t seed = 1;
    std::string out_path;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        if (args[i] == "--n") n = parse_count(args[i + 1], "--n");
        else if (args[i] == "--seed") seed = parse_count(args[i + 1], "--seed");
        else if (args[i] == "--out") out_path = args[i + 1];
        else n = 0, out_path.clear(), i = args.size();
    }
    if (n == 0 || out_path.empty() || args.size() % 2 != 0) {
        std::cerr << "usage: trappe synth --n N --seed S --out FILE.csv\n";
        return 2;
    }
    std::ofstream out(out_path, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write '" + out_path + "'");
    // In pieces, so memory stays flat for any n; rows depend only on (seed, row).
    constexpr std::size_t piece = 100000;
    for (std::size_t first = 0; first < n; first += piece)
        write_csv(synthetic_population(std::min(piece, n - first), seed, first), out, first == 0);
    if (!out.flush()) throw std::runtime_error("cannot write '" + out_path + "'");
    std::cerr << n << " synthetic profiles (seed " << seed << ") written to " << out_path << '\n';
    return 0;
}

}  // namespace trappe::cli
