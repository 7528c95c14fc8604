//! The simulated Cisco CLI: what a typed command answers ([`execute`]) and the shell and exec
//! channel sessions built on it.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use fleetlic_parsers::terminal::platform::Profile;
use fleetlic_parsers::terminal::{pager, Prompt};
use fleetlic_parsers::{Command, Platform};
use russh::server::Msg;
use russh::{Channel, ChannelMsg, Disconnect};

use super::{Fault, SimDevice, SimOptions, PAGE_LINES};

/// What `--More--` looks like (IOS's), and how it is erased.
const MORE: &str = pager::IOS_MORE;
/// How long a [`Fault::FakePrompt`] device stays silent after a prompt-shaped line inside an
/// output. Shorter than the collector's settle (`ssh::channel::DEFAULT_SETTLE`, 150 ms), with
/// room to spare on a loaded test machine, so a correct reader rides over it; yet a reader
/// that ends a command at the first prompt seen at the end of a read splits there every
/// time, because the rest of the output is not even sent before the pause is over.
pub(crate) const FAKE_PROMPT_PAUSE: Duration = Duration::from_millis(30);

/// Per-session terminal settings.
#[derive(Debug, Clone)]
pub(crate) struct TermState {
    /// Lines per page; `None` once `terminal length 0` was sent.
    pub page: Option<usize>,
    /// IOS-XR prints a timestamp line before each command's output.
    pub timestamps: bool,
}

impl TermState {
    /// An interactive shell: paging on, timestamps on.
    pub fn shell() -> Self {
        TermState {
            page: Some(PAGE_LINES),
            timestamps: true,
        }
    }

    /// An exec channel: no paging, timestamps on.
    pub fn exec() -> Self {
        TermState {
            page: None,
            timestamps: true,
        }
    }
}

/// What a typed command line answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reply {
    /// Nothing (a `terminal` setting, an empty line).
    Empty,
    /// A command's output lines (without line ends) and the command.
    Output(Vec<String>, Command),
    /// The caret error: the caret's column in the typed line and the message line.
    Invalid(usize, &'static str),
    /// A refusal without a caret (`% Permission denied`).
    Refused(String),
    /// `exit` / `logout`: close the session.
    Exit,
}

impl Reply {
    /// The reply as lines, the caret line indented by `indent` (the prompt's width).
    pub fn lines(&self, indent: usize) -> Vec<String> {
        match self {
            Reply::Empty | Reply::Exit => Vec::new(),
            Reply::Output(lines, _) => lines.clone(),
            Reply::Invalid(col, msg) => {
                vec![format!("{}^", " ".repeat(indent + col)), msg.to_string()]
            }
            Reply::Refused(msg) => vec![msg.clone()],
        }
    }
}

