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
    match load_toml(Path::new("inv/inventory.toml"), text, &env()).and_then(Inventory::strict) {
        Ok(t) => t,
        Err(e) => panic!("inventory should load:\n{e}"),
    }
}

fn toml_err(text: &str) -> Vec<String> {
    match load_toml(Path::new("inventory.toml"), text, &env()).and_then(Inventory::strict) {
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
    let [a, b, c] = &t[..] else {
        panic!("three devices: {t:?}");
    };
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
        "inventory.toml:32: device \"r4\": connect_timeout_s: expected an integer number of seconds, found string \"10\": write it without quotes",
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
    let t = load_toml(Path::new("inv/inventory.toml"), text, &env)
        .and_then(Inventory::strict)
        .map_err(|e| e.to_string());
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
            timezone: None,
            expected_hostname: None,
            identity_check: None,
        }
    );
}

#[test]
fn expected_hostname_and_identity_check_are_audit_keys_of_a_device_or_group() {
    let t = toml_ok(
        "[defaults]\nusername = \"audit\"\npassword_env = \"PW\"\nidentity_check = false\n[[device]]\nname = \"r1\"\nhost = \"h1\"\n[[device]]\nname = \"r2\"\nhost = \"h2\"\nidentity_check = true\nexpected_hostname = \"core-02.example.net\"\n",
    );
    assert_eq!(t[0].keys.identity_check, Some(false));
    assert_eq!(t[1].keys.identity_check, Some(true));
    assert_eq!(
        t[1].keys.expected_hostname.as_deref(),
        Some("core-02.example.net")
    );
}

#[test]
fn the_example_inventory_loads() {
    let text = include_str!("../../../../inventory.example.toml");
    let env = MemoryEnv::new()
        .with_var("AUDIT_PASSWORD", "pw")
        .with_var("AUDIT_KEY_PASSPHRASE", "pp")
        .with_var("AUDIT_ENABLE_PASSWORD", "en")
        .with_var("SSH_AUTH_SOCK", "/run/agent.sock")
        .with_file("keys/bastion_ed25519", "k")
        .with_file("keys/audit_ed25519", "k");
    let t = match load_toml(Path::new("inventory.example.toml"), text, &env)
        .and_then(Inventory::strict)
    {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["n9k-core-1", "c9300-access-7", "asr9k-pe-1"]);
    let platforms: Vec<_> = t.iter().map(|t| t.platform).collect();
    assert_eq!(
        platforms,
        [
            Some(Platform::NxOs),
            Some(Platform::IosXe),
            Some(Platform::IosXr)
        ]
    );
    let bastion = Some(Jump {
        username: "jump".into(),
        host: "bastion.example.net".into(),
        port: 22,
        credential: Credential::Key {
            path: PathBuf::from("keys/bastion_ed25519"),
            passphrase: None,
        },
    });
    let [n9k, c9300, asr] = &t[..] else {
        panic!("three devices");
    };
    assert_eq!(n9k.credential, Credential::Password(Secret::new("pw")));
    assert_eq!(
        c9300.keys.expected_hostname.as_deref(),
        Some("sw-access-07")
    );
    assert_eq!(n9k.jump, bastion);
    assert_eq!(n9k.keys.vrf.as_deref(), Some("management"));
    assert_eq!(n9k.keys.onprem_servers, ["ssm-onprem.example.net"]);
    assert_eq!(n9k.keys.smart_account.as_deref(), Some("Example Corp"));
    assert_eq!(n9k.keys.virtual_account.as_deref(), Some("DC-East"));
    assert_eq!(n9k.known_hosts, Some(PathBuf::from("known_hosts")));
    assert_eq!(
        c9300.credential,
        Credential::Key {
            path: PathBuf::from("keys/audit_ed25519"),
            passphrase: Some(Secret::new("pp")),
        }
    );
    assert_eq!(c9300.enable_password, Some(Secret::new("en")));
    assert_eq!(c9300.mode, SessionMode::Exec);
    assert_eq!(c9300.command_timeout, Duration::from_secs(120));
    assert_eq!(c9300.device_timeout, Duration::from_secs(300));
    assert_eq!(asr.credential, Credential::Agent);
    assert_eq!(asr.port, 2222);
    assert_eq!(asr.jump, None);
    assert!(asr.legacy_algorithms);
    assert_eq!(asr.host_key_check, HostKeyCheck::AcceptNew);
    assert_eq!(asr.keys.virtual_account.as_deref(), Some("Network"));
    assert_eq!(
        asr.keys.onprem_servers,
        ["ssm-onprem.example.net", "192.0.2.200"]
    );
}

