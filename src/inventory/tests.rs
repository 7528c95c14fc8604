use std::path::{Path, PathBuf};
use std::time::Duration;

use fleetlic_parsers::Platform;

use super::*;
use crate::device::AuditKeys;
use crate::secret::Secret;
use crate::target::{Credential, HostKeyCheck, Jump, SessionMode};

fn env() -> MemoryEnv {
    MemoryEnv::new()
        .with_var("PW", "s3cret")
        .with_var("ENABLE", "en4ble")
        .with_var("SSH_AUTH_SOCK", "/tmp/agent.sock")
        .with_var("HOME", "/home/ops")
        .with_file("/etc/fleetlic/pw", "filepass\nsecond line\n")
        .with_file("inv/keys/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----")
}

fn toml_ok(text: &str) -> Vec<Target> {
    match load_toml(Path::new("inv/inventory.toml"), text, &env()) {
        Ok(t) => t,
        Err(e) => panic!("inventory should load:\n{e}"),
    }
}

fn toml_err(text: &str) -> Vec<String> {
    match load_toml(Path::new("inventory.toml"), text, &env()) {
        Ok(t) => panic!("inventory should fail, got {t:?}"),
        Err(e) => e.lines(),
    }
}

#[test]
fn a_minimal_device_gets_the_documented_defaults() {
    let t = toml_ok(
        "[[device]]\nname = \"r1\"\nhost = \"192.0.2.1\"\nusername = \"audit\"\npassword_env = \"PW\"\n",
    );
    assert_eq!(t.len(), 1);
    let t = &t[0];
    assert_eq!(t.name, "r1");
    assert_eq!(t.host, "192.0.2.1");
    assert_eq!(t.port, 22);
    assert_eq!(t.platform, None);
    assert_eq!(t.group, None);
    assert_eq!(t.username, "audit");
    assert_eq!(t.credential, Credential::Password(Secret::new("s3cret")));
    assert_eq!(t.enable_password, None);
    assert_eq!(t.mode, SessionMode::Shell);
    assert_eq!(t.connect_timeout, Duration::from_secs(10));
    assert_eq!(t.command_timeout, Duration::from_secs(60));
    assert_eq!(t.device_timeout, Duration::from_secs(300));
    assert!(!t.legacy_algorithms);
    assert_eq!(t.host_key_check, HostKeyCheck::Strict);
    assert_eq!(t.known_hosts, None);
    assert_eq!(t.jump, None);
    assert_eq!(t.keys, AuditKeys::default());
}

#[test]
fn device_overrides_group_overrides_defaults() {
    let t = toml_ok(
        r#"
[defaults]
username = "audit"
password_env = "PW"
port = 2200
command_timeout_s = 30
vrf = "default-vrf"
smart_account = "Acme"

[[group]]
name = "core"
port = 2201
vrf = "management"
transport = "exec"

[[device]]
name = "a"
host = "a.example.net"
group = "core"
port = 2202

[[device]]
name = "b"
host = "b.example.net"
group = "core"

[[device]]
name = "c"
host = "c.example.net"
"#,
    );
    let by = |n: &str| t.iter().find(|t| t.name == n).cloned();
    let (a, b, c) = (by("a").unwrap(), by("b").unwrap(), by("c").unwrap());
    assert_eq!((a.port, b.port, c.port), (2202, 2201, 2200));
    assert_eq!(a.keys.vrf.as_deref(), Some("management"));
    assert_eq!(c.keys.vrf.as_deref(), Some("default-vrf"));
    assert_eq!((a.mode, c.mode), (SessionMode::Exec, SessionMode::Shell));
    assert_eq!(a.group.as_deref(), Some("core"));
    assert_eq!(c.group, None);
    assert_eq!(b.command_timeout, Duration::from_secs(30));
    assert_eq!(b.keys.smart_account.as_deref(), Some("Acme"));
    assert_eq!(b.username, "audit");
    // File order is kept.
    let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
}

