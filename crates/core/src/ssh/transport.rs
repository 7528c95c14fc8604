//! Moves bytes to and from a device over SSH (scrapli's transport): TCP connect within the
//! connect budget, fleetlic's algorithm profile, the host-key policy against an OpenSSH
//! known_hosts file, authentication (password, keyboard-interactive, key file, ssh-agent),
//! jump hosts, and a PTY shell or one exec channel per command. No prompts, no commands:
//! those are the channel's and the driver's.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use russh::client::{self, Handle, KeyboardInteractiveAuthResponse, Msg};
use russh::keys::agent::client::AgentClient;
use russh::keys::agent::AgentIdentity;
use russh::keys::PublicKeyOrCertificate;
use russh::keys::{Algorithm, EcdsaCurve, HashAlg, PrivateKeyWithHashAlg, PublicKey};
use russh::{cipher, kex, mac, ChannelMsg, Disconnect, Preferred, Pty};
use tokio::time::timeout;

use crate::secret::Secret;
use crate::ssh::channel::{Line, ShellIo};
use crate::ssh::known_hosts::{self, Verdict};
use crate::ssh::{Phase, SshError};
use crate::target::{Credential, HostKeyCheck, Target};

/// PTY width: the widest Cisco accepts (`terminal width 511`), so lines never wrap.
pub const PTY_WIDTH: u32 = 511;
/// PTY height; paging is turned off separately with `terminal length 0`.
pub const PTY_HEIGHT: u32 = 24;
/// Terminal type requested for the PTY.
pub const PTY_TERM: &str = "vt100";

/// Key exchanges offered by default, most preferred first. Includes
/// `diffie-hellman-group14-sha1`: much of a Cisco fleet offers nothing newer.
pub const DEFAULT_KEX: &[kex::Name] = &[
    kex::CURVE25519,
    kex::CURVE25519_PRE_RFC_8731,
    kex::ECDH_SHA2_NISTP256,
    kex::ECDH_SHA2_NISTP384,
    kex::ECDH_SHA2_NISTP521,
    kex::DH_GEX_SHA256,
    kex::DH_G16_SHA512,
    kex::DH_G18_SHA512,
    kex::DH_G14_SHA256,
    kex::DH_G14_SHA1,
];

/// Key exchanges `legacy_algorithms = true` adds after the defaults.
pub const LEGACY_KEX: &[kex::Name] = &[kex::DH_GEX_SHA1, kex::DH_G1_SHA1];

/// Ciphers offered by default. AES-GCM leads: with AES-NI it costs the collector less than
/// ChaCha20-Poly1305 for the many small packets of a CLI session (−60 % instructions in the
/// cipher, measured with callgrind over 100 simulated devices); both are AEAD.
pub const DEFAULT_CIPHERS: &[cipher::Name] = &[
    cipher::AES_128_GCM,
    cipher::AES_256_GCM,
    cipher::CHACHA20_POLY1305,
    cipher::AES_256_CTR,
    cipher::AES_192_CTR,
    cipher::AES_128_CTR,
];

/// Ciphers `legacy_algorithms = true` adds.
pub const LEGACY_CIPHERS: &[cipher::Name] = &[
    cipher::AES_256_CBC,
    cipher::AES_192_CBC,
    cipher::AES_128_CBC,
    cipher::TRIPLE_DES_CBC,
];

/// MACs offered by default (used only with non-AEAD ciphers).
pub const DEFAULT_MACS: &[mac::Name] = &[
    mac::HMAC_SHA256_ETM,
    mac::HMAC_SHA512_ETM,
    mac::HMAC_SHA256,
    mac::HMAC_SHA512,
];

/// MACs `legacy_algorithms = true` adds.
pub const LEGACY_MACS: &[mac::Name] = &[mac::HMAC_SHA1_ETM, mac::HMAC_SHA1];

