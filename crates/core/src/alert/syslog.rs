//! Delivery of RFC 5424 messages ([`super::format::syslog`]) to the local syslog daemon over
//! its unix datagram socket: `/dev/log`, or `/var/run/syslog` where that is the socket (macOS,
//! some BSDs). One datagram per message.
//!
//! A missing socket or a refused datagram is an error the caller reports; it never stops the
//! audit.

use std::path::{Path, PathBuf};

/// The sockets tried, in order, when none is given.
pub const DEFAULT_SOCKETS: &[&str] = &["/dev/log", "/var/run/syslog"];

/// The longest one message may wait for room in the daemon's queue.
pub const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// Why messages did not reach syslog.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyslogError {
    /// None of the default sockets exists.
    #[error("no syslog socket (tried {})", DEFAULT_SOCKETS.join(", "))]
    NoSocket,
    /// A datagram could not be sent (the daemon is gone, the socket is a stream socket, ...).
    #[error("{socket}: {source} ({sent} of {total} message(s) sent)")]
    Send {
        /// The socket.
        socket: PathBuf,
        /// Messages delivered before the failure.
        sent: usize,
        /// Messages to deliver.
        total: usize,
        /// The send error.
        source: std::io::Error,
    },
}

/// The socket to use: `explicit` when given, else the first of [`DEFAULT_SOCKETS`] that exists.
pub fn socket_path(explicit: Option<&Path>) -> Result<PathBuf, SyslogError> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    DEFAULT_SOCKETS
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or(SyslogError::NoSocket)
}

/// Sends each message as one datagram to `socket`; stops at the first failure. Returns how
/// many were sent.
#[cfg(unix)]
pub fn send(socket: &Path, messages: &[String]) -> Result<usize, SyslogError> {
    let fail = |sent, source| SyslogError::Send {
        socket: socket.to_path_buf(),
        sent,
        total: messages.len(),
        source,
    };
    if messages.is_empty() {
        return Ok(0);
    }
    let sock = std::os::unix::net::UnixDatagram::unbound().map_err(|e| fail(0, e))?;
    // A daemon that stops reading fills the socket's queue (Linux: 10 datagrams); then a send
    // blocks. Bounded, so a stuck syslog cannot hold the audit forever.
    sock.set_write_timeout(Some(SEND_TIMEOUT))
        .map_err(|e| fail(0, e))?;
    for (sent, message) in messages.iter().enumerate() {
        sock.send_to(message.as_bytes(), socket)
            .map_err(|e| fail(sent, e))?;
    }
    Ok(messages.len())
}

/// Unix datagram sockets do not exist here: every send fails.
#[cfg(not(unix))]
pub fn send(socket: &Path, messages: &[String]) -> Result<usize, SyslogError> {
    Err(SyslogError::Send {
        socket: socket.to_path_buf(),
        sent: 0,
        total: messages.len(),
        source: std::io::Error::other("unix sockets are not available on this platform"),
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::net::UnixDatagram;

    #[test]
    fn each_message_arrives_as_one_datagram_on_the_given_socket() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("log");
        let server = UnixDatagram::bind(&path).expect("bind");
        let messages = vec![
            "<10>1 2026-11-23T00:00:00Z host fleetlic 1 - - CRITICAL - a: x.y: m".to_string(),
            "<12>1 2026-11-23T00:00:00Z host fleetlic 1 - - WARNING - b: x.z: n".to_string(),
        ];
        assert_eq!(send(&path, &messages).expect("send"), 2);
        let mut buf = [0u8; 1024];
        for expected in &messages {
            let n = server.recv(&mut buf).expect("recv");
            assert_eq!(std::str::from_utf8(&buf[..n]).expect("utf-8"), expected);
        }
    }

    #[test]
    fn a_daemon_that_stops_reading_makes_the_send_fail_not_hang() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("log");
        let _server = UnixDatagram::bind(&path).expect("bind");
        let messages: Vec<String> = (0..200)
            .map(|i| format!("<14>1 - - fleetlic 1 - - {i}"))
            .collect();
        let started = std::time::Instant::now();
        match send(&path, &messages) {
            // Some kernels queue them all; then there is nothing to time out.
            Ok(n) => assert_eq!(n, messages.len()),
            Err(e) => assert!(
                matches!(e, SyslogError::Send { sent, .. } if sent < 200),
                "{e}"
            ),
        }
        assert!(
            started.elapsed() < SEND_TIMEOUT * 3,
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_missing_socket_is_an_error_naming_it_not_a_panic() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("no-such-log");
        let err =
            send(&path, &["<14>1 - - fleetlic 1 - - x".to_string()]).expect_err("nothing listens");
        let text = err.to_string();
        assert!(text.contains("no-such-log"), "{text}");
        assert!(text.contains("0 of 1"), "{text}");
    }

    #[test]
    fn an_explicit_socket_wins_over_the_defaults() {
        let p = Path::new("/tmp/custom.sock");
        assert_eq!(socket_path(Some(p)).expect("explicit"), p);
    }
}
