#pragma once
// Stopping a long run cleanly on SIGINT, SIGTERM or SIGHUP.

namespace trappe::cli {

/// Makes SIGINT, SIGTERM and SIGHUP set a flag instead of ending the process, so
/// that a run can stop between chunks and remove its partial output (which holds
/// case ids) before it exits. The handler only sets the flag: nothing else is
/// safe in a signal handler. A second signal ends the process at once, for a user
/// who insists. A signal ignored when trappe started (SIGINT for a background job
/// of a shell script, SIGHUP under nohup) stays ignored.
void catch_interrupts();

/// The signal received since catch_interrupts(), or 0.
[[nodiscard]] int interrupt_signal() noexcept;

}  // namespace trappe::cli