/// Host-key algorithms accepted, most preferred first. `ssh-rsa` stays: NX-OS ships
/// 1024-bit RSA host keys and older IOS signs only with SHA-1.
pub const HOST_KEY_ALGORITHMS: &[Algorithm] = &[
    Algorithm::Ed25519,
    Algorithm::Ecdsa {
        curve: EcdsaCurve::NistP256,
    },
    Algorithm::Ecdsa {
        curve: EcdsaCurve::NistP384,
    },
    Algorithm::Ecdsa {
        curve: EcdsaCurve::NistP521,
    },
    Algorithm::Rsa {
        hash: Some(HashAlg::Sha512),
    },
    Algorithm::Rsa {
        hash: Some(HashAlg::Sha256),
    },
    Algorithm::Rsa { hash: None },
];

/// fleetlic's algorithm profile. Host-key algorithms of keys already recorded for the host
/// (`known`) move to the front, as OpenSSH does, so a device with several host keys presents
/// the one known_hosts can check.
pub fn preferred(legacy: bool, known: &[PublicKey]) -> Preferred {
    let mut kex_names: Vec<kex::Name> = DEFAULT_KEX.to_vec();
    let mut ciphers: Vec<cipher::Name> = DEFAULT_CIPHERS.to_vec();
    let mut macs: Vec<mac::Name> = DEFAULT_MACS.to_vec();
    if legacy {
        kex_names.extend_from_slice(LEGACY_KEX);
        ciphers.extend_from_slice(LEGACY_CIPHERS);
        macs.extend_from_slice(LEGACY_MACS);
    }
    kex_names.push(kex::EXTENSION_SUPPORT_AS_CLIENT);
    kex_names.push(kex::EXTENSION_OPENSSH_STRICT_KEX_AS_CLIENT);

    let is_known = |a: &Algorithm| {
        known.iter().any(|k| match (k.algorithm(), a) {
            (Algorithm::Rsa { .. }, Algorithm::Rsa { .. }) => true,
            (k, a) => k == *a,
        })
    };
    let (mut keys, rest): (Vec<Algorithm>, Vec<Algorithm>) =
        HOST_KEY_ALGORITHMS.iter().cloned().partition(is_known);
    keys.extend(rest);

    Preferred {
        kex: Cow::Owned(kex_names),
        key: Cow::Owned(keys),
        cipher: Cow::Owned(ciphers),
        mac: Cow::Owned(macs),
        ..Preferred::DEFAULT
    }
}

/// The known_hosts file a target is checked against: its own, else `~/.ssh/known_hosts`.
pub fn known_hosts_file(target: &Target) -> PathBuf {
    target.known_hosts.clone().unwrap_or_else(|| {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default()
            .join(".ssh")
            .join("known_hosts")
    })
}

/// How known_hosts names a host: `host`, or `[host]:port` off port 22.
pub fn known_hosts_name(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_string()
    } else {
        format!("[{host}]:{port}")
    }
}

/// The russh event handler: applies the host-key policy and logs the negotiated algorithms.
#[derive(Debug)]
pub struct HostKeyPolicy {
    host: String,
    port: u16,
    check: HostKeyCheck,
    known_hosts: PathBuf,
    /// The span the policy was made in (the device's): russh calls the handler from its own
    /// task, and the policy's log lines still name the device.
    span: tracing::Span,
}

impl HostKeyPolicy {
    /// The policy for `host:port`, checking `known_hosts`.
    pub fn new(host: &str, port: u16, check: HostKeyCheck, known_hosts: PathBuf) -> Self {
        HostKeyPolicy {
            host: host.to_string(),
            port,
            check,
            known_hosts,
            span: tracing::Span::current(),
        }
    }

