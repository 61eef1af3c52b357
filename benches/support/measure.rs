//! What the benchmarks measure of a process (this one, or one they started) on Linux: peak and
//! current resident memory, and CPU time. Each benchmark uses part of it.
#![allow(dead_code)]

/// The most resident memory this process has used so far (Linux), in MiB.
pub fn peak_memory_mib() -> f64 {
    status_mib("self", "VmHWM:")
}

/// A memory line of `/proc/<pid>/status` (`VmRSS:` now, `VmHWM:` the peak), in MiB; 0 if the
/// process or the line is missing.
pub fn status_mib(pid: &str, field: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// The CPU time a process has used so far, user and system, over all its threads (utime +
/// stime of `/proc/<pid>/stat`, in clock ticks of 10 ms), in seconds.
pub fn cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) may hold spaces; the fields after its ')' are plain.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // utime and stime are fields 14 and 15, i.e. the 12th and 13th after the name.
    let ticks = |n: usize| {
        fields
            .get(n)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / TICKS_PER_SECOND
}

/// USER_HZ, which Linux fixes at 100 on the platforms we run on.
const TICKS_PER_SECOND: f64 = 100.0;