#[test]
fn a_device_credential_source_replaces_the_inherited_one() {
    let t = toml_ok(
        r#"
[defaults]
username = "audit"
password_env = "PW"

[[group]]
name = "keys"
key_file = "keys/id_ed25519"
passphrase_env = "PW"

[[device]]
name = "pw"
host = "h1"

[[device]]
name = "key"
host = "h2"
group = "keys"

[[device]]
name = "agent"
host = "h3"
group = "keys"
agent = true

[[device]]
name = "file"
host = "h4"
password_file = "/etc/fleetlic/pw"
enable_password_env = "ENABLE"
"#,
    );
    assert_eq!(t[0].credential, Credential::Password(Secret::new("s3cret")));
    assert_eq!(
        t[1].credential,
        Credential::Key {
            path: PathBuf::from("inv/keys/id_ed25519"),
            passphrase: Some(Secret::new("s3cret")),
        }
    );
    assert_eq!(t[2].credential, Credential::Agent);
    assert_eq!(
        t[3].credential,
        Credential::Password(Secret::new("filepass"))
    );
    assert_eq!(t[3].enable_password, Some(Secret::new("en4ble")));
}

#[test]
fn inline_password_is_rejected() {
    let lines = toml_err(
        "[[device]]\nname = \"r1\"\nhost = \"h\"\nusername = \"u\"\npassword = \"hunter2\"\n",
    );
    assert_eq!(
        lines,
        [
            "inventory.toml:1: device \"r1\": no credential: give password_env, password_file, \
             key_file or agent = true (on the device, its group or in [defaults])",
            "inventory.toml:5: device \"r1\": \"password\": secrets never go in the inventory; \
             use password_env = \"VAR\" or password_file = \"path\" (passphrase_env, \
             enable_password_env, jump_password_env likewise)",
        ]
    );
    assert!(!lines.join("\n").contains("hunter2"));
    let lines = toml_err(
        "[defaults]\nsecret = \"x\"\n[[device]]\nname = \"a\"\nhost = \"h\"\nusername = \"u\"\nagent = true\n",
    );
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("inventory.toml:2: defaults: \"secret\": secrets never go"),
        "{lines:?}"
    );
}

#[test]
fn a_password_in_an_env_key_is_not_echoed() {
    let lines = toml_err(
        "[[device]]\nname = \"r1\"\nhost = \"h\"\nusername = \"u\"\npassword_env = \"hunter2!\"\n",
    );
    assert_eq!(
        lines,
        [
            "inventory.toml:5: device \"r1\": password_env: must be the NAME of an environment \
          variable (letters, digits, _), not the secret itself"
        ]
    );
}

#[test]
fn every_problem_is_reported_with_its_line() {
    let text = r#"[defaults]
username = "audit"
password_env = "PW"
timeout = 5

[[group]]
name = "core"
jump = "bastion.example.net"

[[device]]
name = "r1"
hostnme = "192.0.2.1"
port = 0

[[device]]
name = "r2"
host = "192.0.2.2"
platform = "junos"
group = "edge"
command_timeout_s = 0

[[device]]
name = "r1"
host = "192.0.2.3"

[[device]]
name = "r4"
host = "192.0.2.4"
port = 70000
password_env = "UNSET_VAR"
key_file = "nope"
connect_timeout_s = "10"

[[device]]
name = "r5"
host = "192.0.2.5"
password_env = "UNSET_VAR"
"#;
    let lines = toml_err(text);
    let expected = [
        "inventory.toml:4: defaults: unknown field \"timeout\"",
        "inventory.toml:8: group \"core\": jump: \"bastion.example.net\" has no user (expected \"user@host:port\")",
        "inventory.toml:10: device \"r1\": host: missing (set it on the device, its group or in [defaults])",
        "inventory.toml:12: device \"r1\": unknown field \"hostnme\" (did you mean \"host\"?)",
        "inventory.toml:13: device \"r1\": port: must be 1-65535, got 0",
        "inventory.toml:18: device \"r2\": platform: \"junos\" is not a platform (nxos, iosxe, iosxr or auto)",
        "inventory.toml:19: device \"r2\": group: no [[group]] named \"edge\" (groups: core)",
        "inventory.toml:20: device \"r2\": command_timeout_s: must be at least 1 second, got 0",
        "inventory.toml:23: device \"r1\": name: duplicate device name (first at line 10)",
        "inventory.toml:29: device \"r4\": port: must be 1-65535, got 70000",
        "inventory.toml:31: device \"r4\": key_file: two credential sources (password_env and key_file); give exactly one",
        "inventory.toml:32: device \"r4\": connect_timeout_s: expected an integer number of seconds, found string",
        "inventory.toml:37: device \"r5\": password_env: environment variable UNSET_VAR is not set (or empty)",
    ];
    assert_eq!(lines, expected, "\n{}", lines.join("\n"));
}