/// Answers one typed command line on `device`, updating the terminal settings.
pub(crate) fn execute(device: &SimDevice, state: &mut TermState, typed: &str) -> Reply {
    let words: Vec<&str> = typed.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let profile = Profile::of(device.platform);
    let invalid_msg = profile.invalid_input;
    let Some(first) = lower.first() else {
        return Reply::Empty;
    };
    let col_of = |word: usize| word_column(typed, word);
    match first.as_str() {
        "exit" | "logout" | "quit" if lower.len() == 1 => return Reply::Exit,
        "enable" if lower.len() == 1 => return Reply::Empty,
        w if w.len() >= 4 && "terminal".starts_with(w) => {
            let rest: Vec<&str> = lower[1..].iter().map(String::as_str).collect();
            match rest.as_slice() {
                ["length", n] => match n.parse::<usize>() {
                    Ok(0) if device.paging_stuck => {}
                    Ok(0) => state.page = None,
                    Ok(n) => state.page = Some(n),
                    Err(_) => return Reply::Invalid(col_of(2), invalid_msg),
                },
                ["no", "length"] => state.page = Some(PAGE_LINES),
                ["exec", "prompt", "no-timestamp"] if device.platform == Platform::IosXr => {
                    state.timestamps = false
                }
                ["exec", "prompt", "timestamp"] if device.platform == Platform::IosXr => {
                    state.timestamps = true
                }
                ["exec", ..] if device.platform != Platform::IosXr => {
                    return Reply::Invalid(col_of(1), invalid_msg)
                }
                [] => return Reply::Invalid(col_of(0) + typed.trim().len(), invalid_msg),
                _ => {}
            }
            return Reply::Empty;
        }
        _ => {}
    }
    let admin = profile.admin_prefix == Some(first.as_str());
    if first == "admin" && !admin {
        return Reply::Invalid(col_of(0), invalid_msg);
    }
    let known_start = lower[usize::from(admin)..]
        .first()
        .is_some_and(|w| w == "show");
    let command = if known_start {
        Command::from_cli(typed)
    } else {
        None
    };
    let Some(command) = command else {
        return Reply::Invalid(col_of(caret_word(device.platform, &lower)), invalid_msg);
    };
    let Some(text) = command.text(device.platform) else {
        return Reply::Invalid(col_of(caret_word(device.platform, &lower)), invalid_msg);
    };
    if text.admin_on_classic_xr && !admin && device.is_classic_xr() {
        // The admin plane's command is not in the classic XR exec plane.
        if let Some(refusal) = &device.exec_plane_refusal {
            return Reply::Refused(refusal.clone());
        }
        return Reply::Invalid(col_of(lower.len().saturating_sub(1)), invalid_msg);
    }
    let Some(body) = device.outputs.get(&command) else {
        return Reply::Invalid(col_of(lower.len().saturating_sub(1)), invalid_msg);
    };
    let mut lines: Vec<String> = if body.is_empty() {
        Vec::new()
    } else {
        body.split('\n').map(str::to_string).collect()
    };
    if device.platform == Platform::IosXr {
        let stamped = lines.first().is_some_and(|l| is_xr_timestamp(l));
        if state.timestamps && !stamped {
            lines.insert(0, xr_timestamp());
        } else if !state.timestamps && stamped {
            lines.remove(0);
        }
    }
    Reply::Output(lines, command)
}

/// Byte column where word `index` of `typed` starts (the end of the line past the last word).
fn word_column(typed: &str, index: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in typed.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            if count == index {
                return i;
            }
            count += 1;
            in_word = true;
        }
    }
    typed.trim_end().len()
}

/// The first word that no allow-listed command of the platform continues with.
fn caret_word(platform: Platform, words: &[String]) -> usize {
    let offset = usize::from(words.first().is_some_and(|w| w == "admin"));
    let words = &words[offset..];
    let mut best = 0;
    for command in Command::for_platform(platform) {
        let Some(cli) = command.cli(platform) else {
            continue;
        };
        let n = cli
            .split_whitespace()
            .zip(words)
            .take_while(|(a, b)| a == b)
            .count();
        best = best.max(n);
    }
    best.min(words.len().saturating_sub(1)) + offset
}

/// Whether a line is an IOS-XR exec timestamp (`Sun Nov 22 23:31:13.124 UTC`).
pub(crate) fn is_xr_timestamp(line: &str) -> bool {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let t = line.trim();
    DAYS.iter().any(|d| t.starts_with(d)) && t.contains(':') && t.split_whitespace().count() >= 5
}

fn xr_timestamp() -> String {
    chrono::Utc::now()
        .format("%a %b %e %H:%M:%S%.3f UTC")
        .to_string()
}

/// Pseudo-random bytes (xorshift seeded from the clock): the [`Fault::Garbage`] output.
pub(crate) fn garbage(len: usize) -> Vec<u8> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0x9e37_79b9, |d| d.as_nanos() as u64);
    let mut x = nanos | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// How much [`Fault::EndlessLine`] sends before it falls silent.
const ENDLESS_LINE_BYTES: usize = 128 * 1024 * 1024;

/// Streams what a [`Fault::Flood`] or [`Fault::EndlessLine`] device prints for a licensing
/// command, until the client goes away (or, for the endless line, 128 MiB were sent).
/// Returns after the stream; the caller then hangs the session.
async fn stream_forever(ch: &Channel<Msg>, device: &SimDevice) {
    const CHUNK: usize = 64 * 1024;
    if device.has(Fault::EndlessLine) {
        let chunk = vec![b'A'; CHUNK];
        for _ in 0..ENDLESS_LINE_BYTES / CHUNK {
            if !send(ch, chunk.clone()).await {
                return;
            }
        }
        return;
    }
    let mut n: u64 = 0;
    loop {
        let mut out = String::with_capacity(CHUNK + 80);
        while out.len() < CHUNK {
            n += 1;
            out.push_str(&format!(
                "Flood line {n:>12}: Smart Licensing is ENABLED and this output never ends\r\n"
            ));
        }
        if !send(ch, out).await {
            return;
        }
    }
}