    /// Applies the policy to a presented key: `Ok(())` to go on, else the refusal.
    pub fn verify(&self, key: &PublicKey) -> Result<(), SshError> {
        let _in_device = self.span.enter();
        let name = known_hosts_name(&self.host, self.port);
        let fingerprint = key.fingerprint(HashAlg::Sha256).to_string();
        if self.check == HostKeyCheck::Off {
            tracing::debug!(known_as = %name, %fingerprint, "host key accepted unchecked");
            return Ok(());
        }
        let known = known_hosts::load(&self.known_hosts).map_err(|e| {
            SshError::Protocol(format!("cannot read {}: {e}", self.known_hosts.display()))
        })?;
        match known.check(&self.host, self.port, key) {
            Verdict::Known => Ok(()),
            Verdict::Unknown if self.check == HostKeyCheck::AcceptNew => {
                known_hosts::record(&self.known_hosts, &name, key).map_err(|e| {
                    SshError::Protocol(format!(
                        "cannot record the host key of {name} in {}: {e}",
                        self.known_hosts.display()
                    ))
                })?;
                tracing::info!(known_as = %name, %fingerprint, file = %self.known_hosts.display(), "recorded new host key");
                Ok(())
            }
            Verdict::Unknown => Err(SshError::HostKeyUnknown {
                host: name,
                address: self.host.clone(),
                port: self.port,
                fingerprint,
                known_hosts: self.known_hosts.clone(),
            }),
            Verdict::Changed { line } => Err(SshError::HostKeyMismatch {
                host: name,
                fingerprint,
                known_hosts: self.known_hosts.clone(),
                line,
            }),
            Verdict::Revoked { line } => Err(SshError::HostKeyRevoked {
                host: name,
                fingerprint,
                known_hosts: self.known_hosts.clone(),
                line,
            }),
        }
    }
}

impl client::Handler for HostKeyPolicy {
    type Error = SshError;

    async fn check_server_key(
        &mut self,
        server_public_key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        self.verify(&server_public_key.public_key())?;
        Ok(true)
    }

    async fn kex_done(
        &mut self,
        _shared_secret: Option<&[u8]>,
        names: &russh::Names,
        _session: &mut client::Session,
    ) -> Result<(), Self::Error> {
        let _in_device = self.span.enter();
        tracing::debug!(
            peer = %known_hosts_name(&self.host, self.port),
            kex = names.kex.as_ref(),
            host_key = %names.key,
            cipher = names.cipher.as_ref(),
            mac = names.client_mac.as_ref(),
            "negotiated algorithms"
        );
        Ok(())
    }
}

/// An authenticated SSH connection to a device (through its jump host, if any).
pub struct Connection {
    handle: Handle<HostKeyPolicy>,
    /// Kept alive while the device connection tunnels through it.
    jump: Option<Handle<HostKeyPolicy>>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("closed", &self.handle.is_closed())
            .field("jump", &self.jump.is_some())
            .finish()
    }
}

/// Connects and authenticates to `target` (via its jump host, if any), all within its
/// connect timeout.
pub async fn connect(target: &Target) -> Result<Connection, SshError> {
    match timeout(target.connect_timeout, connect_inner(target)).await {
        Ok(r) => r,
        Err(_) => Err(SshError::Timeout {
            phase: Phase::Connect,
        }),
    }
}