#[test]
fn sections_of_the_wrong_shape_are_reported() {
    let lines = toml_err(
        "username = \"u\"\nhosts = 3\n[group]\nname = \"g\"\n[[defaults]]\nport = 22\n[[device]]\nport = 22\n",
    );
    assert_eq!(
        lines,
        [
            "inventory.toml:1: \"username\" outside a section: device settings go under [defaults], [[group]] or [[device]]",
            "inventory.toml:2: unknown field \"hosts\" (did you mean \"host\"?) (sections: [defaults], [[group]], [[device]])",
            "inventory.toml:3: group: must be a list of tables: [[group]]",
            "inventory.toml:5: defaults: must be one table: [defaults]",
            "inventory.toml:7: device #1: name: missing (every [[group]] and [[device]] needs a name)",
        ]
    );
}

#[test]
fn toml_syntax_errors_carry_their_line() {
    let lines = toml_err("[[device]]\nname = \"a\"\nhost = \n");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("inventory.toml:3: "), "{lines:?}");
    assert!(
        lines[0].starts_with("inventory.toml:3: host: not TOML: "),
        "{lines:?}"
    );
    let lines = toml_err("[[device]]\nname = \"a\"\n  'name' = \"b\"\n");
    assert_eq!(
        lines,
        ["inventory.toml:3: name: duplicate key: set once per section"]
    );
    let lines = toml_err("[defaults]\nport = 22\n[ defaults ]\n");
    assert_eq!(
        lines,
        ["inventory.toml:3: [defaults]: section given twice (only [[group]] and [[device]] repeat)"]
    );
}

#[test]
fn groups_need_unique_names_and_do_not_nest() {
    let lines = toml_err(
        "[[group]]\nname = \"g\"\n[[group]]\nname = \"g\"\ngroup = \"h\"\n[defaults]\nname = \"d\"\n[[device]]\nname = \"a\"\nhost = \"h\"\nusername = \"u\"\nagent = true\ngroup = \"g\"\n",
    );
    assert_eq!(
        lines,
        [
            "inventory.toml:4: group \"g\": name: duplicate group name (first at line 1)",
            "inventory.toml:5: group \"g\": group: groups do not nest (set group on devices)",
            "inventory.toml:7: defaults: name: [defaults] has no name (only groups and devices do)",
        ]
    );
}