/// Does this device's fault take over the answer to `command`?
fn streams(device: &SimDevice, command: Command) -> bool {
    (device.has(Fault::Flood) || device.has(Fault::EndlessLine)) && Conn::is_licensing(command)
}

/// What a session needs besides its channel.
#[derive(Clone)]
pub(crate) struct Conn {
    pub device: Arc<SimDevice>,
    pub options: Arc<SimOptions>,
    /// A clone of the TCP socket, to drop the connection abruptly.
    pub socket: Arc<std::net::TcpStream>,
    /// The SSH session, to close it after an IOS exec.
    pub session: russh::server::Handle,
}

impl Conn {
    /// Closes the TCP connection without any SSH goodbye.
    async fn drop_connection(&self) {
        // Let what was already queued reach the socket first.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let _ = self.socket.shutdown(std::net::Shutdown::Both);
    }

    fn is_licensing(command: Command) -> bool {
        command.slug().starts_with("show_license")
    }
}

/// Serves one session channel: waits for a shell or exec request and runs it.
pub(crate) async fn run_channel(mut ch: Channel<Msg>, conn: Conn) {
    while let Some(msg) = ch.wait().await {
        match msg {
            ChannelMsg::RequestShell { .. } => return run_shell(ch, conn).await,
            ChannelMsg::Exec { command, .. } => return run_exec(ch, conn, &command).await,
            ChannelMsg::Eof | ChannelMsg::Close => return,
            _ => {}
        }
    }
}

/// Reads and ignores everything until the channel closes ([`Fault::Hang`]).
async fn drain(mut ch: Channel<Msg>) {
    while let Some(msg) = ch.wait().await {
        if matches!(msg, ChannelMsg::Close) {
            return;
        }
    }
}

fn banner(device: &SimDevice) -> String {
    match device.platform {
        Platform::NxOs => "Cisco Nexus Operating System (NX-OS) Software\r\n\
            TAC support: http://www.cisco.com/tac\r\n\
            Copyright (C) 2002-2026, Cisco and/or its affiliates.\r\n\
            (fleetlic simulator)\r\n"
            .to_string(),
        Platform::IosXe | Platform::IosXr => "\r\n\
            ****************************************************\r\n\
            * Authorised access only (fleetlic simulator)      *\r\n\
            ****************************************************\r\n\r\n"
            .to_string(),
    }
}

/// A pager: lines still to show after ` --More-- `.
struct Pager {
    pending: VecDeque<String>,
}

async fn send(ch: &Channel<Msg>, text: impl Into<Vec<u8>>) -> bool {
    ch.data_bytes(text.into()).await.is_ok()
}

fn crlf(lines: &[String]) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push_str("\r\n");
    }
    out
}

/// Sends an output as a [`Fault::FakePrompt`] device does: the first half, the device's own
/// `prompt` on a line of its own, the rest, then the real prompt. After every prompt-shaped
/// line (the fake one, and any in the output itself, such as `xe1(config)#` in a
/// description) the line end is held back and the device pauses for [`FAKE_PROMPT_PAUSE`], so
/// what was read so far ends with that line exactly as it ends with a real prompt.
async fn send_with_fake_prompt(ch: &Channel<Msg>, lines: &[String], prompt: &str) -> bool {
    let mid = lines.len() / 2;
    let fake = prompt.to_string();
    let all = lines[..mid]
        .iter()
        .chain(std::iter::once(&fake))
        .chain(&lines[mid..]);
    let mut out = String::new();
    for line in all {
        out.push_str(line);
        if Prompt::parse(line).is_some() {
            if !send(ch, std::mem::take(&mut out)).await {
                return false;
            }
            tokio::time::sleep(FAKE_PROMPT_PAUSE).await;
        }
        out.push_str("\r\n");
    }
    out.push_str(prompt);
    send(ch, out).await
}