async fn connect_inner(target: &Target) -> Result<Connection, SshError> {
    let file = known_hosts_file(target);
    let policy =
        |host: &str, port: u16| HostKeyPolicy::new(host, port, target.host_key_check, file.clone());
    let config = |host: &str, port: u16| {
        let known = known_hosts::load(&file)
            .map(|k| k.keys(host, port))
            .unwrap_or_default();
        Arc::new(client::Config {
            preferred: preferred(target.legacy_algorithms, &known),
            nodelay: true,
            keepalive_interval: Some(Duration::from_secs(30)),
            ..Default::default()
        })
    };

    let Some(jump) = &target.jump else {
        let stream = tcp(&target.host, target.port).await?;
        let mut handle = client::connect_stream(
            config(&target.host, target.port),
            stream,
            policy(&target.host, target.port),
        )
        .await?;
        authenticate(&mut handle, &target.username, &target.credential).await?;
        return Ok(Connection { handle, jump: None });
    };

    let stream = tcp(&jump.host, jump.port).await?;
    let mut bastion = client::connect_stream(
        config(&jump.host, jump.port),
        stream,
        policy(&jump.host, jump.port),
    )
    .await?;
    authenticate(&mut bastion, &jump.username, &jump.credential).await?;
    let tunnel = bastion
        .channel_open_direct_tcpip(target.host.clone(), u32::from(target.port), "127.0.0.1", 0)
        .await
        .map_err(|e| SshError::Connect {
            host: target.host.clone(),
            port: target.port,
            reason: format!("jump host {} refused the tunnel: {e}", jump.host),
        })?;
    let mut handle = client::connect_stream(
        config(&target.host, target.port),
        tunnel.into_stream(),
        policy(&target.host, target.port),
    )
    .await?;
    authenticate(&mut handle, &target.username, &target.credential).await?;
    Ok(Connection {
        handle,
        jump: Some(bastion),
    })
}

async fn tcp(host: &str, port: u16) -> Result<tokio::net::TcpStream, SshError> {
    let stream = tokio::net::TcpStream::connect((host, port))
        .await
        .map_err(|e| SshError::Connect {
            host: host.to_string(),
            port,
            reason: e.to_string(),
        })?;
    // Commands are short lines: do not let Nagle delay them.
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

/// How many keyboard-interactive rounds to answer before giving up.
const KBD_INT_ROUNDS: usize = 5;

async fn authenticate(
    handle: &mut Handle<HostKeyPolicy>,
    username: &str,
    credential: &Credential,
) -> Result<(), SshError> {
    let auth = |e: russh::Error| SshError::from_russh(e, Phase::Auth);
    let failed = |tried: &str| SshError::AuthFailed {
        username: username.to_string(),
        tried: tried.to_string(),
    };
    match credential {
        Credential::Password(password) => {
            let r = handle
                .authenticate_password(username, password.expose())
                .await
                .map_err(auth)?;
            if r.success() {
                return Ok(());
            }
            if keyboard_interactive(handle, username, password).await? {
                return Ok(());
            }
            Err(failed("password, keyboard-interactive"))
        }
        Credential::Key { path, passphrase } => {
            let key = load_key(path, passphrase.as_ref())?;
            let hash = rsa_hash(handle).await?;
            let r = handle
                .authenticate_publickey(username, PrivateKeyWithHashAlg::new(Arc::new(key), hash))
                .await
                .map_err(auth)?;
            if r.success() {
                Ok(())
            } else {
                Err(failed("publickey"))
            }
        }
        Credential::Agent => {
            let mut agent = AgentClient::connect_env()
                .await
                .map_err(|e| SshError::Protocol(format!("ssh-agent (SSH_AUTH_SOCK): {e}")))?;
            let identities = agent
                .request_identities()
                .await
                .map_err(|e| SshError::Protocol(format!("ssh-agent: {e}")))?;
            let hash = rsa_hash(handle).await?;
            for identity in identities {
                let AgentIdentity::PublicKey { key, .. } = identity else {
                    continue;
                };
                match handle
                    .authenticate_publickey_with(username, key, hash, &mut agent)
                    .await
                {
                    Ok(r) if r.success() => return Ok(()),
                    Ok(_) => {}
                    Err(e) => tracing::debug!(error = %e, "ssh-agent could not sign"),
                }
            }
            Err(failed("publickey (ssh-agent)"))
        }
    }
}

/// Answers keyboard-interactive prompts (TACACS+/RADIUS logins) with the password: every
/// prompt that does not echo, or that asks for a password, gets it; others get "".
async fn keyboard_interactive(
    handle: &mut Handle<HostKeyPolicy>,
    username: &str,
    password: &Secret,
) -> Result<bool, SshError> {
    let auth = |e: russh::Error| SshError::from_russh(e, Phase::Auth);
    let mut reply = handle
        .authenticate_keyboard_interactive_start(username, None)
        .await
        .map_err(auth)?;
    for _ in 0..KBD_INT_ROUNDS {
        match reply {
            KeyboardInteractiveAuthResponse::Success => return Ok(true),
            KeyboardInteractiveAuthResponse::Failure { .. } => return Ok(false),
            KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } => {
                let answers = prompts
                    .iter()
                    .map(|p| {
                        if !p.echo || p.prompt.to_ascii_lowercase().contains("password") {
                            password.expose().to_string()
                        } else {
                            String::new()
                        }
                    })
                    .collect();
                reply = handle
                    .authenticate_keyboard_interactive_respond(answers)
                    .await
                    .map_err(auth)?;
            }
        }
    }
    Ok(false)
}

