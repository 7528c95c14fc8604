//! The device session (scrapli's driver): opens a [`Target`], sets the terminal up and runs
//! allow-listed [`Command`]s in shell or exec mode.
//!
//! Read-only by type: [`Session::run`] takes the same `Command` enum the parsers key on (it
//! has no `From<&str>`), and the text sent is `command.cli(platform)`, or its admin-plane form
//! (`admin <cli>`, [`Profile::admin_form`]) on classic IOS-XR for the commands the allow-list
//! marks `admin_on_classic_xr`. The only other lines ever sent are the fixed ones: the
//! platform's setup lines ([`Profile::setup`]), `enable` and `exit`.
//!
//! The admin-plane fallback is decided here: on IOS-XR, when an admin-plane command is
//! rejected ([`rejection::rejected`]: `% Invalid input`, `% Permission denied`, ...), the
//! session takes the device for classic XR and asks again in the admin form, and sends that
//! form for the rest of the session.
//!
//! What the device answers, `% Invalid input` included, comes back as [`Output`]; the
//! parser classifies it. Only transport problems are errors.

use fleetlic_parsers::terminal::platform::{self as profiles, Profile};
use fleetlic_parsers::terminal::rejection;
use fleetlic_parsers::{Command, Platform};
use tokio::time::timeout;

use crate::ssh::channel::{Channel, Line, Output, Prompt};
use crate::ssh::transport::{self, Connection, Shell};
use crate::ssh::{Phase, SshError};
use crate::target::{SessionMode, Target};

/// Leaves the shell.
pub const EXIT: &str = "exit";

/// An open session to one device.
#[derive(Debug)]
pub struct Session {
    target: Target,
    classic_xr: bool,
    mode: Mode,
}

#[derive(Debug)]
enum Mode {
    Shell {
        connection: Connection,
        channel: Channel<Shell>,
    },
    Exec {
        connection: Option<Connection>,
    },
}

impl Session {
    /// Connects, authenticates and, in shell mode, waits for the prompt, `enable`s when the
    /// prompt is `>` and an enable password is configured, and turns paging off.
    pub async fn open(target: &Target) -> Result<Session, SshError> {
        let connection = transport::connect(target).await?;
        let mode = match target.mode {
            SessionMode::Exec => Mode::Exec {
                connection: Some(connection),
            },
            SessionMode::Shell => {
                let shell = timeout(target.connect_timeout, connection.open_shell())
                    .await
                    .unwrap_or(Err(SshError::Timeout {
                        phase: Phase::OpenChannel,
                    }))?;
                let mut channel =
                    Channel::new(shell, target.command_timeout).with_max_output(target.max_output);
                setup(target, &mut channel).await?;
                Mode::Shell {
                    connection,
                    channel,
                }
            }
        };
        Ok(Session {
            target: target.clone(),
            classic_xr: false,
            mode,
        })
    }

    /// Tells the session the device runs classic (32-bit) IOS-XR, where the license
    /// commands live in the admin plane and are sent as `admin <command>`.
    pub fn set_classic_xr(&mut self, classic: bool) {
        self.classic_xr = classic;
    }

    /// Whether commands are sent with the classic-XR `admin` prefix where needed.
    pub fn classic_xr(&self) -> bool {
        self.classic_xr
    }

    /// The prompt in shell mode (`None` in exec mode).
    pub fn prompt(&self) -> Option<&Prompt> {
        match &self.mode {
            Mode::Shell { channel, .. } => channel.prompt(),
            Mode::Exec { .. } => None,
        }
    }

    /// The line `command` is sent as on `platform` in this session.
    pub fn line_for(&self, command: Command, platform: Platform) -> Result<Line, SshError> {
        let text = command
            .text(platform)
            .ok_or(SshError::NoSuchCommand { command, platform })?;
        let admin = (self.classic_xr && text.admin_on_classic_xr)
            .then(|| Profile::of(platform).admin_form(text.cli))
            .flatten();
        Ok(Line::new(admin.unwrap_or_else(|| text.cli.to_string())))
    }

    /// Whether a rejection of `command` means "ask the admin plane": an IOS-XR admin-plane
    /// command while the session still sends the plain form.
    fn admin_fallback(&self, command: Command, platform: Platform) -> bool {
        Profile::of(platform).admin_prefix.is_some()
            && !self.classic_xr
            && command
                .text(platform)
                .is_some_and(|t| t.admin_on_classic_xr)
    }

    /// Runs one allow-listed command and returns its output (within the command timeout).
    ///
    /// Classic IOS-XR answers its licensing commands only in the admin plane: on the first
    /// rejection of such a command the session switches to the admin form and asks again.
    pub async fn run(&mut self, command: Command, platform: Platform) -> Result<Output, SshError> {
        let out = self.run_once(command, platform).await?;
        if self.admin_fallback(command, platform) && rejection::rejected(out.body()) {
            tracing::debug!("rejected: classic IOS-XR admin plane");
            self.set_classic_xr(true);
            return self.run_once(command, platform).await;
        }
        Ok(out)
    }