/// The interactive shell.
async fn run_shell(mut ch: Channel<Msg>, conn: Conn) {
    let device = conn.device.clone();
    if device.has(Fault::Hang) {
        return drain(ch).await;
    }
    if device.has(Fault::SlowBanner) {
        tokio::time::sleep(conn.options.slow_banner_delay).await;
    }
    let privileged = if device.platform == Platform::NxOs {
        format!("{} ", device.prompt)
    } else {
        device.prompt.clone()
    };
    let enable_password = conn
        .options
        .enable_password
        .as_deref()
        .filter(|_| device.platform == Platform::IosXe);
    let mut prompt = match (enable_password, privileged.strip_suffix('#')) {
        (Some(_), Some(base)) => format!("{base}>"),
        _ => privileged.clone(),
    };
    let mut awaiting_password = false;
    if !send(&ch, format!("{}{prompt}", banner(&device))).await {
        return;
    }
    let mut state = TermState::shell();
    let mut line: Vec<u8> = Vec::new();
    let mut pager: Option<Pager> = None;
    let mut last_cr = false;
    while let Some(msg) = ch.wait().await {
        let data = match msg {
            ChannelMsg::Data { data } => data,
            ChannelMsg::Eof | ChannelMsg::Close => break,
            _ => continue,
        };
        // Typed characters are echoed in one piece per received chunk, as a device echoes a
        // pasted line (one SSH packet per character would only load both ends' crypto).
        let mut echo: Vec<u8> = Vec::new();
        for &b in data.iter() {
            let printable = pager.is_none() && (b >= 0x20 || b == b'\t');
            if !printable && !echo.is_empty() && !send(&ch, std::mem::take(&mut echo)).await {
                return;
            }
            if let Some(p) = pager.as_mut() {
                if b == b'\n' && last_cr {
                    last_cr = false;
                    continue;
                }
                last_cr = b == b'\r';
                let n = MORE.len();
                let mut out = format!("{}{}{}", "\x08".repeat(n), " ".repeat(n), "\x08".repeat(n));
                let take = match b {
                    b'q' | b'Q' | 0x03 => 0,
                    b'\r' | b'\n' => 1,
                    _ => state.page.unwrap_or(PAGE_LINES),
                };
                if take == 0 {
                    p.pending.clear();
                }
                let chunk: Vec<String> = p.pending.drain(..take.min(p.pending.len())).collect();
                out.push_str(&crlf(&chunk));
                if p.pending.is_empty() {
                    pager = None;
                    out.push_str(&prompt);
                } else {
                    out.push_str(MORE);
                }
                if !send(&ch, out).await {
                    return;
                }
                continue;
            }
            match b {
                b'\n' if last_cr => last_cr = false,
                b'\r' | b'\n' => {
                    last_cr = b == b'\r';
                    let typed = String::from_utf8_lossy(&line).into_owned();
                    line.clear();
                    if !send(&ch, "\r\n").await {
                        return;
                    }
                    if awaiting_password {
                        awaiting_password = false;
                        let answer = if Some(typed.as_str()) == enable_password {
                            prompt = privileged.clone();
                            prompt.clone()
                        } else {
                            format!("% Access denied\r\n\r\n{prompt}")
                        };
                        if !send(&ch, answer).await {
                            return;
                        }
                        continue;
                    }
                    if typed.trim() == "enable" && enable_password.is_some() && prompt != privileged
                    {
                        awaiting_password = true;
                        if !send(&ch, "Password: ").await {
                            return;
                        }
                        continue;
                    }
                    // A flooding device needs no saved output to flood with.
                    if Command::from_cli(&typed).is_some_and(|c| streams(&device, c)) {
                        stream_forever(&ch, &device).await;
                        return drain(ch).await;
                    }
                    let reply = execute(&device, &mut state, &typed);
                    if reply == Reply::Exit {
                        let _ = ch.eof().await;
                        let _ = ch.close().await;
                        let _ = conn
                            .session
                            .disconnect(Disconnect::ByApplication, "logout".into(), "".into())
                            .await;
                        return;
                    }
                    if let Reply::Output(_, command) = &reply {
                        if !conn.options.latency.is_zero() {
                            tokio::time::sleep(conn.options.latency).await;
                        }
                        if device.has(Fault::Garbage) {
                            let mut out = garbage(700);
                            out.extend_from_slice(b"\r\n");
                            out.extend_from_slice(prompt.as_bytes());
                            if !send(&ch, out).await {
                                return;
                            }
                            continue;
                        }
                        if device.has(Fault::NoPrompt) && Conn::is_licensing(*command) {
                            let _ = send(&ch, crlf(&reply.lines(0))).await;
                            return drain(ch).await;
                        }
                        if device.has(Fault::DropMidOutput) && Conn::is_licensing(*command) {
                            let text = crlf(&reply.lines(0));
                            let half = text.len() / 2;
                            let _ = send(&ch, text.as_bytes()[..half].to_vec()).await;
                            conn.drop_connection().await;
                            return;
                        }
                    }
                    let lines = reply.lines(prompt.len());
                    if device.has(Fault::FakePrompt) && state.page.is_none() {
                        if let Reply::Output(..) = &reply {
                            if !send_with_fake_prompt(&ch, &lines, &prompt).await {
                                return;
                            }
                            continue;
                        }
                    }
                    let page = state.page.unwrap_or(usize::MAX).max(1);
                    let mut out = if lines.len() > page {
                        let text = crlf(&lines[..page]);
                        pager = Some(Pager {
                            pending: lines[page..].iter().cloned().collect(),
                        });
                        format!("{text}{MORE}")
                    } else {
                        crlf(&lines)
                    };
                    if pager.is_none() {
                        out.push_str(&prompt);
                    }
                    if !send(&ch, out).await {
                        return;
                    }
                }
                0x08 | 0x7f => {
                    last_cr = false;
                    if line.pop().is_some() && !send(&ch, "\x08 \x08").await {
                        return;
                    }
                }
                0x03 => {
                    last_cr = false;
                    line.clear();
                    if !send(&ch, format!("^C\r\n{prompt}")).await {
                        return;
                    }
                }
                b if b >= 0x20 || b == b'\t' => {
                    last_cr = false;
                    line.push(b);
                    // A password is never echoed.
                    if !awaiting_password {
                        echo.push(b);
                    }
                }
                _ => last_cr = false,
            }
        }
        if !echo.is_empty() && !send(&ch, echo).await {
            return;
        }
    }
}

