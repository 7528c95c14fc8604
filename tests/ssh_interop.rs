//! The SSH client against a real OpenSSH `sshd` on 127.0.0.1, whose `ForceCommand` is a small
//! shell script playing a Cisco switch (`sim-sw1#`). Skipped, with a note, when
//! `/usr/sbin/sshd` is missing (`.ci/run` installs it).

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use fleetlic_core::secret::Secret;
use fleetlic_core::ssh::{Session, SshError};
use fleetlic_core::target::{Credential, HostKeyCheck, Jump, SessionMode, Target};
use fleetlic_parsers::{Command, Platform};

use crate::util::repo;

const SSHD: &str = "/usr/sbin/sshd";
/// Budget for a whole test: nothing here may hang CI.
const TEST_BUDGET: Duration = Duration::from_secs(60);

/// The switch: answers `terminal ...` with nothing, `show license status` with a saved
/// NX-OS output, anything else with Cisco's invalid-input marker. Exec mode gets the
/// command in `$SSH_ORIGINAL_COMMAND` and answers once.
const DEVICE_SCRIPT: &str = r#"#!/bin/sh
answer() {
    case "$1" in
        "terminal length 0"|"terminal width 511"|"") ;;
        "show license status") cat "$BODY" ;;
        "exit") exit 0 ;;
        *) echo "% Invalid input detected at '^' marker." ;;
    esac
}
if [ -n "$SSH_ORIGINAL_COMMAND" ]; then
    answer "$SSH_ORIGINAL_COMMAND"
    exit 0
fi
printf 'sim-sw1# '
while IFS= read -r line; do
    line=$(printf '%s' "$line" | tr -d '\r')
    answer "$line"
    printf 'sim-sw1# '
done
"#;