    /// Sends one command as this session types it. In exec mode each command gets its own
    /// exec channel; when the device closed the connection after the previous one (IOS,
    /// IOS-XR do), the session reconnects first.
    async fn run_once(&mut self, command: Command, platform: Platform) -> Result<Output, SshError> {
        let line = self.line_for(command, platform)?;
        tracing::debug!(command = line.as_str(), "run");
        match &mut self.mode {
            Mode::Shell { channel, .. } => channel.send(&line).await,
            Mode::Exec { connection } => {
                let budget = self.target.command_timeout;
                let mut reconnected = false;
                loop {
                    let conn = match connection.take() {
                        Some(c) if !c.is_closed() => c,
                        _ => {
                            reconnected = true;
                            transport::connect(&self.target).await?
                        }
                    };
                    match conn.exec(&line, budget, self.target.max_output).await {
                        Ok(bytes) => {
                            if !conn.is_closed() {
                                *connection = Some(conn);
                            }
                            let raw = String::from_utf8_lossy(&bytes).into_owned();
                            return Ok(Output::exec(raw));
                        }
                        // The device dropped the session between commands: once more, fresh.
                        Err(SshError::Disconnected { .. }) if !reconnected => {
                            tracing::debug!("exec: reconnecting");
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }

    /// Leaves the device: `exit` in shell mode, then disconnect. Never fails: a device that
    /// is already gone is closed.
    pub async fn close(self) {
        match self.mode {
            Mode::Shell {
                connection,
                mut channel,
            } => {
                let _ = channel.write_line(&Line::new(EXIT)).await;
                channel.io_mut().close().await;
                connection.close().await;
            }
            Mode::Exec { connection } => {
                if let Some(c) = connection {
                    c.close().await;
                }
            }
        }
    }
}

/// Login prompt, `enable`, then the platform's setup lines (paging off, full width, and on
/// IOS-XR no timestamps; a device of unknown platform behind an XR prompt gets XR's).
async fn setup(target: &Target, channel: &mut Channel<Shell>) -> Result<(), SshError> {
    let prompt = channel.login(target.connect_timeout).await?;
    if !prompt.is_privileged() {
        if let Some(password) = &target.enable_password {
            if !channel.enable(password).await? {
                return Err(SshError::AuthFailed {
                    username: target.username.clone(),
                    tried: "enable".into(),
                });
            }
        }
    }
    for text in profiles::setup_lines(target.platform, prompt.node().is_some()) {
        // The answer does not matter: a device without the setting still works.
        channel.send_in(&Line::new(*text), Phase::Setup).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session_lines(classic: bool) -> Vec<String> {
        // Only `line_for` is exercised: it needs no connection.
        let s = Session {
            target: crate::ssh::driver::tests::target(),
            classic_xr: classic,
            mode: Mode::Exec { connection: None },
        };
        Command::for_platform(Platform::IosXr)
            .filter_map(|c| s.line_for(c, Platform::IosXr).ok())
            .map(|l| l.as_str().to_string())
            .collect()
    }

    pub(super) fn target() -> Target {
        use std::time::Duration;
        Target {
            name: "r1".into(),
            host: "127.0.0.1".into(),
            port: 22,
            platform: Some(Platform::IosXr),
            group: None,
            username: "u".into(),
            credential: crate::target::Credential::Agent,
            enable_password: None,
            mode: SessionMode::Exec,
            connect_timeout: Duration::from_secs(1),
            command_timeout: Duration::from_secs(1),
            device_timeout: Duration::from_secs(1),
            max_output: crate::ssh::channel::DEFAULT_MAX_OUTPUT,
            legacy_algorithms: false,
            host_key_check: crate::target::HostKeyCheck::Strict,
            known_hosts: None,
            jump: None,
            keys: Default::default(),
        }
    }

    #[test]
    fn classic_xr_prefixes_admin_plane_commands_only() {
        let lines = session_lines(true);
        assert!(lines.contains(&"admin show license status".to_string()));
        assert!(lines.contains(&"show license usage".to_string()));
        assert!(session_lines(false).contains(&"show license status".to_string()));
        assert!(!session_lines(false).iter().any(|l| l.starts_with("admin")));
    }

    #[test]
    fn commands_a_platform_lacks_are_refused_before_sending() {
        let s = Session {
            target: target(),
            classic_xr: false,
            mode: Mode::Exec { connection: None },
        };
        let err = s.line_for(Command::Callhome, Platform::IosXe).unwrap_err();
        assert!(matches!(err, SshError::NoSuchCommand { .. }), "{err:?}");
    }
}
