//! The inventory keys and the checks on their values, shared by the TOML and CSV readers.

use fleetlic_parsers::Platform;

use crate::target::{HostKeyCheck, SessionMode};

/// Every key a `[defaults]`, `[[group]]` or `[[device]]` section may hold.
pub(crate) const KEYS: &[&str] = &[
    "name",
    "host",
    "port",
    "platform",
    "group",
    "username",
    "password_env",
    "password_file",
    "key_file",
    "passphrase_env",
    "agent",
    "enable_password_env",
    "transport",
    "connect_timeout_s",
    "command_timeout_s",
    "device_timeout_s",
    "legacy_algorithms",
    "host_key_check",
    "known_hosts",
    "jump",
    "jump_password_env",
    "jump_key_file",
    "vrf",
    "onprem_servers",
    "smart_account",
    "virtual_account",
    "timezone",
    "expected_hostname",
    "identity_check",
];

/// The keys that choose how the device authenticates; a section gives at most one.
pub(crate) const CREDENTIAL_KEYS: &[&str] = &["password_env", "password_file", "key_file", "agent"];

/// The keys that choose how the jump host authenticates; a section gives at most one.
pub(crate) const JUMP_CREDENTIAL_KEYS: &[&str] = &["jump_password_env", "jump_key_file"];

/// Keys people write when they put a secret in the file itself.
const INLINE_SECRETS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "passphrase",
    "enable_password",
    "enable_secret",
    "enable",
    "jump_password",
    "jump_passphrase",
    "key_passphrase",
];

/// `fleetlic audit` flags people write in the inventory as keys (`_` or `-`).
const AUDIT_FLAGS: &[&str] = &[
    "concurrency",
    "deadline",
    "warn-days",
    "crit-days",
    "fail-on",
    "save-raw",
    "now",
    "quiet",
    "insecure-accept-any-host-key",
];

/// The known key spelled `key`, as a `'static` name.
pub(crate) fn known(key: &str) -> Option<&'static str> {
    KEYS.iter().copied().find(|k| *k == key)
}

/// Why an unknown key is rejected: an inline secret, a command-line flag, or a typo (with the
/// likely key).
pub(crate) fn unknown_key_problem(key: &str) -> String {
    if INLINE_SECRETS.contains(&key.to_ascii_lowercase().as_str()) {
        return format!(
            "\"{key}\": secrets never go in the inventory; use password_env = \"VAR\" or \
             password_file = \"path\" (passphrase_env, enable_password_env, jump_password_env \
             likewise)"
        );
    }
    let flag = key.to_ascii_lowercase().replace('_', "-");
    if AUDIT_FLAGS.contains(&flag.as_str()) {
        return format!(
            "\"{key}\" is a command-line flag (fleetlic audit --{flag}), not an inventory key"
        );
    }
    match suggestion(key) {
        Some(k) => format!("unknown field \"{key}\" (did you mean \"{k}\"?)"),
        None => format!("unknown field \"{key}\""),
    }
}

/// The known key closest to a misspelt one, if any is close.
fn suggestion(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    let best = KEYS
        .iter()
        .map(|k| (distance(&key, k), *k))
        .min_by_key(|(d, _)| *d)?;
    if best.0 <= 2 {
        return Some(best.1);
    }
    // `hostnme`, `username_x`: a known key followed by junk.
    KEYS.iter()
        .copied()
        .filter(|k| k.len() >= 4 && key.starts_with(k))
        .max_by_key(|k| k.len())
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// A value as read, before it is checked against its key.
pub(crate) enum Raw<'a> {
    /// A string.
    Str(&'a str),
    /// An integer (TOML, or a CSV cell that parsed as one).
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// An array, items already read (or the type name of a non-string item).
    List(Vec<Result<String, &'static str>>),
    /// Anything else, by its type name (`float`, `table`, ...).
    Other(&'static str),
}

impl Raw<'_> {
    fn type_name(&self) -> &'static str {
        match self {
            Raw::Str(_) => "string",
            Raw::Int(_) => "integer",
            Raw::Bool(_) => "boolean",
            Raw::List(_) => "array",
            Raw::Other(t) => t,
        }
    }
}

/// A jump host as written: `user@host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JumpSpec {
    pub(crate) username: String,
    pub(crate) host: String,
    pub(crate) port: u16,
}

/// A checked value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    Str(String),
    Bool(bool),
    List(Vec<String>),
    Port(u16),
    Secs(u64),
    Platform(Option<Platform>),
    Mode(SessionMode),
    HostKey(HostKeyCheck),
    /// `jump = ""`: connect directly even if a group or the defaults name a jump host.
    Jump(Option<JumpSpec>),
}