#[test]
fn credential_files_and_agent_are_checked_at_load_time() {
    let base = "[[device]]\nname = \"a\"\nhost = \"h\"\nusername = \"u\"\n";
    let cases = [
        (
            "password_file = \"empty\"\n",
            "inventory.toml:5: device \"a\": password_file: empty: the first line is empty",
        ),
        (
            "password_file = \"/nope\"\n",
            "inventory.toml:5: device \"a\": password_file: cannot read /nope: entity not found",
        ),
        (
            "key_file = \"/nope\"\n",
            "inventory.toml:5: device \"a\": key_file: /nope: no such file",
        ),
        (
            "agent = true\n",
            "inventory.toml:5: device \"a\": agent: SSH_AUTH_SOCK is not set: no ssh-agent to ask",
        ),
        (
            "agent = \"yes\"\n",
            "inventory.toml:5: device \"a\": agent: expected true or false, found string",
        ),
        (
            "password_env = \"PW\"\npassphrase_env = \"PW\"\n",
            "inventory.toml:6: device \"a\": passphrase_env: goes with key_file in the same section",
        ),
        (
            "password_env = \"PW\"\nenable_password_env = \"NOPE\"\n",
            "inventory.toml:6: device \"a\": enable_password_env: environment variable NOPE is not set (or empty)",
        ),
        (
            "password_env = \"PW\"\njump = \"j@b\"\njump_password_env = \"PW\"\njump_key_file = \"k\"\n",
            "inventory.toml:8: device \"a\": jump_key_file: two jump credential sources (jump_password_env and jump_key_file); give exactly one",
        ),
        (
            "password_env = \"PW\"\nonprem_servers = \"ssm\"\n",
            "inventory.toml:6: device \"a\": onprem_servers: expected an array of host names, found string",
        ),
        (
            "password_env = \"PW\"\nhost_key_check = \"yes\"\n",
            "inventory.toml:6: device \"a\": host_key_check: \"yes\" is not a host key policy (strict, accept-new or off)",
        ),
        (
            "password_env = \"PW\"\ntransport = \"ssh\"\n",
            "inventory.toml:6: device \"a\": transport: \"ssh\" is not a transport (shell or exec)",
        ),
    ];
    let env = MemoryEnv::new()
        .with_var("PW", "x")
        .with_file("empty", "\n");
    for (extra, expected) in cases {
        let text = format!("{base}{extra}");
        let got = load_toml(Path::new("inventory.toml"), &text, &env)
            .and_then(Inventory::strict)
            .map_err(|e| e.lines());
        assert_eq!(got, Err(vec![expected.to_string()]), "{extra}");
    }
}

#[test]
fn an_inventory_without_devices_is_an_error() {
    assert_eq!(
        toml_err("[defaults]\nusername = \"u\"\n"),
        ["inventory.toml:1: no [[device]] sections: nothing to audit"]
    );
}

const DEFAULTS: &str = r#"[defaults]
username = "audit"
password_env = "PW"
platform = "iosxe"

[[group]]
name = "dc"
vrf = "management"
port = 2022
"#;

fn csv(text: &str, defaults: Option<&str>) -> Result<Vec<Target>, Vec<String>> {
    load_csv(
        Path::new("fleet.csv"),
        text,
        defaults.map(|d| (Path::new("defaults.toml"), d)),
        &env(),
    )
    .and_then(Inventory::strict)
    .map_err(|e| e.lines())
}

#[test]
fn csv_inventory_takes_the_rest_from_defaults() {
    let t = csv(
        "name,host,port,platform,group\nr1,192.0.2.1,,,\n# a comment\nr2, 192.0.2.2 ,2200,nxos,dc\nr3,192.0.2.3,,auto,dc\n",
        Some(DEFAULTS),
    );
    let Ok(t) = t else {
        panic!("{t:?}");
    };
    type Row<'t> = (&'t str, &'t str, u16, Option<Platform>, Option<&'t str>);
    let summary: Vec<Row<'_>> = t
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.host.as_str(),
                t.port,
                t.platform,
                t.group.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("r1", "192.0.2.1", 22, Some(Platform::IosXe), None),
            ("r2", "192.0.2.2", 2200, Some(Platform::NxOs), Some("dc")),
            ("r3", "192.0.2.3", 2022, None, Some("dc")),
        ]
    );
    assert!(t
        .iter()
        .all(|t| t.username == "audit"
            && t.credential == Credential::Password(Secret::new("s3cret"))));
    assert_eq!(t[2].keys.vrf.as_deref(), Some("management"));
    assert_eq!(t[0].keys.vrf, None);
}

