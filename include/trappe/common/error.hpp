#pragma once
// Error channel 3 of the C++ API (README, "Errors"): misuse of the API and I/O
// failures are exceptions of these two types. Rule mistakes are diagnostics
// (check_result) and a bad input row is a value (input_error); neither is thrown.

#include <stdexcept>

namespace trappe {

/// The API was called wrongly: a profile made for another plan, a wrong number of
/// columns, an unknown parameter. A bug in the caller; the message says which.
class misuse_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// A file could not be read as asked: missing, a directory or special file, a read
/// failure, a CSV without a header. The message names the path, never file content.
class io_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace trappe
