//! Shell mode's "send a line, read until the prompt comes back" (scrapli's channel).
//!
//! Owns prompt recognition and output cleanup; knows nothing of SSH (it reads and writes
//! through a [`ShellIo`], which the transport implements over a PTY channel and the tests
//! implement with a scripted fake that hands out one byte per read) and nothing of
//! platforms or commands (the driver decides what to send, as [`Line`]s it alone can make).
//!
//! A prompt is recognised on the last, unterminated line of a bounded tail of what was read,
//! by the shape `^[\w.\-/:]+(\(admin\)|\(config[^)]*\))?[#>]\s*$` — no regex engine needed.
//! After login the prompt's host part is learned, so later an output line that merely looks
//! like a prompt ends nothing unless it names the same host.

use std::future::Future;
use std::time::Duration;

use tokio::time::{timeout_at, Instant};

use crate::secret::Secret;
use crate::ssh::{Phase, SshError};

/// How many trailing bytes of the read buffer are examined for a prompt or a pager marker.
const TAIL: usize = 1024;
/// After the first prompt-looking line at login, wait this long for more bytes before
/// trusting it (a banner line could end with `>` or `#` mid-stream).
const LOGIN_SETTLE: Duration = Duration::from_millis(300);
/// Default cap on what one command (or the login banner) may send: far above any real
/// licensing output, far below what would hurt the collector's memory at high concurrency.
pub const DEFAULT_MAX_OUTPUT: usize = 8 * 1024 * 1024;
/// What [`SshError::OutputTooLarge`] names when the banner before the first prompt overflows.
const LOGIN_BANNER: &str = "the login banner";
/// The pager marker IOS, IOS-XE, IOS-XR and NX-OS print when paging is still on.
const MORE: &[u8] = b"--More--";

/// A byte stream to an interactive shell: what the channel needs from a transport.
pub trait ShellIo: Send {
    /// Next chunk of bytes from the device; `Ok(None)` when the device closed the shell.
    fn read(&mut self) -> impl Future<Output = Result<Option<Vec<u8>>, SshError>> + Send;
    /// Writes bytes to the shell.
    fn write(&mut self, data: &[u8]) -> impl Future<Output = Result<(), SshError>> + Send;
}

/// One line the driver sends: an allow-listed command or one of the fixed session lines.
///
/// Only this crate can make one (from a [`Command`](fleetlic_parsers::Command) or a fixed
/// `terminal ...` / `enable` / `exit` text), so nothing else can reach a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line(String);

impl Line {
    /// Wraps a line; callers in this crate pass only allow-listed or fixed text.
    pub(crate) fn new(text: impl Into<String>) -> Line {
        Line(text.into())
    }

    /// The text sent (without the newline).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One command's output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    /// Everything the device sent for this command, as received (lossy UTF-8): echo,
    /// escape sequences, pager markers and the trailing prompt included.
    pub raw: String,
    /// The command's output only: echo and trailing prompt removed, ANSI sequences,
    /// backspaces, pager markers and `\r` cleaned, `\n` line endings.
    pub text: String,
}

/// A device prompt: `switch#`, `Router>`, `RP/0/RSP0/CPU0:ROA#`, `RP/0/RSP1/CPU0:ROA(admin)#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// Everything before the mode and terminator (`RP/0/RSP0/CPU0:ROA`).
    pub base: String,
    /// The mode in parentheses, if any (`admin`, `config-if`).
    pub mode: Option<String>,
    /// `#` (privileged) or `>` (user exec).
    pub terminator: char,
}

impl Prompt {
    /// Recognises a prompt line: `^[\w.\-/:]+(\(admin\)|\(config[^)]*\))?[#>]\s*$`.
    pub fn parse(line: &str) -> Option<Prompt> {
        let line = line.trim_end();
        let terminator = line.chars().last().filter(|c| *c == '#' || *c == '>')?;
        let head = &line[..line.len() - 1];
        let (base, mode) = match head.strip_suffix(')') {
            Some(inner) => {
                let open = inner.rfind('(')?;
                let mode = &inner[open + 1..];
                let known = mode == "admin" || mode.starts_with("config");
                if !known || mode.contains('(') {
                    return None;
                }
                (&inner[..open], Some(mode.to_string()))
            }
            None => (head, None),
        };
        let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '/' | ':');
        if base.is_empty() || !base.chars().all(word) {
            return None;
        }
        Some(Prompt {
            base: base.to_string(),
            mode,
            terminator,
        })
    }

    /// The host part of the prompt: after the last `:` (XR's `RP/0/RSP0/CPU0:` names the
    /// route processor, which changes on failover).
    pub fn host(&self) -> &str {
        self.base.rsplit(':').next().unwrap_or(&self.base)
    }

    /// Privileged (`#`)?
    pub fn is_privileged(&self) -> bool {
        self.terminator == '#'
    }
}

