#include "capi/boundary.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>
#include <stdexcept>

#include "trappe/common/error.hpp"


namespace trappe::capi {
namespace {

// One message per thread, so threads sharing rules do not see each other's errors.
thread_local std::string last_error;

}  // namespace

void clear_last_error() noexcept { last_error.clear(); }

trappe_status fail(const char* function, trappe_status status, std::string_view message) noexcept {
    try {
        last_error.assign(function).append(": ").append(message);
    } catch (...) {
        // No memory for the message: the status still says what happened.
        last_error.clear();
    }
    return status;
}

// Maps the exception in flight to a status (must be called inside a catch).
trappe_status fail_current(const char* function) noexcept {
    try {
        throw;
    } catch (const status_error& e) {
        return fail(function, e.status, e.message);
    } catch (const argument_error& e) {
        return fail(function, TRAPPE_ERROR_ARGUMENT, e.message);
    } catch (const std::bad_alloc&) {
        return fail(function, TRAPPE_ERROR_MEMORY, "out of memory");
    } catch (const misuse_error& e) {
        // parameter_error, evaluate_batch's column checks: misuse of the C++ API below.
        return fail(function, TRAPPE_ERROR_ARGUMENT, e.what());
    } catch (const io_error& e) {
        return fail(function, TRAPPE_ERROR_IO, e.what());
    } catch (const std::filesystem::filesystem_error& e) {
        return fail(function, TRAPPE_ERROR_IO, e.what());
    } catch (const std::exception& e) {
        return fail(function, TRAPPE_ERROR_INTERNAL, e.what());
    } catch (...) {
        return fail(function, TRAPPE_ERROR_INTERNAL, "unknown exception");
    }
}

void require(const void* p, const char* what) {
    if (p == nullptr) throw argument_error{std::string(what) + " is null"};
}

char* copy_out(std::string_view s) {
    auto* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (out == nullptr) throw std::bad_alloc();
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}

}  // namespace trappe::capi

extern "C" {

const char* trappe_last_error(void) { return trappe::capi::last_error.c_str(); }

void trappe_string_free(char* s) { std::free(s); }

}
