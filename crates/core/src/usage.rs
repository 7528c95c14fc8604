//! Resource figures of running processes: CPU time, resident memory, the open-files limit.
//!
//! Linux `/proc` and `getrusage`; elsewhere the readers return `None` and the bench prints
//! `n/a`. Used by `fleetlic bench` and at start-up to raise `RLIMIT_NOFILE`.

use std::time::Duration;

/// CPU time (user + system) this process has used so far, all threads.
pub fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    if rc != 0 {
        return Duration::ZERO;
    }
    let tv = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// CPU time the calling thread has used so far.
pub fn thread_cpu_time() -> Duration {
    // SAFETY: clock_gettime only writes the struct it is given.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::from_secs(u64::try_from(ts.tv_sec).unwrap_or(0))
        + Duration::from_nanos(u64::try_from(ts.tv_nsec).unwrap_or(0))
}

/// CPU time (user + system) of another process, from `/proc/<pid>/stat`.
pub fn process_cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    let per_second = u64::try_from(per_second).ok().filter(|t| *t > 0)?;
    Some(Duration::from_nanos(ticks * 1_000_000_000 / per_second))
}

/// Resident memory of this process now, in bytes (`VmRSS`).
pub fn rss_bytes() -> Option<u64> {
    status_kib("VmRSS:").map(|k| k * 1024)
}

/// Peak resident memory of this process since start or the last [`reset_peak_rss`], in bytes
/// (`VmHWM`).
pub fn peak_rss_bytes() -> Option<u64> {
    status_kib("VmHWM:").map(|k| k * 1024)
}

/// Resets the peak-RSS mark (`echo 5 > /proc/self/clear_refs`), so each bench run reports
/// its own peak. Returns whether the kernel allowed it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn status_kib(label: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(label))?;
    line[label.len()..]
        .split_whitespace()
        .next()?
        .parse::<u64>()
        .ok()
}

/// Raises the soft open-files limit to the hard limit (every session holds a socket; a
/// fleet at high concurrency needs thousands). Returns `(before, after)`.
pub fn raise_open_files_limit() -> Option<(u64, u64)> {
    let (before, _) = rlimit::getrlimit(rlimit::Resource::NOFILE).ok()?;
    let after = rlimit::increase_nofile_limit(u64::MAX).ok()?;
    Some((before, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_cpu_time_and_memory_are_readable_and_grow() {
        let before = cpu_time();
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        assert!(x != 1);
        assert!(cpu_time() > before);
        let rss = rss_bytes().expect("VmRSS on Linux");
        assert!(rss > 1024 * 1024, "{rss}");
        assert!(peak_rss_bytes().expect("VmHWM") >= rss / 2);
        let own = process_cpu_time(std::process::id()).expect("/proc/self/stat");
        assert!(own > Duration::ZERO);
    }

    #[test]
    fn open_files_limit_is_raised_to_the_hard_limit() {
        let (_, after) = raise_open_files_limit().expect("getrlimit");
        let (soft, hard) = rlimit::getrlimit(rlimit::Resource::NOFILE).expect("getrlimit");
        assert_eq!(soft, after);
        assert!(soft <= hard);
    }
}