/// The last line of a buffer as a terminal would show it: the unterminated text after the
/// last `\n`, escape sequences removed, `\r` and backspaces applied. Looks only at the tail.
pub fn last_line(buf: &[u8]) -> String {
    let tail = &buf[buf.len().saturating_sub(TAIL)..];
    let start = tail.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let text = String::from_utf8_lossy(&tail[start..]);
    let (line, _) = render_line(&strip_ansi(&text));
    line
}

/// Removes ANSI/VT100 escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ESC \`) and
/// two-byte escapes.
pub fn strip_ansi(s: &str) -> String {
    if !s.contains('\x1b') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' {
                        break;
                    }
                    if c == '\x1b' {
                        if chars.peek() == Some(&'\\') {
                            chars.next();
                        }
                        break;
                    }
                }
            }
            // `ESC ( B` and friends select a character set: one more byte.
            Some('(') | Some(')') => {
                chars.next();
            }
            _ => {}
        }
    }
    out
}

/// Renders one line's characters as a terminal would: `\r` returns to column 0, backspace
/// moves left, later characters overwrite earlier ones. Returns the text and whether a
/// pager marker was seen on it (then trailing blanks are the marker's erasure, not output).
fn render_line(line: &str) -> (String, bool) {
    let had_more = line.contains("--More--");
    let line = line.trim_end_matches('\r');
    if !had_more && !line.contains(['\r', '\x08', '\x07', '\0']) {
        // Nothing moves the cursor: the line is its own rendering.
        return (line.to_string(), false);
    }
    let mut cells: Vec<char> = Vec::with_capacity(line.len());
    let mut col = 0usize;
    for c in line.chars() {
        match c {
            '\r' => col = 0,
            '\x08' => col = col.saturating_sub(1),
            '\x07' | '\0' => {}
            c => {
                if col < cells.len() {
                    cells[col] = c;
                } else {
                    cells.push(c);
                }
                col += 1;
            }
        }
    }
    let mut text: String = cells.into_iter().collect();
    if had_more {
        // The device could not erase it (or we never asked): drop the marker itself.
        text = text.replace(" --More-- ", "").replace("--More--", "");
        text.truncate(text.trim_end().len());
    }
    (text, had_more)
}

