//! Shell mode's "send a line, read until the prompt comes back" (scrapli's channel).
//!
//! Owns reading a command's answer; knows nothing of SSH (it reads and writes through a
//! [`ShellIo`], which the transport implements over a PTY channel and the tests implement with
//! a scripted fake that hands out one byte per read) and nothing of platforms or commands (the
//! driver decides what to send, as [`Line`]s it alone can make). What a prompt, a pager
//! prompt, an echo or an escape sequence looks like is `fleetlic_parsers::terminal`'s.
//!
//! # Where a command's output ends
//!
//! A command's answer is anchored on its echo: the device echoes the line typed, then prints
//! the output, then its prompt. The prompt that ends the command is looked for only *after*
//! the echo, and only the prompt learned at login counts (the same text, trailing blanks
//! aside: `xe1(config)#` inside a description, or another host's prompt, is output). Bytes
//! that arrive before the echo cannot be this command's: they are the previous command's late
//! output, dropped from this one and reported ([`OutputWarning::LateOutput`]). So a
//! prompt-shaped line inside an output can at worst cut that one output short; it can no
//! longer shift every later output by one command.
//!
//! The learned prompt itself can also appear mid-output (a device printing its prompt and
//! pausing, `logging synchronous` reprinting it). Nothing but time tells it from the real end
//! (only allow-listed commands may be sent, so no marker command can be added): on seeing the
//! learned prompt at the end of what was read, the channel waits a settle period
//! ([`DEFAULT_SETTLE`], [`Channel::with_settle`]) and accepts it only if nothing more arrives.
//! A real device sends its final prompt and then waits for input, so the settle costs one
//! quiet period per command and nothing else. A device that pauses longer than the settle
//! right after a prompt-shaped line still cuts that command short — and the next command's
//! echo then shows it (late output, reported), instead of silently shifting outputs.
//!
//! A device that never echoes is still read (up to the learned prompt, after the settle), and
//! the output says so ([`OutputWarning::NoEcho`]).

use std::fmt;
use std::future::Future;
use std::ops::Range;
use std::time::Duration;

use fleetlic_parsers::terminal::{control, echo, pager};
use tokio::time::{timeout_at, Instant};

use crate::secret::Secret;
use crate::ssh::{Phase, SshError};

pub use fleetlic_parsers::terminal::Prompt;

/// How many trailing bytes of the read buffer are examined for a prompt or a pager marker.
const TAIL: usize = 1024;
/// After the first prompt-looking line at login, wait this long for more bytes before
/// trusting it (a banner line could end with `>` or `#` mid-stream).
const LOGIN_SETTLE: Duration = Duration::from_millis(300);
/// After the learned prompt shows at the end of a command's answer, wait this long for more
/// bytes before trusting it (see the module documentation). Short against any real command's
/// run time, long against the gap between two packets of one burst of output.
pub const DEFAULT_SETTLE: Duration = Duration::from_millis(150);
/// Default cap on what one command (or the login banner) may send: far above any real
/// licensing output, far below what would hurt the collector's memory at high concurrency.
pub const DEFAULT_MAX_OUTPUT: usize = 8 * 1024 * 1024;
/// How far into a command's answer its echo is looked for: past it, the answer is taken as
/// unechoed (and reading it stays linear however long its lines are).
const ECHO_WINDOW: usize = 64 * 1024;
/// What [`SshError::OutputTooLarge`] names when the banner before the first prompt overflows.
const LOGIN_BANNER: &str = "the login banner";

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

/// Something odd about how a command's output was read; the output is still returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputWarning {
    /// The device never echoed the command: the output was taken up to the learned prompt,
    /// unanchored, and may hold another command's text.
    NoEcho,
    /// Bytes came after the previous command's prompt and before this command's echo: the
    /// previous command's output went on after a prompt-shaped line (and was cut short).
    /// They were dropped from this output.
    LateOutput {
        /// How many bytes.
        bytes: usize,
    },
}

impl fmt::Display for OutputWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputWarning::NoEcho => f.write_str(
                "the device did not echo the command; the output was read up to its prompt \
                 without that anchor and may hold another command's text",
            ),
            OutputWarning::LateOutput { bytes } => write!(
                f,
                "{bytes} byte(s) arrived after the prompt that ended this command, before the \
                 next command's echo: the output went on past a prompt-shaped line and is cut short"
            ),
        }
    }
}