#[test]
fn csv_columns_may_be_omitted_or_reordered() {
    let t = csv("host,name\nh1,a\n", Some(DEFAULTS)).map(|t| (t[0].name.clone(), t[0].port));
    assert_eq!(t, Ok(("a".to_string(), 22)));
}

#[test]
fn csv_problems_name_the_line_and_column() {
    let lines = csv(
        "name,host,port,platform,group\nr1,,22,,\nr2,h2,abc,junos,\nr3,h3,0,,nope\nr2,h4,,,\nr5,h5\n",
        Some(DEFAULTS),
    );
    assert_eq!(
        lines,
        Err(vec![
            "fleet.csv:2: host: missing".to_string(),
            "fleet.csv:3: port: \"abc\" is not a number".into(),
            "fleet.csv:3: platform: \"junos\" is not a platform (nxos, iosxe, iosxr or auto)"
                .into(),
            "fleet.csv:4: port: must be 1-65535, got 0".into(),
            "fleet.csv:4: group: no [[group]] named \"nope\" (groups: dc)".into(),
            "fleet.csv:5: name: duplicate device name \"r2\" (first at line 3)".into(),
            "fleet.csv:6: 2 fields, the header has 5".into(),
        ])
    );
}

#[test]
fn csv_lines_count_crlf_endings_comments_and_blank_lines() {
    let lf = csv(
        "\n# fleet\nname,host,port\n# core\n\nr1,h1,22\nr2,h2,x\n\n# edge\nr3,h3\n",
        Some(DEFAULTS),
    );
    let expected = Err(vec![
        "fleet.csv:7: port: \"x\" is not a number".to_string(),
        "fleet.csv:10: 2 fields, the header has 3".into(),
    ]);
    assert_eq!(lf, expected);
    let crlf = csv(
        "\r\n# fleet\r\nname,host,port\r\n# core\r\n\r\nr1,h1,22\r\nr2,h2,x\r\n\r\n# edge\r\nr3,h3\r\n",
        Some(DEFAULTS),
    );
    assert_eq!(crlf, expected);
    let header = csv("\n\nname,hots\nr1,h1\n", Some(DEFAULTS)).map(|_| ());
    assert!(
        matches!(&header, Err(l) if l[0].starts_with("fleet.csv:3: unknown column \"hots\"")),
        "{header:?}"
    );
}

#[test]
fn csv_header_problems_are_reported() {
    let lines = csv("name,hostname,password\nr1,h,x\n", Some(DEFAULTS));
    let Err(lines) = lines else {
        panic!("{lines:?}");
    };
    assert_eq!(
        lines[..3],
        [
            "fleet.csv:1: unknown column \"hostname\" (columns: name, host, port, platform, group; everything else goes in the --defaults file)".to_string(),
            "fleet.csv:1: \"password\": secrets never go in the inventory; use password_env = \"VAR\" or password_file = \"path\" (passphrase_env, enable_password_env, jump_password_env likewise)".into(),
            "fleet.csv:1: host: missing column (header: name,host,port,platform,group)".into(),
        ]
    );
}

#[test]
fn csv_defaults_file_problems_name_the_defaults_file() {
    let lines = csv(
        "name,host\nr1,h\n",
        Some("[defaults]\nusername = \"u\"\npasword_env = \"PW\"\n[[device]]\nname = \"x\"\n"),
    );
    assert_eq!(
        lines,
        Err(vec![
            "defaults.toml:3: defaults: unknown field \"pasword_env\" (did you mean \"password_env\"?)".to_string(),
            "defaults.toml:4: [[device]] sections go in the inventory, not the --defaults file".into(),
        ])
    );
    // Without a defaults file, every device lacks its login.
    let lines = csv("name,host\nr1,h\n", None);
    assert_eq!(
        lines,
        Err(vec![
            "fleet.csv:2: device \"r1\": username: missing (set it on the device, its group or in [defaults])".to_string(),
            "fleet.csv:2: device \"r1\": no credential: give password_env, password_file, key_file or agent = true (on the device, its group or in [defaults])".into(),
        ])
    );
}