fn load_key(path: &Path, passphrase: Option<&Secret>) -> Result<russh::keys::PrivateKey, SshError> {
    russh::keys::load_secret_key(path, passphrase.map(Secret::expose))
        .map_err(|e| SshError::Protocol(format!("cannot load private key {}: {e}", path.display())))
}

/// The RSA signature hash the server accepts (rsa-sha2-512/256), or `None` for `ssh-rsa`.
async fn rsa_hash(handle: &Handle<HostKeyPolicy>) -> Result<Option<HashAlg>, SshError> {
    Ok(handle
        .best_supported_rsa_hash()
        .await
        .map_err(|e| SshError::from_russh(e, Phase::Auth))?
        .flatten())
}

impl Connection {
    /// Has the device (or the jump host) closed the connection?
    pub fn is_closed(&self) -> bool {
        self.handle.is_closed() || self.jump.as_ref().is_some_and(Handle::is_closed)
    }

    /// Opens a session channel with a `vt100` PTY, [`PTY_WIDTH`] columns wide, and a shell.
    pub async fn open_shell(&self) -> Result<Shell, SshError> {
        let open = |e: russh::Error| SshError::from_russh(e, Phase::OpenChannel);
        let channel = self.handle.channel_open_session().await.map_err(open)?;
        let modes = [
            (Pty::ECHO, 1),
            (Pty::TTY_OP_ISPEED, 38400),
            (Pty::TTY_OP_OSPEED, 38400),
        ];
        channel
            .request_pty(false, PTY_TERM, PTY_WIDTH, PTY_HEIGHT, 0, 0, &modes)
            .await
            .map_err(open)?;
        channel.request_shell(false).await.map_err(open)?;
        Ok(Shell { channel })
    }

    /// Runs one line on an exec channel and returns everything it printed (stdout and
    /// stderr), within `budget` and at most `max_output` bytes (beyond it:
    /// [`SshError::OutputTooLarge`], and the channel is dropped).
    pub async fn exec(
        &self,
        line: &Line,
        budget: Duration,
        max_output: usize,
    ) -> Result<Vec<u8>, SshError> {
        let run = async {
            let open = |e: russh::Error| SshError::from_russh(e, Phase::OpenChannel);
            let mut channel = self.handle.channel_open_session().await.map_err(open)?;
            channel.exec(true, line.as_str()).await.map_err(open)?;
            let mut out = Vec::new();
            let mut closed_cleanly = false;
            while let Some(msg) = channel.wait().await {
                match msg {
                    ChannelMsg::Data { data } | ChannelMsg::ExtendedData { data, .. } => {
                        if out.len() + data.len() > max_output {
                            return Err(SshError::OutputTooLarge {
                                limit: max_output,
                                during: Phase::Command,
                                what: crate::ssh::channel::quoted(line),
                            });
                        }
                        out.extend_from_slice(&data);
                    }
                    ChannelMsg::ExitStatus { .. } | ChannelMsg::Eof => closed_cleanly = true,
                    ChannelMsg::Close => {
                        closed_cleanly = true;
                        break;
                    }
                    _ => {}
                }
            }
            if closed_cleanly || !out.is_empty() {
                Ok(out)
            } else {
                Err(SshError::Disconnected {
                    during: Phase::Command,
                })
            }
        };
        timeout(budget, run).await.unwrap_or(Err(SshError::Timeout {
            phase: Phase::Command,
        }))
    }