/// One command's output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    /// What the device sent for this command, as received (lossy UTF-8): echo, escape
    /// sequences, pager markers and the trailing prompt included (shell mode); the previous
    /// command's late bytes before the echo are not.
    pub raw: String,
    /// Where the output proper (after the echo, before the trailing prompt) lies in `raw`.
    body: Range<usize>,
    /// What was odd about reading it.
    pub warnings: Vec<OutputWarning>,
}

impl Output {
    /// An exec channel's output: all of it is the output proper.
    pub fn exec(raw: String) -> Output {
        Output {
            body: 0..raw.len(),
            raw,
            warnings: Vec::new(),
        }
    }

    /// The output proper as received: without the echo and the trailing prompt.
    pub fn body(&self) -> &str {
        self.raw.get(self.body.clone()).unwrap_or_default()
    }

    /// The output proper as a terminal shows it: escape sequences, backspaces, pager prompts
    /// and `\r` rendered, `\n` line ends. Computed on demand (the collector keeps `raw`).
    pub fn text(&self) -> String {
        let body = self.body();
        let mut text = String::with_capacity(body.len());
        let mut pieces = body.split('\n').peekable();
        while let Some(piece) = pieces.next() {
            let line = control::render(piece);
            // The piece after the last `\n` is unterminated: kept only when not blank.
            if pieces.peek().is_none() && line.trim().is_empty() {
                break;
            }
            text.push_str(&line);
            text.push('\n');
        }
        text
    }
}

/// The last line of a buffer as a terminal would show it (looks only at the tail).
pub fn last_line(buf: &[u8]) -> String {
    control::last_line(buf, TAIL)
}

/// An interactive shell with prompt detection, over any [`ShellIo`].
#[derive(Debug)]
pub struct Channel<T> {
    io: T,
    prompt: Option<Prompt>,
    command_timeout: Duration,
    max_output: usize,
    settle: Duration,
}

impl<T: ShellIo> Channel<T> {
    /// Wraps a shell stream; `command_timeout` bounds each [`Channel::send`], each command's
    /// output is capped at [`DEFAULT_MAX_OUTPUT`] and its prompt settles for
    /// [`DEFAULT_SETTLE`].
    pub fn new(io: T, command_timeout: Duration) -> Self {
        Channel {
            io,
            prompt: None,
            command_timeout,
            max_output: DEFAULT_MAX_OUTPUT,
            settle: DEFAULT_SETTLE,
        }
    }

    /// Caps what one command (or the login banner) may send, in bytes; beyond it the read
    /// stops with [`SshError::OutputTooLarge`] and the caller closes the session.
    pub fn with_max_output(mut self, bytes: usize) -> Self {
        self.max_output = bytes.max(1);
        self
    }

    /// How long the learned prompt must be followed by silence to end a command.
    pub fn with_settle(mut self, settle: Duration) -> Self {
        self.settle = settle;
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
        tracing::debug!(prompt = %prompt, "learned prompt");
        self.prompt = Some(prompt.clone());
        Ok(prompt)
    }

    /// Sends `line` and returns its output: read after its echo until the learned prompt
    /// comes back and settles (within the command timeout). Pager prompts are answered with a
    /// space if paging is still on.
    pub async fn send(&mut self, line: &Line) -> Result<Output, SshError> {
        self.send_in(line, Phase::Command).await
    }