/// Writes a credential file only its owner may read (git does not keep modes, so tests make
/// them at run time).
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)?;
    set_mode(path, 0o600)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[test]
fn credential_files_other_users_may_access_are_refused_without_reading_them() {
    let base = "[[device]]\nname = \"a\"\nhost = \"h\"\nusername = \"u\"\n";
    let env = MemoryEnv::new()
        .with_var("PW", "x")
        .with_file("/etc/fleetlic/pw", "s3cret\n")
        .with_mode("/etc/fleetlic/pw", 0o644)
        .with_file("/etc/fleetlic/pw-group", "s3cret\n")
        .with_mode("/etc/fleetlic/pw-group", 0o640)
        .with_file("/etc/fleetlic/pw-writable", "s3cret\n")
        .with_mode("/etc/fleetlic/pw-writable", 0o602)
        .with_file("/etc/fleetlic/pw-ok", "s3cret\n")
        .with_mode("/etc/fleetlic/pw-ok", 0o600)
        .with_file("/etc/fleetlic/pw-readonly", "s3cret\n")
        .with_mode("/etc/fleetlic/pw-readonly", 0o400)
        .with_file("/keys/id", "k")
        .with_mode("/keys/id", 0o644)
        .with_file("/keys/jump", "k")
        .with_mode("/keys/jump", 0o604);
    let refused = [
        (
            "password_file = \"/etc/fleetlic/pw\"\n",
            "inventory.toml:5: device \"a\": password_file: /etc/fleetlic/pw is accessible by other users (mode 0644): run chmod 600 /etc/fleetlic/pw",
        ),
        (
            "password_file = \"/etc/fleetlic/pw-group\"\n",
            "inventory.toml:5: device \"a\": password_file: /etc/fleetlic/pw-group is accessible by other users (mode 0640): run chmod 600 /etc/fleetlic/pw-group",
        ),
        (
            "password_file = \"/etc/fleetlic/pw-writable\"\n",
            "inventory.toml:5: device \"a\": password_file: /etc/fleetlic/pw-writable is accessible by other users (mode 0602): run chmod 600 /etc/fleetlic/pw-writable",
        ),
        (
            "key_file = \"/keys/id\"\n",
            "inventory.toml:5: device \"a\": key_file: /keys/id is accessible by other users (mode 0644): run chmod 600 /keys/id",
        ),
        (
            "password_env = \"PW\"\njump = \"j@b\"\njump_key_file = \"/keys/jump\"\n",
            "inventory.toml:7: device \"a\": jump_key_file: /keys/jump is accessible by other users (mode 0604): run chmod 600 /keys/jump",
        ),
    ];
    for (extra, expected) in refused {
        let got = load_toml(Path::new("inventory.toml"), &format!("{base}{extra}"), &env)
            .and_then(Inventory::strict)
            .map_err(|e| e.lines());
        assert_eq!(got, Err(vec![expected.to_string()]), "{extra}");
        assert!(!expected.contains("s3cret"));
    }
    for ok in ["/etc/fleetlic/pw-ok", "/etc/fleetlic/pw-readonly"] {
        let text = format!("{base}password_file = \"{ok}\"\n");
        let t = load_toml(Path::new("inventory.toml"), &text, &env)
            .and_then(Inventory::strict)
            .map_err(|e| e.lines());
        assert!(
            matches!(&t, Ok(t) if t[0].credential == Credential::Password(Secret::new("s3cret"))),
            "{ok}: {t:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_real_password_file_readable_by_others_is_refused_and_a_0600_one_is_read(
) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "from-file\n")?;
    set_mode(&pw, 0o644)?;
    let inv = dir.path().join("inv.toml");
    std::fs::write(
        &inv,
        "[[device]]\nname = \"a\"\nhost = \"h\"\nusername = \"u\"\npassword_file = \"pw\"\n",
    )?;
    let err = load(&inv, None)
        .and_then(Inventory::strict)
        .map_err(|e| e.lines());
    let pw_shown = pw.display();
    assert_eq!(
        err,
        Err(vec![format!(
            "{}:5: device \"a\": password_file: {pw_shown} is accessible by other users (mode 0644): run chmod 600 {pw_shown}",
            inv.display()
        )])
    );
    set_mode(&pw, 0o600)?;
    let t = load(&inv, None).and_then(Inventory::strict)?;
    assert_eq!(
        t[0].credential,
        Credential::Password(Secret::new("from-file"))
    );
    Ok(())
}

