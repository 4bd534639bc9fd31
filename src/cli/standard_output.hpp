#pragma once
// Checking that standard output received everything written to it.

namespace trappe::cli {

/// Flushes std::cout and stdout and throws std::runtime_error when a write to
/// standard output failed, naming where it goes ("writing standard output
/// ('/dev/full') failed: No space left on device"). A full disk must not look
/// like a finished run with exit 0. `error`: the errno of a write that just
/// failed, when the caller knows it (a failed flush reports its own).
void check_standard_output(int error = 0);

}  // namespace trappe::cli