    /// Says goodbye to the device (and the jump host). Errors are ignored: the device may
    /// already have gone.
    pub async fn close(self) {
        let _ = self
            .handle
            .disconnect(Disconnect::ByApplication, "", "en")
            .await;
        if let Some(jump) = self.jump {
            let _ = jump.disconnect(Disconnect::ByApplication, "", "en").await;
        }
    }
}

/// An interactive shell channel with a PTY: the channel layer's [`ShellIo`].
pub struct Shell {
    channel: russh::Channel<Msg>,
}

impl std::fmt::Debug for Shell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shell")
            .field("id", &self.channel.id())
            .finish()
    }
}

impl ShellIo for Shell {
    async fn read(&mut self) -> Result<Option<Vec<u8>>, SshError> {
        loop {
            match self.channel.wait().await {
                Some(ChannelMsg::Data { data }) | Some(ChannelMsg::ExtendedData { data, .. }) => {
                    return Ok(Some(data.to_vec()))
                }
                Some(ChannelMsg::Eof) | Some(ChannelMsg::Close) | None => return Ok(None),
                Some(_) => {}
            }
        }
    }

    async fn write(&mut self, data: &[u8]) -> Result<(), SshError> {
        self.channel
            .data_bytes(data.to_vec())
            .await
            .map_err(|e| SshError::from_russh(e, Phase::Command))
    }
}

impl Shell {
    /// Closes the channel.
    pub async fn close(&self) {
        let _ = self.channel.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_profile_offers_group14_sha1_and_ssh_rsa_but_no_cbc() {
        let p = preferred(false, &[]);
        assert!(p.kex.contains(&kex::DH_G14_SHA1));
        assert!(p.kex.contains(&kex::ECDH_SHA2_NISTP521));
        assert!(p.key.contains(&Algorithm::Rsa { hash: None }));
        assert!(!p.cipher.contains(&cipher::AES_128_CBC));
        assert!(!p.kex.contains(&kex::DH_G1_SHA1));
    }

    #[test]
    fn legacy_profile_adds_group1_cbc_3des_and_hmac_sha1() {
        let p = preferred(true, &[]);
        assert!(p.kex.contains(&kex::DH_G1_SHA1));
        assert!(p.kex.contains(&kex::DH_GEX_SHA1));
        assert!(p.cipher.contains(&cipher::TRIPLE_DES_CBC));
        assert!(p.cipher.contains(&cipher::AES_256_CBC));
        assert!(p.mac.contains(&mac::HMAC_SHA1));
    }

    #[test]
    fn known_host_key_algorithm_moves_to_the_front() {
        let rsa = russh::keys::parse_public_key_base64(
            "AAAAB3NzaC1yc2EAAAADAQABAAAAgQDYqe7WQ0LBjfZ2a50f3snwD17lSKvHa+JQAiOzdf3Yss5KGGy0U9vb7J6REbFI3sKWGuRLGikJ1mVB+lk/2FTeoY/Lr38apTuczIIiiqcW0UYy73RFT+iEsr6Fo6jF4YQOKQ4ig3kQvcU4uRQTQ2K60Kl2sHeDeJdtaX9oJCQ4Dw==",
        );
        // A 1024-bit RSA key, as NX-OS ships: it must parse and be usable.
        let rsa = rsa.expect("sample key parses");
        let p = preferred(false, &[rsa]);
        assert!(matches!(p.key.first(), Some(Algorithm::Rsa { .. })));
    }
}