/// Cleans a shell command's raw output into its text: ANSI, `\r`, backspaces and pager
/// markers handled; the echoed `command` line (when given) and a trailing prompt (when
/// `prompt_at_end`) removed. Lines end with `\n`.
pub fn clean_output(raw: &str, command: Option<&str>, prompt_at_end: bool) -> String {
    let stripped = strip_ansi(raw);
    let mut lines: Vec<String> = stripped.split('\n').map(|l| render_line(l).0).collect();
    // The piece after the last `\n` is unterminated: the prompt, or nothing.
    let last = lines.pop().unwrap_or_default();
    let is_prompt = prompt_at_end && Prompt::parse(&last).is_some();
    if !is_prompt && !last.trim().is_empty() {
        lines.push(last);
    }
    if let Some(command) = command {
        let command = command.trim();
        // The echo is the first non-blank line, possibly after a prompt (`switch# show …`).
        if let Some(i) = lines.iter().position(|l| !l.trim().is_empty()) {
            if lines[i].trim_end().ends_with(command) {
                lines.drain(..=i);
            }
        }
    }
    let mut text = String::with_capacity(raw.len());
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// An interactive shell with prompt detection, over any [`ShellIo`].
#[derive(Debug)]
pub struct Channel<T> {
    io: T,
    prompt: Option<Prompt>,
    command_timeout: Duration,
    max_output: usize,
}

impl<T: ShellIo> Channel<T> {
    /// Wraps a shell stream; `command_timeout` bounds each [`Channel::send`], and each
    /// command's output is capped at [`DEFAULT_MAX_OUTPUT`].
    pub fn new(io: T, command_timeout: Duration) -> Self {
        Channel {
            io,
            prompt: None,
            command_timeout,
            max_output: DEFAULT_MAX_OUTPUT,
        }
    }

    /// Caps what one command (or the login banner) may send, in bytes; beyond it the read
    /// stops with [`SshError::OutputTooLarge`] and the caller closes the session.
    pub fn with_max_output(mut self, bytes: usize) -> Self {
        self.max_output = bytes.max(1);
        self
    }

    /// The prompt learned at login (and updated by `enable`).
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// The underlying stream.
    pub fn io_mut(&mut self) -> &mut T {
        &mut self.io
    }

    /// Reads the login banner until the first prompt and learns it (within `budget`).
    pub async fn login(&mut self, budget: Duration) -> Result<Prompt, SshError> {
        let deadline = Instant::now() + budget;
        let mut buf = Vec::new();
        loop {
            self.read_until(&mut buf, LOGIN_BANNER, Phase::Login, deadline, |line| {
                Prompt::parse(line).is_some()
            })
            .await?;
            // Trust it only if the device then stays quiet for a moment.
            let before = buf.len();
            match timeout_at(deadline.min(Instant::now() + LOGIN_SETTLE), self.io.read()).await {
                Err(_) => break,
                Ok(Ok(Some(more))) if buf.len() + more.len() > self.max_output => {
                    return Err(SshError::OutputTooLarge {
                        limit: self.max_output,
                        during: Phase::Login,
                        what: LOGIN_BANNER.into(),
                    })
                }
                Ok(Ok(Some(more))) => buf.extend_from_slice(&more),
                Ok(Ok(None)) => {
                    return Err(SshError::Disconnected {
                        during: Phase::Login,
                    })
                }
                Ok(Err(e)) => return Err(e),
            }
            if buf.len() == before || Prompt::parse(&last_line(&buf)).is_some() {
                break;
            }
        }
        let prompt = Prompt::parse(&last_line(&buf)).ok_or(SshError::Timeout {
            phase: Phase::Login,
        })?;
        tracing::debug!(prompt = ?prompt, "learned prompt");
        self.prompt = Some(prompt.clone());
        Ok(prompt)
    }

    /// Sends `line` and returns its output, read until the prompt comes back (within the
    /// command timeout). `--More--` is answered with a space if paging is still on.
    pub async fn send(&mut self, line: &Line) -> Result<Output, SshError> {
        self.send_in(line, Phase::Command).await
    }

    /// [`Channel::send`], reporting timeouts and disconnects as `phase`.
    pub(crate) async fn send_in(&mut self, line: &Line, phase: Phase) -> Result<Output, SshError> {
        let deadline = Instant::now() + self.command_timeout;
        self.io
            .write(format!("{}\n", line.as_str()).as_bytes())
            .await?;
        let mut buf = Vec::new();
        let learned = self.prompt.clone();
        self.read_until(&mut buf, &quoted(line), phase, deadline, |l| {
            is_prompt(learned.as_ref(), l)
        })
        .await?;
        if let Some(p) = Prompt::parse(&last_line(&buf)) {
            self.prompt = Some(p);
        }
        let raw = String::from_utf8_lossy(&buf).into_owned();
        let text = clean_output(&raw, Some(line.as_str()), true);
        Ok(Output { raw, text })
    }

    /// Sends `enable` and, at the `Password:` prompt, the enable password. Returns whether
    /// the prompt is privileged (`#`) afterwards.
    pub(crate) async fn enable(&mut self, password: &Secret) -> Result<bool, SshError> {
        let deadline = Instant::now() + self.command_timeout;
        self.io.write(b"enable\n").await?;
        let mut buf = Vec::new();
        let learned = self.prompt.clone();
        let asks = |l: &str| l.trim_end().ends_with("assword:");
        self.read_until(&mut buf, "`enable`", Phase::Setup, deadline, |l| {
            asks(l) || is_prompt(learned.as_ref(), l)
        })
        .await?;
        if asks(&last_line(&buf)) {
            let mut answer = password.expose().as_bytes().to_vec();
            answer.push(b'\n');
            self.io.write(&answer).await?;
            buf.clear();
            self.read_until(&mut buf, "`enable`", Phase::Setup, deadline, |l| {
                asks(l) || is_prompt(learned.as_ref(), l)
            })
            .await?;
        }
        let now = Prompt::parse(&last_line(&buf));
        let privileged = now.as_ref().is_some_and(Prompt::is_privileged);
        if let Some(p) = now {
            self.prompt = Some(p);
        }
        Ok(privileged)
    }

    /// Writes a fixed line without waiting for an answer (`exit` on close).
    pub(crate) async fn write_line(&mut self, line: &Line) -> Result<(), SshError> {
        self.io
            .write(format!("{}\n", line.as_str()).as_bytes())
            .await
    }

    /// Reads into `buf` until `done(last line)` holds, answering pager markers.
    async fn read_until(
        &mut self,
        buf: &mut Vec<u8>,
        what: &str,
        phase: Phase,
        deadline: Instant,
        done: impl Fn(&str) -> bool,
    ) -> Result<(), SshError> {
        let mut more_from = 0usize;
        loop {
            if !buf.is_empty() {
                more_from = more_from.max(buf.len().saturating_sub(TAIL));
                if let Some(at) = find(&buf[more_from..], MORE) {
                    more_from += at + MORE.len();
                    self.io.write(b" ").await?;
                    continue;
                }
                if done(&last_line(buf)) {
                    return Ok(());
                }
            }
            match timeout_at(deadline, self.io.read()).await {
                Err(_) => return Err(SshError::Timeout { phase }),
                Ok(Err(e)) => return Err(e),
                Ok(Ok(None)) => return Err(SshError::Disconnected { during: phase }),
                Ok(Ok(Some(chunk))) => {
                    if buf.len() + chunk.len() > self.max_output {
                        return Err(SshError::OutputTooLarge {
                            limit: self.max_output,
                            during: phase,
                            what: what.to_string(),
                        });
                    }
                    buf.extend_from_slice(&chunk);
                }
            }
        }
    }
}

/// `show license all` → "`show license all`", for error messages.
pub(crate) fn quoted(line: &Line) -> String {
    format!("`{}`", line.as_str())
}

/// Is `line` a prompt, and (once one was learned) the same host's?
fn is_prompt(learned: Option<&Prompt>, line: &str) -> bool {
    match (Prompt::parse(line), learned) {
        (Some(p), Some(l)) => p.host() == l.host(),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;

    /// A scripted shell: each time the expected line is written, its answer becomes
    /// readable, one byte per read (scrapli's `read_size=1`), so every split is exercised.
    struct Scripted {
        script: VecDeque<(&'static str, Vec<u8>)>,
        pending: VecDeque<u8>,
        written: Vec<String>,
    }

    impl Scripted {
        fn new(banner: &str, script: &[(&'static str, &str)]) -> Self {
            Scripted {
                script: script
                    .iter()
                    .map(|(w, a)| (*w, a.as_bytes().to_vec()))
                    .collect(),
                pending: banner.bytes().collect(),
                written: Vec::new(),
            }
        }
    }

    impl ShellIo for Scripted {
        async fn read(&mut self) -> Result<Option<Vec<u8>>, SshError> {
            match self.pending.pop_front() {
                Some(b) => Ok(Some(vec![b])),
                None => std::future::pending().await,
            }
        }

        async fn write(&mut self, data: &[u8]) -> Result<(), SshError> {
            let data = String::from_utf8_lossy(data).into_owned();
            if self.script.front().is_some_and(|(w, _)| *w == data) {
                if let Some((_, answer)) = self.script.pop_front() {
                    self.pending.extend(answer);
                }
            }
            self.written.push(data);
            Ok(())
        }
    }

    fn channel(banner: &str, script: &[(&'static str, &str)]) -> Channel<Scripted> {
        Channel::new(Scripted::new(banner, script), Duration::from_secs(2))
    }

    #[test]
    fn prompt_matcher_accepts_cisco_prompts() {
        for (line, base, mode, term) in [
            ("switch#", "switch", None, '#'),
            ("Router>", "Router", None, '>'),
            ("RP/0/RSP0/CPU0:ROA#", "RP/0/RSP0/CPU0:ROA", None, '#'),
            (
                "RP/0/RSP1/CPU0:ROA(admin)#",
                "RP/0/RSP1/CPU0:ROA",
                Some("admin"),
                '#',
            ),
            (
                "core-sw1.lab(config-if)# ",
                "core-sw1.lab",
                Some("config-if"),
                '#',
            ),
            ("sim-sw1# ", "sim-sw1", None, '#'),
        ] {
            let p = Prompt::parse(line).unwrap_or_else(|| panic!("{line:?} not a prompt"));
            assert_eq!(p.base, base, "{line}");
            assert_eq!(p.mode.as_deref(), mode, "{line}");
            assert_eq!(p.terminator, term, "{line}");
        }
        assert_eq!(
            Prompt::parse("RP/0/RSP1/CPU0:ROA(admin)#").map(|p| p.host().to_string()),
            Some("ROA".into())
        );
    }

    #[test]
    fn prompt_matcher_rejects_output_lines() {
        for line in [
            "switch# show version",
            "Status: REGISTERED",
            "",
            "#",
            "switch(weird)#",
            "a b#",
            "<cr>",
            "switch#x",
        ] {
            assert_eq!(Prompt::parse(line), None, "{line:?}");
        }
    }

    #[test]
    fn last_line_applies_carriage_returns_and_escapes() {
        assert_eq!(last_line(b"out\r\n\x1b[1mswitch#\x1b[0m "), "switch# ");
        assert_eq!(last_line(b"a\r\n--More--\r        \rswitch#"), "switch#");
        assert_eq!(last_line(b"done\r\n"), "");
    }

    #[test]
    fn cleaner_strips_echo_prompt_ansi_and_carriage_returns() {
        let raw = "show clock\r\n\x1b[32m12:00:00.000 UTC Mon Jan 01 2024\x1b[0m\r\n\r\nswitch# ";
        assert_eq!(
            clean_output(raw, Some("show clock"), true),
            "12:00:00.000 UTC Mon Jan 01 2024\n\n"
        );
    }

    #[test]
    fn cleaner_erases_pager_markers_with_backspaces_or_returns() {
        let ios = "show x\r\nline1\r\n --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08line2\r\nR1#";
        assert_eq!(clean_output(ios, Some("show x"), true), "line1\nline2\n");
        let nxos = "show x\r\nline1\r\n--More--\r        \rline2\r\nsw#";
        assert_eq!(clean_output(nxos, Some("show x"), true), "line1\nline2\n");
        let unerased = "line1\n --More-- line2\n";
        assert_eq!(clean_output(unerased, None, false), "line1\nline2\n");
    }

    #[test]
    fn cleaner_keeps_device_error_markers_as_output() {
        let raw = "show license pools\r\n              ^\r\n% Invalid input detected at '^' marker.\r\n\r\nsw#";
        assert_eq!(
            clean_output(raw, Some("show license pools"), true),
            "              ^\n% Invalid input detected at '^' marker.\n\n"
        );
    }

    #[tokio::test]
    async fn login_learns_prompt_split_across_single_byte_reads() {
        let mut ch = channel("\r\nUser Access Verification\r\n\r\nsw-core1# ", &[]);
        let p = ch.login(Duration::from_secs(2)).await.unwrap();
        assert_eq!(p.base, "sw-core1");
    }

    #[tokio::test]
    async fn send_returns_clean_output_read_one_byte_at_a_time() {
        let mut ch = channel(
            "sw1# ",
            &[(
                "show license status\n",
                "show license status\r\nSmart Licensing is ENABLED\r\n\r\nRegistration:\r\n  Status: REGISTERED\r\nsw1# ",
            )],
        );
        ch.login(Duration::from_secs(2)).await.unwrap();
        let out = ch.send(&Line::new("show license status")).await.unwrap();
        assert_eq!(
            out.text,
            "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n"
        );
        assert!(
            out.raw.ends_with("sw1#"),
            "stops at the prompt: {:?}",
            out.raw
        );
    }

    #[tokio::test]
    async fn send_answers_more_with_a_space_once_per_marker() {
        let mut ch = channel(
            "R1#",
            &[
                ("show version\n", "show version\r\npage1\r\n --More-- "),
                (" ", "\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08page2\r\nR1#"),
            ],
        );
        ch.login(Duration::from_secs(2)).await.unwrap();
        let out = ch.send(&Line::new("show version")).await.unwrap();
        assert_eq!(out.text, "page1\npage2\n");
        assert_eq!(ch.io_mut().written, vec!["show version\n", " "]);
    }

    #[tokio::test]
    async fn output_line_shaped_like_another_hosts_prompt_does_not_end_the_command() {
        let mut ch = channel(
            "edge1#",
            &[(
                "show clock\n",
                "show clock\r\nother#\r\n10:00 UTC\r\nedge1#",
            )],
        );
        ch.login(Duration::from_secs(2)).await.unwrap();
        let out = ch.send(&Line::new("show clock")).await.unwrap();
        assert_eq!(out.text, "other#\n10:00 UTC\n");
    }

    #[tokio::test]
    async fn send_times_out_when_the_prompt_never_returns() {
        let mut ch = Channel::new(
            Scripted::new("sw1#", &[("show clock\n", "show clock\r\n12:00")]),
            Duration::from_millis(100),
        );
        ch.login(Duration::from_secs(2)).await.unwrap();
        let err = ch.send(&Line::new("show clock")).await.unwrap_err();
        assert!(
            matches!(
                err,
                SshError::Timeout {
                    phase: Phase::Command
                }
            ),
            "{err:?}"
        );
    }

    /// A device that, once a command is written, sends 64 KiB chunks (of `chunk`) forever.
    struct Endless {
        banner: Option<Vec<u8>>,
        chunk: Vec<u8>,
        sending: bool,
        sent: usize,
    }

    impl ShellIo for Endless {
        async fn read(&mut self) -> Result<Option<Vec<u8>>, SshError> {
            if let Some(b) = self.banner.take() {
                return Ok(Some(b));
            }
            if !self.sending {
                return std::future::pending().await;
            }
            self.sent += self.chunk.len();
            Ok(Some(self.chunk.clone()))
        }

        async fn write(&mut self, _data: &[u8]) -> Result<(), SshError> {
            self.sending = true;
            Ok(())
        }
    }

    fn endless(pattern: &[u8]) -> Endless {
        Endless {
            banner: Some(b"sw1# ".to_vec()),
            chunk: pattern.repeat(64 * 1024 / pattern.len()),
            sending: false,
            sent: 0,
        }
    }

    #[tokio::test]
    async fn output_beyond_the_cap_stops_the_read_with_output_too_large() {
        for pattern in [&b"endless line without newline "[..], b"flood line\r\n"] {
            let mut ch = Channel::new(endless(pattern), Duration::from_secs(30))
                .with_max_output(1024 * 1024);
            ch.login(Duration::from_secs(2)).await.unwrap();
            let err = ch.send(&Line::new("show license all")).await.unwrap_err();
            assert!(
                matches!(
                    err,
                    SshError::OutputTooLarge {
                        limit: 1_048_576,
                        during: Phase::Command,
                        ..
                    }
                ),
                "{err:?}"
            );
            // It stopped reading at the cap: memory held is bounded by it, not by the device.
            assert!(
                ch.io_mut().sent <= 1024 * 1024 + 64 * 1024,
                "{}",
                ch.io_mut().sent
            );
            assert_eq!(
                err.to_string(),
                "`show license all` sent more than 1 MiB without finishing; session closed \
                 (raise --max-output if that much output is real)"
            );
        }
    }

    #[tokio::test]
    async fn a_login_banner_that_never_ends_is_capped_too() {
        let mut io = endless(b"banner ");
        io.banner = None;
        io.sending = true;
        let mut ch = Channel::new(io, Duration::from_secs(30)).with_max_output(256 * 1024);
        let err = ch.login(Duration::from_secs(30)).await.unwrap_err();
        assert!(
            matches!(
                err,
                SshError::OutputTooLarge {
                    during: Phase::Login,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn enable_answers_the_password_prompt_and_learns_the_privileged_prompt() {
        let mut ch = channel(
            "Router>",
            &[
                ("enable\n", "enable\r\nPassword: "),
                ("s3cret\n", "\r\nRouter#"),
            ],
        );
        ch.login(Duration::from_secs(2)).await.unwrap();
        assert!(ch.enable(&Secret::new("s3cret")).await.unwrap());
        assert_eq!(ch.prompt().map(|p| p.terminator), Some('#'));
    }
}