#[test]
fn load_reads_real_files_and_picks_the_format_by_extension(
) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let pw = dir.path().join("pw");
    write_private(&pw, "from-file\n")?;
    let inv = dir.path().join("inv.toml");
    std::fs::write(
        &inv,
        "[[device]]\nname = \"a\"\nhost = \"h\"\nusername = \"u\"\npassword_file = \"pw\"\n",
    )?;
    let t = load(&inv, None).and_then(Inventory::strict)?;
    assert_eq!(
        t[0].credential,
        Credential::Password(Secret::new("from-file"))
    );

    let csv_path = dir.path().join("inv.csv");
    let defaults = dir.path().join("defaults.toml");
    std::fs::write(&csv_path, "name,host\nb,h2\n")?;
    std::fs::write(
        &defaults,
        "[defaults]\nusername = \"u\"\npassword_file = \"pw\"\n",
    )?;
    let t = load(&csv_path, Some(&defaults)).and_then(Inventory::strict)?;
    assert_eq!(t[0].name, "b");
    assert_eq!(
        t[0].credential,
        Credential::Password(Secret::new("from-file"))
    );

    let missing = dir.path().join("missing.toml");
    let err = load(&missing, None).map_err(|e| e.to_string());
    assert!(
        matches!(&err, Err(m) if m.starts_with(&format!("{}: cannot read: ", missing.display()))),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn secrets_never_appear_in_errors_or_debug_output() {
    let t = toml_ok(
        "[[device]]\nname = \"a\"\nhost = \"h\"\nusername = \"u\"\npassword_env = \"PW\"\n",
    );
    assert!(!format!("{t:?}").contains("s3cret"));
}

#[test]
fn timezone_is_an_audit_key_checked_when_read() {
    let t = toml_ok(
        "[defaults]\nusername = \"audit\"\npassword_env = \"PW\"\ntimezone = \"Asia/Kolkata\"\n[[device]]\nname = \"r1\"\nhost = \"h1\"\n[[device]]\nname = \"r2\"\nhost = \"h2\"\ntimezone = \"+05:30\"\n",
    );
    assert_eq!(t[0].keys.timezone.as_deref(), Some("Asia/Kolkata"));
    assert_eq!(t[1].keys.timezone.as_deref(), Some("+05:30"));
    let lines = toml_err(
        "[[device]]\nname = \"r1\"\nhost = \"h1\"\nusername = \"u\"\npassword_env = \"PW\"\ntimezone = \"IST\"\ntimezon = \"+01:00\"\n",
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("timezone: \"IST\" is not a time zone")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("(did you mean \"timezone\"?)")),
        "{lines:?}"
    );
    // CSV inventories take it from the defaults file.
    let t = csv(
        "name,host\nr1,h\n",
        Some("[defaults]\nusername = \"u\"\npassword_env = \"PW\"\ntimezone = \"-03:00\"\n"),
    );
    assert_eq!(
        t.map(|t| t[0].keys.timezone.clone()),
        Ok(Some("-03:00".to_string()))
    );
}

/// Four devices whose credentials cannot be read on this machine, among good ones.
const FLEET_WITH_UNUSABLE: &str = r#"[defaults]
username = "audit"
password_env = "PW"

