#pragma once
// The C ABI's boundary: every entry point runs its body through guarded(), which
// turns each exception into a status and a per-thread message, so none escapes
// into a C caller (undefined behaviour there).

#include <cstring>
#include <string>
#include <string_view>

#include "trappe/trappe.h"

namespace trappe::capi {

/// Misuse found by the ABI itself (a null pointer, a wrong count): TRAPPE_ERROR_ARGUMENT.
struct argument_error {
    std::string message;
};

/// A failure with its own status (rule errors, a bad single row): `status` and `message` as given.
struct status_error {
    trappe_status status;
    std::string message;
};

/// Clears the thread's message, runs `body`, and maps what it throws to a status
/// with the message kept for trappe_last_error(). `function` prefixes the message.
template <class Body>
trappe_status guarded(const char* function, Body&& body) noexcept;

/// Throws argument_error "<what> is null" when `p` is null.
void require(const void* p, const char* what);

/// The integer a C caller passed as an enum. C allows any int there; in C++ reading
/// an enum object outside its enumerators' range is undefined, so its bytes are read.
template <class Enum>
[[nodiscard]] int raw_enum(const Enum& e) noexcept {
    static_assert(sizeof(Enum) == sizeof(int));
    int value = 0;
    std::memcpy(&value, &e, sizeof value);
    return value;
}

/// A malloc'ed copy for trappe_string_free; throws std::bad_alloc when out of memory.
[[nodiscard]] char* copy_out(std::string_view s);

// What guarded() uses; defined in boundary.cpp.
void clear_last_error() noexcept;
trappe_status fail(const char* function, trappe_status status, std::string_view message) noexcept;
trappe_status fail_current(const char* function) noexcept;

template <class Body>
trappe_status guarded(const char* function, Body&& body) noexcept {
    clear_last_error();
    try {
        body();
        return TRAPPE_OK;
    } catch (...) {
        return fail_current(function);
    }
}

}  // namespace trappe::capi