    /// [`Channel::send`], reporting timeouts and disconnects as `phase`. Session setup lines
    /// (`Phase::Setup`, whose answers are not kept) skip the settle once their echo came.
    pub(crate) async fn send_in(&mut self, line: &Line, phase: Phase) -> Result<Output, SshError> {
        let deadline = Instant::now() + self.command_timeout;
        self.io
            .write(format!("{}\n", line.as_str()).as_bytes())
            .await?;
        let mut answer = Answer::new(line.as_str());
        let what = quoted(line);
        let mut more_from = 0usize;
        loop {
            if !answer.buf.is_empty() {
                more_from = more_from.max(answer.buf.len().saturating_sub(TAIL));
                if let Some(end) = pager::find_end(&answer.buf[more_from..]) {
                    more_from += end;
                    self.io.write(b" ").await?;
                    continue;
                }
                answer.scan_echo();
                if answer.ends_at_prompt(self.prompt.as_ref()) {
                    let settle = match (phase, answer.echo) {
                        (Phase::Setup, Some(_)) => Duration::ZERO,
                        _ => self.settle,
                    };
                    if settle.is_zero() {
                        break;
                    }
                    match timeout_at(deadline.min(Instant::now() + settle), self.io.read()).await {
                        // Quiet: the prompt ends the command.
                        Err(_) => break,
                        // Closed right after its prompt: the output is whole.
                        Ok(Ok(None)) => break,
                        Ok(Err(e)) => return Err(e),
                        Ok(Ok(Some(chunk))) => {
                            answer.push(chunk, self.max_output, &what, phase)?;
                            continue;
                        }
                    }
                }
            }
            match timeout_at(deadline, self.io.read()).await {
                Err(_) => return Err(SshError::Timeout { phase }),
                Ok(Err(e)) => return Err(e),
                Ok(Ok(None)) => return Err(SshError::Disconnected { during: phase }),
                Ok(Ok(Some(chunk))) => answer.push(chunk, self.max_output, &what, phase)?,
            }
        }
        Ok(answer.finish(self.prompt.as_ref()))
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
                if let Some(end) = pager::find_end(&buf[more_from..]) {
                    more_from += end;
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

/// One command's answer as it is read: the bytes, and where the echo was found.
struct Answer<'a> {
    command: &'a str,
    buf: Vec<u8>,
    /// Complete lines before this offset were searched for the echo.
    scanned: usize,
    /// The echo line: where it starts and where the output after it starts.
    echo: Option<(usize, usize)>,
}

impl<'a> Answer<'a> {
    fn new(command: &'a str) -> Self {
        Answer {
            command,
            buf: Vec::new(),
            scanned: 0,
            echo: None,
        }
    }

    /// Appends a chunk, or fails when the answer would pass the cap.
    fn push(
        &mut self,
        chunk: Vec<u8>,
        max_output: usize,
        what: &str,
        phase: Phase,
    ) -> Result<(), SshError> {
        if self.buf.len() + chunk.len() > max_output {
            return Err(SshError::OutputTooLarge {
                limit: max_output,
                during: phase,
                what: what.to_string(),
            });
        }
        self.buf.extend_from_slice(&chunk);
        Ok(())
    }

    /// Looks for the echo among the complete lines not searched yet (each line once, and
    /// only in the first [`ECHO_WINDOW`] bytes).
    fn scan_echo(&mut self) {
        while self.echo.is_none() && self.scanned < ECHO_WINDOW {
            let window = &self.buf[self.scanned..self.buf.len().min(ECHO_WINDOW)];
            let Some(nl) = window.iter().position(|b| *b == b'\n') else {
                return;
            };
            let (start, end) = (self.scanned, self.scanned + nl + 1);
            let line = String::from_utf8_lossy(&self.buf[start..end - 1]);
            if echo::is_echo_of(&control::render(&line), self.command) {
                self.echo = Some((start, end));
            }
            self.scanned = end;
        }
    }

    /// Where the last, unterminated line starts.
    fn last_line_start(&self) -> usize {
        self.buf
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
    }

    /// Whether the answer ends with the learned prompt (any prompt before one was learned),
    /// after the echo when there was one.
    fn ends_at_prompt(&self, learned: Option<&Prompt>) -> bool {
        let last = last_line(&self.buf);
        let prompt = match learned {
            Some(p) => p.is(&last),
            None => Prompt::parse(&last).is_some(),
        };
        prompt
            && match self.echo {
                Some((_, end)) => self.last_line_start() >= end,
                None => true,
            }
    }

    /// The output: from the echo (or the start) to the end, the body between echo and prompt.
    /// Valid UTF-8 (what devices send) becomes the output in the buffer it was read into, its
    /// spare capacity released: a large output is held once, not twice, while it is handed on.
    fn finish(mut self, learned: Option<&Prompt>) -> Output {
        let prompt_at = self.last_line_start();
        let mut warnings = Vec::new();
        let (from, body_from) = match self.echo {
            Some((start, end)) => {
                let late = late_bytes(&self.buf[..start], learned);
                if late > 0 {
                    warnings.push(OutputWarning::LateOutput { bytes: late });
                }
                (start, end)
            }
            None => {
                warnings.push(OutputWarning::NoEcho);
                (0, 0)
            }
        };
        self.buf.drain(..from);
        self.buf.shrink_to_fit();
        let (body_from, prompt_at) = (body_from - from, prompt_at - from);
        self.buf = match String::from_utf8(std::mem::take(&mut self.buf)) {
            Ok(raw) => {
                return Output {
                    raw,
                    body: body_from..prompt_at,
                    warnings,
                }
            }
            Err(not_utf8) => not_utf8.into_bytes(),
        };
        let from = 0;
        let echo = String::from_utf8_lossy(&self.buf[from..body_from]);
        let body = String::from_utf8_lossy(&self.buf[body_from..prompt_at]);
        let tail = String::from_utf8_lossy(&self.buf[prompt_at..]);
        let mut raw = String::with_capacity(echo.len() + body.len() + tail.len());
        raw.push_str(&echo);
        raw.push_str(&body);
        let body = echo.len()..raw.len();
        raw.push_str(&tail);
        Output {
            raw,
            body,
            warnings,
        }
    }
}

/// Bytes of real text before an echo: lines other than blanks and the learned prompt.
fn late_bytes(before: &[u8], learned: Option<&Prompt>) -> usize {
    String::from_utf8_lossy(before)
        .split('\n')
        .filter(|l| {
            let l = control::render(l);
            !l.trim().is_empty() && !learned.is_some_and(|p| p.is(&l))
        })
        .map(|l| l.len() + 1)
        .sum()
}

/// `show license all` → "`show license all`", for error messages.
pub(crate) fn quoted(line: &Line) -> String {
    format!("`{}`", line.as_str())
}

/// Is `line` a prompt, and (once one was learned) the same host's?
fn is_prompt(learned: Option<&Prompt>, line: &str) -> bool {
    match learned {
        Some(l) => l.same_host(line),
        None => Prompt::parse(line).is_some(),
    }
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
    fn last_line_applies_carriage_returns_and_escapes() {
        assert_eq!(last_line(b"out\r\n\x1b[1mswitch#\x1b[0m "), "switch# ");
        assert_eq!(last_line(b"a\r\n--More--\r        \rswitch#"), "switch#");
        assert_eq!(last_line(b"done\r\n"), "");
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
            out.text(),
            "Smart Licensing is ENABLED\n\nRegistration:\n  Status: REGISTERED\n"
        );
        assert!(
            out.raw.ends_with("sw1# "),
            "stops at the prompt, its trailing blank read while it settled: {:?}",
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
        assert_eq!(out.text(), "page1\npage2\n");
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
        assert_eq!(out.text(), "other#\n10:00 UTC\n");
    }

    #[tokio::test]
    async fn a_prompt_of_the_same_host_in_another_mode_is_output() {
        let mut ch = channel(
            "xe1#",
            &[(
                "show running-config | section call-home\n",
                "show running-config | section call-home\r\n description see xe1(config)#\r\nxe1(config)#\r\nservice call-home\r\nxe1#",
            )],
        );
        ch.login(Duration::from_secs(2)).await.unwrap();
        let out = ch
            .send(&Line::new("show running-config | section call-home"))
            .await
            .unwrap();
        assert_eq!(
            out.text(),
            " description see xe1(config)#\nxe1(config)#\nservice call-home\n"
        );
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    }

    #[tokio::test]
    async fn the_prompt_is_looked_for_only_after_the_echo_and_late_bytes_are_dropped() {
        let mut ch = channel(
            "sw1#",
            &[(
                "show clock\n",
                "...previous output\r\nsw1#show clock\r\n12:00 UTC\r\nsw1#",
            )],
        );
        ch.login(Duration::from_secs(2)).await.unwrap();
        let out = ch.send(&Line::new("show clock")).await.unwrap();
        assert_eq!(out.text(), "12:00 UTC\n");
        assert_eq!(out.raw, "sw1#show clock\r\n12:00 UTC\r\nsw1#");
        assert_eq!(
            out.warnings,
            [OutputWarning::LateOutput {
                bytes: "...previous output\r\n".len()
            }]
        );
    }

    #[tokio::test]
    async fn an_output_without_echo_is_read_to_the_prompt_and_flagged() {
        let mut ch = channel("sw1#", &[("show clock\n", "12:00 UTC\r\nsw1#")]);
        ch.login(Duration::from_secs(2)).await.unwrap();
        let out = ch.send(&Line::new("show clock")).await.unwrap();
        assert_eq!(out.text(), "12:00 UTC\n");
        assert_eq!(out.warnings, [OutputWarning::NoEcho]);
        assert!(OutputWarning::NoEcho.to_string().contains("did not echo"));
    }

    /// A shell whose answers come in chunks released at fixed delays after the line is
    /// written (read under tokio's paused clock, so the timing is exact).
    struct Timed {
        banner: Option<Vec<u8>>,
        script: VecDeque<(&'static str, Vec<(u64, &'static str)>)>,
        pending: VecDeque<(Instant, Vec<u8>)>,
    }

    impl ShellIo for Timed {
        async fn read(&mut self) -> Result<Option<Vec<u8>>, SshError> {
            if let Some(b) = self.banner.take() {
                return Ok(Some(b));
            }
            let Some(at) = self.pending.front().map(|(at, _)| *at) else {
                return std::future::pending().await;
            };
            // Cancel-safe: the chunk leaves the queue only once it is handed out.
            tokio::time::sleep_until(at).await;
            Ok(self.pending.pop_front().map(|(_, chunk)| chunk))
        }

        async fn write(&mut self, data: &[u8]) -> Result<(), SshError> {
            let data = String::from_utf8_lossy(data);
            if self.script.front().is_some_and(|(w, _)| *w == data) {
                if let Some((_, chunks)) = self.script.pop_front() {
                    let mut at = self
                        .pending
                        .back()
                        .map_or(Instant::now(), |(at, _)| *at)
                        .max(Instant::now());
                    for (delay_ms, text) in chunks {
                        at += Duration::from_millis(delay_ms);
                        self.pending.push_back((at, text.as_bytes().to_vec()));
                    }
                }
            }
            Ok(())
        }
    }

    /// `show license status` answering with its own prompt mid-output, then `pause_ms` of
    /// silence, then the rest; `show license usage` answering plainly.
    fn fake_prompt_device(pause_ms: u64) -> Channel<Timed> {
        let io = Timed {
            banner: Some(b"sw1# ".to_vec()),
            script: VecDeque::from([
                (
                    "show license status\n",
                    vec![
                        (0, "show license status\r\nStatus: REGISTERED\r\nsw1# "),
                        (pause_ms, "\r\nExport status: NOT RESTRICTED\r\nsw1# "),
                    ],
                ),
                (
                    "show license usage\n",
                    vec![(0, "show license usage\r\nFeature  Ins  Lic\r\nsw1# ")],
                ),
            ]),
            pending: VecDeque::new(),
        };
        Channel::new(io, Duration::from_secs(10))
    }

    #[tokio::test(start_paused = true)]
    async fn the_learned_prompt_mid_output_ends_the_command_only_once_it_settles() {
        let mut ch = fake_prompt_device(DEFAULT_SETTLE.as_millis() as u64 / 2);
        ch.login(Duration::from_secs(2)).await.unwrap();
        let status = ch.send(&Line::new("show license status")).await.unwrap();
        assert_eq!(
            status.text(),
            "Status: REGISTERED\nsw1# \nExport status: NOT RESTRICTED\n"
        );
        let usage = ch.send(&Line::new("show license usage")).await.unwrap();
        assert_eq!(usage.text(), "Feature  Ins  Lic\n");
        assert!(status.warnings.is_empty() && usage.warnings.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_past_the_settle_cuts_one_output_short_and_shifts_nothing() {
        let mut ch = fake_prompt_device(DEFAULT_SETTLE.as_millis() as u64 * 3);
        ch.login(Duration::from_secs(2)).await.unwrap();
        let status = ch.send(&Line::new("show license status")).await.unwrap();
        assert_eq!(status.text(), "Status: REGISTERED\n");
        let usage = ch.send(&Line::new("show license usage")).await.unwrap();
        assert_eq!(usage.text(), "Feature  Ins  Lic\n", "usage stays usage");
        assert_eq!(
            usage.warnings,
            [OutputWarning::LateOutput {
                bytes: "Export status: NOT RESTRICTED\r\n".len()
            }]
        );
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