[[device]]
name = "good-1"
host = "10.0.0.1"

[[device]]
name = "no-key"
host = "10.0.0.2"
key_file = "keys/missing"

[[device]]
name = "open-key"
host = "10.0.0.3"
key_file = "keys/open"

[[device]]
name = "unset-var"
host = "10.0.0.4"
password_env = "NOT_SET"

[[device]]
name = "empty-var"
host = "10.0.0.5"
password_env = "EMPTY"

[[device]]
name = "no-pw-file"
host = "10.0.0.6"
password_file = "/etc/fleetlic/none"

[[device]]
name = "good-2"
host = "10.0.0.7"
"#;

fn unusable_env() -> MemoryEnv {
    env()
        .with_var("EMPTY", "")
        .with_file("inv/keys/open", "-----BEGIN OPENSSH PRIVATE KEY-----")
        .with_mode("inv/keys/open", 0o644)
}

#[test]
fn a_device_whose_credentials_cannot_be_read_is_unusable_with_file_line_and_the_rest_loads() {
    let inv = load_toml(
        Path::new("inv/inventory.toml"),
        FLEET_WITH_UNUSABLE,
        &unusable_env(),
    )
    .unwrap_or_else(|e| panic!("the file is sound:\n{e}"));
    let names: Vec<&str> = inv.targets().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["good-1", "good-2"]);
    let (_, unusable) = inv.clone().split();
    let why: Vec<(usize, &str, String)> = unusable
        .iter()
        .map(|(i, u)| (*i, u.name.as_str(), u.reason()))
        .collect();
    assert_eq!(
        why,
        [
            (
                1,
                "no-key",
                "inv/inventory.toml:12: device \"no-key\": key_file: inv/keys/missing: no such file"
                    .to_string()
            ),
            (
                2,
                "open-key",
                "inv/inventory.toml:17: device \"open-key\": key_file: inv/keys/open is accessible \
                 by other users (mode 0644): run chmod 600 inv/keys/open"
                    .to_string()
            ),
            (
                3,
                "unset-var",
                "inv/inventory.toml:22: device \"unset-var\": password_env: environment variable \
                 NOT_SET is not set (or empty)"
                    .to_string()
            ),
            (
                4,
                "empty-var",
                "inv/inventory.toml:27: device \"empty-var\": password_env: environment variable \
                 EMPTY is not set (or empty)"
                    .to_string()
            ),
            (
                5,
                "no-pw-file",
                "inv/inventory.toml:32: device \"no-pw-file\": password_file: cannot read \
                 /etc/fleetlic/none: entity not found"
                    .to_string()
            ),
        ]
    );
    assert_eq!(unusable[0].1.host, "10.0.0.2");
    let strict = inv.strict().map_err(|e| e.lines().len());
    assert_eq!(
        strict,
        Err(5),
        "--strict-inventory stops on every one of them"
    );
}

#[test]
fn a_problem_of_the_file_still_stops_the_load_and_lists_the_credential_problems_too() {
    let text =
        FLEET_WITH_UNUSABLE.replace("name = \"good-2\"", "name = \"good-2\"\nhostnme = \"x\"");
    let err = load_toml(Path::new("inv/inventory.toml"), &text, &unusable_env())
        .map(|_| ())
        .map_err(|e| e.lines());
    let Err(lines) = err else {
        panic!("an unknown key stops the load");
    };
    assert!(
        lines
            .iter()
            .any(|l| l.contains("unknown field \"hostnme\"")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("keys/missing: no such file")),
        "{lines:?}"
    );
    let text = FLEET_WITH_UNUSABLE.replace("password_env = \"NOT_SET\"", "password = \"x\"");
    assert!(
        load_toml(Path::new("inv/inventory.toml"), &text, &unusable_env()).is_err(),
        "a secret written in clear stops the load"
    );
}