#[test]
fn missing_username_and_credential_are_reported_at_the_device() {
    let lines = toml_err("[[device]]\nname = \"r1\"\nhost = \"h\"\n");
    assert_eq!(
        lines,
        [
            "inventory.toml:1: device \"r1\": username: missing (set it on the device, its group or in [defaults])",
            "inventory.toml:1: device \"r1\": no credential: give password_env, password_file, key_file or agent = true (on the device, its group or in [defaults])",
        ]
    );
}

#[test]
fn an_unset_inherited_variable_is_reported_once_at_its_line() {
    let lines = toml_err(
        "[defaults]\nusername = \"u\"\npassword_env = \"NOPE\"\n[[device]]\nname = \"a\"\nhost = \"h\"\n[[device]]\nname = \"b\"\nhost = \"h\"\n",
    );
    assert_eq!(
        lines,
        ["inventory.toml:3: defaults: password_env: environment variable NOPE is not set (or empty)"]
    );
}

#[test]
fn jump_hosts_parse_and_borrow_the_device_credential() {
    let t = toml_ok(
        r#"
[defaults]
username = "audit"
password_env = "PW"
jump = "ops@bastion:2022"

[[device]]
name = "a"
host = "h1"

[[device]]
name = "b"
host = "h2"
jump = "ops@[2001:db8::1]"
jump_key_file = "keys/id_ed25519"

[[device]]
name = "c"
host = "h3"
jump = ""
"#,
    );
    assert_eq!(
        t[0].jump,
        Some(Jump {
            username: "ops".into(),
            host: "bastion".into(),
            port: 2022,
            credential: Credential::Password(Secret::new("s3cret")),
        })
    );
    assert_eq!(
        t[1].jump,
        Some(Jump {
            username: "ops".into(),
            host: "2001:db8::1".into(),
            port: 22,
            credential: Credential::Key {
                path: PathBuf::from("inv/keys/id_ed25519"),
                passphrase: None
            },
        })
    );
    assert_eq!(t[2].jump, None);
}

#[test]
fn bad_jump_syntax_is_rejected() {
    let base = "[[device]]\nname = \"a\"\nhost = \"h\"\nusername = \"u\"\nagent = true\n";
    for (jump, why) in [
        ("ops@", "has no valid host"),
        ("@b:22", "has no valid user"),
        ("ops@b:ssh", "has a port that is not a number"),
        ("ops@b:0", "port must be 1-65535, got 0"),
    ] {
        let lines = toml_err(&format!("{base}jump = \"{jump}\"\n"));
        assert_eq!(
            lines,
            [format!(
                "inventory.toml:6: device \"a\": jump: \"{jump}\" {why} (expected \"user@host:port\")"
            )]
        );
    }
}

#[test]
fn every_key_is_read_with_its_type() {
    let env = env().with_file("/home/ops/.ssh/id_rsa", "k");
    let text = r#"
[[device]]
name = "x"
host = "x.example.net"
port = 830
platform = "iosxr"
username = "u"
key_file = "~/.ssh/id_rsa"
transport = "exec"
connect_timeout_s = 5
command_timeout_s = 90
device_timeout_s = 600
legacy_algorithms = true
host_key_check = "accept-new"
known_hosts = "kh"
vrf = "MGMT"
onprem_servers = ["ssm1", "ssm2"]
smart_account = "SA"
virtual_account = "VA"
"#;
    let t = load_toml(Path::new("inv/inventory.toml"), text, &env).map_err(|e| e.to_string());
    let t = t.as_ref().map(|t| &t[0]);
    let Ok(t) = t else {
        panic!("{t:?}");
    };
    assert_eq!(t.port, 830);
    assert_eq!(t.platform, Some(Platform::IosXr));
    assert_eq!(
        t.credential,
        Credential::Key {
            path: PathBuf::from("/home/ops/.ssh/id_rsa"),
            passphrase: None
        }
    );
    assert_eq!(t.mode, SessionMode::Exec);
    assert_eq!(
        (t.connect_timeout, t.command_timeout, t.device_timeout),
        (
            Duration::from_secs(5),
            Duration::from_secs(90),
            Duration::from_secs(600)
        )
    );
    assert!(t.legacy_algorithms);
    assert_eq!(t.host_key_check, HostKeyCheck::AcceptNew);
    assert_eq!(t.known_hosts, Some(PathBuf::from("inv/kh")));
    assert_eq!(
        t.keys,
        AuditKeys {
            vrf: Some("MGMT".into()),
            onprem_servers: vec!["ssm1".into(), "ssm2".into()],
            smart_account: Some("SA".into()),
            virtual_account: Some("VA".into()),
        }
    );
}