/// One exec request: run the command, send its output and exit status, close.
async fn run_exec(ch: Channel<Msg>, conn: Conn, command: &[u8]) {
    let device = conn.device.clone();
    if device.has(Fault::Hang) {
        return drain(ch).await;
    }
    let typed = String::from_utf8_lossy(command).into_owned();
    if Command::from_cli(&typed).is_some_and(|c| streams(&device, c)) {
        stream_forever(&ch, &device).await;
        return drain(ch).await;
    }
    let mut state = TermState::exec();
    let reply = execute(&device, &mut state, &typed);
    let eol = if device.platform == Platform::NxOs {
        "\n"
    } else {
        "\r\n"
    };
    let mut status = 0;
    let mut out: Vec<u8> = Vec::new();
    match &reply {
        Reply::Output(lines, command) => {
            if !conn.options.latency.is_zero() {
                tokio::time::sleep(conn.options.latency).await;
            }
            if device.has(Fault::Garbage) {
                out = garbage(700);
            } else {
                for l in lines {
                    out.extend_from_slice(l.as_bytes());
                    out.extend_from_slice(eol.as_bytes());
                }
                if device.has(Fault::NoPrompt) && Conn::is_licensing(*command) {
                    // Exec has no prompt: the channel is simply never closed.
                    let _ = send(&ch, out).await;
                    return drain(ch).await;
                }
                if device.has(Fault::DropMidOutput) && Conn::is_licensing(*command) {
                    let half = out.len() / 2;
                    let _ = send(&ch, out[..half].to_vec()).await;
                    conn.drop_connection().await;
                    return;
                }
            }
        }
        Reply::Invalid(..) | Reply::Refused(_) => {
            status = 1;
            for l in reply.lines(0) {
                out.extend_from_slice(l.as_bytes());
                out.extend_from_slice(eol.as_bytes());
            }
        }
        Reply::Empty | Reply::Exit => {}
    }
    if !out.is_empty() && !send(&ch, out).await {
        return;
    }
    let _ = ch.exit_status(status).await;
    let _ = ch.eof().await;
    let _ = ch.close().await;
    if device.platform != Platform::NxOs {
        // IOS closes the whole SSH session after an exec command. Give the client time to
        // drain the channel first: OpenSSH drops buffered output on a disconnect message.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let _ = conn
            .session
            .disconnect(Disconnect::ByApplication, "".into(), "".into())
            .await;
    }
}