/// A running sshd; killed (by its pid, which this test started) when dropped.
struct Sshd {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
    user: String,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(kind: &str, bits: Option<&str>, path: &Path) {
    let mut cmd = Process::new("ssh-keygen");
    cmd.args(["-q", "-t", kind, "-N", "", "-C", "fleetlic-test", "-f"])
        .arg(path);
    if let Some(bits) = bits {
        cmd.args(["-b", bits]);
    }
    let status = cmd.status().expect("run ssh-keygen");
    assert!(status.success(), "ssh-keygen -t {kind} failed");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The saved output the fake switch prints: the sample minus its `Device# …` first line.
fn body() -> String {
    let sample = read(&repo().join("samples/nxos/show_license_status/seed_003_4.txt"));
    sample
        .split_once('\n')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_default()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Starts sshd, or returns `None` (after printing why) when it is not installed.
fn start_sshd() -> Option<Sshd> {
    if !Path::new(SSHD).exists() {
        eprintln!("note: {SSHD} not found; skipping the OpenSSH interop test (.ci/run installs openssh-server)");
        return None;
    }
    // sshd insists on its privilege-separation directory even for a test instance.
    if std::fs::create_dir_all("/run/sshd").is_err() {
        eprintln!("note: cannot create /run/sshd (sshd's privilege-separation directory); skipping the OpenSSH interop test");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    keygen("ed25519", None, &d.join("host_ed25519"));
    // 1024-bit RSA, as NX-OS ships: OpenSSH still loads it (RequiredRSASize 1024).
    keygen("rsa", Some("1024"), &d.join("host_rsa"));
    keygen("ed25519", None, &d.join("client"));
    std::fs::copy(d.join("client.pub"), d.join("authorized_keys")).expect("authorized_keys");
    std::fs::write(d.join("body.txt"), body()).expect("body");
    let script = DEVICE_SCRIPT.replace("$BODY", &d.join("body.txt").display().to_string());
    std::fs::write(d.join("device.sh"), script).expect("script");

    let user = Process::new("id")
        .arg("-un")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .expect("id -un");
    let port = free_port();
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_ed25519\nHostKey {d}/host_rsa\n\
         AuthorizedKeysFile {d}/authorized_keys\nPidFile none\nUsePAM no\nStrictModes no\n\
         PermitRootLogin yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
         AllowTcpForwarding yes\nForceCommand /bin/sh {d}/device.sh\n\
         LogLevel VERBOSE\n",
        d = d.display()
    );
    std::fs::write(d.join("sshd_config"), config).expect("sshd_config");
    let log = std::fs::File::create(d.join("sshd.log")).expect("log");
    let child = Process::new(SSHD)
        .arg("-D")
        .arg("-e")
        .arg("-f")
        .arg(d.join("sshd_config"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start sshd");
    let sshd = Sshd {
        child,
        dir,
        port,
        user,
    };
    // Ready when it greets with its version line.
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let mut greeting = [0u8; 4];
            if s.read_exact(&mut greeting).is_ok() && &greeting == b"SSH-" {
                return Some(sshd);
            }
        }
        assert!(
            Instant::now() < until,
            "sshd did not start: {}",
            read(&sshd.dir.path().join("sshd.log"))
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Sshd {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// known_hosts lines for this sshd's host keys, from the given `.pub` files.
    fn known_hosts(&self, file: &str, pubs: &[&str]) -> PathBuf {
        let mut text = String::new();
        for p in pubs {
            text.push_str(&format!(
                "[127.0.0.1]:{} {}",
                self.port,
                read(&self.path(p))
            ));
        }
        let path = self.path(file);
        std::fs::write(&path, text).expect("known_hosts");
        path
    }

    fn target(&self, mode: SessionMode, check: HostKeyCheck, known_hosts: PathBuf) -> Target {
        Target {
            name: "sim-sw1".into(),
            host: "127.0.0.1".into(),
            port: self.port,
            platform: Some(Platform::NxOs),
            group: None,
            username: self.user.clone(),
            credential: Credential::Key {
                path: self.path("client"),
                passphrase: None,
            },
            enable_password: None,
            mode,
            connect_timeout: Duration::from_secs(10),
            command_timeout: Duration::from_secs(10),
            device_timeout: Duration::from_secs(30),
            max_output: fleetlic_core::ssh::channel::DEFAULT_MAX_OUTPUT,
            legacy_algorithms: false,
            host_key_check: check,
            known_hosts: Some(known_hosts),
            jump: None,
            keys: Default::default(),
        }
    }

    fn log(&self) -> String {
        read(&self.path("sshd.log"))
    }
}

async fn bounded<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(TEST_BUDGET, f)
        .await
        .expect("test exceeded its time budget")
}

async fn collect_two(target: &Target, sshd: &Sshd) {
    let mut session = match Session::open(target).await {
        Ok(s) => s,
        Err(e) => panic!("open: {e}\nsshd log:\n{}", sshd.log()),
    };
    let out = session
        .run(Command::LicenseStatus, Platform::NxOs)
        .await
        .expect("show license status");
    assert_eq!(out.text(), body(), "raw: {:?}", out.raw);
    // A device error marker is output, not an error: the parser classifies it.
    let out = session
        .run(Command::Callhome, Platform::NxOs)
        .await
        .expect("show callhome");
    assert_eq!(out.text(), "% Invalid input detected at '^' marker.\n");
    // And the session still works afterwards.
    let out = session
        .run(Command::LicenseStatus, Platform::NxOs)
        .await
        .expect("show license status again");
    assert_eq!(out.text(), body());
    session.close().await;
}

#[tokio::test]
async fn shell_mode_with_key_auth_returns_the_saved_output() {
    let Some(sshd) = start_sshd() else { return };
    let kh = sshd.known_hosts("known_hosts", &["host_ed25519.pub", "host_rsa.pub"]);
    let target = sshd.target(SessionMode::Shell, HostKeyCheck::Strict, kh);
    bounded(async {
        let session = Session::open(&target).await;
        let session = session.unwrap_or_else(|e| panic!("open: {e}\n{}", sshd.log()));
        assert_eq!(session.prompt().map(|p| p.base.as_str()), Some("sim-sw1"));
        session.close().await;
        collect_two(&target, &sshd).await;
    })
    .await;
}

#[tokio::test]
async fn exec_mode_runs_one_channel_per_command() {
    let Some(sshd) = start_sshd() else { return };
    let kh = sshd.known_hosts("known_hosts", &["host_ed25519.pub"]);
    let target = sshd.target(SessionMode::Exec, HostKeyCheck::Strict, kh);
    bounded(collect_two(&target, &sshd)).await;
}

#[tokio::test]
async fn a_1024_bit_rsa_host_key_in_known_hosts_is_negotiated_and_accepted() {
    let Some(sshd) = start_sshd() else { return };
    // Only the RSA key is known: the client must ask for it, and accept 1024 bits (NX-OS).
    let kh = sshd.known_hosts("known_hosts", &["host_rsa.pub"]);
    let target = sshd.target(SessionMode::Exec, HostKeyCheck::Strict, kh);
    bounded(async {
        let session = Session::open(&target).await;
        let session = session.unwrap_or_else(|e| panic!("open: {e}\n{}", sshd.log()));
        session.close().await;
    })
    .await;
}

#[tokio::test]
async fn strict_check_refuses_a_changed_host_key_as_mismatch() {
    let Some(sshd) = start_sshd() else { return };
    keygen("ed25519", None, &sshd.path("impostor"));
    let kh = sshd.known_hosts("known_hosts", &["impostor.pub"]);
    let target = sshd.target(SessionMode::Shell, HostKeyCheck::Strict, kh.clone());
    let err = bounded(Session::open(&target)).await.unwrap_err();
    match err {
        SshError::HostKeyMismatch {
            host,
            known_hosts,
            line,
            fingerprint,
        } => {
            assert_eq!(host, format!("[127.0.0.1]:{}", sshd.port));
            assert_eq!(known_hosts, kh);
            assert_eq!(line, 1);
            assert!(fingerprint.starts_with("SHA256:"), "{fingerprint}");
        }
        other => panic!("expected HostKeyMismatch, got {other:?}"),
    }
    // accept-new refuses a changed key too.
    let target = sshd.target(SessionMode::Shell, HostKeyCheck::AcceptNew, kh);
    let err = bounded(Session::open(&target)).await.unwrap_err();
    assert!(matches!(err, SshError::HostKeyMismatch { .. }), "{err:?}");
}

#[tokio::test]
async fn strict_check_refuses_an_unknown_host() {
    let Some(sshd) = start_sshd() else { return };
    let target = sshd.target(
        SessionMode::Exec,
        HostKeyCheck::Strict,
        sshd.path("no_such_known_hosts"),
    );
    let err = bounded(Session::open(&target)).await.unwrap_err();
    assert!(matches!(err, SshError::HostKeyUnknown { .. }), "{err:?}");
}

#[tokio::test]
async fn accept_new_records_the_key_and_strict_then_trusts_it() {
    let Some(sshd) = start_sshd() else { return };
    let kh = sshd.path("learned/known_hosts");
    let target = sshd.target(SessionMode::Exec, HostKeyCheck::AcceptNew, kh.clone());
    bounded(async {
        let s = Session::open(&target).await;
        s.unwrap_or_else(|e| panic!("open: {e}\n{}", sshd.log()))
            .close()
            .await;
        let recorded = read(&kh);
        assert!(
            recorded.starts_with(&format!("[127.0.0.1]:{} ssh-ed25519 ", sshd.port)),
            "{recorded}"
        );
        let strict = sshd.target(SessionMode::Exec, HostKeyCheck::Strict, kh);
        let s = Session::open(&strict).await;
        s.unwrap_or_else(|e| panic!("strict after accept-new: {e}"))
            .close()
            .await;
    })
    .await;
}

#[tokio::test]
async fn wrong_key_fails_authentication_without_leaking_the_passphrase() {
    let Some(sshd) = start_sshd() else { return };
    keygen("ed25519", None, &sshd.path("stranger"));
    let kh = sshd.known_hosts("known_hosts", &["host_ed25519.pub"]);
    let mut target = sshd.target(SessionMode::Exec, HostKeyCheck::Strict, kh);
    target.credential = Credential::Key {
        path: sshd.path("stranger"),
        passphrase: Some(Secret::new("hunter2-passphrase")),
    };
    let err = bounded(Session::open(&target)).await.unwrap_err();
    assert!(matches!(err, SshError::AuthFailed { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("hunter2"));
    target.credential = Credential::Password(Secret::new("hunter2-password"));
    let err = bounded(Session::open(&target)).await.unwrap_err();
    assert!(matches!(err, SshError::AuthFailed { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("hunter2"));
}

#[tokio::test]
async fn jump_host_tunnels_to_the_device_with_both_host_keys_checked() {
    let Some(sshd) = start_sshd() else { return };
    // The bastion and the device are the same sshd: the tunnel is 127.0.0.1 → 127.0.0.1.
    let kh = sshd.known_hosts("known_hosts", &["host_ed25519.pub"]);
    let mut target = sshd.target(SessionMode::Shell, HostKeyCheck::Strict, kh);
    target.jump = Some(Jump {
        username: sshd.user.clone(),
        host: "127.0.0.1".into(),
        port: sshd.port,
        credential: target.credential.clone(),
    });
    bounded(collect_two(&target, &sshd)).await;
}