/// Checks `raw` as the value of `key`; the error says what is wrong (never echoing a value
/// that might be a secret).
pub(crate) fn check(key: &str, raw: Raw<'_>) -> Result<Val, String> {
    let want = |what: &str| match raw {
        // `port = "22"`, `agent = "true"`: the value is right, the quotes are not. Safe to
        // echo: a number or a boolean is no secret.
        Raw::Str(s) if s.trim().parse::<i64>().is_ok() || matches!(s.trim(), "true" | "false") => {
            format!(
                "expected {what}, found string \"{}\": write it without quotes",
                s.trim()
            )
        }
        _ => format!("expected {what}, found {}", raw.type_name()),
    };
    match key {
        "port" => match raw {
            Raw::Int(n) => port(n).map(Val::Port),
            _ => Err(want("an integer 1-65535")),
        },
        "connect_timeout_s" | "command_timeout_s" | "device_timeout_s" => match raw {
            Raw::Int(n) if n >= 1 => u64::try_from(n)
                .map(Val::Secs)
                .map_err(|_| "out of range".to_string()),
            Raw::Int(n) => Err(format!("must be at least 1 second, got {n}")),
            _ => Err(want("an integer number of seconds")),
        },
        "agent" | "legacy_algorithms" | "identity_check" => match raw {
            Raw::Bool(b) => Ok(Val::Bool(b)),
            _ => Err(want("true or false")),
        },
        "onprem_servers" => match raw {
            Raw::List(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Ok(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Ok(_) => return Err("server names must not be empty".into()),
                        Err(t) => return Err(format!("expected strings, found {t}")),
                    }
                }
                Ok(Val::List(out))
            }
            _ => Err(want("an array of host names")),
        },
        _ => {
            let Raw::Str(s) = raw else {
                return Err(want("a string"));
            };
            let s = s.trim();
            string_key(key, s)
        }
    }
}

fn port(n: i64) -> Result<u16, String> {
    match u16::try_from(n) {
        Ok(p) if p != 0 => Ok(p),
        _ => Err(format!("must be 1-65535, got {n}")),
    }
}

fn string_key(key: &str, s: &str) -> Result<Val, String> {
    match key {
        "platform" => match s {
            "nxos" => Ok(Val::Platform(Some(Platform::NxOs))),
            "iosxe" => Ok(Val::Platform(Some(Platform::IosXe))),
            "iosxr" => Ok(Val::Platform(Some(Platform::IosXr))),
            "auto" => Ok(Val::Platform(None)),
            _ => Err(format!(
                "\"{s}\" is not a platform (nxos, iosxe, iosxr or auto)"
            )),
        },
        "transport" => match s {
            "shell" => Ok(Val::Mode(SessionMode::Shell)),
            "exec" => Ok(Val::Mode(SessionMode::Exec)),
            _ => Err(format!("\"{s}\" is not a transport (shell or exec)")),
        },
        "host_key_check" => match s {
            "strict" => Ok(Val::HostKey(HostKeyCheck::Strict)),
            "accept-new" => Ok(Val::HostKey(HostKeyCheck::AcceptNew)),
            "off" => Ok(Val::HostKey(HostKeyCheck::Off)),
            _ => Err(format!(
                "\"{s}\" is not a host key policy (strict, accept-new or off)"
            )),
        },
        "timezone" => match s.parse::<fleetlic_parsers::Timezone>() {
            Ok(_) => Ok(Val::Str(s.to_string())),
            Err(e) => Err(e.to_string()),
        },
        "jump" if s.is_empty() => Ok(Val::Jump(None)),
        "jump" => jump(s).map(|j| Val::Jump(Some(j))),
        _ if s.is_empty() => Err("must not be empty".into()),
        "name" => {
            if s == "." || s == ".." || s.chars().any(|c| matches!(c, '/' | '\\') || c.is_control())
            {
                Err(format!(
                    "\"{s}\" cannot be a name (it names a directory: no /, \\, . or ..)"
                ))
            } else {
                Ok(Val::Str(s.to_string()))
            }
        }
        "host" if s.chars().any(char::is_whitespace) => {
            Err(format!("\"{s}\" is not a host name or address"))
        }
        k if k.ends_with("_env") => {
            let valid = s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !s.starts_with(|c: char| c.is_ascii_digit());
            if valid {
                Ok(Val::Str(s.to_string()))
            } else {
                // Never echo it: people put the password itself here.
                Err(
                    "must be the NAME of an environment variable (letters, digits, _), \
                     not the secret itself"
                        .into(),
                )
            }
        }
        _ => Ok(Val::Str(s.to_string())),
    }
}

/// Parses `user@host`, `user@host:port` or `user@[v6addr]:port`.
fn jump(s: &str) -> Result<JumpSpec, String> {
    let bad = |why: &str| format!("\"{s}\" {why} (expected \"user@host:port\")");
    let Some((username, rest)) = s.split_once('@') else {
        return Err(bad("has no user"));
    };
    if username.is_empty() || username.chars().any(char::is_whitespace) {
        return Err(bad("has no valid user"));
    }
    let (host, port_text) = if let Some(v6) = rest.strip_prefix('[') {
        let Some((host, after)) = v6.split_once(']') else {
            return Err(bad("has an unclosed ["));
        };
        match after {
            "" => (host, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (host, Some(p)),
                None => return Err(bad("has junk after ]")),
            },
        }
    } else {
        match rest.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        }
    };
    if host.is_empty() || host.contains(['@', ':', '[', ']', ' ']) && !rest.starts_with('[') {
        return Err(bad("has no valid host"));
    }
    let port = match port_text {
        None => 22,
        Some(p) => {
            let n: i64 = p
                .parse()
                .map_err(|_| bad("has a port that is not a number"))?;
            port(n).map_err(|why| bad(&format!("port {why}")))?
        }
    };
    Ok(JumpSpec {
        username: username.to_string(),
        host: host.to_string(),
        port,
    })
}
